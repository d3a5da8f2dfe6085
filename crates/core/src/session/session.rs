//! The session: a scenario, its situation graph and the user's walk through
//! it, changed only by [`Session::apply`], with undo and redo.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::sync::Arc;

use super::action::{Action, result_list};
use super::class_record::ClassRecord;
use super::error::SessionError;
use super::walk::{Roll, VisitId, Walk};
use crate::engine::{SituationGraph, SituationId, Status, StepId, expand};
use crate::model::{MoveIndex, ResultIndex, Scenario};

/// How many changes undo remembers; older ones are forgotten.
pub const MAX_UNDO: usize = 1000;

/// The seed of a session made without one (tests and scripts); the app
/// seeds from the clock.
pub const DEFAULT_SEED: u64 = 1;

/// A scenario, its situation graph and the user's walk through it.
///
/// Plain data, no window: the app draws from it and pushes [`Action`]s.
/// Undo and redo restore earlier walks; the graph only grows (situations
/// beyond the scenario's limits are expanded when the walk reaches them) and
/// is not part of the history.
#[derive(Clone, Debug)]
pub struct Session {
    scenario: Arc<Scenario>,
    /// Shared so analysis on other threads can read it; copied on write
    /// when the walk expands a frontier situation meanwhile.
    graph: Arc<SituationGraph>,
    walk: Walk,
    /// Earlier walks, oldest first; at most [`MAX_UNDO`].
    undo: VecDeque<Walk>,
    /// Walks undone, the next to redo last.
    redo: Vec<Walk>,
    /// Where chance rolls draw their numbers from (see [`unit_draw`]).
    seed: u64,
    /// What the class answered, when a class took part (not undone with
    /// the walk: it is what happened in the room).
    class: ClassRecord,
}

impl Session {
    /// A session at the start of a scenario, with the whole graph expanded
    /// within the scenario's limits.
    pub fn new(scenario: Arc<Scenario>) -> Session {
        let graph = expand(&scenario);
        Session::with_graph(scenario, graph)
    }

    /// A session at the start of a scenario over a graph already built for
    /// it (for example off the UI thread, or only partly).
    pub fn with_graph(scenario: Arc<Scenario>, graph: impl Into<Arc<SituationGraph>>) -> Session {
        let graph: Arc<SituationGraph> = graph.into();
        let walk = Walk::new(graph.start());
        let mut session = Session {
            scenario,
            graph,
            walk,
            undo: VecDeque::new(),
            redo: Vec::new(),
            seed: DEFAULT_SEED,
            class: ClassRecord::default(),
        };
        session.expand_current();
        session
    }

    /// The session without its undo history: the scenario and graph
    /// (shared), the walk and the class's record, for work on another
    /// thread such as an export.
    pub fn snapshot(&self) -> Session {
        Session {
            scenario: Arc::clone(&self.scenario),
            graph: Arc::clone(&self.graph),
            walk: self.walk.clone(),
            undo: VecDeque::new(),
            redo: Vec::new(),
            seed: self.seed,
            class: self.class.clone(),
        }
    }

    /// What the class answered in this session (empty without a class).
    pub fn class_record(&self) -> &ClassRecord {
        &self.class
    }

    /// Replaces the class's record (the app hands over what the class
    /// server recorded, merged with what earlier classes left).
    pub fn set_class_record(&mut self, record: ClassRecord) {
        self.class = record;
    }

    /// The same session drawing its rolls from `seed`.
    pub fn with_seed(mut self, seed: u64) -> Session {
        self.seed = seed;
        self
    }

    /// The seed chance rolls draw from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario, shared.
    pub fn scenario_arc(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The situation graph, as far as it is expanded.
    pub fn graph(&self) -> &SituationGraph {
        &self.graph
    }

    /// The situation graph, shared (for analysis on another thread).
    pub fn graph_arc(&self) -> &Arc<SituationGraph> {
        &self.graph
    }

    /// The user's walk.
    pub fn walk(&self) -> &Walk {
        &self.walk
    }

    /// The situation of the current visit.
    pub fn current(&self) -> SituationId {
        self.walk.visit(self.walk.current()).situation
    }

    /// The steps from the start to the current visit.
    pub fn path(&self) -> Vec<StepId> {
        self.walk
            .path_to(self.walk.current())
            .into_iter()
            .filter_map(|v| self.walk.visit(v).via)
            .collect()
    }

    /// The moves available now, in the order they are numbered: by actor
    /// (in file order), then in file order. The app's buttons, its number
    /// keys and `play` all use this order; move `n` is `available_moves()[n - 1]`.
    pub fn available_moves(&self) -> Vec<MoveIndex> {
        let scenario = &self.scenario;
        let mut moves = self.graph.moves(self.current());
        moves.sort_by_key(|m| (scenario.move_(*m).actor, *m));
        moves
    }

    /// The action for the `n`-th (from 1) available move: a roll for a move
    /// with chance results, a plain take otherwise; `None` past the end.
    pub fn numbered_move(&self, n: usize) -> Option<Action> {
        let moves = self.available_moves();
        let move_ = *n.checked_sub(1).and_then(|i| moves.get(i))?;
        Some(if self.scenario.move_(move_).results.is_empty() {
            Action::Take {
                move_,
                result: None,
            }
        } else {
            Action::Roll { move_ }
        })
    }

    /// The nearest visit up the current path with a step not explored yet
    /// ("Try another branch").
    pub fn untried_branch(&self) -> Option<VisitId> {
        let walk = &self.walk;
        let path = walk.path_to(walk.current());
        path.iter().rev().skip(1).copied().find(|v| {
            let visit = walk.visit(*v);
            self.graph
                .steps(visit.situation)
                .any(|s| walk.child(*v, s).is_none())
        })
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies one action. A refused action changes nothing; an action that
    /// leaves the walk as it was (going to the visit one is at) succeeds
    /// without adding an undo step. Any other successful action other than
    /// undo and redo forgets what was undone.
    pub fn apply(&mut self, action: Action) -> Result<(), SessionError> {
        match action {
            Action::Undo => {
                let earlier = self.undo.pop_back().ok_or(SessionError::NothingToUndo)?;
                let now = std::mem::replace(&mut self.walk, earlier);
                self.redo.push(now);
            }
            Action::Redo => {
                let later = self.redo.pop().ok_or(SessionError::NothingToRedo)?;
                let now = std::mem::replace(&mut self.walk, later);
                self.push_undo(now);
            }
            other => {
                let mut walk = self.walk.clone();
                self.change(&mut walk, other)?;
                if walk != self.walk {
                    let before = std::mem::replace(&mut self.walk, walk);
                    self.push_undo(before);
                    self.redo.clear();
                }
            }
        }
        self.expand_current();
        Ok(())
    }

    /// Remembers a walk to undo to, forgetting the oldest past the limit.
    fn push_undo(&mut self, walk: Walk) {
        self.undo.push_back(walk);
        while self.undo.len() > MAX_UNDO {
            self.undo.pop_front();
        }
    }

    /// Applies an action other than undo and redo to a copy of the walk.
    fn change(&self, walk: &mut Walk, action: Action) -> Result<(), SessionError> {
        match action {
            Action::Take { move_, result } => {
                let step = self.step_for(walk.visit(walk.current()).situation, move_, result)?;
                let child = walk.child_or_add(walk.current(), step, self.graph.target(step));
                walk.set_current(child);
            }
            Action::Roll { move_ } => {
                let from = walk.visit(walk.current()).situation;
                let m = self.scenario.moves.get(move_.index());
                let Some(m) = m.filter(|m| !m.results.is_empty()) else {
                    let step = self.step_for(from, move_, None)?;
                    let child = walk.child_or_add(walk.current(), step, self.graph.target(step));
                    walk.set_current(child);
                    return Ok(());
                };
                let number = walk.n_rolls() + 1;
                let drawn = unit_draw(self.seed, number);
                let probabilities: Vec<f64> = m.results.iter().map(|r| r.probability).collect();
                let result = ResultIndex(pick(&probabilities, drawn) as u16);
                let step = self.step_for(from, move_, Some(result))?;
                let child = walk.child_or_add(walk.current(), step, self.graph.target(step));
                walk.set_current(child);
                walk.set_roll(
                    child,
                    Roll {
                        seed: self.seed,
                        number,
                        drawn,
                    },
                );
            }
            Action::Back => {
                let parent = walk
                    .visit(walk.current())
                    .parent
                    .ok_or(SessionError::AtStart)?;
                walk.set_current(parent);
            }
            Action::Forward => {
                let child = walk
                    .forward(walk.current())
                    .ok_or(SessionError::NothingForward)?;
                walk.set_current(child);
            }
            Action::GoTo(visit) => {
                if !walk.contains(visit) {
                    return Err(SessionError::NoVisit(visit));
                }
                walk.set_current(visit);
            }
            Action::Reach(situation) => self.reach(walk, situation)?,
            Action::Restart => walk.set_current(VisitId::START),
            Action::Bookmark { label } => walk.set_bookmark(walk.current(), label),
            Action::Unbookmark(visit) => {
                if !walk.contains(visit) {
                    return Err(SessionError::NoVisit(visit));
                }
                if !walk.remove_bookmark(visit) {
                    return Err(SessionError::NotBookmarked(visit));
                }
            }
            Action::Note { text } => walk.set_note(walk.current(), text),
            // Handled by `apply`; nothing to change here.
            Action::Undo | Action::Redo => {}
        }
        Ok(())
    }

    /// The step out of `from` for a move and result, or why there is none.
    pub(super) fn step_for(
        &self,
        from: SituationId,
        move_: MoveIndex,
        result: Option<ResultIndex>,
    ) -> Result<StepId, SessionError> {
        let scenario = &self.scenario;
        let Some(m) = scenario.moves.get(move_.index()) else {
            return Err(SessionError::NoMove {
                index: move_.0,
                n_moves: scenario.moves.len(),
            });
        };
        match self.graph.status(from) {
            Status::Open => {}
            Status::Outcome(o) => {
                return Err(SessionError::Ended {
                    outcome_id: scenario
                        .outcomes
                        .get(o.index())
                        .map_or_else(|| format!("number {}", o.0), |o| o.id.clone()),
                });
            }
            Status::Frontier(_) => return Err(SessionError::NotExpanded { situation: from }),
            Status::DeadEnd => {
                return Err(SessionError::NotAvailable {
                    move_id: m.id.clone(),
                });
            }
        }
        if !self.graph.moves(from).contains(&move_) {
            return Err(SessionError::NotAvailable {
                move_id: m.id.clone(),
            });
        }
        match result {
            None if !m.results.is_empty() => {
                return Err(SessionError::ResultRequired {
                    move_id: m.id.clone(),
                    results: result_list(scenario, move_),
                });
            }
            Some(_) if m.results.is_empty() => {
                return Err(SessionError::NoResults {
                    move_id: m.id.clone(),
                });
            }
            Some(r) if r.index() >= m.results.len() => {
                return Err(SessionError::NoSuchResult {
                    move_id: m.id.clone(),
                    result: format!("number {}", r.0),
                    results: result_list(scenario, move_),
                });
            }
            _ => {}
        }
        self.graph
            .find_step(from, move_, result)
            .ok_or_else(|| SessionError::NotAvailable {
                move_id: m.id.clone(),
            })
    }

    /// Moves the walk to `situation` along a shortest path from the start.
    fn reach(&self, walk: &mut Walk, situation: SituationId) -> Result<(), SessionError> {
        if !self.graph.contains(situation) {
            return Err(SessionError::Unreachable(situation));
        }
        if walk.visit(walk.current()).situation == situation {
            return Ok(());
        }
        // Breadth-first over the graph: O(situations + steps) per jump, which
        // is fine for a click.
        let parents = self.graph.shortest_path_tree();
        let steps = self.graph.path_to(&parents, situation);
        if steps.is_empty() && situation != self.graph.start() {
            return Err(SessionError::Unreachable(situation));
        }
        let mut at = VisitId::START;
        for step in steps {
            at = walk.child_or_add(at, step, self.graph.target(step));
        }
        walk.set_current(at);
        Ok(())
    }

    /// Expands the current situation one layer if it is on the frontier, so
    /// its moves can be listed and taken.
    fn expand_current(&mut self) {
        let id = self.current();
        self.expand(id);
    }

    /// Expands a situation one layer if it is on the frontier.
    pub(super) fn expand(&mut self, id: SituationId) {
        if !self.graph.contains(id) || !matches!(self.graph.status(id), Status::Frontier(_)) {
            return;
        }
        let max_new = self.scenario.limits.max_situations;
        // The callback never asks to stop, so expansion cannot be cancelled.
        let _ =
            Arc::make_mut(&mut self.graph).expand_from(&self.scenario, id, 1, max_new, &mut |_| {
                ControlFlow::Continue(())
            });
    }

    /// The undo history (oldest first) and the walks undone (next to redo
    /// last).
    pub(super) fn history(&self) -> (&VecDeque<Walk>, &[Walk]) {
        (&self.undo, &self.redo)
    }

    /// Replaces the walk and its history; used when a session is carried
    /// onto a reloaded scenario or restored from a file.
    pub(super) fn set_history(&mut self, walk: Walk, undo: Vec<Walk>, redo: Vec<Walk>) {
        self.walk = walk;
        self.undo = undo.into();
        self.redo = redo;
        self.expand_current();
    }

    /// Replaces the walk, forgetting the history; used when a saved session
    /// is restored.
    pub(super) fn set_walk(&mut self, walk: Walk) {
        self.walk = walk;
        self.undo.clear();
        self.redo.clear();
        self.expand_current();
    }
}

/// The `number`-th output of the SplitMix64 stream started at `seed`
/// (numbers count from 1): the project's one random source, so a seed
/// always gives the same rolls, games and fuzz inputs.
pub fn split_mix(seed: u64, number: u64) -> u64 {
    let mut z = seed.wrapping_add(number.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A number in [0, 1) from a seed and a roll number (SplitMix64), so a
/// class can replay the same rolls from the same seed.
pub fn unit_draw(seed: u64, number: u64) -> f64 {
    (split_mix(seed, number) >> 11) as f64 / (1u64 << 53) as f64
}

/// The SplitMix64 stream of [`split_mix`] as a generator, for generated
/// games and fuzz inputs.
#[derive(Clone, Debug)]
pub struct SplitMix {
    seed: u64,
    drawn: u64,
}

impl SplitMix {
    /// The stream started at `seed`.
    pub fn new(seed: u64) -> SplitMix {
        SplitMix { seed, drawn: 0 }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.drawn += 1;
        split_mix(self.seed, self.drawn)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// The index of the result `drawn` falls in, the results taking up
/// consecutive stretches of [0, 1) as long as their probabilities; the last
/// result takes what rounding leaves over.
fn pick(probabilities: &[f64], drawn: f64) -> usize {
    let mut cumulative = 0.0;
    for (j, p) in probabilities.iter().enumerate() {
        cumulative += p;
        if drawn < cumulative {
            return j;
        }
    }
    probabilities.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    fn small() -> Session {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        Session::new(Arc::new(scenario))
    }

    fn take(session: &mut Session, move_id: &str, result_id: Option<&str>) {
        let action = Action::take_named(session.scenario(), move_id, result_id).unwrap();
        session.apply(action).unwrap();
    }

    fn error(session: &mut Session, action: Action) -> String {
        session.apply(action).unwrap_err().to_string()
    }

    #[test]
    fn taking_a_move_adds_a_visit_and_taking_it_again_reuses_it() {
        let mut session = small();
        take(&mut session, "arm", None);
        assert_eq!(session.walk().visits().len(), 2);
        assert_eq!(session.path().len(), 1);
        session.apply(Action::Back).unwrap();
        take(&mut session, "arm", None);
        assert_eq!(session.walk().visits().len(), 2);
        session.apply(Action::Back).unwrap();
        take(&mut session, "stall", None);
        assert_eq!(session.walk().visits().len(), 3);
        assert_eq!(session.walk().leaves(), [VisitId(1), VisitId(2)]);
    }

    #[test]
    fn refused_actions_say_why_and_change_nothing() {
        let mut session = small();
        let before = session.walk().clone();
        assert_eq!(error(&mut session, Action::Back), "already at the start");
        assert_eq!(error(&mut session, Action::Undo), "nothing to undo");
        assert_eq!(error(&mut session, Action::Redo), "nothing to redo");
        assert_eq!(
            error(&mut session, Action::GoTo(VisitId(42))),
            "no visit 42"
        );
        assert_eq!(
            error(&mut session, Action::Reach(SituationId(99_999))),
            "situation 99999 is not reachable from the start"
        );
        // North moves first; "offer" is South's.
        let offer = Action::take_named(session.scenario(), "offer", Some("accepted")).unwrap();
        assert_eq!(
            error(&mut session, offer),
            "move \"offer\" is not available here"
        );
        take(&mut session, "stall", None);
        let before_offer = session.walk().clone();
        let offer = Action::take_named(session.scenario(), "offer", None).unwrap();
        assert_eq!(
            error(&mut session, offer),
            "move \"offer\" has chance results; pick one of \"accepted\", \"refused\""
        );
        let bad_result = Action::Take {
            move_: MoveIndex(2),
            result: Some(ResultIndex(7)),
        };
        assert_eq!(
            error(&mut session, bad_result),
            "move \"offer\" has no result number 7; pick one of \"accepted\", \"refused\""
        );
        let no_move = Action::Take {
            move_: MoveIndex(40),
            result: None,
        };
        assert_eq!(
            error(&mut session, no_move),
            "there is no move number 40 (the scenario has 4)"
        );
        assert_eq!(session.walk(), &before_offer);
        session.apply(Action::Undo).unwrap();
        assert_eq!(session.walk(), &before);
    }

    #[test]
    fn no_move_after_an_outcome() {
        let mut session = small();
        take(&mut session, "stall", None);
        take(&mut session, "offer", Some("accepted"));
        let stall = Action::take_named(session.scenario(), "stall", None).unwrap();
        assert_eq!(
            error(&mut session, stall),
            "this branch has ended in outcome \"deal\"; no move can be taken here"
        );
    }

    #[test]
    fn forward_goes_back_down_the_branch_last_visited() {
        let mut session = small();
        take(&mut session, "arm", None);
        take(&mut session, "threaten", None);
        session.apply(Action::Restart).unwrap();
        assert_eq!(session.walk().current(), VisitId::START);
        session.apply(Action::Forward).unwrap();
        session.apply(Action::Forward).unwrap();
        assert_eq!(session.walk().current(), VisitId(2));
        assert_eq!(
            error(&mut session, Action::Forward),
            "nothing to go forward to: no branch was explored from here"
        );
    }

    #[test]
    fn reach_follows_a_shortest_path_and_reuses_visits() {
        let mut session = small();
        take(&mut session, "arm", None);
        let armed = session.current();
        take(&mut session, "threaten", None);
        let crisis = session.current();
        session.apply(Action::Restart).unwrap();
        session.apply(Action::Reach(crisis)).unwrap();
        assert_eq!(session.current(), crisis);
        assert_eq!(session.walk().visits().len(), 3);
        session.apply(Action::Reach(armed)).unwrap();
        assert_eq!(session.walk().current(), VisitId(1));
        session
            .apply(Action::Reach(session.graph().start()))
            .unwrap();
        assert_eq!(session.walk().current(), VisitId::START);
    }

    #[test]
    fn a_roll_is_recorded_undone_and_redone() {
        let mut session = small().with_seed(7);
        take(&mut session, "stall", None);
        let offer = session.scenario().move_by_id("offer").unwrap();
        session.apply(Action::Roll { move_: offer }).unwrap();
        let rolled = session.walk().current();
        let roll = *session.walk().roll(rolled).unwrap();
        assert_eq!((roll.seed, roll.number), (7, 1));
        assert_eq!(roll.drawn, unit_draw(7, 1));
        let p_accepted = session.scenario().move_(offer).results[0].probability;
        let step = *session.graph().step(session.path()[1]);
        let expected = usize::from(roll.drawn >= p_accepted) as u16;
        assert_eq!(step.result, Some(ResultIndex(expected)));
        session.apply(Action::Undo).unwrap();
        assert_eq!(session.walk().n_rolls(), 0);
        assert!(session.walk().roll(rolled).is_none());
        session.apply(Action::Redo).unwrap();
        assert_eq!(session.walk().roll(rolled), Some(&roll));
        // Undone and rolled again, the same seed draws the same number.
        session.apply(Action::Undo).unwrap();
        session.apply(Action::Roll { move_: offer }).unwrap();
        assert_eq!(session.walk().roll(session.walk().current()), Some(&roll));
    }

    #[test]
    fn moves_are_numbered_by_actor_then_file_order() {
        let mut session = small();
        let ids = |s: &Session| -> Vec<String> {
            s.available_moves()
                .iter()
                .map(|m| s.scenario().move_(*m).id.clone())
                .collect()
        };
        assert_eq!(ids(&session), ["arm", "stall"]);
        assert_eq!(
            session.numbered_move(2),
            Some(Action::Take {
                move_: MoveIndex(1),
                result: None
            })
        );
        assert_eq!(session.numbered_move(3), None);
        assert_eq!(session.numbered_move(0), None);
        take(&mut session, "stall", None);
        assert_eq!(
            session.numbered_move(1),
            Some(Action::Roll {
                move_: MoveIndex(2)
            })
        );
    }

    #[test]
    fn going_where_one_is_adds_no_undo_step() {
        let mut session = small();
        session.apply(Action::Restart).unwrap();
        session.apply(Action::GoTo(VisitId::START)).unwrap();
        session
            .apply(Action::Note {
                text: String::new(),
            })
            .unwrap();
        assert!(!session.can_undo());
    }

    #[test]
    fn a_new_change_forgets_what_was_undone() {
        let mut session = small();
        take(&mut session, "arm", None);
        session.apply(Action::Undo).unwrap();
        assert!(session.can_redo());
        take(&mut session, "stall", None);
        assert!(!session.can_redo());
    }

    #[test]
    fn undo_keeps_at_most_the_limit() {
        let mut session = small();
        for i in 0..MAX_UNDO + 5 {
            session
                .apply(Action::Note {
                    text: format!("note {i}"),
                })
                .unwrap();
        }
        let mut n_undone = 0;
        while session.apply(Action::Undo).is_ok() {
            n_undone += 1;
        }
        assert_eq!(n_undone, MAX_UNDO);
        assert_eq!(session.walk().note(VisitId::START), Some("note 4"));
    }

    #[test]
    fn the_frontier_is_expanded_when_reached() {
        let text = crate::synthetic::SMALL.replace("max_depth: 8", "max_depth: 1");
        let scenario = load_str(&text, "small.ron").unwrap();
        let mut session = Session::new(Arc::new(scenario));
        let arm = session
            .step_for(session.current(), MoveIndex(0), None)
            .unwrap();
        let armed = session.graph().target(arm);
        assert!(matches!(session.graph().status(armed), Status::Frontier(_)));
        take(&mut session, "arm", None);
        assert_eq!(session.graph().status(armed), Status::Open);
        take(&mut session, "offer", Some("refused"));
        assert_eq!(session.graph().status(session.current()), Status::Open);
    }

    #[test]
    fn a_bare_graph_is_expanded_as_the_walk_goes() {
        let scenario = Arc::new(load_str(crate::synthetic::SMALL, "small.ron").unwrap());
        let graph = SituationGraph::new(&scenario);
        let mut session = Session::with_graph(scenario, graph);
        take(&mut session, "arm", None);
        take(&mut session, "threaten", None);
        assert!(matches!(
            session.graph().status(session.current()),
            Status::Outcome(_)
        ));
    }
}
