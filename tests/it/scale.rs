//! Ties at the game's own scale: games whose payoffs or chances differ by
//! less than 1e-9 are solved as exactly as games in whole numbers (the
//! entry game in units of 1e-10, a 1e-10 chance that decides a choice, the
//! centipede scaled by 1e-10), and random perfect-information games give
//! the same equilibria, ties and counts when every payoff is multiplied by
//! a power of ten from 1e-12 to 1e12.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;
use std::path::Path;

use demarche::analysis::{all_equilibria, solve, tied};
use demarche::engine::Status;
use demarche::io::{Expanded, open_scenario, read_efg};
use proptest::prelude::*;

use crate::common::{demarche, stdout};

fn open(path: &str) -> Expanded {
    open_scenario(Path::new(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .expand()
}

/// Every pure subgame-perfect equilibrium: its path as move labels, and
/// its payoffs.
fn equilibria(opened: &Expanded) -> Vec<(Vec<String>, Vec<f64>)> {
    let all = all_equilibria(
        &opened.scenario,
        &opened.graph,
        opened.graph.start(),
        30,
        100,
        1_000_000,
    );
    assert!(all.complete);
    all.equilibria
        .iter()
        .map(|e| {
            (
                e.path
                    .steps
                    .iter()
                    .map(|s| opened.scenario.move_(s.move_).label.clone())
                    .collect(),
                e.payoffs.clone(),
            )
        })
        .collect()
}

#[test]
fn entry_in_units_of_1e_10_has_one_equilibrium_in_and_accommodate() {
    // Out gives the entrant 0; In, then Fight gives the incumbent -1e-10
    // and Accommodate 1e-10, so it accommodates, and In is worth 1e-10 > 0
    // to the entrant. With a 1e-9 floor every choice tied and 4 pure SPE
    // were reported, the first the non-credible "Out".
    let opened = open("tests/data/scale/entry_tiny_payoffs.efg");
    assert_eq!(
        equilibria(&opened),
        [(
            vec!["In".to_owned(), "Accommodate".to_owned()],
            vec![1e-10, 1e-10]
        )]
    );
    let solution = solve(&opened.scenario, &opened.graph);
    let path = solution.path(&opened.graph);
    assert!(path.steps.iter().all(|s| s.tied.is_empty()));
    let out = demarche(&["solve", "tests/data/scale/entry_tiny_payoffs.efg"]);
    let text = stdout(&out);
    assert!(
        text.contains("1 pure subgame-perfect equilibrium"),
        "{text}"
    );
}

#[test]
fn a_1e_10_chance_of_winning_beats_a_sure_nothing() {
    // Safe pays (0, 0); Risky wins (1, 0) with chance 1e-10, else (0, 0):
    // worth 1e-10 > 0 to P1, so Risky is the one equilibrium.
    let opened = open("tests/data/scale/tiny_probability_tie.efg");
    let found = equilibria(&opened);
    assert_eq!(found.len(), 1, "{found:?}");
    // The chance move is labelled by its event, "long shot".
    assert_eq!(found[0].0, ["Risky", "long shot"]);
    // P1, P2 and chance (which gets nothing).
    assert_eq!(found[0].1, [1e-10, 0.0, 0.0]);
    let solution = solve(&opened.scenario, &opened.graph);
    let start = opened.graph.start();
    let choices = solution.choices(start);
    let labels: Vec<&str> = choices[0]
        .moves
        .iter()
        .map(|m| opened.scenario.move_(*m).label.as_str())
        .collect();
    assert_eq!(labels, ["Risky"]);
}

#[test]
fn the_centipede_in_units_of_1e_10_takes_at_once_in_its_one_equilibrium() {
    let opened = open("tests/data/scale/centipede_tiny.efg");
    assert_eq!(
        equilibria(&opened),
        [(vec!["Take".to_owned()], vec![1e-10, 0.0])]
    );
}

#[test]
fn the_tie_rule_is_relative_with_no_floor() {
    assert!(tied(1.0, 1.0 + 1e-15, 1.0));
    assert!(!tied(1.0, 1.0 + 1e-9, 1.0));
    assert!(!tied(1e-10, 2e-10, 2e-10));
    assert!(tied(1e-10, 1e-10 * (1.0 + 1e-15), 1e-10));
    // Cancellation: 0.1 + 0.2 - 0.3 is not 0 in floating point, but at the
    // scale of the terms it is.
    assert!(tied(0.1 + 0.2 - 0.3, 0.0, 0.6));
    assert!(!tied(0.1 + 0.2 - 0.3, 0.0, 0.0));
    assert!(tied(0.0, 0.0, 0.0));
}

/// A random game of perfect information as `.efg` text: two or three
/// players, nodes of two or three moves, chance nodes with probabilities
/// in thirds, quarters or fifths, whole payoffs from -2 to 2 (so ties are
/// frequent) written times `10^exponent`.
fn game(seed: u64, n_nodes: usize, exponent: i32) -> String {
    let mut rng = demarche::session::SplitMix::new(seed);
    let n_players = 2 + rng.below(2) as usize;
    let mut text = String::from("EFG 2 R \"random\" {");
    for p in 1..=n_players {
        write!(text, " \"P{p}\"").unwrap();
    }
    text.push_str(" }\n\"\"\n\n");
    let mut budget = n_nodes as i64;
    let mut set = 0;
    let mut outcome = 0;
    let mut chance_set = 0;
    // Depth-first, in preorder: a stack of nodes still to write, each one
    // node of the tree.
    let mut pending = 1;
    while pending > 0 {
        pending -= 1;
        budget -= 1;
        let draw = rng.below(10);
        if budget <= 0 || (draw < 3 && budget < n_nodes as i64 - 1) {
            outcome += 1;
            write!(text, "t \"\" {outcome} \"\" {{").unwrap();
            for _ in 0..n_players {
                let v = rng.below(5) as i64 - 2;
                text.push(' ');
                text.push_str(&scaled(v, exponent));
            }
            text.push_str(" }\n");
            continue;
        }
        let n = 2 + rng.below(2) as usize;
        if draw < 5 {
            chance_set += 1;
            let probabilities: &[&str] = match (n, rng.below(3)) {
                (2, 0) => &["1/3", "2/3"],
                (2, 1) => &["1/5", "4/5"],
                (2, _) => &["1/2", "1/2"],
                (_, 0) => &["1/3", "1/3", "1/3"],
                (_, 1) => &["1/5", "2/5", "2/5"],
                (_, _) => &["1/4", "1/2", "1/4"],
            };
            write!(text, "c \"\" {chance_set} \"\" {{").unwrap();
            for (k, p) in probabilities.iter().enumerate() {
                write!(text, " \"r{k}\" {p}").unwrap();
            }
            text.push_str(" } 0\n");
            pending += probabilities.len();
        } else {
            set += 1;
            let player = 1 + rng.below(n_players as u64);
            write!(text, "p \"\" {player} {set} \"\" {{").unwrap();
            for k in 0..n {
                write!(text, " \"m{k}\"").unwrap();
            }
            text.push_str(" } 0\n");
            pending += n;
        }
    }
    text
}

/// `v x 10^exponent` as an exact `.efg` number.
fn scaled(v: i64, exponent: i32) -> String {
    let zeros = "0".repeat(exponent.unsigned_abs() as usize);
    if v == 0 {
        "0".to_owned()
    } else if exponent >= 0 {
        format!("{v}{zeros}")
    } else {
        format!("{v}/1{zeros}")
    }
}

/// Everything an answer says that must not depend on scale.
#[derive(Debug, PartialEq)]
struct Answer {
    /// Each decision node's best moves.
    best: Vec<Vec<u32>>,
    /// Every pure equilibrium's path (steps) and the ties it breaks.
    equilibria: Vec<(Vec<String>, Vec<String>)>,
    /// Whether the enumeration finished.
    complete: bool,
}

fn answer(text: &str) -> Answer {
    let opened = read_efg(text, "random.efg").unwrap().expand();
    let (scenario, graph) = (&opened.scenario, &opened.graph);
    let solution = solve(scenario, graph);
    let best = graph
        .situations()
        .filter(|s| graph.status(*s) == Status::Open)
        .map(|s| {
            solution
                .choices(s)
                .iter()
                .flat_map(|c| c.moves.iter().map(|m| m.0))
                .collect()
        })
        .collect();
    let all = all_equilibria(scenario, graph, graph.start(), 30, 200, 1_000_000);
    let each = all
        .equilibria
        .iter()
        .map(|e| {
            (
                e.path
                    .steps
                    .iter()
                    .map(|s| format!("{:?}", s.step))
                    .collect(),
                e.ties
                    .iter()
                    .map(|t| format!("{} {:?}", t.situation, t.move_))
                    .collect(),
            )
        })
        .collect();
    Answer {
        best,
        equilibria: each,
        complete: all.complete,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scaling_every_payoff_by_a_power_of_ten_changes_no_answer(
        seed in any::<u64>(),
        n_nodes in 3usize..60,
        exponent in prop::sample::select(vec![-12, -10, -6, -3, 3, 6, 10, 12]),
    ) {
        let plain = answer(&game(seed, n_nodes, 0));
        let scaled = answer(&game(seed, n_nodes, exponent));
        prop_assert_eq!(plain, scaled);
    }
}
