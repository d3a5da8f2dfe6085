//! Every change a user can make to a session, as one enum. Views push
//! actions; [`super::Session::apply`] is the only thing that changes a
//! session, so undo, tests and scripted paths all speak the same language.

use super::error::SessionError;
use super::walk::VisitId;
use crate::engine::SituationId;
use crate::model::{MoveIndex, ResultIndex, Scenario, did_you_mean, quote_list};

/// Every change a user can make to a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Take a move from the current situation. `result` picks the chance
    /// result and is required exactly when the move has chance results. If
    /// this step was explored from the current visit before, the walk goes
    /// to that visit again; otherwise it adds a new branch.
    Take {
        move_: MoveIndex,
        result: Option<ResultIndex>,
    },
    /// Roll the dice for a move: draw the walk's next number from the
    /// session's seed and take the chance result it falls in (a move
    /// without chance results is simply taken). The roll is recorded on the
    /// visit it leads to, so it is undone, saved and replayed with the walk.
    Roll { move_: MoveIndex },
    /// Go back to the parent visit.
    Back,
    /// Go forward to the child visited last from the current visit.
    Forward,
    /// Jump to any visit of the walk.
    GoTo(VisitId),
    /// Jump to any situation of the graph (a click on the map). If the
    /// current visit is not already there, follows a shortest path from the
    /// start, reusing explored visits and adding the missing ones.
    Reach(SituationId),
    /// Go back to the start visit; the explored branches stay.
    Restart,
    /// Bookmark the current visit; an existing bookmark on it is renamed.
    Bookmark { label: String },
    /// Remove the bookmark on a visit.
    Unbookmark(VisitId),
    /// Set the note on the current visit; a blank text removes it.
    Note { text: String },
    /// Undo the last change to the walk (not to the graph, which only grows).
    Undo,
    /// Redo the last change undone, if nothing changed since.
    Redo,
}

impl Action {
    /// A [`Action::Take`] from string ids, as a user or a script writes them
    /// (`offer`, `accepted`). Checks only that the move and result exist, not
    /// that the move is available; `apply` does that.
    pub fn take_named(
        scenario: &Scenario,
        move_id: &str,
        result_id: Option<&str>,
    ) -> Result<Action, SessionError> {
        let Some(move_) = scenario.move_by_id(move_id) else {
            let known: Vec<&str> = scenario.moves.iter().map(|m| m.id.as_str()).collect();
            return Err(SessionError::UnknownMove {
                move_id: move_id.to_owned(),
                hint: did_you_mean(move_id, &known),
            });
        };
        let m = scenario.move_(move_);
        let result = match result_id {
            None => None,
            Some(id) => match m.results.iter().position(|r| r.id == id) {
                Some(j) => Some(ResultIndex(j as u16)),
                None if m.results.is_empty() => {
                    return Err(SessionError::NoResults {
                        move_id: m.id.clone(),
                    });
                }
                None => {
                    return Err(SessionError::NoSuchResult {
                        move_id: m.id.clone(),
                        result: format!("\"{id}\""),
                        results: result_list(scenario, move_),
                    });
                }
            },
        };
        Ok(Action::Take { move_, result })
    }
}

/// The result ids of a move, quoted: `"accepted", "refused"`.
pub(super) fn result_list(scenario: &Scenario, move_: MoveIndex) -> String {
    let names: Vec<&str> = scenario
        .move_(move_)
        .results
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    quote_list(&names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    #[test]
    fn named_moves_become_indices() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        assert_eq!(
            Action::take_named(&scenario, "offer", Some("refused")),
            Ok(Action::Take {
                move_: MoveIndex(2),
                result: Some(ResultIndex(1))
            })
        );
        assert_eq!(
            Action::take_named(&scenario, "arm", None),
            Ok(Action::Take {
                move_: MoveIndex(0),
                result: None
            })
        );
    }

    #[test]
    fn unknown_names_are_explained() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let message = |m: &str, r: Option<&str>| {
            Action::take_named(&scenario, m, r)
                .map_err(|e| e.to_string())
                .err()
        };
        assert_eq!(
            message("ofer", None).as_deref(),
            Some("there is no move \"ofer\" in the scenario; did you mean \"offer\"?")
        );
        assert_eq!(
            message("offer", Some("maybe")).as_deref(),
            Some("move \"offer\" has no result \"maybe\"; pick one of \"accepted\", \"refused\"")
        );
        assert_eq!(
            message("arm", Some("maybe")).as_deref(),
            Some("move \"arm\" has no chance results; take it without one")
        );
    }
}
