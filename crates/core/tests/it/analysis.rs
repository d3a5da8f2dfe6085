//! Analysis on hand-solved fixtures in `tests/data/analysis`: outcome
//! probabilities under both play models, backward induction with ties,
//! chance, cycles, the frontier and free turns, conflict stability (the
//! prisoner's dilemma and a three-actor case), sensitivity thresholds, and
//! the Vienna scenario's rational path. Every number is derived by hand in
//! the fixture's opening comment or next to the assertion.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use demarche_core::analysis::sensitivity::{
    Change, SweepOptions, TornadoOptions, path_key, sweep, tornado,
};
use demarche_core::analysis::{
    Concept, OutcomeProbabilities, Parameter, PathEnd, PlayModel, PreferenceSource, StabilityError,
    outcome_probabilities, solve, solve_from, stability, stability_with,
};
use demarche_core::engine::{SituationGraph, expand};
use demarche_core::io::load_file;
use demarche_core::model::{ActorIndex, MoveIndex, Scenario};

fn load(name: &str) -> (Scenario, SituationGraph) {
    let path = format!("../../tests/data/analysis/{name}.ron");
    let scenario = load_file(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let graph = expand(&scenario);
    (scenario, graph)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[track_caller]
fn assert_probabilities(
    p: &OutcomeProbabilities,
    by_outcome: &[f64],
    unresolved: f64,
    dead_end: f64,
) {
    assert_eq!(p.by_outcome.len(), by_outcome.len());
    for (got, want) in p.by_outcome.iter().zip(by_outcome) {
        assert!(
            close(*got, *want),
            "got {:?}, want {by_outcome:?}",
            p.by_outcome
        );
    }
    assert!(
        close(p.unresolved, unresolved),
        "unresolved {}",
        p.unresolved
    );
    assert!(close(p.dead_end, dead_end), "dead end {}", p.dead_end);
    assert!(close(p.total(), 1.0));
}

#[track_caller]
fn assert_payoffs(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!(close(*g, *w), "got {got:?}, want {want:?}");
    }
}

fn moves(scenario: &Scenario, ids: &[&str]) -> Vec<MoveIndex> {
    ids.iter()
        .map(|id| scenario.move_by_id(id).unwrap())
        .collect()
}

fn path_ids(scenario: &Scenario, graph: &SituationGraph) -> Vec<String> {
    let solution = solve(scenario, graph);
    solution
        .path(graph)
        .steps
        .iter()
        .map(|s| {
            let m = scenario.move_(s.move_);
            match s.result.and_then(|r| m.results.get(r.index())) {
                Some(r) => format!("{} {}:{}", scenario.actor(s.actor).id, m.id, r.id),
                None => format!("{} {}", scenario.actor(s.actor).id, m.id),
            }
        })
        .collect()
}

#[test]
fn ties_are_all_listed_and_the_first_is_played() {
    let (scenario, graph) = load("ties");
    let solution = solve(&scenario, &graph);
    let start = graph.start();
    let choices = solution.choices(start);
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].actor, ActorIndex(0));
    assert_eq!(choices[0].moves, moves(&scenario, &["left", "right"]));
    assert_payoffs(solution.payoffs(start).unwrap(), &[2.0, 1.0]);
    let path = solution.path(&graph);
    assert_eq!(path.steps.len(), 1);
    assert_eq!(path.steps[0].tied, moves(&scenario, &["right"]));
    assert_eq!(
        path.end,
        PathEnd::Outcome(scenario.outcome_by_id("l").unwrap())
    );
    assert_probabilities(
        &outcome_probabilities(&scenario, &graph, start, PlayModel::Rational),
        &[1.0, 0.0, 0.0],
        0.0,
        0.0,
    );
    let third = 1.0 / 3.0;
    let uniform = outcome_probabilities(&scenario, &graph, start, PlayModel::Uniform);
    assert_probabilities(&uniform, &[third, third, third], 0.0, 0.0);
    assert_payoffs(&uniform.expected_payoffs, &[5.0 / 3.0, 5.0]);
}

#[test]
fn chance_is_taken_as_expectation() {
    let (scenario, graph) = load("chance");
    let solution = solve(&scenario, &graph);
    let start = graph.start();
    assert_payoffs(solution.payoffs(start).unwrap(), &[3.0, 0.0]);
    assert_eq!(
        solution.choices(start)[0].moves,
        moves(&scenario, &["safe"])
    );
    assert_eq!(path_ids(&scenario, &graph), ["a safe"]);
    // After losing the gamble B punishes: -2 for A, 2 for B.
    let lost = graph
        .steps(start)
        .map(|s| graph.target(s))
        .find(|t| {
            solution
                .choices(*t)
                .first()
                .is_some_and(|c| c.actor == ActorIndex(1))
        })
        .unwrap();
    assert_eq!(
        solution.choices(lost)[0].moves,
        moves(&scenario, &["punish"])
    );
    assert_payoffs(solution.payoffs(lost).unwrap(), &[-2.0, 2.0]);
    // Uniform: safe 1/2; gamble 1/2 x (win 1/4, lose 3/4 x (punish 1/2,
    // forgive 1/2)).
    let uniform = outcome_probabilities(&scenario, &graph, start, PlayModel::Uniform);
    assert_probabilities(&uniform, &[0.5, 0.125, 0.1875, 0.1875], 0.0, 0.0);
    assert_payoffs(&uniform.expected_payoffs, &[2.5625, 0.6875]);
}

#[test]
fn cycles_are_cut_at_the_horizon() {
    let (scenario, graph) = load("cycle");
    let start = graph.start();
    let solution = solve(&scenario, &graph);
    assert!(solution.is_cut_by_horizon());
    assert_eq!(solution.horizon(), 3);
    // V(s, 3) = 7.5: try, try, then quit (see the fixture).
    assert_payoffs(solution.payoffs(start).unwrap(), &[7.5]);
    let rational = solution.outcome_probabilities(&graph);
    // done 1/2 + 1/4, quit 1/4.
    assert_probabilities(&rational, &[0.75, 0.25], 0.0, 0.0);
    assert_payoffs(&rational.expected_payoffs, &[7.5]);
    let path = solution.path(&graph);
    assert_eq!(
        path.end,
        PathEnd::Outcome(scenario.outcome_by_id("done").unwrap())
    );
    assert!(close(path.probability(), 0.5));
    // Uniform: quit 1/2 + 1/8 + 1/32, done 1/4 + 1/16 + 1/64, cut 1/64.
    let uniform = outcome_probabilities(&scenario, &graph, start, PlayModel::Uniform);
    assert_probabilities(&uniform, &[0.328125, 0.65625], 0.015625, 0.0);
    assert!(close(uniform.beyond_horizon, 0.015625));
    // A horizon of 1 leaves one move: quit (6) beats trying (4).
    let short = solve_from(&scenario, &graph, start, 1);
    assert_payoffs(short.payoffs(start).unwrap(), &[6.0]);
    assert_eq!(short.choices(start)[0].moves, moves(&scenario, &["quit"]));
    // A horizon of 0 cuts at once.
    let none = solve_from(&scenario, &graph, start, 0);
    assert_eq!(none.path(&graph).end, PathEnd::Horizon);
    assert_probabilities(&none.outcome_probabilities(&graph), &[0.0, 0.0], 1.0, 0.0);
}

#[test]
fn the_frontier_is_unresolved_and_worth_nothing() {
    let (scenario, graph) = load("frontier");
    let start = graph.start();
    let solution = solve(&scenario, &graph);
    assert_payoffs(solution.payoffs(start).unwrap(), &[1.0]);
    assert_eq!(
        solution.choices(start)[0].moves,
        moves(&scenario, &["advance", "stop"])
    );
    assert_eq!(path_ids(&scenario, &graph), ["a advance", "a stop"]);
    assert!(!solution.is_cut_by_horizon());
    // Uniform: stop 1/2, advance then stop 1/4, advance twice 1/4 (frontier).
    let uniform = outcome_probabilities(&scenario, &graph, start, PlayModel::Uniform);
    assert_probabilities(&uniform, &[0.75, 0.0], 0.25, 0.0);
    assert!(close(uniform.beyond_horizon, 0.0));
}

#[test]
fn a_free_turn_is_a_chance_pick_of_the_mover() {
    let (scenario, graph) = load("free_turn");
    let start = graph.start();
    let solution = solve(&scenario, &graph);
    assert_payoffs(solution.payoffs(start).unwrap(), &[2.0, 1.0]);
    let choices = solution.choices(start);
    assert_eq!(choices.len(), 2);
    assert_eq!(choices[1].moves, moves(&scenario, &["b_go"]));
    let path = solution.path(&graph);
    assert_eq!(path.steps[0].other_movers, [ActorIndex(1)]);
    assert!(close(path.steps[0].probability, 0.5));
    assert_probabilities(
        &solution.outcome_probabilities(&graph),
        &[0.5, 0.5, 0.0],
        0.0,
        0.0,
    );
    let third = 1.0 / 3.0;
    assert_probabilities(
        &outcome_probabilities(&scenario, &graph, start, PlayModel::Uniform),
        &[third, third, third],
        0.0,
        0.0,
    );
}

#[test]
fn the_prisoners_dilemma() {
    let (scenario, graph) = load("prisoners_dilemma");
    let table = stability(&scenario, &graph).unwrap();
    assert_eq!(table.n_states(), 4);
    assert_eq!(table.sources, [PreferenceSource::Payoffs; 2]);
    assert!(!table.turns_ignored);
    let state = |a: i64, b: i64| table.find(&[a, b]).unwrap();
    assert_eq!(table.equilibria(Concept::Nash), [state(1, 1)]);
    let mut both = vec![state(0, 0), state(1, 1)];
    both.sort();
    for concept in [Concept::Gmr, Concept::Smr, Concept::Seq] {
        assert_eq!(table.equilibria(concept), both, "{concept:?}");
    }
    // Defecting alone is Nash stable for the defector, unstable for the
    // sucker under every concept.
    for concept in Concept::ALL {
        assert!(table.is_stable(state(1, 0), ActorIndex(0), concept));
        assert!(!table.is_stable(state(1, 0), ActorIndex(1), concept));
    }
    assert_eq!(
        table.outcome(state(1, 1)),
        scenario.outcome_by_id("defection")
    );
}

#[test]
fn three_actors_sanction_with_two_moves_in_a_row() {
    let (scenario, graph) = load("three_actors");
    let table = stability(&scenario, &graph).unwrap();
    assert_eq!(table.n_states(), 8);
    let state = |p: i64, q: i64, r: i64| table.find(&[p, q, r]).unwrap();
    // Per state (p, q, r): which concepts hold for A, B and C, as R G S Q.
    type Row = ((i64, i64, i64), [&'static str; 3]);
    let expected: [Row; 8] = [
        ((0, 0, 0), [".GS.", "....", "RGSQ"]),
        ((1, 0, 0), ["RGSQ", "....", "RGSQ"]),
        ((0, 1, 0), [".GS.", "RGSQ", "RGSQ"]),
        ((0, 0, 1), [".GSQ", "....", "RGSQ"]),
        ((1, 1, 0), ["RGSQ", "RGSQ", "RGSQ"]),
        ((1, 0, 1), ["RGSQ", "....", "RGSQ"]),
        ((0, 1, 1), ["....", "RGSQ", "RGSQ"]),
        ((1, 1, 1), ["RGSQ", "RGSQ", "RGSQ"]),
    ];
    for ((p, q, r), rows) in expected {
        for (a, row) in rows.iter().enumerate() {
            let got: String = Concept::ALL
                .iter()
                .zip(["R", "G", "S", "Q"])
                .map(|(c, mark)| {
                    if table.is_stable(state(p, q, r), ActorIndex(a as u16), *c) {
                        mark
                    } else {
                        "."
                    }
                })
                .collect();
            assert_eq!(&got, row, "state ({p}, {q}, {r}), actor {a}");
        }
    }
    let sorted = |mut v: Vec<usize>| {
        v.sort();
        v
    };
    assert_eq!(
        table.equilibria(Concept::Nash),
        sorted(vec![state(1, 1, 0), state(1, 1, 1)])
    );
    assert_eq!(
        table.equilibria(Concept::Gmr),
        sorted(vec![state(0, 1, 0), state(1, 1, 0), state(1, 1, 1)])
    );
    assert_eq!(
        table.equilibria(Concept::Smr),
        table.equilibria(Concept::Gmr)
    );
    assert_eq!(
        table.equilibria(Concept::Seq),
        table.equilibria(Concept::Nash)
    );
}

#[test]
fn stability_can_be_cancelled() {
    let (scenario, graph) = load("three_actors");
    let result = stability_with(&scenario, &graph, &mut |_| std::ops::ControlFlow::Break(()));
    assert_eq!(result.unwrap_err(), StabilityError::Cancelled);
}

#[test]
fn stability_needs_a_preference_for_every_state() {
    let (scenario, graph) = load("chance");
    assert_eq!(
        stability(&scenario, &graph).unwrap_err(),
        StabilityError::NoPreference {
            actor: "a".to_owned(),
            situation: "stage = start".to_owned()
        }
    );
}

#[test]
fn sweeping_a_probability_finds_where_the_gamble_pays() {
    let (scenario, graph) = load("chance");
    let win = Parameter::parse(&scenario, "probability:gamble:win").unwrap();
    let result = sweep(
        &scenario,
        &graph,
        win,
        &SweepOptions::default(),
        &mut |_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap();
    assert_eq!(result.points.len(), 101);
    assert_eq!(result.base, 0.25);
    // A gambles above 10p - 2(1 - p) = 3, p = 5/12; the followed result
    // turns from "lose" to "win" at 1/2.
    assert_eq!(result.thresholds.len(), 2);
    assert!((result.thresholds[0].value - 5.0 / 12.0).abs() < 1e-8);
    assert!((result.thresholds[1].value - 0.5).abs() < 1e-8);
    assert!(result.thresholds.iter().all(|t| t.change == Change::Path));
    assert_eq!(
        result.stability_note.as_deref(),
        Some("equilibria do not depend on probabilities")
    );
    let last = result.points.last().unwrap();
    assert_payoffs(&last.payoffs, &[10.0, 1.0]);
}

#[test]
fn sweeping_a_payoff_finds_where_playing_safe_stops_paying() {
    let (scenario, graph) = load("chance");
    let safe = Parameter::parse(&scenario, "payoff:safe_end:a").unwrap();
    let options = SweepOptions {
        range: Some((-5.0, 5.0)),
        points: 11,
    };
    let result = sweep(&scenario, &graph, safe, &options, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    // The gamble is worth 1 to A.
    assert_eq!(result.thresholds.len(), 1);
    assert!((result.thresholds[0].value - 1.0).abs() < 1e-8);
    let below = &result.points[result.thresholds[0].below];
    assert_eq!(
        path_key(&below.path).0,
        vec![
            (
                scenario.move_by_id("gamble").unwrap(),
                Some(demarche_core::model::ResultIndex(1))
            ),
            (scenario.move_by_id("punish").unwrap(), None),
        ]
    );
    // The default range runs from the lowest to the highest payoff.
    let default = sweep(
        &scenario,
        &graph,
        safe,
        &SweepOptions::default(),
        &mut |_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap();
    assert_eq!(default.range, (-2.0, 10.0));
    // Bad ranges are refused.
    let bad = SweepOptions {
        range: Some((2.0, 1.0)),
        points: 11,
    };
    assert!(
        sweep(&scenario, &graph, safe, &bad, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .is_err()
    );
}

#[test]
fn sweeping_a_payoff_follows_the_equilibria() {
    let (scenario, graph) = load("prisoners_dilemma");
    let cooperation = Parameter::parse(&scenario, "payoff:cooperation:a").unwrap();
    let options = SweepOptions {
        range: Some((0.0, 5.0)),
        points: 6,
    };
    let result = sweep(&scenario, &graph, cooperation, &options, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    // Mutual cooperation is sanctioned for A once it is worth at least
    // mutual defection (2), under GMR, SMR and SEQ alike.
    let changes: Vec<Change> = result.thresholds.iter().map(|t| t.change).collect();
    assert_eq!(
        changes,
        [
            Change::Equilibria(Concept::Gmr),
            Change::Equilibria(Concept::Smr),
            Change::Equilibria(Concept::Seq)
        ]
    );
    for t in &result.thresholds {
        assert!((t.value - 2.0).abs() < 1e-8);
    }
    assert_eq!(result.stability_note, None);
}

#[test]
fn the_tornado_ranks_what_moves_the_payoffs() {
    let (scenario, graph) = load("chance");
    let result = tornado(&scenario, &graph, &TornadoOptions::default(), &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    assert_payoffs(&result.base_payoffs, &[3.0, 0.0]);
    // Only the safe outcome's payoffs matter near the base: A plays safe
    // unless the gamble's worth (1) is reached.
    let ids: Vec<String> = result
        .bars
        .iter()
        .map(|b| b.parameter.id(&scenario))
        .collect();
    assert_eq!(&ids[..2], ["payoff:safe_end:a", "payoff:safe_end:b"]);
    assert_eq!(result.bars[0].swing, 2.0);
    assert_eq!(result.bars.len(), 4 * 2 + 2);
    assert!(
        result.bars[2..]
            .iter()
            .all(|b| b.swing == 0.0 && !b.path_changes)
    );
    // Probabilities written as numbers move by 0.1.
    let win = result
        .bars
        .iter()
        .find(|b| b.parameter.is_probability())
        .unwrap();
    assert!(close(win.low, 0.15) && close(win.high, 0.35));
}

#[test]
fn the_tornado_can_be_cancelled() {
    let (scenario, graph) = load("chance");
    let result = tornado(&scenario, &graph, &TornadoOptions::default(), &mut |p| {
        if p.done >= 3 {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    });
    assert!(result.is_err());
}

#[test]
fn vienna_rational_play_ends_in_the_long_slog() {
    let scenario = load_file(std::path::Path::new("../../scenarios/vienna-2021.ron")).unwrap();
    let graph = expand(&scenario);
    let solution = solve(&scenario, &graph);
    assert_eq!(
        path_ids(&scenario, &graph),
        [
            "iran table_new_demands",
            "us relief_for_compliance",
            "e3 table_synchronised_roadmap",
            "khamenei hold_out_for_more",
            "e3 table_synchronised_roadmap",
            "khamenei hold_out_for_more",
        ]
    );
    let path = solution.path(&graph);
    assert_eq!(
        path.end,
        PathEnd::Outcome(scenario.outcome_by_id("long_slog").unwrap())
    );
    assert_payoffs(&solution.root_payoffs(), &[5.0, 5.0, 7.0, 5.0, 6.0, 4.0]);
    let p = solution.outcome_probabilities(&graph);
    assert!(close(
        p.by_outcome[scenario.outcome_by_id("long_slog").unwrap().index()],
        1.0
    ));
    let uniform = outcome_probabilities(&scenario, &graph, graph.start(), PlayModel::Uniform);
    assert!((uniform.total() - 1.0).abs() < 1e-12);
    assert!(close(uniform.unresolved, 0.0));
}

#[test]
fn an_analysis_too_large_for_memory_withholds_every_model_and_says_why() {
    use demarche_core::analysis::{RationalPlay, Stopped, Study};
    use demarche_core::engine::scoped_memory_budget;
    use std::sync::Arc;

    let (scenario, graph) = load("cycle");
    let (done, quit) = (
        scenario.outcome_by_id("done").unwrap(),
        scenario.outcome_by_id("quit").unwrap(),
    );
    // Ten million moves counted inside the cycle: about 800 MB of states,
    // past a budget of 64 MiB.
    let study = Study::with_horizon(
        Arc::new(scenario),
        Arc::new(graph),
        1,
        Vec::new(),
        10_000_000,
    );
    let _budget = scoped_memory_budget(64 << 20);
    let start = study.graph().start();
    let analysis = study.analysis(start);
    let reason = analysis.play().err().unwrap().to_string();
    assert_eq!(
        reason,
        "the analysis inside cycles would need more than 64 MiB of memory (1 situation that can reach a cycle, each counted for up to 10000001 moves), past the budget set for this run (DEMARCHE_MEMORY_MIB); lower the horizon (now 10000000; --horizon, or limits.max_depth by default) to at most 838859"
    );
    for model in [
        PlayModel::Uniform,
        PlayModel::Judged,
        PlayModel::Rational,
        PlayModel::Qre { lambda: 1.0 },
    ] {
        let report = study.report(start, model, true);
        assert_eq!(report.prediction.unwrap_err().reason, reason, "{model:?}");
        let RationalPlay::Withheld { reasons } = &report.rational else {
            panic!("{model:?}: rational play is not withheld");
        };
        assert_eq!(reasons, std::slice::from_ref(&reason));
        // What needs no unfolding is still answered: the moves and the
        // outcomes still reachable.
        assert_eq!(report.reachable, [done, quit]);
        assert_eq!(report.moves.len(), 2);
        assert_eq!(report.horizon, 10_000_000);
        assert!(!report.cut_by_horizon);
    }
    assert_eq!(analysis.rational_lambda(), None);
    assert!(analysis.lambda_sweep().lambdas.is_empty());
    assert!(analysis.counted_equilibria().is_none());
    assert_eq!(
        analysis
            .equilibria(10, 1000, &|| false)
            .unwrap_err()
            .to_string(),
        reason
    );
    let own = analysis.tornado(&TornadoOptions::default(), &mut |_| {
        std::ops::ControlFlow::Continue(())
    });
    assert!(matches!(own, Err(Stopped::TooLarge(_))));
    assert_eq!(own.unwrap_err().to_string(), reason);
    // The free functions the command line calls say the same.
    let (scenario, graph) = (study.scenario(), study.graph());
    let mut long = (**scenario).clone();
    long.limits.max_depth = 10_000_000;
    let error = tornado(&long, graph, &TornadoOptions::default(), &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap_err();
    assert_eq!(error.to_string(), reason);
}
