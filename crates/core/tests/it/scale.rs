//! Games past the old limits: more outcomes than a 16-bit index holds,
//! solved and checked against a backward induction written here.

use demarche_core::analysis::solve;
use demarche_core::io::read_efg;
use demarche_core::synthetic_efg::{EfgRandomTreeSpec, random_tree};

/// A node of the independent reading: the payoffs of a leaf, or a player's
/// (or chance's, with probabilities) node with its number of actions.
enum Line {
    Leaf(Vec<f64>),
    Player(usize, usize),
    Chance(Vec<f64>),
}

/// Reads the generated text line by line (the generator writes one node a
/// line, in preorder): enough of the format for these games, and nothing
/// shared with demarche's parser.
fn lines(text: &str) -> Vec<Line> {
    let fraction = |s: &str| -> f64 {
        let (a, b) = s.split_once('/').unwrap_or((s, "1"));
        a.parse::<f64>().unwrap() / b.parse::<f64>().unwrap()
    };
    let inside = |l: &str| -> Vec<String> {
        let open = l.find('{').unwrap();
        let close = l.rfind('}').unwrap();
        l[open + 1..close]
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    text.lines()
        .filter_map(|l| match l.chars().next() {
            Some('t') => Some(Line::Leaf(
                inside(l).iter().map(|x| x.parse().unwrap()).collect(),
            )),
            Some('p') => {
                let player: usize = l.split_whitespace().nth(2).unwrap().parse().unwrap();
                Some(Line::Player(player - 1, inside(l).len()))
            }
            Some('c') => Some(Line::Chance(
                inside(l)
                    .iter()
                    .skip(1)
                    .step_by(2)
                    .map(|p| fraction(p))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// Backward induction over the preorder lines, with an explicit stack: each
/// player takes the child best for them (the generator leaves no ties),
/// chance the expectation. Returns the root's payoffs.
fn backward_induction(lines: &[Line]) -> Vec<f64> {
    // Finished children's payoffs, and the inner nodes still waiting for
    // theirs (line index, children done).
    let mut values: Vec<Vec<f64>> = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match line {
            Line::Leaf(p) => values.push(p.clone()),
            Line::Player(..) | Line::Chance(_) => {
                open.push((i, 0));
                continue;
            }
        }
        // A value was pushed: close every node that now has all its children.
        while let Some((at, done)) = open.last_mut() {
            *done += 1;
            let n = match &lines[*at] {
                Line::Player(_, n) => *n,
                Line::Chance(p) => p.len(),
                Line::Leaf(_) => unreachable!(),
            };
            if *done < n {
                break;
            }
            let at = *at;
            open.pop();
            let children = values.split_off(values.len() - n);
            let value = match &lines[at] {
                Line::Player(player, _) => children
                    .into_iter()
                    .max_by(|a, b| a[*player].total_cmp(&b[*player]))
                    .unwrap(),
                Line::Chance(p) => {
                    let mut sum = vec![0.0; children[0].len()];
                    for (c, q) in children.iter().zip(p) {
                        for (s, x) in sum.iter_mut().zip(c) {
                            *s += q * x;
                        }
                    }
                    sum
                }
                Line::Leaf(_) => unreachable!(),
            };
            values.push(value);
        }
    }
    assert!(open.is_empty() && values.len() == 1);
    values.pop().unwrap()
}

#[test]
fn seventy_five_thousand_outcomes_solve_to_the_backward_induction_payoffs() {
    let spec = EfgRandomTreeSpec::MANY_OUTCOMES;
    let text = random_tree(&spec);
    let game = read_efg(&text, "many_outcomes.efg").unwrap();
    assert_eq!(game.scenario.outcomes.len(), 75_004);
    assert!(game.notes.is_empty(), "{:?}", game.notes);
    let graph = game.game_graph().unwrap().clone();
    assert_eq!(graph.n_situations() as u64, spec.n_nodes());
    let solution = solve(&game.scenario, &graph);
    let expected = backward_induction(&lines(&text));
    assert_eq!(solution.root_payoffs(), expected);
    assert_eq!(solution.path(&graph).probability(), 1.0);
}

#[test]
fn a_three_player_tree_with_chance_solves_to_the_backward_induction_payoffs() {
    let spec = EfgRandomTreeSpec {
        n_inner: 2_000,
        ..EfgRandomTreeSpec::THREE_PLAYERS
    };
    let text = random_tree(&spec);
    assert!(text.lines().any(|l| l.starts_with("c ")));
    let game = read_efg(&text, "three.efg").unwrap();
    assert_eq!(game.scenario.outcomes.len(), 2_001);
    let graph = game.game_graph().unwrap().clone();
    let solution = solve(&game.scenario, &graph);
    let expected = backward_induction(&lines(&text));
    // The chance player is a fourth actor, with no payoffs of its own.
    let got = solution.root_payoffs();
    assert_eq!(got.len(), 4);
    assert_eq!(got[3], 0.0);
    for (g, e) in got.iter().zip(&expected) {
        assert!(
            (g - e).abs() <= 1e-9 * e.abs().max(1.0),
            "{got:?} against {expected:?}"
        );
    }
}
