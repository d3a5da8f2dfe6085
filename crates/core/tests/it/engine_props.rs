//! Property tests for the engine's invariants on generated and hand-written
//! scenarios under random limits: every situation is open with steps, an
//! outcome, a dead end or on the frontier; open situations have exactly the
//! steps their moves and results give, and each move's probabilities sum to
//! one; outcomes end their branch; limits hold; expansion is deterministic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use demarche_core::engine::{FrontierReason, SituationGraph, Status, expand};
use demarche_core::model::Scenario;
use demarche_core::synthetic::{SMALL, SyntheticSpec, generate};
use proptest::prelude::*;

use crate::engine::{expected_steps, load};

/// The generated text with other limits, or the generator's own.
fn synthetic(spec: &SyntheticSpec, limits: Option<(u32, u64)>) -> Scenario {
    let text = generate(spec);
    let Some((max_depth, max_situations)) = limits else {
        return load(&text);
    };
    let at = text
        .find("    limits: Limits(")
        .expect("generated text has limits");
    load(&format!(
        "{}    limits: Limits(max_depth: {max_depth}, max_situations: {max_situations}),\n)\n",
        &text[..at]
    ))
}

fn small(max_depth: u32, max_situations: u64) -> Scenario {
    let original = "limits: Limits(max_depth: 8, max_situations: 1000)";
    assert!(SMALL.contains(original));
    load(&SMALL.replace(
        original,
        &format!("limits: Limits(max_depth: {max_depth}, max_situations: {max_situations})"),
    ))
}

/// Checks every invariant of a whole expansion; the error names the first
/// situation that breaks one.
fn check(scenario: &Scenario, graph: &SituationGraph) -> Result<(), TestCaseError> {
    let limits = scenario.limits;
    prop_assert!(graph.n_situations() >= 1);
    prop_assert!(graph.n_situations() as u64 <= limits.max_situations);
    prop_assert_eq!(graph.values(graph.start()), scenario.initial_values());
    let mut n_steps = 0;
    for id in graph.situations() {
        let values = graph.values(id);
        let node = graph.node(id);
        let steps: Vec<_> = graph.steps(id).collect();
        n_steps += steps.len();
        prop_assert!(
            node.depth <= limits.max_depth,
            "{:?} at depth {}",
            id,
            node.depth
        );
        for s in &steps {
            prop_assert!(graph.contains(graph.target(*s)), "{:?} leads nowhere", s);
            prop_assert_eq!(graph.source(*s), id);
        }
        match graph.status(id) {
            Status::Open => {
                prop_assert!(!steps.is_empty(), "open {:?} has no step", id);
                prop_assert_eq!(scenario.outcome_met(&values), None, "open {:?}", id);
                prop_assert!(node.depth < limits.max_depth);
                let actual: Vec<_> = steps
                    .iter()
                    .map(|s| (graph.step(*s).move_, graph.step(*s).result))
                    .collect();
                prop_assert_eq!(
                    actual,
                    expected_steps(scenario, graph, id),
                    "steps of {:?}",
                    id
                );
                for m in graph.moves(id) {
                    let total: f64 = steps
                        .iter()
                        .filter(|s| graph.step(**s).move_ == m)
                        .map(|s| graph.step(*s).probability)
                        .sum();
                    prop_assert!(
                        (total - 1.0).abs() < 1e-9,
                        "{:?} move {:?}: {}",
                        id,
                        m,
                        total
                    );
                }
            }
            Status::Outcome(o) => {
                prop_assert!(steps.is_empty(), "outcome {:?} has steps", id);
                prop_assert_eq!(scenario.outcome_met(&values), Some(o), "{:?}", id);
            }
            Status::DeadEnd => {
                prop_assert!(steps.is_empty(), "dead end {:?} has steps", id);
                prop_assert_eq!(scenario.outcome_met(&values), None);
                prop_assert!(expected_steps(scenario, graph, id).is_empty(), "{:?}", id);
            }
            Status::Frontier(reason) => {
                prop_assert!(steps.is_empty(), "frontier {:?} has steps", id);
                // An outcome needs no expansion, so no limit hides one.
                prop_assert_eq!(scenario.outcome_met(&values), None, "frontier {:?}", id);
                match reason {
                    FrontierReason::Depth => prop_assert_eq!(node.depth, limits.max_depth),
                    FrontierReason::SituationLimit => {}
                    FrontierReason::NotExpanded => {
                        prop_assert!(false, "{:?} left unexpanded by a whole expansion", id);
                    }
                }
            }
        }
    }
    prop_assert_eq!(n_steps, graph.n_steps());
    Ok(())
}

fn spec_strategy() -> impl Strategy<Value = SyntheticSpec> {
    (1usize..=3, 1usize..=4, 2usize..=5, 1usize..=6, 0usize..3).prop_map(
        |(n_actors, n_variables, n_levels, n_moves, chance_every)| SyntheticSpec {
            n_actors,
            n_variables,
            n_levels,
            n_moves,
            chance_every,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn generated_scenarios_keep_the_invariants(
        spec in spec_strategy(),
        limits in proptest::option::of((1u32..=12, 1u64..=300)),
    ) {
        let scenario = synthetic(&spec, limits);
        let graph = expand(&scenario);
        check(&scenario, &graph)?;
        if limits.is_none() && spec.n_moves >= spec.n_variables {
            // Every variable can rise, so every combination is reached.
            prop_assert_eq!(graph.n_situations() as u64, spec.n_situations());
        }
        let again = expand(&synthetic(&spec, limits));
        prop_assert!(graph.same_as(&again));
    }

    #[test]
    fn the_small_scenario_keeps_the_invariants(max_depth in 1u32..=10, max_situations in 1u64..=20) {
        let scenario = small(max_depth, max_situations);
        let graph = expand(&scenario);
        check(&scenario, &graph)?;
        prop_assert!(graph.same_as(&expand(&small(max_depth, max_situations))));
    }
}

#[test]
fn the_small_scenario_keeps_the_invariants_with_its_own_limits() {
    let scenario = load(SMALL);
    let graph = expand(&scenario);
    check(&scenario, &graph).unwrap();
    assert_eq!(graph.n_situations(), 12);
}
