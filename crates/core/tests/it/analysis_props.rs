//! Property tests for the analysis on generated scenarios (cycles, chance,
//! free turns, dead ends and frontiers all occur): outcome probabilities sum
//! to one; backward-induction values are the expectation of the chosen
//! moves' children; the rational outcome mix pays what backward induction
//! says; and conflict stability agrees with a direct, brute-force reading
//! of the GMCR definitions (so a Nash equilibrium has no unilateral
//! improvement).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, VecDeque};

use demarche_core::analysis::{
    Concept, PlayModel, StabilityTable, TIE_TOLERANCE, outcome_probabilities_within, solve_from,
    stability,
};
use demarche_core::engine::{SituationGraph, SituationId, Status, expand};
use demarche_core::model::{ActorIndex, Scenario, load_str};
use proptest::prelude::*;

/// A condition `vK OP N` as generated.
type Cond = (usize, usize, u8);

#[derive(Clone, Debug)]
struct MoveSpec {
    actor: usize,
    when: Option<Cond>,
    effect: (usize, usize, u8),
    /// A second result: its probability in tenths and its effect.
    chance: Option<(u8, (usize, usize, u8))>,
    next: Option<usize>,
}

#[derive(Clone, Debug)]
struct Spec {
    n_actors: usize,
    n_variables: usize,
    moves: Vec<MoveSpec>,
    outcomes: Vec<(Cond, Vec<i8>)>,
    turns: usize,
    max_depth: u32,
    priorities: Vec<Vec<Cond>>,
}

const OPS: [&str; 4] = ["==", "!=", "<=", ">="];

fn condition((v, op, n): Cond) -> String {
    format!("v{v} {} {}", OPS[op % OPS.len()], n % 3)
}

fn effect((v, kind, n): (usize, usize, u8)) -> String {
    match kind % 3 {
        0 => format!("v{v} = {}", n % 3),
        1 => format!("v{v} + 1"),
        _ => format!("v{v} - 1"),
    }
}

fn text(spec: &Spec) -> String {
    let mut out = String::from("Scenario(id: \"prop\", title: \"Prop\",\n actors: [");
    for a in 0..spec.n_actors {
        out.push_str(&format!("Actor(id: \"a{a}\", name: \"A{a}\"), "));
    }
    out.push_str("],\n variables: [");
    for v in 0..spec.n_variables {
        out.push_str(&format!(
            "Variable(id: \"v{v}\", domain: Integer(min: 0, max: 2), initial: 0), "
        ));
    }
    out.push_str("],\n moves: [\n");
    for (i, m) in spec.moves.iter().enumerate() {
        let actor = m.actor % spec.n_actors;
        let fix = |(v, k, n): (usize, usize, u8)| (v % spec.n_variables, k, n);
        out.push_str(&format!(
            "  Move(id: \"m{i}\", actor: \"a{actor}\", label: \"M{i}\""
        ));
        if let Some((v, op, n)) = m.when {
            out.push_str(&format!(
                ", when: \"{}\"",
                condition((v % spec.n_variables, op, n))
            ));
        }
        if let Some(next) = m.next {
            out.push_str(&format!(", next: \"a{}\"", next % spec.n_actors));
        }
        match m.chance {
            None => out.push_str(&format!(", effects: [\"{}\"]", effect(fix(m.effect)))),
            Some((tenths, other)) => {
                let p = f64::from(tenths % 11) / 10.0;
                out.push_str(&format!(
                    ", results: [Result(id: \"r0\", probability: {:?}, effects: [\"{}\"]), Result(id: \"r1\", probability: {:?}, effects: [\"{}\"])]",
                    p,
                    effect(fix(m.effect)),
                    1.0 - p,
                    effect(fix(other))
                ));
            }
        }
        out.push_str("),\n");
    }
    out.push_str(" ],\n outcomes: [\n");
    for (k, ((v, op, n), payoffs)) in spec.outcomes.iter().enumerate() {
        let payoffs: Vec<String> = (0..spec.n_actors)
            .map(|a| format!("\"a{a}\": {}", payoffs.get(a).copied().unwrap_or(0)))
            .collect();
        out.push_str(&format!(
            "  Outcome(id: \"o{k}\", label: \"O{k}\", when: \"{}\", payoffs: {{{}}}),\n",
            condition((v % spec.n_variables, *op, *n)),
            payoffs.join(", ")
        ));
    }
    let turns = match spec.turns % 3 {
        0 => "Free".to_owned(),
        1 => "ByMove(first: \"a0\")".to_owned(),
        _ => format!(
            "Rotation([{}])",
            (0..spec.n_actors)
                .map(|a| format!("\"a{a}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    out.push_str(&format!(
        " ],\n turns: {turns},\n limits: Limits(max_depth: {}, max_situations: 5000),\n",
        spec.max_depth
    ));
    out.push_str(" priorities: {");
    for (a, list) in spec.priorities.iter().take(spec.n_actors).enumerate() {
        let list: Vec<String> = list
            .iter()
            .map(|&(v, op, n)| format!("\"{}\"", condition((v % spec.n_variables, op, n))))
            .collect();
        out.push_str(&format!("\"a{a}\": [{}], ", list.join(", ")));
    }
    out.push_str("},\n)\n");
    out
}

fn cond() -> impl Strategy<Value = Cond> {
    (0usize..3, 0usize..4, 0u8..3)
}

fn spec() -> impl Strategy<Value = Spec> {
    let move_spec = (
        0usize..3,
        prop::option::of(cond()),
        (0usize..3, 0usize..3, 0u8..3),
        prop::option::weighted(0.3, (0u8..11, (0usize..3, 0usize..3, 0u8..3))),
        prop::option::of(0usize..3),
    )
        .prop_map(|(actor, when, effect, chance, next)| MoveSpec {
            actor,
            when,
            effect,
            chance,
            next,
        });
    (
        1usize..=3,
        1usize..=3,
        prop::collection::vec(move_spec, 2..10),
        prop::collection::vec((cond(), prop::collection::vec(-3i8..6, 3)), 0..3),
        0usize..3,
        0u32..6,
        prop::collection::vec(prop::collection::vec(cond(), 1..3), 3),
    )
        .prop_map(
            |(n_actors, n_variables, moves, outcomes, turns, max_depth, priorities)| Spec {
                n_actors,
                n_variables,
                moves,
                outcomes,
                turns,
                max_depth: max_depth.max(1),
                priorities,
            },
        )
}

fn load(spec: &Spec) -> Scenario {
    let text = text(spec);
    load_str(&text, "prop.ron").unwrap_or_else(|d| panic!("does not load:\n{d}\n{text}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// Checks one situation's backward-induction values against its children
/// solved on their own with one move less.
fn check_induction(
    scenario: &Scenario,
    graph: &SituationGraph,
    s: SituationId,
    horizon: u32,
) -> Result<(), TestCaseError> {
    let solution = solve_from(scenario, graph, s, horizon);
    let Some(value) = solution.payoffs(s) else {
        return Ok(());
    };
    let choices = solution.choices(s);
    if graph.status(s) != Status::Open || choices.is_empty() {
        // An end, or cut by the horizon: the value is given, not induced.
        if let Status::Outcome(o) = graph.status(s) {
            prop_assert_eq!(value, scenario.outcome(o).payoffs.as_slice());
        } else {
            prop_assert!(value.iter().all(|v| *v == 0.0));
        }
        return Ok(());
    }
    let n_actors = scenario.actors.len();
    let mut mean = vec![0.0; n_actors];
    for choice in &choices {
        let a = choice.actor.index();
        let mut worths = Vec::new();
        for m in graph.moves(s) {
            if scenario.move_(m).actor != choice.actor {
                continue;
            }
            let mut worth = vec![0.0; n_actors];
            for step in graph.steps(s).filter(|x| graph.step(*x).move_ == m) {
                let t = graph.target(step);
                let child = solve_from(scenario, graph, t, horizon.saturating_sub(1));
                let p = graph.step(step).probability;
                for (w, v) in worth.iter_mut().zip(child.payoffs(t).unwrap()) {
                    *w += p * v;
                }
            }
            worths.push((m, worth));
        }
        let top = worths
            .iter()
            .map(|(_, w)| w[a])
            .fold(f64::NEG_INFINITY, f64::max);
        for (m, w) in &worths {
            let listed = choice.moves.contains(m);
            let gap = top - w[a];
            if listed {
                prop_assert!(
                    gap <= 2.0 * TIE_TOLERANCE * (1.0 + top.abs()),
                    "{m:?} listed"
                );
            } else {
                prop_assert!(gap > 0.0, "{m:?} not listed but as good");
            }
        }
        let first = worths.iter().find(|(m, _)| *m == choice.moves[0]).unwrap();
        for (x, w) in mean.iter_mut().zip(&first.1) {
            *x += w / choices.len() as f64;
        }
    }
    for (v, m) in value.iter().zip(&mean) {
        prop_assert!(close(*v, *m), "value {value:?}, expectation {mean:?}");
    }
    Ok(())
}

/// The states an actor reaches in one unilateral move, from the scenario.
fn unilateral(
    scenario: &Scenario,
    table: &StabilityTable,
    actor: usize,
    k: usize,
) -> BTreeSet<usize> {
    let values = table.values(k).to_vec();
    let mut out = BTreeSet::new();
    for m in scenario.moves.iter().filter(|m| m.actor.index() == actor) {
        if !m.when.holds(&values) {
            continue;
        }
        for j in 0..m.results.len().max(1) {
            let mut child = values.clone();
            for e in &m.effects {
                e.apply(&mut child, &scenario.variables);
            }
            if let Some(r) = m.results.get(j) {
                for e in &r.effects {
                    e.apply(&mut child, &scenario.variables);
                }
            }
            let target = table.find(&child).expect("states are closed under moves");
            if target != k {
                out.insert(target);
            }
        }
    }
    out
}

/// R_H(k1) by breadth-first search over (state, last mover) pairs.
fn coalition_reach(
    moves: &[Vec<BTreeSet<usize>>],
    pref: &dyn Fn(usize, usize) -> f64,
    coalition: &[usize],
    k1: usize,
    improving: bool,
) -> BTreeSet<usize> {
    let mut seen: BTreeSet<(usize, Option<usize>)> = BTreeSet::new();
    let mut queue = VecDeque::from([(k1, None)]);
    let mut reached = BTreeSet::new();
    while let Some((x, last)) = queue.pop_front() {
        for &j in coalition {
            if last == Some(j) {
                continue;
            }
            for &y in &moves[j][x] {
                if improving && pref(j, y) <= pref(j, x) {
                    continue;
                }
                if seen.insert((y, Some(j))) {
                    reached.insert(y);
                    queue.push_back((y, Some(j)));
                }
            }
        }
    }
    reached
}

fn check_stability(scenario: &Scenario, table: &StabilityTable) -> Result<(), TestCaseError> {
    let n = table.n_states();
    let n_actors = scenario.actors.len();
    let moves: Vec<Vec<BTreeSet<usize>>> = (0..n_actors)
        .map(|i| (0..n).map(|k| unilateral(scenario, table, i, k)).collect())
        .collect();
    let pref = |i: usize, k: usize| table.preference(k, ActorIndex(i as u16));
    for i in 0..n_actors {
        let others: Vec<usize> = (0..n_actors).filter(|&j| j != i).collect();
        for k in 0..n {
            let here = pref(i, k);
            let improvements: Vec<usize> = moves[i][k]
                .iter()
                .copied()
                .filter(|&k1| pref(i, k1) > here)
                .collect();
            let nash = improvements.is_empty();
            let gmr = improvements.iter().all(|&k1| {
                coalition_reach(&moves, &pref, &others, k1, false)
                    .iter()
                    .any(|&k2| pref(i, k2) <= here)
            });
            let smr = improvements.iter().all(|&k1| {
                coalition_reach(&moves, &pref, &others, k1, false)
                    .iter()
                    .any(|&k2| {
                        pref(i, k2) <= here && moves[i][k2].iter().all(|&k3| pref(i, k3) <= here)
                    })
            });
            let seq = improvements.iter().all(|&k1| {
                coalition_reach(&moves, &pref, &others, k1, true)
                    .iter()
                    .any(|&k2| pref(i, k2) <= here)
            });
            let actor = ActorIndex(i as u16);
            for (concept, want) in [
                (Concept::Nash, nash),
                (Concept::Gmr, gmr),
                (Concept::Smr, smr),
                (Concept::Seq, seq),
            ] {
                prop_assert_eq!(
                    table.is_stable(k, actor, concept),
                    want,
                    "state {} actor {} {:?}",
                    k,
                    i,
                    concept
                );
            }
        }
    }
    // An equilibrium under Nash has no unilateral improvement for anyone.
    for k in table.equilibria(Concept::Nash) {
        for (i, by_state) in moves.iter().enumerate() {
            prop_assert!(by_state[k].iter().all(|&k1| pref(i, k1) <= pref(i, k)));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn probabilities_sum_to_one(spec in spec(), horizon in 0u32..6) {
        let scenario = load(&spec);
        let graph = expand(&scenario);
        for s in graph.situations().take(12) {
            for model in [PlayModel::Uniform, PlayModel::Rational] {
                let p = outcome_probabilities_within(&scenario, &graph, s, model, horizon);
                prop_assert!((p.total() - 1.0).abs() < 1e-9, "{:?}", p);
                prop_assert!(p.by_outcome.iter().all(|q| *q >= 0.0));
                prop_assert!(p.unresolved >= 0.0 && p.dead_end >= 0.0);
                prop_assert!(p.beyond_horizon <= p.unresolved + 1e-12);
            }
        }
    }

    #[test]
    fn rational_outcomes_pay_what_backward_induction_says(spec in spec(), horizon in 0u32..6) {
        let scenario = load(&spec);
        let graph = expand(&scenario);
        for s in graph.situations().take(8) {
            let solution = solve_from(&scenario, &graph, s, horizon);
            let p = solution.outcome_probabilities(&graph);
            for (e, v) in p.expected_payoffs.iter().zip(solution.root_payoffs()) {
                prop_assert!(close(*e, v), "{:?} vs {:?}", p.expected_payoffs, solution.root_payoffs());
            }
            // The path's probability never exceeds its end's.
            let path = solution.path(&graph);
            prop_assert!(path.probability() <= 1.0 + 1e-12);
        }
    }

    #[test]
    fn values_are_the_expectation_of_the_chosen_children(spec in spec(), horizon in 0u32..5) {
        let scenario = load(&spec);
        let graph = expand(&scenario);
        for s in graph.situations().take(6) {
            check_induction(&scenario, &graph, s, horizon)?;
        }
    }

    #[test]
    fn the_report_reaches_what_a_search_of_the_graph_reaches(spec in spec()) {
        // The report reads the outcomes reachable from a situation off its
        // steps' own; a search from the situation must agree, at every
        // kind of situation (open, an outcome, a dead end, the frontier).
        let scenario = std::sync::Arc::new(load(&spec));
        let graph = std::sync::Arc::new(expand(&scenario));
        let study = demarche_core::analysis::Study::new(
            std::sync::Arc::clone(&scenario),
            std::sync::Arc::clone(&graph),
            1,
            Vec::new(),
        );
        for s in graph.situations().take(24) {
            let report = study.report(s, PlayModel::Uniform, false);
            prop_assert_eq!(&report.reachable, &graph.reachable_outcomes(s), "at {:?}", s);
            for step in report.moves.iter().flat_map(|m| &m.steps) {
                if step.status == Status::Open {
                    prop_assert_eq!(&step.reachable, &graph.reachable_outcomes(step.to));
                }
            }
        }
    }

    #[test]
    fn stability_follows_the_definitions(spec in spec()) {
        let scenario = load(&spec);
        let graph = expand(&scenario);
        let table = stability(&scenario, &graph).unwrap();
        check_stability(&scenario, &table)?;
    }
}
