//! Why an action could not be applied. Messages name moves and results by
//! the string ids the scenario file gives them.

use thiserror::Error;

use super::walk::VisitId;
use crate::engine::SituationId;

/// Why [`super::Session::apply`] refused an action. A refused action
/// changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SessionError {
    /// The move index is past the end of the scenario's moves.
    #[error("there is no move number {index} (the scenario has {n_moves})")]
    NoMove { index: u32, n_moves: usize },
    /// No move has this string id.
    #[error("there is no move \"{move_id}\" in the scenario{}", hint_suffix(.hint))]
    UnknownMove {
        move_id: String,
        /// `did you mean "offer"?` when a move id is close.
        hint: Option<String>,
    },
    /// The move exists but cannot be made in the current situation.
    #[error("move \"{move_id}\" is not available here")]
    NotAvailable { move_id: String },
    /// The current situation meets an outcome, so no move can be made.
    #[error("this branch has ended in outcome \"{outcome_id}\"; no move can be taken here")]
    Ended { outcome_id: String },
    /// The current situation lies beyond the scenario's limits and could
    /// not be expanded, so its moves are not known.
    #[error("situation {} lies beyond the scenario's limits; its moves are not known", .situation.0)]
    NotExpanded { situation: SituationId },
    /// The move has chance results and none was chosen.
    #[error("move \"{move_id}\" has chance results; pick one of {results}")]
    ResultRequired {
        move_id: String,
        /// The result ids, quoted and separated by commas.
        results: String,
    },
    /// A result was chosen for a move without chance results.
    #[error("move \"{move_id}\" has no chance results; take it without one")]
    NoResults { move_id: String },
    /// The move has no result with this index or string id.
    #[error("move \"{move_id}\" has no result {result}; pick one of {results}")]
    NoSuchResult {
        move_id: String,
        /// The result asked for: `number 4` or `"acepted"`.
        result: String,
        /// The result ids, quoted and separated by commas.
        results: String,
    },
    /// Back at the start visit.
    #[error("already at the start")]
    AtStart,
    /// Forward where no branch has been explored.
    #[error("nothing to go forward to: no branch was explored from here")]
    NothingForward,
    /// The visit id names no visit of the walk.
    #[error("no visit {0}")]
    NoVisit(VisitId),
    /// The situation is not in the graph, or no path leads to it.
    #[error("situation {} is not reachable from the start", .0.0)]
    Unreachable(SituationId),
    /// Unbookmark of a visit without a bookmark.
    #[error("visit {0} has no bookmark")]
    NotBookmarked(VisitId),
    /// Undo with an empty history.
    #[error("nothing to undo")]
    NothingToUndo,
    /// Redo with nothing undone since the last change.
    #[error("nothing to redo")]
    NothingToRedo,
}

/// `; did you mean "x"?`, or nothing.
fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!("; {h}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_sentences() {
        let e = SessionError::NotAvailable {
            move_id: "walk_out".to_owned(),
        };
        assert_eq!(e.to_string(), "move \"walk_out\" is not available here");
        assert_eq!(
            SessionError::NoVisit(VisitId(42)).to_string(),
            "no visit 42"
        );
        assert_eq!(
            SessionError::Unreachable(SituationId(99)).to_string(),
            "situation 99 is not reachable from the start"
        );
        let e = SessionError::UnknownMove {
            move_id: "ofer".to_owned(),
            hint: Some("did you mean \"offer\"?".to_owned()),
        };
        assert_eq!(
            e.to_string(),
            "there is no move \"ofer\" in the scenario; did you mean \"offer\"?"
        );
    }
}
