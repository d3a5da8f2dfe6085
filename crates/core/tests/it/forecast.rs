//! The four play models on hand-computed fixtures (judged moves that
//! exceed 1, a free turn, chance inside judged branches, a cycle cut by
//! the horizon), intervals by hand, and the quantal response model against
//! an independent evaluator written here over the Gambit fixtures' own
//! text: lambda 0 is uniform play, a large lambda is rational play, and
//! every lambda matches to 1e-6. Every number is derived in the fixture's
//! comment or next to the assertion.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use demarche_core::analysis::{
    OutcomeProbabilities, PlayAnalysis, PlayModel, outcome_intervals, outcome_probabilities, solve,
};
use demarche_core::engine::{SituationGraph, expand};
use demarche_core::io::load_file;
use demarche_core::io::open_scenario;
use demarche_core::model::{Scenario, load_str};

fn load(name: &str) -> (Scenario, SituationGraph) {
    let path = format!("../../tests/data/analysis/{name}.ron");
    let scenario = load_file(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let graph = expand(&scenario);
    (scenario, graph)
}

fn efg(name: &str) -> (Scenario, SituationGraph, String) {
    let path = format!("../../tests/data/efg/{name}.efg");
    let opened = open_scenario(Path::new(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let graph = opened
        .game_graph()
        .expect("a game comes with its graph")
        .clone();
    (
        opened.scenario,
        graph,
        std::fs::read_to_string(&path).unwrap(),
    )
}

const GAMES: [&str; 5] = ["centipede", "entry", "ultimatum", "venture", "coalition"];

fn probabilities(
    scenario: &Scenario,
    graph: &SituationGraph,
    model: PlayModel,
) -> OutcomeProbabilities {
    outcome_probabilities(scenario, graph, graph.start(), model)
}

#[track_caller]
fn assert_close(got: &[f64], want: &[f64], tolerance: f64) {
    assert_eq!(got.len(), want.len(), "got {got:?}, want {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= tolerance, "got {got:?}, want {want:?}");
    }
}

#[track_caller]
fn assert_same(a: &OutcomeProbabilities, b: &OutcomeProbabilities, tolerance: f64) {
    assert_close(&a.by_outcome, &b.by_outcome, tolerance);
    assert_close(&a.expected_payoffs, &b.expected_payoffs, tolerance);
    assert_close(
        &[a.unresolved, a.beyond_horizon, a.dead_end],
        &[b.unresolved, b.beyond_horizon, b.dead_end],
        tolerance,
    );
}

#[test]
fn judged_moves_by_hand_including_judgements_that_exceed_one() {
    let (scenario, graph) = load("judged");
    let p = probabilities(&scenario, &graph, PlayModel::Judged);
    assert_close(&p.by_outcome, &[0.49, 0.36, 0.075, 0.075], 1e-12);
    assert_eq!((p.unresolved, p.dead_end), (0.0, 0.0));
    assert!((p.total() - 1.0).abs() < 1e-12);
    // Payoffs: 0.49 x 3 + 0.36 x 1 + 0.075 x 4 + 0.075 x -5 for A.
    assert_close(&p.expected_payoffs, &[1.755, 1.605], 1e-12);

    let i = outcome_intervals(&scenario, &graph, graph.start(), PlayModel::Judged, 30);
    assert!(!i.choices_fixed);
    // Threaten and wait are unjudged beside "likely": together they share
    // what talking leaves (20-45 %), and either may take all of it. So
    // stalemate runs from talk 55 %, rejected 20 %, nothing to waiting
    // (0.11) to talk 55 %, rejected 45 %, all 45 % to waiting (0.6975);
    // concession from 0 (nothing to threatening) to all 45 % to
    // threatening, conceded at 0.8 / 1.35 (scaled "likely" against
    // "likely").
    let want = [
        (0.3025, 0.64),
        (0.11, 0.6975),
        (0.0, 0.45 * 0.8 / 1.35),
        (0.0, 0.45 * 0.8 / 1.35),
    ];
    for ((l, h), (wl, wh)) in i.by_outcome.iter().zip(want) {
        assert!((l - wl).abs() < 1e-12 && (h - wh).abs() < 1e-12, "{i:?}");
    }

    // Uniform ignores the judgements: a third each for A, half each for B.
    let u = probabilities(&scenario, &graph, PlayModel::Uniform);
    assert_close(
        &u.by_outcome,
        &[0.7 / 3.0, 0.3 / 3.0 + 1.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0],
        1e-12,
    );
    // Uniform intervals range only the chance results: deal 1/3 x 55-80 %.
    let i = outcome_intervals(&scenario, &graph, graph.start(), PlayModel::Uniform, 30);
    assert!((i.by_outcome[0].0 - 0.55 / 3.0).abs() < 1e-12);
    assert!((i.by_outcome[0].1 - 0.8 / 3.0).abs() < 1e-12);
    assert_eq!(i.by_outcome[2], (1.0 / 6.0, 1.0 / 6.0));

    // Rational: B concedes (0 beats -3); A threatens (4 beats 3 x 0.7 +
    // 0.3 = 2.4 and 1).
    let r = probabilities(&scenario, &graph, PlayModel::Rational);
    assert_eq!(r.by_outcome, vec![0.0, 0.0, 1.0, 0.0]);
    // Under rational play the choices are held; nothing else ranges here.
    let i = outcome_intervals(&scenario, &graph, graph.start(), PlayModel::Rational, 30);
    assert!(i.choices_fixed);
    assert_eq!(i.by_outcome[2], (1.0, 1.0));
}

#[test]
fn a_free_turn_pools_the_judgements_of_every_mover() {
    let (scenario, graph) = load("free_turn_judged");
    let p = probabilities(&scenario, &graph, PlayModel::Judged);
    assert_close(&p.by_outcome, &[0.3, 0.35, 0.35], 1e-12);
    assert!((p.total() - 1.0).abs() < 1e-12);
    // "unlikely" is 20-45 %; B's two moves share the rest, in any split:
    // either may take none of it or all of it (55-80 %).
    let i = outcome_intervals(&scenario, &graph, graph.start(), PlayModel::Judged, 30);
    assert_close(&[i.by_outcome[0].0, i.by_outcome[0].1], &[0.2, 0.45], 1e-12);
    assert_close(&[i.by_outcome[1].0, i.by_outcome[1].1], &[0.0, 0.8], 1e-12);
}

#[test]
fn a_judged_cycle_is_cut_by_the_horizon() {
    let (scenario, graph) = load("judged_cycle");
    let p = probabilities(&scenario, &graph, PlayModel::Judged);
    assert_close(&p.by_outcome, &[0.515375, 0.44175], 1e-12);
    assert!((p.unresolved - 0.042875).abs() < 1e-12);
    assert!((p.beyond_horizon - 0.042875).abs() < 1e-12);
    assert!((p.total() - 1.0).abs() < 1e-12);
    let i = outcome_intervals(&scenario, &graph, graph.start(), PlayModel::Judged, 3);
    let low = 0.275 * (1.0 + 0.275 * (1.0 + 0.275));
    assert!((i.by_outcome[0].0 - low).abs() < 1e-12, "{i:?}");
    assert!((i.by_outcome[0].1 - 0.624).abs() < 1e-12, "{i:?}");
}

#[test]
fn quantal_response_by_hand_with_chance() {
    // chance.ron at lambda 1. B, after a loss, punishes (2 to B) with
    // probability e^2 / (e^2 + e) = e / (e + 1) and forgives otherwise, so
    // a loss is worth -2 pi + (1 - pi) to A and the gamble 2.5 + 0.75 x
    // that; A plays safe (3) with probability 1 / (1 + e^(gamble - 3)).
    let (scenario, graph) = load("chance");
    let e = std::f64::consts::E;
    let pi = e / (e + 1.0);
    let gamble = 2.5 + 0.75 * (-2.0 * pi + (1.0 - pi));
    let safe = 1.0 / (1.0 + (gamble - 3.0).exp());
    let p = probabilities(&scenario, &graph, PlayModel::Qre { lambda: 1.0 });
    let rest = 1.0 - safe;
    assert_close(
        &p.by_outcome,
        &[
            safe,
            rest * 0.25,
            rest * 0.75 * pi,
            rest * 0.75 * (1.0 - pi),
        ],
        1e-12,
    );
    let b_loss = 2.0 * pi + (1.0 - pi);
    assert_close(
        &p.expected_payoffs,
        &[safe * 3.0 + rest * gamble, rest * (0.25 + 0.75 * b_loss)],
        1e-12,
    );
    // The numbers, for the record: A plays safe 80.14 % of the time.
    assert!((safe - 0.801_370_451_504_384_4).abs() < 1e-12);
}

#[test]
fn quantal_response_on_a_free_turn_runs_from_uniform_to_rational() {
    // A's only move and B's best weigh 1; B's other move, worth 1 less to
    // B, weighs e^-lambda.
    let (scenario, graph) = load("free_turn");
    for lambda in [0.0, 0.5, 1.0, 3.0] {
        let p = probabilities(&scenario, &graph, PlayModel::Qre { lambda });
        let w = (-lambda).exp();
        let total = 2.0 + w;
        assert_close(&p.by_outcome, &[1.0 / total, 1.0 / total, w / total], 1e-12);
    }
    let uniform = probabilities(&scenario, &graph, PlayModel::Uniform);
    let zero = probabilities(&scenario, &graph, PlayModel::Qre { lambda: 0.0 });
    assert_same(&zero, &uniform, 1e-12);
    let rational = probabilities(&scenario, &graph, PlayModel::Rational);
    let limit = probabilities(&scenario, &graph, PlayModel::Qre { lambda: 1e6 });
    assert_same(&limit, &rational, 1e-12);
    let infinite = probabilities(
        &scenario,
        &graph,
        PlayModel::Qre {
            lambda: f64::INFINITY,
        },
    );
    assert_same(&infinite, &rational, 1e-12);
}

#[test]
fn quantal_response_in_a_cycle_names_what_the_horizon_cuts() {
    // cycle.ron, horizon 3, lambda 0: uniform play, a quarter of each
    // round loops, so 1/64 is cut.
    let (scenario, graph) = load("cycle");
    let p = probabilities(&scenario, &graph, PlayModel::Qre { lambda: 0.0 });
    assert!((p.beyond_horizon - 1.0 / 64.0).abs() < 1e-12);
    assert!((p.unresolved - 1.0 / 64.0).abs() < 1e-12);
    assert!((p.total() - 1.0).abs() < 1e-12);
    for lambda in [0.3, 2.0, 50.0] {
        let p = probabilities(&scenario, &graph, PlayModel::Qre { lambda });
        assert!((p.total() - 1.0).abs() < 1e-12);
        assert!(p.unresolved > 0.0);
    }
}

#[test]
fn the_frontier_and_dead_ends_are_named_under_every_model() {
    for name in ["frontier", "judged", "cycle", "free_turn", "chance", "ties"] {
        let (scenario, graph) = load(name);
        for model in [
            PlayModel::Uniform,
            PlayModel::Judged,
            PlayModel::Qre { lambda: 1.5 },
            PlayModel::Rational,
        ] {
            let p = probabilities(&scenario, &graph, model);
            assert!((p.total() - 1.0).abs() < 1e-12, "{name} {model:?}");
        }
    }
    // The frontier fixture leaves probability unresolved under each model.
    let (scenario, graph) = load("frontier");
    let uniform = probabilities(&scenario, &graph, PlayModel::Uniform);
    let forecast = probabilities(&scenario, &graph, PlayModel::Judged);
    assert!(uniform.unresolved > 0.0);
    assert_eq!(forecast, uniform);
}

/// Every shipped scenario, the harbour and the analysis fixtures without
/// judgements: the forecast is uniform play exactly, and quantal response
/// at lambda 0 is uniform play.
#[test]
fn without_judgements_the_forecast_is_uniform_play() {
    let mut texts: Vec<(String, String)> = demarche_core::LIBRARY
        .iter()
        .map(|b| (b.name.to_owned(), b.text.to_owned()))
        .collect();
    for name in [
        "chance",
        "cycle",
        "free_turn",
        "frontier",
        "ties",
        "three_actors",
    ] {
        let path = format!("../../tests/data/analysis/{name}.ron");
        texts.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
    }
    texts.push((
        "harbour".into(),
        std::fs::read_to_string("../../tests/data/ok/harbour.ron").unwrap(),
    ));
    for (name, text) in texts {
        let scenario = load_str(&text, &name).unwrap();
        if scenario.moves.iter().any(|m| m.likelihood.is_some()) {
            continue;
        }
        let graph = expand(&scenario);
        let uniform = probabilities(&scenario, &graph, PlayModel::Uniform);
        let forecast = probabilities(&scenario, &graph, PlayModel::Judged);
        assert_eq!(forecast, uniform, "{name}");
        let zero = probabilities(&scenario, &graph, PlayModel::Qre { lambda: 0.0 });
        assert_same(&zero, &uniform, 1e-9);
    }
}

/// Whether rational play meets a tie anywhere the unfolding reaches.
fn rational_meets_a_tie(scenario: &Scenario, graph: &SituationGraph) -> bool {
    let solution = solve(scenario, graph);
    graph
        .situations()
        .any(|s| solution.choices(s).iter().any(|c| c.moves.len() > 1))
}

#[test]
fn a_large_lambda_is_rational_play_on_every_shipped_scenario() {
    for built_in in demarche_core::LIBRARY {
        let scenario = load_str(built_in.text, built_in.name).unwrap();
        let graph = expand(&scenario);
        let analysis =
            PlayAnalysis::new(&scenario, &graph, graph.start(), scenario.limits.max_depth);
        let large = analysis.probabilities(&graph, PlayModel::Qre { lambda: 1e6 });
        let limit = analysis.probabilities(
            &graph,
            PlayModel::Qre {
                lambda: f64::INFINITY,
            },
        );
        assert_same(&large, &limit, 1e-6);
        let uniform = analysis.probabilities(&graph, PlayModel::Uniform);
        let zero = analysis.probabilities(&graph, PlayModel::Qre { lambda: 0.0 });
        assert_same(&zero, &uniform, 1e-9);
        let rational = analysis.probabilities(&graph, PlayModel::Rational);
        // Some of them tie somewhere (the limit splits ties, rational play
        // takes the first), but never where it changes the forecast.
        assert_same(&large, &rational, 1e-6);
    }
}

// ---------------------------------------------------------------------
// An independent logit QRE over the text of a Gambit game: a tokenizer, a
// recursive tree and a recursive evaluator, sharing no code with demarche.

#[derive(Debug)]
enum Token {
    Text(String),
    Number(f64),
    Open,
    Close,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                s.push(chars[i]);
                i += 1;
            }
            out.push(Token::Text(s));
            i += 1;
        } else if c == '{' {
            out.push(Token::Open);
            i += 1;
        } else if c == '}' {
            out.push(Token::Close);
            i += 1;
        } else if c.is_whitespace() || c == ',' {
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !"{},\"".contains(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let number = match word.split_once('/') {
                Some((a, b)) => a.parse::<f64>().unwrap() / b.parse::<f64>().unwrap(),
                None => word.parse::<f64>().unwrap_or(f64::NAN),
            };
            if number.is_nan() {
                out.push(Token::Text(word));
            } else {
                out.push(Token::Number(number));
            }
        }
    }
    out
}

#[derive(Debug)]
enum Tree {
    Player {
        player: usize,
        own: Vec<f64>,
        children: Vec<Tree>,
    },
    Chance {
        probabilities: Vec<f64>,
        own: Vec<f64>,
        children: Vec<Tree>,
    },
    Terminal {
        payoffs: Vec<f64>,
    },
}

struct Reader {
    tokens: Vec<Token>,
    at: usize,
    n_players: usize,
    outcomes: std::collections::HashMap<i64, Vec<f64>>,
    actions: std::collections::HashMap<(usize, i64), Vec<f64>>,
}

impl Reader {
    fn next(&mut self) -> &Token {
        self.at += 1;
        &self.tokens[self.at - 1]
    }
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }
    fn number(&mut self) -> f64 {
        match self.next() {
            Token::Number(x) => *x,
            other => panic!("expected a number, found {other:?}"),
        }
    }
    fn skip_text(&mut self) {
        if let Some(Token::Text(_)) = self.peek() {
            self.at += 1;
        }
    }
    /// A braced list: labels and numbers in order.
    fn list(&mut self) -> Vec<Token> {
        assert!(matches!(self.next(), Token::Open));
        let mut out = Vec::new();
        loop {
            match self.next() {
                Token::Close => return out,
                Token::Text(s) => out.push(Token::Text(s.clone())),
                Token::Number(x) => out.push(Token::Number(*x)),
                Token::Open => panic!("nested list"),
            }
        }
    }
    /// An outcome reference: its number, then a name and payoffs the first
    /// time.
    fn outcome(&mut self) -> Vec<f64> {
        let id = self.number() as i64;
        if id == 0 {
            return vec![0.0; self.n_players];
        }
        // A name is there only when payoffs follow it.
        if matches!(self.peek(), Some(Token::Text(_)))
            && matches!(self.tokens.get(self.at + 1), Some(Token::Open))
        {
            self.at += 1;
        }
        if let Some(Token::Open) = self.peek() {
            let payoffs: Vec<f64> = self
                .list()
                .iter()
                .map(|t| match t {
                    Token::Number(x) => *x,
                    other => panic!("payoff {other:?}"),
                })
                .collect();
            self.outcomes.insert(id, payoffs);
        }
        self.outcomes[&id].clone()
    }
    fn node(&mut self) -> Tree {
        let kind = match self.next() {
            Token::Text(k) => k.clone(),
            other => panic!("node kind {other:?}"),
        };
        self.skip_text();
        match kind.as_str() {
            "t" => Tree::Terminal {
                payoffs: self.outcome(),
            },
            "p" | "c" => {
                let player = if kind == "p" {
                    self.number() as usize
                } else {
                    0
                };
                let infoset = self.number() as i64;
                self.skip_text();
                if let Some(Token::Open) = self.peek() {
                    let list = self.list();
                    let probabilities: Vec<f64> = if kind == "p" {
                        list.iter().map(|_| 0.0).collect()
                    } else {
                        list.iter()
                            .filter_map(|t| match t {
                                Token::Number(x) => Some(*x),
                                Token::Text(_) => None,
                                _ => None,
                            })
                            .collect()
                    };
                    self.actions.insert((player, infoset), probabilities);
                }
                let probabilities = self.actions[&(player, infoset)].clone();
                let own = self.outcome();
                let children = (0..probabilities.len()).map(|_| self.node()).collect();
                if kind == "p" {
                    Tree::Player {
                        player: player - 1,
                        own,
                        children,
                    }
                } else {
                    Tree::Chance {
                        probabilities,
                        own,
                        children,
                    }
                }
            }
            other => panic!("unknown node kind {other}"),
        }
    }
}

fn read_game(text: &str) -> (usize, Tree) {
    let tokens = tokens(text);
    // EFG 2 R "title" { players } "comment"
    let mut reader = Reader {
        tokens,
        at: 4,
        n_players: 0,
        outcomes: Default::default(),
        actions: Default::default(),
    };
    let players = reader.list();
    reader.n_players = players.len();
    reader.skip_text();
    let tree = reader.node();
    (reader.n_players, tree)
}

/// Where play ends: each terminal's payoffs with its probability.
type Ends = Vec<(Vec<f64>, f64)>;

/// Payoffs and the probability of each distinct payoff vector reached,
/// under logit QRE with `lambda` (infinite: best moves, ties split).
fn evaluate(tree: &Tree, lambda: f64, n: usize) -> (Vec<f64>, Ends) {
    fn add(a: &[f64], b: &[f64]) -> Vec<f64> {
        a.iter().zip(b).map(|(x, y)| x + y).collect()
    }
    fn go(tree: &Tree, acc: &[f64], lambda: f64) -> (Vec<f64>, Ends) {
        match tree {
            Tree::Terminal { payoffs } => {
                let v = add(acc, payoffs);
                (v.clone(), vec![(v, 1.0)])
            }
            Tree::Chance {
                probabilities,
                own,
                children,
            } => {
                let acc = add(acc, own);
                mix(
                    children.iter().map(|c| go(c, &acc, lambda)).collect(),
                    probabilities,
                )
            }
            Tree::Player {
                player,
                own,
                children,
            } => {
                let acc = add(acc, own);
                let solved: Vec<_> = children.iter().map(|c| go(c, &acc, lambda)).collect();
                let u: Vec<f64> = solved.iter().map(|s| s.0[*player]).collect();
                let best = u.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let w: Vec<f64> = u
                    .iter()
                    .map(|x| {
                        if lambda.is_infinite() {
                            if (best - x).abs() <= 1e-9 * (1.0 + best.abs()) {
                                1.0
                            } else {
                                0.0
                            }
                        } else {
                            (lambda * (x - best)).exp()
                        }
                    })
                    .collect();
                let total: f64 = w.iter().sum();
                let p: Vec<f64> = w.iter().map(|x| x / total).collect();
                mix(solved, &p)
            }
        }
    }
    fn mix(solved: Vec<(Vec<f64>, Ends)>, p: &[f64]) -> (Vec<f64>, Ends) {
        let n = solved[0].0.len();
        let mut value = vec![0.0; n];
        let mut ends = Vec::new();
        for ((v, e), q) in solved.into_iter().zip(p) {
            for (x, y) in value.iter_mut().zip(&v) {
                *x += q * y;
            }
            ends.extend(e.into_iter().map(|(pay, r)| (pay, r * q)));
        }
        (value, ends)
    }
    go(tree, &vec![0.0; n], lambda)
}

/// The reference's probability of an outcome with these payoffs.
fn reference_probability(ends: &[(Vec<f64>, f64)], payoffs: &[f64]) -> f64 {
    ends.iter()
        .filter(|(p, _)| p.iter().zip(payoffs).all(|(a, b)| (a - b).abs() < 1e-9))
        .map(|(_, q)| q)
        .sum()
}

#[test]
fn quantal_response_matches_an_independent_evaluator_on_every_gambit_game() {
    for name in GAMES {
        let (scenario, graph, text) = efg(name);
        let (n, tree) = read_game(&text);
        assert_eq!(
            n,
            scenario.actors.len() - usize::from(scenario.actor_by_id("chance").is_some())
        );
        for lambda in [0.0, 0.1, 0.5, 1.0, 2.0, 10.0, 1e6, f64::INFINITY] {
            let p = probabilities(&scenario, &graph, PlayModel::Qre { lambda });
            let (value, ends) = evaluate(&tree, lambda, n);
            assert_close(&p.expected_payoffs[..n], &value, 1e-6);
            for (o, q) in scenario.outcomes.iter().zip(&p.by_outcome) {
                let want = reference_probability(&ends, &o.payoffs[..n]);
                assert!(
                    (q - want).abs() < 1e-6,
                    "{name} lambda {lambda}: {} {q} vs {want}",
                    o.id
                );
            }
            assert!((p.total() - 1.0).abs() < 1e-12);
        }
    }
}

#[test]
fn lambda_zero_is_uniform_and_a_large_lambda_rational_on_every_gambit_game() {
    for name in GAMES {
        let (scenario, graph, text) = efg(name);
        let uniform = probabilities(&scenario, &graph, PlayModel::Uniform);
        let zero = probabilities(&scenario, &graph, PlayModel::Qre { lambda: 0.0 });
        assert_same(&zero, &uniform, 1e-12);
        let rational = probabilities(&scenario, &graph, PlayModel::Rational);
        let large = probabilities(&scenario, &graph, PlayModel::Qre { lambda: 1e6 });
        if name == "ultimatum" {
            // Offered 0, the responder is indifferent: the limit splits
            // Accept and Reject, so offering 0 is worth 1.5 to the proposer
            // and offering 1 (worth 2) wins; rational play accepts the
            // first tied move and the proposer offers 0 (3, 0).
            assert!(rational_meets_a_tie(&scenario, &graph));
            assert_close(&rational.expected_payoffs, &[3.0, 0.0], 1e-12);
            assert_close(&large.expected_payoffs, &[2.0, 1.0], 1e-6);
            let (_, tree) = read_game(&text);
            let (value, _) = evaluate(&tree, f64::INFINITY, 2);
            assert_close(&value, &[2.0, 1.0], 1e-12);
            continue;
        }
        assert!(!rational_meets_a_tie(&scenario, &graph), "{name}");
        assert_same(&large, &rational, 1e-6);
    }
}

#[test]
fn the_lambda_sweep_runs_from_uniform_to_rational_and_says_where_the_lead_changes() {
    let (scenario, graph) = load("judged");
    let analysis = PlayAnalysis::new(&scenario, &graph, graph.start(), 30);
    let sweep = analysis.lambda_sweep(&graph);
    // Lambda 0 first: uniform play, where the stalemate leads (43.3 %).
    assert_eq!(sweep.lambdas[0], 0.0);
    assert_same(
        &sweep.probabilities[0],
        &probabilities(&scenario, &graph, PlayModel::Uniform),
        1e-12,
    );
    assert_eq!(sweep.leader(0).map(|o| o.index()), Some(1));
    // The top is where play is within 0.05 points of the limit, and the
    // lambda before it on the grid is not.
    let top = sweep.rational_lambda;
    assert_eq!(*sweep.lambdas.last().unwrap(), top);
    let gap = |lambda: f64| {
        let p = analysis.probabilities(&graph, PlayModel::Qre { lambda });
        p.by_outcome
            .iter()
            .zip(&sweep.limit.by_outcome)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max)
    };
    assert!(gap(top) <= demarche_core::analysis::INDISTINGUISHABLE);
    assert!(gap(top / 2.0) > demarche_core::analysis::INDISTINGUISHABLE);
    // In the limit B concedes and A threatens: the concession, for certain,
    // as rational play has it.
    assert_close(&sweep.limit.by_outcome, &[0.0, 0.0, 1.0, 0.0], 1e-9);
    let last = sweep.crossings().last().cloned().unwrap();
    assert_eq!(last.to.map(|o| o.index()), Some(2));
    let finding = sweep.finding(&scenario);
    assert!(
        finding.starts_with(
            "With every move equally likely (lambda 0) the most likely outcome is \"Stalemate\"."
        ),
        "{finding}"
    );
    assert!(finding.contains(" it is \"Concession\"."), "{finding}");
    // Every point of the sweep sums to 1.
    for p in &sweep.probabilities {
        assert!((p.total() - 1.0).abs() < 1e-9);
    }
}
