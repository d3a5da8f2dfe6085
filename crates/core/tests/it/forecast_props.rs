//! Property tests for the play models and intervals on generated
//! scenarios with judged moves and chance results written as words or
//! numbers (cycles, free turns, dead ends and the frontier all occur):
//! every model's probabilities sum to 1; quantal response at lambda 0 is
//! uniform play; every interval holds the point forecast and the
//! probabilities of random draws of every word within its range; and on a
//! single chance move the bounds are the tight ones by hand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use demarche_core::analysis::{Judgements, PlayAnalysis, PlayModel};
use demarche_core::engine::expand;
use demarche_core::model::{Likelihood, Scenario, load_str};
use proptest::prelude::*;

/// Pairs of words whose numbers sum to 1.
const PAIRS: [(&str, &str); 4] = [
    ("likely", "unlikely"),
    ("very likely", "very unlikely"),
    ("almost certain", "almost no chance"),
    ("roughly even chance", "roughly even chance"),
];

#[derive(Clone, Debug)]
struct MoveSpec {
    actor: usize,
    /// `v OP n` as `(variable, is_lower, n)`: `v < n` or `v >= n`.
    when: Option<(usize, bool, i64)>,
    effect: (usize, i64),
    /// A second result: which pair of words (or numbers, 4) and its effect.
    chance: Option<(usize, (usize, i64))>,
    /// A judged likelihood: a word (0-6) or a number in tenths (7-17).
    judged: Option<usize>,
    next: Option<usize>,
}

#[derive(Clone, Debug)]
struct Spec {
    n_actors: usize,
    moves: Vec<MoveSpec>,
    outcomes: Vec<(usize, i64, Vec<i8>)>,
    free: bool,
    max_depth: u32,
}

fn text(spec: &Spec) -> String {
    let n_variables = 2;
    let mut out = String::from("Scenario(id: \"prop\", title: \"Prop\",\n actors: [");
    for a in 0..spec.n_actors {
        out.push_str(&format!("Actor(id: \"a{a}\", name: \"A{a}\"), "));
    }
    out.push_str("],\n variables: [");
    for v in 0..n_variables {
        out.push_str(&format!(
            "Variable(id: \"v{v}\", domain: Integer(min: 0, max: 3), initial: 0), "
        ));
    }
    out.push_str("],\n moves: [\n");
    let effect = |(v, d): (usize, i64)| {
        if d >= 0 {
            format!("v{} + {}", v % n_variables, d + 1)
        } else {
            format!("v{} - 1", v % n_variables)
        }
    };
    for (i, m) in spec.moves.iter().enumerate() {
        out.push_str(&format!(
            "  Move(id: \"m{i}\", actor: \"a{}\", label: \"M{i}\"",
            m.actor % spec.n_actors
        ));
        if let Some((v, lower, n)) = m.when {
            let op = if lower { "<" } else { ">=" };
            out.push_str(&format!(", when: \"v{} {op} {n}\"", v % n_variables));
        }
        if let Some(next) = m.next {
            out.push_str(&format!(", next: \"a{}\"", next % spec.n_actors));
        }
        if let Some(j) = m.judged {
            match Likelihood::ALL.get(j) {
                Some(word) => out.push_str(&format!(", likelihood: \"{}\"", word.word())),
                None => out.push_str(&format!(", likelihood: {:?}", (j - 7) as f64 / 10.0)),
            }
        }
        match m.chance {
            None => out.push_str(&format!(", effects: [\"{}\"]", effect(m.effect))),
            Some((pair, other)) => {
                let (a, b) = match PAIRS.get(pair) {
                    Some((a, b)) => (format!("{a:?}"), format!("{b:?}")),
                    None => ("0.25".to_owned(), "0.75".to_owned()),
                };
                out.push_str(&format!(
                    ", results: [Result(id: \"r0\", probability: {a}, effects: [\"{}\"]), Result(id: \"r1\", probability: {b}, effects: [\"{}\"])]",
                    effect(m.effect),
                    effect(other)
                ));
            }
        }
        out.push_str("),\n");
    }
    out.push_str(" ],\n outcomes: [\n");
    for (k, (v, n, payoffs)) in spec.outcomes.iter().enumerate() {
        let payoffs: Vec<String> = (0..spec.n_actors)
            .map(|a| format!("\"a{a}\": {}", payoffs.get(a).copied().unwrap_or(0)))
            .collect();
        out.push_str(&format!(
            "  Outcome(id: \"o{k}\", label: \"O{k}\", when: \"v{} == {n}\", payoffs: {{{}}}),\n",
            v % n_variables,
            payoffs.join(", ")
        ));
    }
    let turns = if spec.free {
        "Free"
    } else {
        "ByMove(first: \"a0\")"
    };
    out.push_str(&format!(
        " ],\n turns: {turns},\n limits: Limits(max_depth: {}),\n)",
        spec.max_depth
    ));
    out
}

fn spec() -> impl Strategy<Value = Spec> {
    let move_spec = (
        0..3usize,
        proptest::option::of((0..2usize, any::<bool>(), 1..4i64)),
        (0..2usize, -1..2i64),
        proptest::option::weighted(0.5, (0..5usize, (0..2usize, -1..2i64))),
        proptest::option::weighted(0.6, 0..18usize),
        proptest::option::of(0..3usize),
    )
        .prop_map(|(actor, when, effect, chance, judged, next)| MoveSpec {
            actor,
            when,
            effect,
            chance,
            judged,
            next,
        });
    (
        1..4usize,
        proptest::collection::vec(move_spec, 1..6),
        proptest::collection::vec(
            (0..2usize, 1..4i64, proptest::collection::vec(-3..6i8, 3)),
            1..4,
        ),
        any::<bool>(),
        2..6u32,
    )
        .prop_map(|(n_actors, moves, outcomes, free, max_depth)| Spec {
            n_actors,
            moves,
            outcomes,
            free,
            max_depth,
        })
}

/// A probability's lowest and highest value.
type Range = (f64, f64);

/// Every chance result's and judged move's range, from the scenario.
fn ranges(scenario: &Scenario) -> (Vec<Vec<Range>>, Vec<Option<Range>>) {
    let results = scenario
        .moves
        .iter()
        .map(|m| {
            m.results
                .iter()
                .map(|r| match r.likelihood {
                    Some(w) => w.range(),
                    None => (r.probability, r.probability),
                })
                .collect()
        })
        .collect();
    let judged = scenario
        .moves
        .iter()
        .map(|m| m.likelihood.map(|l| l.range()))
        .collect();
    (results, judged)
}

/// Judgements drawn within the ranges, one move's results still summing
/// to 1: each at `l + t (u - l)`, then pulled towards its bounds in
/// proportion until they sum to 1.
fn draw(scenario: &Scenario, ts: &[f64]) -> Judgements {
    let (result_ranges, judged_ranges) = ranges(scenario);
    let mut judgements = Judgements::of(scenario);
    let mut t = ts.iter().cycle();
    for (m, ranges) in result_ranges.iter().enumerate() {
        if ranges.is_empty() {
            continue;
        }
        let mut p: Vec<f64> = ranges
            .iter()
            .map(|(l, u)| l + t.next().unwrap() * (u - l))
            .collect();
        let sum: f64 = p.iter().sum();
        let sum_low: f64 = ranges.iter().map(|r| r.0).sum();
        let sum_high: f64 = ranges.iter().map(|r| r.1).sum();
        for (q, (l, u)) in p.iter_mut().zip(ranges) {
            if sum > 1.0 {
                *q = l + (*q - l) * (1.0 - sum_low) / (sum - sum_low);
            } else if sum < 1.0 {
                *q = u - (u - *q) * (sum_high - 1.0) / (sum_high - sum);
            }
        }
        judgements.probabilities[m] = p;
    }
    for (m, range) in judged_ranges.iter().enumerate() {
        if let Some((l, u)) = range {
            judgements.judged[m] = Some(l + t.next().unwrap() * (u - l));
        }
    }
    judgements
}

const MODELS: [PlayModel; 5] = [
    PlayModel::Uniform,
    PlayModel::Judged,
    PlayModel::Qre { lambda: 0.7 },
    PlayModel::Qre { lambda: 40.0 },
    PlayModel::Rational,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_model_sums_to_one_and_lambda_zero_is_uniform(spec in spec()) {
        let scenario = load_str(&text(&spec), "prop.ron").unwrap();
        let graph = expand(&scenario);
        for s in graph.situations().take(20) {
            let analysis = PlayAnalysis::new(&scenario, &graph, s, spec.max_depth);
            for model in MODELS {
                let p = analysis.probabilities(&graph, model);
                prop_assert!((p.total() - 1.0).abs() < 1e-9, "{model:?} {p:?}");
                prop_assert!(p.by_outcome.iter().all(|q| *q >= -1e-12));
            }
            let uniform = analysis.probabilities(&graph, PlayModel::Uniform);
            let zero = analysis.probabilities(&graph, PlayModel::Qre { lambda: 0.0 });
            for (a, b) in uniform.by_outcome.iter().zip(&zero.by_outcome) {
                prop_assert!((a - b).abs() < 1e-9);
            }
            for (a, b) in uniform.expected_payoffs.iter().zip(&zero.expected_payoffs) {
                prop_assert!((a - b).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn intervals_hold_the_point_and_every_draw(
        spec in spec(),
        ts in proptest::collection::vec(0.0..=1.0f64, 8),
    ) {
        let scenario = load_str(&text(&spec), "prop.ron").unwrap();
        let graph = expand(&scenario);
        let start = graph.start();
        let draws = [
            draw(&scenario, &ts),
            draw(&scenario, &[0.0]),
            draw(&scenario, &[1.0]),
        ];
        for model in [PlayModel::Uniform, PlayModel::Judged] {
            let analysis = PlayAnalysis::new(&scenario, &graph, start, spec.max_depth);
            let forecast = analysis.forecast(&graph, model, true);
            let intervals = forecast.intervals.clone().unwrap();
            prop_assert!(!intervals.choices_fixed);
            for (p, (l, h)) in forecast.probabilities.by_outcome.iter().zip(&intervals.by_outcome) {
                prop_assert!(l <= p && p <= h, "{model:?}: {p} not in [{l}, {h}]");
            }
            for judgements in &draws {
                let drawn = PlayAnalysis::new(&scenario, &graph, start, spec.max_depth)
                    .with_judgements(&scenario, judgements.clone())
                    .probabilities(&graph, model);
                prop_assert!((drawn.total() - 1.0).abs() < 1e-9);
                for (p, (l, h)) in drawn.by_outcome.iter().zip(&intervals.by_outcome) {
                    prop_assert!(
                        *l - 1e-9 <= *p && *p <= *h + 1e-9,
                        "{model:?}: a draw gives {p}, outside [{l}, {h}]"
                    );
                }
            }
        }
        // Rational play and quantal response hold the choices: the point
        // is inside.
        for model in [PlayModel::Rational, PlayModel::Qre { lambda: 2.0 }] {
            let analysis = PlayAnalysis::new(&scenario, &graph, start, spec.max_depth);
            let forecast = analysis.forecast(&graph, model, true);
            let intervals = forecast.intervals.unwrap();
            prop_assert!(intervals.choices_fixed);
            for (p, (l, h)) in forecast.probabilities.by_outcome.iter().zip(&intervals.by_outcome) {
                prop_assert!(l <= p && p <= h);
            }
        }
    }

    #[test]
    fn bounds_are_tight_on_a_single_chance_move(
        words in proptest::collection::vec(0..7usize, 1..4),
    ) {
        // Up to three word results and a number for the rest, each result
        // its own outcome. Result i ranges from max(l_i, 1 - sum of the
        // others' highs) to min(u_i, 1 - sum of the others' lows).
        let words: Vec<Likelihood> = words.iter().map(|w| Likelihood::ALL[*w]).collect();
        let total: f64 = words.iter().map(|w| w.probability()).sum();
        prop_assume!(total <= 1.0);
        let mut results: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| format!("Result(id: \"r{i}\", probability: \"{}\", effects: [\"v = {}\"])", w.word(), i + 1))
            .collect();
        let rest = 1.0 - total;
        results.push(format!("Result(id: \"rest\", probability: {rest:?}, effects: [\"v = {}\"])", words.len() + 1));
        let outcomes: Vec<String> = (1..=words.len() + 1)
            .map(|i| format!("Outcome(id: \"o{i}\", label: \"O{i}\", when: \"v == {i}\", payoffs: {{\"a\": 0}})"))
            .collect();
        let text = format!(
            "Scenario(id: \"one\", title: \"One\", actors: [Actor(id: \"a\", name: \"A\")], variables: [Variable(id: \"v\", domain: Integer(min: 0, max: 4), initial: 0)], moves: [Move(id: \"m\", actor: \"a\", label: \"M\", results: [{}])], outcomes: [{}], turns: ByMove(first: \"a\"))",
            results.join(", "),
            outcomes.join(", ")
        );
        let scenario = load_str(&text, "one.ron").unwrap();
        let graph = expand(&scenario);
        let mut ranges: Vec<(f64, f64)> = words.iter().map(|w| w.range()).collect();
        ranges.push((rest, rest));
        for model in [PlayModel::Uniform, PlayModel::Judged, PlayModel::Rational] {
            let intervals = PlayAnalysis::new(&scenario, &graph, graph.start(), 30).intervals(&graph, model);
            for (i, (l, h)) in intervals.by_outcome.iter().enumerate() {
                let others_low: f64 = ranges.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, r)| r.0).sum();
                let others_high: f64 = ranges.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, r)| r.1).sum();
                let want_low = ranges[i].0.max(1.0 - others_high);
                let want_high = ranges[i].1.min(1.0 - others_low);
                prop_assert!((l - want_low).abs() < 1e-12, "result {i}: low {l}, want {want_low}");
                prop_assert!((h - want_high).abs() < 1e-12, "result {i}: high {h}, want {want_high}");
            }
        }
    }
}
