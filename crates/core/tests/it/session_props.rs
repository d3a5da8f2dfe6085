//! Property tests for sessions: random action sequences, valid or not, never
//! panic, keep the walk consistent with the graph, undo exactly what they
//! did, and survive a save and load round trip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::sync::Arc;

use demarche_core::engine::{SituationId, Status};
use demarche_core::model::{MoveIndex, ResultIndex, load_str};
use demarche_core::session::{Action, Session, VisitId};
use demarche_core::synthetic::{SMALL, SyntheticSpec, generate};
use proptest::prelude::*;

/// What the test does next: an action as generated, or the step with this
/// number (modulo their count) out of the current situation, so that walks
/// also go deep.
#[derive(Clone, Debug)]
enum Op {
    Apply(Action),
    Step(usize),
}

impl Op {
    /// The action this op stands for in `session`.
    fn action(self, session: &Session) -> Action {
        match self {
            Op::Apply(action) => action,
            Op::Step(k) => {
                let steps: Vec<_> = session.graph().steps(session.current()).collect();
                match steps.get(k % steps.len().max(1)) {
                    Some(s) => {
                        let step = session.graph().step(*s);
                        Action::Take {
                            move_: step.move_,
                            result: step.result,
                        }
                    }
                    None => Action::Back,
                }
            }
        }
    }
}

/// Any op: mostly steps that can be taken, and actions of every kind with
/// indices that are often out of range.
fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0usize..8).prop_map(Op::Step),
        4 => action().prop_map(Op::Apply),
    ]
}

/// Any action, with indices that are often out of range.
fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => (0u32..6, proptest::option::of(0u16..3)).prop_map(|(m, r)| Action::Take {
            move_: MoveIndex(m),
            result: r.map(ResultIndex),
        }),
        2 => Just(Action::Back),
        1 => Just(Action::Forward),
        1 => (0u32..24).prop_map(|v| Action::GoTo(VisitId(v))),
        1 => (0u32..40).prop_map(|s| Action::Reach(SituationId(s))),
        1 => Just(Action::Restart),
        1 => "[a-z ]{0,6}".prop_map(|label| Action::Bookmark { label }),
        1 => (0u32..24).prop_map(|v| Action::Unbookmark(VisitId(v))),
        1 => "[a-z \n\"]{0,6}".prop_map(|text| Action::Note { text }),
        2 => Just(Action::Undo),
        1 => Just(Action::Redo),
    ]
}

/// Checks every invariant of the walk against the graph.
fn check(session: &Session) -> Result<(), TestCaseError> {
    let walk = session.walk();
    let graph = session.graph();
    let visits = walk.visits();
    prop_assert!(walk.contains(walk.current()));
    let start = &visits[0];
    prop_assert_eq!(start.situation, graph.start());
    prop_assert!(start.parent.is_none() && start.via.is_none());

    for (i, visit) in visits.iter().enumerate().skip(1) {
        let parent = visit
            .parent
            .expect("every visit but the start has a parent");
        prop_assert!(parent.index() < i, "parents come first");
        let step = visit.via.expect("every visit but the start has a step");
        prop_assert_eq!(graph.source(step), visits[parent.index()].situation);
        prop_assert_eq!(graph.target(step), visit.situation);
        prop_assert!(visits[parent.index()].children.contains(&VisitId(i as u32)));
    }
    let mut n_children = 0;
    for (i, visit) in visits.iter().enumerate() {
        let mut steps = BTreeSet::new();
        for child in &visit.children {
            prop_assert!(walk.contains(*child));
            prop_assert_eq!(visits[child.index()].parent, Some(VisitId(i as u32)));
            prop_assert!(
                steps.insert(visits[child.index()].via),
                "one child per step"
            );
        }
        n_children += visit.children.len();
        if let Some(forward) = walk.forward(VisitId(i as u32)) {
            prop_assert!(visit.children.contains(&forward));
        }
    }
    prop_assert_eq!(n_children, visits.len() - 1);

    let path = session.path();
    prop_assert_eq!(path.len() + 1, walk.path_to(walk.current()).len());
    match path.last() {
        Some(last) => prop_assert_eq!(graph.target(*last), session.current()),
        None => prop_assert_eq!(walk.current(), VisitId::START),
    }
    for pair in path.windows(2) {
        prop_assert_eq!(graph.target(pair[0]), graph.source(pair[1]));
    }
    prop_assert!(
        !matches!(graph.status(session.current()), Status::Frontier(_)),
        "the current situation is expanded"
    );

    let mut bookmarked = BTreeSet::new();
    for b in walk.bookmarks() {
        prop_assert!(walk.contains(b.visit));
        prop_assert!(bookmarked.insert(b.visit), "one bookmark per visit");
    }
    for (visit, text) in walk.notes() {
        prop_assert!(walk.contains(*visit));
        prop_assert!(!text.trim().is_empty());
    }
    Ok(())
}

/// Each visit's parent, situation (as its packed values and turn) and step
/// (as move and result): what must survive a round trip even when two
/// graphs grown on demand in a different order give different ids.
type Shape = Vec<(Option<VisitId>, u64, Option<String>)>;

/// The [`Shape`] of a session's walk.
fn shape(session: &Session) -> Shape {
    let graph = session.graph();
    session
        .walk()
        .visits()
        .iter()
        .map(|v| {
            let step = v.via.map(|s| {
                let step = graph.step(s);
                format!("{:?} {:?}", step.move_, step.result)
            });
            (v.parent, graph.node(v.situation).key, step)
        })
        .collect()
}

/// Runs the ops, checking the invariants after each, that a refused
/// action changes nothing and that undo and redo of a change are exact;
/// then saves and loads the session.
fn play(text: &str, ops: Vec<Op>, same_graph: bool) -> Result<(), TestCaseError> {
    let scenario = Arc::new(load_str(text, "scenario.ron").unwrap());
    let mut session = Session::new(Arc::clone(&scenario));
    check(&session)?;
    for op in ops {
        let action = op.action(&session);
        let before = session.walk().clone();
        let could_redo = session.can_redo();
        let is_history = matches!(action, Action::Undo | Action::Redo);
        match session.apply(action) {
            Err(_) => {
                prop_assert_eq!(session.walk(), &before, "a refused action changes nothing");
                prop_assert_eq!(session.can_redo(), could_redo);
            }
            Ok(()) if !is_history && session.walk() != &before => {
                prop_assert!(!session.can_redo(), "a change forgets what was undone");
                let after = session.walk().clone();
                session.apply(Action::Undo).unwrap();
                prop_assert_eq!(session.walk(), &before, "undo gives back the walk before");
                session.apply(Action::Redo).unwrap();
                prop_assert_eq!(session.walk(), &after, "redo gives back the change");
            }
            Ok(()) => {}
        }
        check(&session)?;
    }

    let saved = session.to_ron().unwrap();
    let (loaded, report) = Session::from_ron(&saved, Arc::clone(&scenario)).unwrap();
    prop_assert!(report.is_empty(), "{:?}", report);
    check(&loaded)?;
    prop_assert_eq!(loaded.to_ron().unwrap(), saved);
    if same_graph {
        prop_assert_eq!(loaded.walk(), session.walk());
    } else {
        prop_assert_eq!(shape(&loaded), shape(&session));
        let (a, b) = (loaded.walk(), session.walk());
        prop_assert_eq!(a.current(), b.current());
        prop_assert_eq!(a.bookmarks(), b.bookmarks());
        prop_assert_eq!(a.notes(), b.notes());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The small scenario, fully expanded at the start.
    #[test]
    fn small_sessions_stay_consistent(ops in proptest::collection::vec(op(), 0..40)) {
        play(SMALL, ops, true)?;
    }

    /// The small scenario cut at depth 1, so the walk expands the frontier
    /// as it goes.
    #[test]
    fn frontier_sessions_stay_consistent(ops in proptest::collection::vec(op(), 0..40)) {
        let text = SMALL.replace("max_depth: 8", "max_depth: 1");
        play(&text, ops, false)?;
    }

    /// A generated scenario where anyone may move and some moves branch.
    #[test]
    fn generated_sessions_stay_consistent(ops in proptest::collection::vec(op(), 0..40)) {
        let text = generate(&SyntheticSpec {
            n_actors: 2,
            n_variables: 2,
            n_levels: 3,
            n_moves: 4,
            chance_every: 2,
        });
        play(&text, ops, true)?;
    }
}
