//! Lemke's algorithm on games where floating point alone gave up: the
//! 49-node game that ran out of pivots (pygambit's exact `lcp` finds
//! (-42, 90)) and the 54-node zero-sum game whose path ended on a ray
//! (value 0), each checked by brute force against every pure strategy of
//! either player; and a few hundred random two-player games with perfect
//! recall (payoffs in +-9, in +-100, and zero-sum), each equilibrium
//! checked the same way.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use demarche::analysis::{BehaviourEquilibrium, sequence_equilibrium};
use demarche::engine::{SituationGraph, SituationId, Status};
use demarche::io::{Expanded, open_scenario, read_efg};
use demarche::model::Scenario;
use proptest::prelude::*;

use crate::common::{demarche, stdout};

fn sets(opened: &Expanded) -> Vec<Vec<SituationId>> {
    opened
        .information_sets
        .iter()
        .map(|s| s.situations.clone())
        .collect()
}

fn solved(opened: &Expanded) -> BehaviourEquilibrium {
    sequence_equilibrium(
        &opened.scenario,
        &opened.graph,
        opened.graph.start(),
        &sets(opened),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn open(path: &str) -> Expanded {
    open_scenario(Path::new(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .expand()
}

/// The most a player gets against the other's equilibrium behaviour, over
/// every pure strategy (one move per own information set), or `None` when
/// there are more than `cap` of them.
fn best_pure_reply(
    scenario: &Scenario,
    graph: &SituationGraph,
    eq: &BehaviourEquilibrium,
    player: usize,
    cap: usize,
) -> Option<f64> {
    let actor = eq.players[player];
    let own: Vec<usize> = (0..eq.sets.len())
        .filter(|k| eq.sets[*k].actor == actor)
        .collect();
    let mut total: usize = 1;
    for k in &own {
        total = total.checked_mul(eq.sets[*k].moves.len())?;
        if total > cap {
            return None;
        }
    }
    let mut best = f64::NEG_INFINITY;
    for code in 0..total {
        let mut rest = code;
        let mut pick = vec![None; eq.sets.len()];
        for k in &own {
            let n = eq.sets[*k].moves.len();
            pick[*k] = Some(rest % n);
            rest /= n;
        }
        best = best.max(worth(
            scenario,
            graph,
            eq,
            &pick,
            actor.index(),
            graph.start(),
        ));
    }
    Some(best)
}

/// What `actor` expects from `at` when the sets in `pick` take the picked
/// move and every other set plays its equilibrium probabilities.
fn worth(
    scenario: &Scenario,
    graph: &SituationGraph,
    eq: &BehaviourEquilibrium,
    pick: &[Option<usize>],
    actor: usize,
    at: SituationId,
) -> f64 {
    match graph.status(at) {
        Status::Outcome(o) => return scenario.outcome(o).payoffs[actor],
        Status::Open => {}
        _ => return 0.0,
    }
    let set = eq.sets.iter().position(|s| s.situations.contains(&at));
    let mut total = 0.0;
    for s in graph.steps(at) {
        let step = graph.step(s);
        let weight = match set {
            Some(k) => {
                let i = eq.sets[k]
                    .moves
                    .iter()
                    .position(|(m, _)| *m == step.move_)
                    .unwrap();
                match pick[k] {
                    Some(chosen) => f64::from(u8::from(chosen == i)),
                    None => eq.sets[k].moves[i].1,
                }
            }
            // A chance node: its results by their probabilities.
            None => 1.0,
        };
        if weight != 0.0 {
            total += weight
                * step.probability
                * worth(scenario, graph, eq, pick, actor, graph.target(s));
        }
    }
    total
}

/// Asserts that no pure strategy does better than the equilibrium for
/// either player (within `tolerance`); false if a player had too many
/// pure strategies to try.
fn is_nash(opened: &Expanded, eq: &BehaviourEquilibrium, tolerance: f64) -> bool {
    for player in 0..eq.players.len() {
        let Some(best) = best_pure_reply(&opened.scenario, &opened.graph, eq, player, 1 << 16)
        else {
            return false;
        };
        let got = eq.payoffs[eq.players[player].index()];
        assert!(
            best <= got + tolerance,
            "player {player} could get {best} instead of {got}"
        );
    }
    true
}

#[test]
fn the_game_that_ran_out_of_pivots_is_solved_at_minus_42_and_90() {
    let opened = open("tests/data/efg/lemke_fail_min2.efg");
    let eq = solved(&opened);
    assert_eq!(eq.payoffs.len(), 3);
    assert!((eq.payoffs[0] + 42.0).abs() < 1e-9, "{:?}", eq.payoffs);
    assert!((eq.payoffs[1] - 90.0).abs() < 1e-9, "{:?}", eq.payoffs);
    assert!(is_nash(&opened, &eq, 1e-9));
    // The command line says so, with the check.
    let out = demarche(&["solve", "tests/data/efg/lemke_fail_min2.efg"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("expected payoffs:\n  P1  -42\n  P2  90\n"),
        "{text}"
    );
}

#[test]
fn the_zero_sum_game_that_ended_on_a_ray_is_worth_zero() {
    let opened = open("tests/data/efg/lemke_ray_zero_sum_min.efg");
    let eq = solved(&opened);
    assert!(eq.payoffs[0].abs() < 1e-9, "{:?}", eq.payoffs);
    assert!(eq.payoffs[1].abs() < 1e-9, "{:?}", eq.payoffs);
    assert!(is_nash(&opened, &eq, 1e-9));
}

/// `.efg` text with each payoff pair `{ a b }` rewritten by `f`.
fn with_payoffs(text: &str, f: impl Fn(i64, i64) -> (i64, i64)) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let rewritten = line
            .starts_with("t ")
            .then(|| {
                let open = line.rfind('{')?;
                let numbers: Vec<i64> = line[open + 1..]
                    .trim_end_matches('}')
                    .split_whitespace()
                    .map(|w| w.trim_end_matches(',').parse().ok())
                    .collect::<Option<_>>()?;
                let [a, b] = numbers[..] else { return None };
                let (a, b) = f(a, b);
                Some(format!("{}{{ {a} {b} }}", &line[..open]))
            })
            .flatten();
        out.push_str(rewritten.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

fn check_random(text: &str) -> Result<(), TestCaseError> {
    let opened = read_efg(text, "random.efg")
        .unwrap_or_else(|d| panic!("{text}\n{d}"))
        .expand();
    let eq = sequence_equilibrium(
        &opened.scenario,
        &opened.graph,
        opened.graph.start(),
        &sets(&opened),
    )
    .unwrap_or_else(|e| panic!("{text}\n{e}"));
    let range = 200.0;
    prop_assume!(is_nash(&opened, &eq, 1e-9 * range));
    let total: f64 = eq.by_outcome.iter().sum::<f64>() + eq.no_outcome;
    prop_assert!((total - 1.0).abs() < 1e-9);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn random_games_with_payoffs_in_nine_are_solved(seed in any::<u64>(), n in 10usize..60) {
        check_random(&demarche::synthetic_games::imperfect_game(seed, n))?;
    }

    #[test]
    fn random_games_with_payoffs_in_a_hundred_are_solved(seed in any::<u64>(), n in 20usize..60) {
        let text = demarche::synthetic_games::imperfect_game(seed, n);
        // Spread -9..9 over -100..100, unevenly so ties are rarer.
        check_random(&with_payoffs(&text, |a, b| (a * 11 + b % 2, b * 11 - a % 2)))?;
    }

    #[test]
    fn random_zero_sum_games_are_solved_at_their_value(seed in any::<u64>(), n in 20usize..60) {
        let text = with_payoffs(&demarche::synthetic_games::imperfect_game(seed, n), |a, _| (a, -a));
        let opened = read_efg(&text, "random.efg").unwrap().expand();
        let eq = sequence_equilibrium(
            &opened.scenario,
            &opened.graph,
            opened.graph.start(),
            &sets(&opened),
        )
        .unwrap_or_else(|e| panic!("{text}\n{e}"));
        // Zero-sum: what one gains the other loses, and neither can do
        // better, so the first player's payoff is the game's value.
        prop_assert!((eq.payoffs[0] + eq.payoffs[1]).abs() < 1e-9);
        prop_assume!(is_nash(&opened, &eq, 1e-9 * 20.0));
    }
}
