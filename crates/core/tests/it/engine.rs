//! Engine integration tests: expanding scenarios into situation graphs.
//!
//! Each test names a concrete scenario (inline RON, `tests/data/ok`, the
//! shipped default or a generated one) and asserts exact counts, ids,
//! statuses and turns, so a change in how the engine merges, limits or
//! orders situations shows up as a failure here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use demarche_core::engine::{
    ExpandError, FrontierReason, Progress, SituationGraph, SituationId, Status, Turn, expand,
    expand_with, lint,
};
use demarche_core::model::{
    ActorIndex, MoveIndex, OutcomeIndex, ResultIndex, Scenario, TurnRule, load_str,
};
use demarche_core::synthetic::{SMALL, SyntheticSpec, generate};

const HARBOUR: &str = include_str!("../../../../tests/data/ok/harbour.ron");
const HARBOUR_LIMITS: &str = "limits: Limits(max_depth: 20, max_situations: 10000)";

/// Two flags set in either order: both orders reach the same situation.
/// Actor `a` sets `x`, actor `b` sets `y`, and anyone may move.
const MERGE: &str = r#"Scenario(
    id: "merge",
    title: "Two orders, one situation",
    actors: [Actor(id: "a", name: "A"), Actor(id: "b", name: "B")],
    variables: [
        Variable(id: "x", domain: Flag, initial: false),
        Variable(id: "y", domain: Flag, initial: false),
    ],
    moves: [
        Move(id: "set_x", actor: "a", label: "Set x", when: "not x", effects: ["x = true"]),
        Move(id: "set_y", actor: "b", label: "Set y", when: "not y", effects: ["y = true"]),
    ],
    outcomes: [Outcome(id: "both", label: "Both set", when: "x and y", payoffs: {"a": 1, "b": 1})],
    turns: Free,
)
"#;

/// A move that changes nothing, under a free turn rule: a loop onto the
/// same situation.
const SELF_LOOP: &str = r#"Scenario(
    id: "self-loop",
    title: "Waiting in place",
    actors: [Actor(id: "a", name: "A")],
    variables: [Variable(id: "n", domain: Integer(min: 0, max: 2), initial: 0)],
    moves: [
        Move(id: "wait", actor: "a", label: "Wait"),
        Move(id: "push", actor: "a", label: "Push", effects: ["n + 1"]),
    ],
    outcomes: [Outcome(id: "done", label: "Done", when: "n == 2", payoffs: {"a": 1})],
    turns: Free,
)
"#;

/// Both actors can wait in rotation: `a` waits, `b` waits, and the start
/// comes back.
const ROTATION_LOOP: &str = r#"Scenario(
    id: "rotation-loop",
    title: "Waiting in turn",
    actors: [Actor(id: "a", name: "A"), Actor(id: "b", name: "B")],
    variables: [Variable(id: "n", domain: Integer(min: 0, max: 2), initial: 0)],
    moves: [
        Move(id: "wait_a", actor: "a", label: "Wait"),
        Move(id: "push", actor: "a", label: "Push", effects: ["n + 1"]),
        Move(id: "wait_b", actor: "b", label: "Wait"),
    ],
    outcomes: [Outcome(id: "done", label: "Done", when: "n == 2", payoffs: {"a": 1, "b": 1})],
    turns: Rotation(["a", "b"]),
)
"#;

/// Three actors in rotation; `b` can only move once `a` has prepared.
const ROTATION_SKIP: &str = r#"Scenario(
    id: "rotation-skip",
    title: "Rotation with a skipped actor",
    actors: [Actor(id: "a", name: "A"), Actor(id: "b", name: "B"), Actor(id: "c", name: "C")],
    variables: [
        Variable(id: "n", domain: Integer(min: 0, max: 3), initial: 0),
        Variable(id: "ready", domain: Flag, initial: false),
    ],
    moves: [
        Move(id: "tick", actor: "a", label: "Tick", effects: ["n + 1"]),
        Move(id: "prepare", actor: "a", label: "Prepare", when: "not ready", effects: ["ready = true"]),
        Move(id: "help", actor: "b", label: "Help", when: "ready", effects: ["n + 1", "ready = false"]),
        Move(id: "tock", actor: "c", label: "Tock", effects: ["n + 1"]),
    ],
    outcomes: [Outcome(id: "done", label: "Done", when: "n >= 3", payoffs: {"a": 1, "b": 1, "c": 1})],
    turns: Rotation(["a", "b", "c"]),
)
"#;

/// Answers named by moves and by results; a result's `next` wins over its
/// move's, and no `next` hands the turn to anyone.
const BY_MOVE: &str = r#"Scenario(
    id: "by-move",
    title: "Who answers",
    actors: [Actor(id: "a", name: "A"), Actor(id: "b", name: "B")],
    variables: [Variable(id: "n", domain: Integer(min: 0, max: 3), initial: 0)],
    moves: [
        Move(id: "ask", actor: "a", label: "Ask", when: "n == 0", next: "b",
             results: [
                Result(id: "heard", probability: 0.5, effects: ["n = 1"]),
                Result(id: "ignored", probability: 0.5, effects: ["n = 2"], next: "a"),
             ]),
        Move(id: "answer", actor: "b", label: "Answer", when: "n == 1", effects: ["n = 2"]),
        Move(id: "close_a", actor: "a", label: "Close", when: "n == 2", effects: ["n = 3"]),
        Move(id: "close_b", actor: "b", label: "Close", when: "n == 2", effects: ["n = 3"]),
    ],
    outcomes: [Outcome(id: "closed", label: "Closed", when: "n == 3", payoffs: {"a": 1, "b": 1})],
    turns: ByMove(first: "a"),
)
"#;

pub(crate) fn load(text: &str) -> Scenario {
    load_str(text, "test.ron").unwrap_or_else(|d| panic!("scenario does not load:\n{d}"))
}

fn harbour_with_limits(max_depth: u32, max_situations: u64) -> Scenario {
    assert!(HARBOUR.contains(HARBOUR_LIMITS));
    let text = HARBOUR.replace(
        HARBOUR_LIMITS,
        &format!("limits: Limits(max_depth: {max_depth}, max_situations: {max_situations})"),
    );
    load(&text)
}

/// A generated scenario with other limits than the generator's.
fn synthetic_with_limits(spec: &SyntheticSpec, max_depth: u32, max_situations: u64) -> Scenario {
    let text = generate(spec);
    let at = text
        .find("    limits: Limits(")
        .expect("generated text has limits");
    let text = format!(
        "{}    limits: Limits(max_depth: {max_depth}, max_situations: {max_situations}),\n)\n",
        &text[..at]
    );
    load(&text)
}

fn move_id(scenario: &Scenario, graph: &SituationGraph, from: SituationId, id: &str) -> MoveIndex {
    let m = scenario.move_by_id(id).unwrap();
    assert!(
        graph.moves(from).contains(&m),
        "move {id} is not available in situation {from:?}"
    );
    m
}

/// Where the step for a move without chance results leads.
fn after(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    move_: &str,
) -> SituationId {
    let m = move_id(scenario, graph, from, move_);
    graph.target(graph.find_step(from, m, None).unwrap())
}

/// The moves and results that should leave a situation, worked out from the
/// scenario alone: the moves of whoever's turn it is whose condition holds,
/// each with every chance result, in file order. The oracle of these tests
/// and of the property tests in `engine_props`.
pub(crate) fn expected_steps(
    scenario: &Scenario,
    graph: &SituationGraph,
    id: SituationId,
) -> Vec<(MoveIndex, Option<ResultIndex>)> {
    let values = graph.values(id);
    let turn = graph.turn(id);
    let mut out = Vec::new();
    for (i, m) in scenario.moves.iter().enumerate() {
        let mine = match turn {
            Turn::Actor(a) => m.actor == a,
            Turn::Anyone => true,
        };
        if !mine || !m.when.holds(&values) {
            continue;
        }
        let mi = MoveIndex(i as u32);
        if m.results.is_empty() {
            out.push((mi, None));
        } else {
            out.extend((0..m.results.len()).map(|j| (mi, Some(ResultIndex(j as u16)))));
        }
    }
    out
}

fn actual_steps(graph: &SituationGraph, id: SituationId) -> Vec<(MoveIndex, Option<ResultIndex>)> {
    graph
        .steps(id)
        .map(|s| (graph.step(s).move_, graph.step(s).result))
        .collect()
}

/// Every Open situation has exactly the steps its moves and results give,
/// and each step leads to the values its effects give.
fn assert_fully_expanded(scenario: &Scenario, graph: &SituationGraph) {
    for id in graph.situations() {
        if graph.status(id) != Status::Open {
            assert_eq!(
                graph.steps(id).len(),
                0,
                "{id:?} is {:?} but has steps",
                graph.status(id)
            );
            continue;
        }
        assert_eq!(
            actual_steps(graph, id),
            expected_steps(scenario, graph, id),
            "steps of {id:?}"
        );
        let values = graph.values(id);
        for s in graph.steps(id) {
            let step = graph.step(s);
            let m = scenario.move_(step.move_);
            let mut child = values.clone();
            for e in &m.effects {
                e.apply(&mut child, &scenario.variables);
            }
            if let Some(r) = step.result {
                for e in &m.results[r.index()].effects {
                    e.apply(&mut child, &scenario.variables);
                }
            }
            let to = graph.target(s);
            assert!(graph.contains(to));
            assert_eq!(graph.source(s), id);
            assert_eq!(
                graph.values(to),
                child,
                "values after step {s:?} from {id:?}"
            );
        }
    }
}

fn count(graph: &SituationGraph, status: Status) -> usize {
    graph
        .situations()
        .filter(|id| graph.status(*id) == status)
        .count()
}

fn frontier(graph: &SituationGraph, reason: FrontierReason) -> Vec<SituationId> {
    graph
        .situations()
        .filter(|id| graph.status(*id) == Status::Frontier(reason))
        .collect()
}

/// Values shown the way the user writes them.
fn shown(scenario: &Scenario, graph: &SituationGraph, id: SituationId) -> Vec<String> {
    scenario
        .variables
        .iter()
        .zip(graph.values(id))
        .map(|(v, x)| v.domain.display(x))
        .collect()
}

#[test]
fn two_move_orders_reaching_the_same_values_share_one_situation() {
    let scenario = load(MERGE);
    let graph = expand(&scenario);

    // (F,F), (T,F), (F,T), (T,T): four situations, not five.
    assert_eq!(graph.n_situations(), 4);
    assert_eq!(graph.n_steps(), 4);
    let start = graph.start();
    let x_first = after(&scenario, &graph, start, "set_x");
    let y_first = after(&scenario, &graph, start, "set_y");
    assert_ne!(x_first, y_first);
    let both_from_x = after(&scenario, &graph, x_first, "set_y");
    let both_from_y = after(&scenario, &graph, y_first, "set_x");
    assert_eq!(both_from_x, both_from_y);
    assert_eq!(both_from_x, SituationId(3));
    assert_eq!(graph.values(both_from_x), vec![1, 1]);
    assert_eq!(graph.node(both_from_x).depth, 2);
    assert_eq!(graph.status(both_from_x), Status::Outcome(OutcomeIndex(0)));

    let into = graph.steps_into(both_from_x);
    assert_eq!(into.len(), 2);
    let sources: BTreeSet<SituationId> = into.iter().map(|s| graph.source(*s)).collect();
    assert_eq!(sources, BTreeSet::from([x_first, y_first]));
    // Every other situation has at most one way in.
    for id in graph.situations().filter(|id| *id != both_from_x) {
        assert!(graph.steps_into(id).len() <= 1, "{id:?}");
    }
}

#[test]
fn a_move_that_changes_nothing_loops_onto_its_own_situation() {
    let scenario = load(SELF_LOOP);
    let graph = expand(&scenario);
    assert_eq!(graph.n_situations(), 3);
    assert_eq!(graph.n_steps(), 4);
    for n in 0..2 {
        let id = SituationId(n);
        assert_eq!(graph.values(id), vec![i64::from(n)]);
        assert_eq!(after(&scenario, &graph, id, "wait"), id, "wait in {id:?}");
        assert!(graph.steps_into(id).iter().any(|s| graph.source(*s) == id));
    }
    assert_eq!(
        graph.status(SituationId(2)),
        Status::Outcome(OutcomeIndex(0))
    );
    assert_eq!(count(&graph, Status::Open), 2);
}

#[test]
fn waiting_in_rotation_leads_back_to_an_ancestor() {
    let scenario = load(ROTATION_LOOP);
    let graph = expand(&scenario);
    let (a, b) = (Turn::Actor(ActorIndex(0)), Turn::Actor(ActorIndex(1)));
    let start = graph.start();
    assert_eq!(graph.turn(start), a);

    let b_waits = after(&scenario, &graph, start, "wait_a");
    assert_eq!((graph.values(b_waits), graph.turn(b_waits)), (vec![0], b));
    // b waits too: back to the start, two moves up the path.
    assert_eq!(after(&scenario, &graph, b_waits, "wait_b"), start);

    let pushed = after(&scenario, &graph, start, "push");
    let a_again = after(&scenario, &graph, pushed, "wait_b");
    assert_eq!((graph.values(a_again), graph.turn(a_again)), (vec![1], a));
    assert_eq!(after(&scenario, &graph, a_again, "wait_a"), pushed);

    // (0,a) (0,b) (1,b) (1,a) (2,b): five situations; a has two moves
    // where it is a's turn and b one, so six steps.
    assert_eq!(graph.n_situations(), 5);
    assert_eq!(graph.n_steps(), 6);
    assert_eq!(count(&graph, Status::Outcome(OutcomeIndex(0))), 1);
    assert_fully_expanded(&scenario, &graph);
}

#[test]
fn the_depth_limit_leaves_exactly_the_deepest_open_situations_on_the_frontier() {
    let scenario = harbour_with_limits(2, 10_000);
    let graph = expand(&scenario);
    assert_eq!(graph.n_situations(), 6);

    // After "offer_shared_use -> rejected" and "return_to_table", East is
    // back at the table with tension 3: the only situation left at depth 2.
    let frontier = frontier(&graph, FrontierReason::Depth);
    assert_eq!(frontier, vec![SituationId(5)]);
    assert_eq!(
        shown(&scenario, &graph, SituationId(5)),
        ["open", "false", "3"]
    );
    assert_eq!(graph.turn(SituationId(5)), Turn::Actor(ActorIndex(0)));
    assert_eq!(graph.node(SituationId(5)).depth, 2);
    // The crisis at depth 2 meets an outcome, which counts before the limit.
    assert_eq!(
        graph.status(SituationId(4)),
        Status::Outcome(OutcomeIndex(1))
    );
    for id in graph.situations() {
        if graph.node(id).depth < 2 {
            assert!(!matches!(graph.status(id), Status::Frontier(_)), "{id:?}");
        }
    }
    assert_fully_expanded(&scenario, &graph);
}

#[test]
fn the_depth_limit_on_a_generated_scenario_cuts_at_the_right_layer() {
    // Two variables from 0 to 3, one move raising each: depth is the sum of
    // the values, so depth <= 2 holds 1 + 2 + 3 situations, 3 of them at 2.
    let spec = SyntheticSpec {
        n_actors: 2,
        n_variables: 2,
        n_levels: 4,
        n_moves: 2,
        chance_every: 0,
    };
    let scenario = synthetic_with_limits(&spec, 2, 1000);
    let graph = expand(&scenario);
    assert_eq!(graph.n_situations(), 6);
    let frontier = frontier(&graph, FrontierReason::Depth);
    assert_eq!(frontier.len(), 3);
    for id in &frontier {
        assert_eq!(graph.values(*id).iter().sum::<i64>(), 2, "{id:?}");
        assert_eq!(graph.node(*id).depth, 2);
    }
    assert_eq!(count(&graph, Status::Open), 3);
}

#[test]
fn the_situation_limit_stops_before_a_situation_would_be_half_expanded() {
    let scenario = harbour_with_limits(20, 4);
    let graph = expand(&scenario);
    assert!(
        graph.n_situations() <= 4,
        "{} situations",
        graph.n_situations()
    );
    assert_eq!(graph.status(graph.start()), Status::Open);
    assert_eq!(graph.steps(graph.start()).len(), 3);
    // The rejected offer would add two more situations (five, then six), so
    // it stays on the frontier with no steps at all.
    assert_eq!(
        graph.status(SituationId(2)),
        Status::Frontier(FrontierReason::SituationLimit)
    );
    assert!(!frontier(&graph, FrontierReason::SituationLimit).is_empty());
    assert!(frontier(&graph, FrontierReason::NotExpanded).is_empty());
    // Breaking off talks was queued when the limit struck, but it meets an
    // outcome, which needs no expansion: it is known as the breakdown.
    assert_eq!(
        shown(&scenario, &graph, SituationId(3)),
        ["broken", "false", "2"]
    );
    assert_eq!(
        graph.status(SituationId(3)),
        Status::Outcome(OutcomeIndex(2))
    );
    assert_fully_expanded(&scenario, &graph);
}

#[test]
fn the_situation_limit_holds_on_a_generated_scenario() {
    let spec = SyntheticSpec {
        n_actors: 2,
        n_variables: 3,
        n_levels: 4,
        n_moves: 3,
        chance_every: 2,
    };
    for limit in [1, 2, 5, 20, 63] {
        let scenario = synthetic_with_limits(&spec, 100, limit);
        let graph = expand(&scenario);
        assert!(
            graph.n_situations() as u64 <= limit,
            "limit {limit}: {}",
            graph.n_situations()
        );
        assert!(
            !frontier(&graph, FrontierReason::SituationLimit).is_empty(),
            "limit {limit}"
        );
        assert!(
            frontier(&graph, FrontierReason::NotExpanded).is_empty(),
            "limit {limit}"
        );
        assert_fully_expanded(&scenario, &graph);
    }
    // With room for every situation the limit is not reached.
    let graph = expand(&synthetic_with_limits(&spec, 100, 64));
    assert_eq!(graph.n_situations(), 64);
    assert!(frontier(&graph, FrontierReason::SituationLimit).is_empty());
}

#[test]
fn chance_results_of_each_move_sum_to_one() {
    for (name, text) in [
        ("small", SMALL),
        ("harbour", HARBOUR),
        ("vienna", demarche_core::DEFAULT_SCENARIO),
        ("by-move", BY_MOVE),
    ] {
        let scenario = load(text);
        let graph = expand(&scenario);
        let mut n_chance_moves = 0;
        for id in graph.situations() {
            for m in graph.moves(id) {
                let steps: Vec<_> = graph
                    .steps(id)
                    .filter(|s| graph.step(*s).move_ == m)
                    .collect();
                let total: f64 = steps.iter().map(|s| graph.step(*s).probability).sum();
                assert!(
                    (total - 1.0).abs() < 1e-9,
                    "{name} {id:?} move {m:?}: {total}"
                );
                if steps.len() > 1 {
                    n_chance_moves += 1;
                }
            }
        }
        assert!(n_chance_moves > 0, "{name} has no chance move to check");
    }

    // And the numbers are the ones written: "likely" 70 %, "unlikely" 30 %.
    let scenario = load(SMALL);
    let graph = expand(&scenario);
    let south_turn = after(&scenario, &graph, graph.start(), "stall");
    let offer = scenario.move_by_id("offer").unwrap();
    let probabilities: Vec<f64> = graph
        .steps(south_turn)
        .filter(|s| graph.step(*s).move_ == offer)
        .map(|s| graph.step(s).probability)
        .collect();
    assert_eq!(probabilities, [0.7, 0.3]);
}

#[test]
fn expanding_the_same_text_twice_gives_the_same_graph_and_ids() {
    let spec = SyntheticSpec {
        n_actors: 3,
        n_variables: 3,
        n_levels: 5,
        n_moves: 5,
        chance_every: 2,
    };
    let generated = generate(&spec);
    assert_eq!(
        generated,
        generate(&spec),
        "the generator itself is deterministic"
    );
    for (name, text) in [
        ("small", SMALL),
        ("harbour", HARBOUR),
        ("vienna", demarche_core::DEFAULT_SCENARIO),
        ("generated", generated.as_str()),
    ] {
        let first = expand(&load(text));
        let second = expand(&load(text));
        assert!(first.same_as(&second), "{name}");
        assert!(first.n_situations() > 1, "{name}");
        for id in first.situations() {
            assert_eq!(first.values(id), second.values(id), "{name} {id:?}");
            assert_eq!(first.turn(id), second.turn(id), "{name} {id:?}");
        }
    }
    // `same_as` does tell graphs apart.
    let whole = expand(&load(HARBOUR));
    let cut = expand(&harbour_with_limits(2, 10_000));
    assert!(!whole.same_as(&cut));
    assert!(!cut.same_as(&whole));
}

#[test]
fn ids_follow_breadth_first_order_from_the_start() {
    let scenario = load(SMALL);
    let graph = expand(&scenario);
    assert_eq!(graph.start(), SituationId(0));
    assert_eq!(graph.values(graph.start()), scenario.initial_values());
    assert_eq!(graph.n_situations(), 12);
    assert_eq!(graph.n_steps(), 11);
    let mut previous = 0;
    for id in graph.situations() {
        let depth = graph.node(id).depth;
        assert!(
            depth >= previous,
            "{id:?} at depth {depth} after {previous}"
        );
        previous = depth;
    }
    assert_eq!(
        after(&scenario, &graph, graph.start(), "arm"),
        SituationId(1)
    );
    assert_eq!(
        after(&scenario, &graph, graph.start(), "stall"),
        SituationId(2)
    );
}

#[test]
fn expanding_on_demand_gives_the_start_children_then_the_whole_graph() {
    for (name, text) in [
        ("small", SMALL),
        ("vienna", demarche_core::DEFAULT_SCENARIO),
    ] {
        let scenario = load(text);
        let whole = expand(&scenario);

        let mut graph = SituationGraph::new(&scenario);
        assert_eq!(graph.n_situations(), 1, "{name}");
        assert_eq!(
            graph.status(graph.start()),
            Status::Frontier(FrontierReason::NotExpanded)
        );
        let start = graph.start();
        let report = graph
            .expand_from(&scenario, start, 1, u64::MAX, &mut |_| {
                ControlFlow::Continue(())
            })
            .unwrap();

        // Exactly the start and its children, as the whole graph has them.
        let children: BTreeSet<SituationId> = graph.steps(start).map(|s| graph.target(s)).collect();
        let whole_children: BTreeSet<SituationId> =
            whole.steps(start).map(|s| whole.target(s)).collect();
        assert_eq!(children, whole_children, "{name}");
        assert_eq!(graph.n_situations(), 1 + children.len(), "{name}");
        assert_eq!(report.n_expanded, 1, "{name}");
        assert_eq!(report.n_new, children.len(), "{name}");
        assert_eq!(
            actual_steps(&graph, start),
            actual_steps(&whole, start),
            "{name}"
        );
        for child in &children {
            assert_eq!(
                graph.values(*child),
                whole.values(*child),
                "{name} {child:?}"
            );
            assert_eq!(graph.steps(*child).len(), 0, "{name} {child:?}");
            assert!(
                matches!(
                    graph.status(*child),
                    Status::Frontier(_) | Status::Outcome(_)
                ),
                "{name} {child:?} is {:?}",
                graph.status(*child)
            );
        }

        // Going on from the start to the scenario's limits gives the graph
        // a whole expansion gives, with the same ids.
        let room = scenario.limits.max_situations - graph.n_situations() as u64;
        graph
            .expand_from(
                &scenario,
                start,
                scenario.limits.max_depth,
                room,
                &mut |_| ControlFlow::Continue(()),
            )
            .unwrap();
        assert_eq!(graph.n_situations(), whole.n_situations(), "{name}");
        assert_eq!(graph.n_steps(), whole.n_steps(), "{name}");
        assert!(graph.same_as(&whole), "{name}");
    }
}

#[test]
fn situations_left_by_an_on_demand_expansion_are_not_at_the_depth_limit() {
    // SMALL's depth limit is 8; expanding one layer from the start leaves
    // its two children at depth 1, which the scenario's limit does not stop.
    // `FrontierReason::Depth` is documented as "it lies at the scenario's
    // depth limit" and `NotExpanded` as "has not reached it yet", and `lint`
    // turns `Depth` into "depth limit 8 reached".
    let scenario = load(SMALL);
    assert_eq!(scenario.limits.max_depth, 8);
    let mut graph = SituationGraph::new(&scenario);
    let start = graph.start();
    graph
        .expand_from(&scenario, start, 1, u64::MAX, &mut |_| {
            ControlFlow::Continue(())
        })
        .unwrap();
    for child in [SituationId(1), SituationId(2)] {
        assert_eq!(graph.node(child).depth, 1);
        assert_eq!(
            graph.status(child),
            Status::Frontier(FrontierReason::NotExpanded),
            "{child:?}"
        );
    }
    let messages: Vec<String> = lint(&scenario, &graph)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert!(
        !messages.iter().any(|m| m.starts_with("depth limit")),
        "{messages:#?}"
    );
}

/// 32,768 situations: eight progress calls during the run, one at the end.
const CANCEL_SPEC: SyntheticSpec = SyntheticSpec {
    n_actors: 2,
    n_variables: 3,
    n_levels: 32,
    n_moves: 3,
    chance_every: 0,
};

#[test]
fn progress_is_reported_every_4096_expansions_and_once_at_the_end() {
    let scenario = load(&generate(&CANCEL_SPEC));
    let mut calls: Vec<Progress> = Vec::new();
    let graph = expand_with(&scenario, &mut |p| {
        calls.push(*p);
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(graph.n_situations(), 32_768);
    let expanded: Vec<usize> = calls.iter().map(|p| p.n_expanded).collect();
    let mut expected: Vec<usize> = (0..8).map(|k| k * 4096).collect();
    expected.push(32_767);
    assert_eq!(expanded, expected);
    let last = calls.last().unwrap();
    assert_eq!(last.n_situations, 32_768);
    assert_eq!(last.n_queued, 0);
    assert!((last.fraction() - 1.0).abs() < 1e-6);
    assert!(calls[1].fraction() > 0.0 && calls[1].fraction() < 1.0);
}

#[test]
fn breaking_from_progress_cancels_the_expansion() {
    let scenario = load(&generate(&CANCEL_SPEC));
    let mut n_calls = 0;
    let result = expand_with(&scenario, &mut |_| {
        n_calls += 1;
        if n_calls == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert_eq!(result.err(), Some(ExpandError::Cancelled));
    assert_eq!(n_calls, 3);
}

#[test]
fn a_cancelled_expansion_leaves_a_consistent_graph_that_can_be_resumed() {
    let scenario = load(&generate(&CANCEL_SPEC));
    let mut graph = SituationGraph::new(&scenario);
    let start = graph.start();
    let mut n_calls = 0;
    let result = graph.expand_from(&scenario, start, 1000, u64::MAX, &mut |_| {
        n_calls += 1;
        if n_calls == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert_eq!(result.err(), Some(ExpandError::Cancelled));
    // Stopped after 4096 expansions, the rest still on the frontier.
    assert_eq!(count(&graph, Status::Open), 4096);
    assert!(graph.n_situations() > 4096 && graph.n_situations() < 32_768);
    assert_eq!(
        count(&graph, Status::Frontier(FrontierReason::NotExpanded)),
        graph.n_situations() - 4096
    );
    assert_fully_expanded(&scenario, &graph);

    let room = scenario.limits.max_situations - graph.n_situations() as u64;
    graph
        .expand_from(
            &scenario,
            start,
            scenario.limits.max_depth,
            room,
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap();
    assert_eq!(graph.n_situations(), 32_768);
    assert!(graph.same_as(&expand(&scenario)));
}

#[test]
fn rotation_skips_an_actor_with_no_available_move() {
    let scenario = load(ROTATION_SKIP);
    let graph = expand(&scenario);
    let (a, b, c) = (
        Turn::Actor(ActorIndex(0)),
        Turn::Actor(ActorIndex(1)),
        Turn::Actor(ActorIndex(2)),
    );
    let start = graph.start();
    assert_eq!(graph.turn(start), a);

    // After a ticks, b has nothing to do (not ready): c moves.
    let ticked = after(&scenario, &graph, start, "tick");
    assert_eq!((graph.values(ticked), graph.turn(ticked)), (vec![1, 0], c));
    // After a prepares, b can help, so b moves.
    let prepared = after(&scenario, &graph, start, "prepare");
    assert_eq!(
        (graph.values(prepared), graph.turn(prepared)),
        (vec![0, 1], b)
    );
    // After b helps, c; after c, a again.
    let helped = after(&scenario, &graph, prepared, "help");
    assert_eq!((graph.values(helped), graph.turn(helped)), (vec![1, 0], c));
    assert_eq!(helped, ticked, "the same values and turn merge");
    let tocked = after(&scenario, &graph, ticked, "tock");
    assert_eq!((graph.values(tocked), graph.turn(tocked)), (vec![2, 0], a));

    // No situation ever hands the turn to b without something for b to do.
    let help = scenario.move_by_id("help").unwrap();
    for id in graph.situations() {
        if graph.turn(id) == b && graph.status(id) == Status::Open {
            assert_eq!(graph.moves(id), vec![help], "{id:?}");
        }
    }
    assert_eq!(count(&graph, Status::DeadEnd), 0);
    assert_fully_expanded(&scenario, &graph);

    // The opening skips too: b first, but b cannot move, so a opens.
    let reordered = load(&ROTATION_SKIP.replace(
        r#"Rotation(["a", "b", "c"])"#,
        r#"Rotation(["b", "a", "c"])"#,
    ));
    assert_eq!(
        reordered.turns,
        TurnRule::Rotation(vec![ActorIndex(1), ActorIndex(0), ActorIndex(2)])
    );
    let graph = expand(&reordered);
    assert_eq!(graph.turn(graph.start()), a);
    // After a ticks, c follows a in this order.
    let ticked = after(&reordered, &graph, graph.start(), "tick");
    assert_eq!(graph.turn(ticked), c);
}

#[test]
fn by_move_follows_next_and_a_result_next_wins() {
    let scenario = load(BY_MOVE);
    let graph = expand(&scenario);
    let (a, b) = (Turn::Actor(ActorIndex(0)), Turn::Actor(ActorIndex(1)));
    let start = graph.start();
    assert_eq!(graph.turn(start), a, "`first` opens");

    let ask = scenario.move_by_id("ask").unwrap();
    let heard = graph.target(graph.find_step(start, ask, Some(ResultIndex(0))).unwrap());
    let ignored = graph.target(graph.find_step(start, ask, Some(ResultIndex(1))).unwrap());
    // "heard" takes the move's `next`; "ignored" names its own.
    assert_eq!((graph.values(heard), graph.turn(heard)), (vec![1], b));
    assert_eq!((graph.values(ignored), graph.turn(ignored)), (vec![2], a));
    // "answer" names nobody, so anyone may move, and both may close.
    let answered = after(&scenario, &graph, heard, "answer");
    assert_eq!(
        (graph.values(answered), graph.turn(answered)),
        (vec![2], Turn::Anyone)
    );
    let closes = [
        scenario.move_by_id("close_a").unwrap(),
        scenario.move_by_id("close_b").unwrap(),
    ];
    assert_eq!(graph.moves(answered), closes);
    let actors: Vec<ActorIndex> = graph.steps(answered).map(|s| graph.step(s).actor).collect();
    assert_eq!(actors, [ActorIndex(0), ActorIndex(1)]);
    // Where it is a's turn, only a closes.
    assert_eq!(graph.moves(ignored), closes[..1]);

    assert_eq!(graph.n_situations(), 5);
    assert_eq!(graph.n_steps(), 6);
    assert_fully_expanded(&scenario, &graph);
}

#[test]
fn by_move_in_the_harbour_scenario() {
    let scenario = load(HARBOUR);
    let graph = expand(&scenario);
    let (east, west) = (Turn::Actor(ActorIndex(0)), Turn::Actor(ActorIndex(1)));
    let start = graph.start();
    assert_eq!(graph.turn(start), east);
    let offer = scenario.move_by_id("offer_shared_use").unwrap();
    for result in [ResultIndex(0), ResultIndex(1)] {
        let to = graph.target(graph.find_step(start, offer, Some(result)).unwrap());
        assert_eq!(graph.turn(to), west, "offer -> {result:?}");
    }
    let broken = after(&scenario, &graph, start, "break_off");
    assert_eq!(graph.turn(broken), Turn::Anyone);
    let rejected = graph.target(graph.find_step(start, offer, Some(ResultIndex(1))).unwrap());
    let back = after(&scenario, &graph, rejected, "return_to_table");
    assert_eq!(graph.turn(back), east);
    assert_eq!(shown(&scenario, &graph, back), ["open", "false", "3"]);
    assert_eq!(graph.n_situations(), 13);
    assert_eq!(graph.n_steps(), 13);
    assert_fully_expanded(&scenario, &graph);
}

#[test]
fn free_turns_let_anyone_with_a_move_move() {
    let scenario = load(MERGE);
    assert_eq!(scenario.turns, TurnRule::Free);
    let graph = expand(&scenario);
    for id in graph.situations() {
        assert_eq!(graph.turn(id), Turn::Anyone, "{id:?}");
    }
    let start = graph.start();
    let actors: Vec<ActorIndex> = graph.steps(start).map(|s| graph.step(s).actor).collect();
    assert_eq!(actors, [ActorIndex(0), ActorIndex(1)]);
    // Once x is set only b has a move left.
    let x_set = after(&scenario, &graph, start, "set_x");
    let actors: Vec<ActorIndex> = graph.steps(x_set).map(|s| graph.step(s).actor).collect();
    assert_eq!(actors, [ActorIndex(1)]);
    assert_fully_expanded(&scenario, &graph);
}

#[test]
fn a_generated_scenario_has_every_combination_of_values() {
    for chance_every in [0, 2] {
        let spec = SyntheticSpec {
            n_actors: 2,
            n_variables: 3,
            n_levels: 4,
            n_moves: 3,
            chance_every,
        };
        assert_eq!(spec.n_situations(), 64);
        let scenario = load(&generate(&spec));
        let graph = expand(&scenario);
        assert_eq!(
            graph.n_situations() as u64,
            spec.n_situations(),
            "chance_every {chance_every}"
        );
        let top = vec![3; 3];
        for id in graph.situations() {
            if graph.values(id) == top {
                assert_eq!(graph.status(id), Status::Outcome(OutcomeIndex(0)));
            } else {
                assert_eq!(
                    graph.status(id),
                    Status::Open,
                    "{id:?} {:?}",
                    graph.values(id)
                );
            }
        }
        let values: BTreeSet<Vec<i64>> = graph.situations().map(|id| graph.values(id)).collect();
        assert_eq!(values.len(), 64);
        assert_fully_expanded(&scenario, &graph);
        if chance_every == 0 {
            // Each of the three variables can still rise in 48 situations.
            assert_eq!(graph.n_steps(), 3 * 48);
        }
    }
}

#[test]
fn the_harbour_and_default_scenarios_have_no_lints() {
    for (name, text) in [
        ("harbour", HARBOUR),
        ("vienna", demarche_core::DEFAULT_SCENARIO),
    ] {
        let scenario = load(text);
        let graph = expand(&scenario);
        let lints = lint(&scenario, &graph);
        assert!(
            lints.is_empty(),
            "{name}:\n{}",
            lints
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // While a cut graph does have one.
    let scenario = harbour_with_limits(2, 10_000);
    let lints = lint(&scenario, &expand(&scenario));
    let messages: Vec<&str> = lints.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["depth limit 2 reached: 1 situation left unexpanded (6 situations in all)"]
    );
}
