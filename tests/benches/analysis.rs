//! Benchmarks for the analysis layer: backward induction and outcome
//! probabilities on the Vienna scenario and on the generated million-
//! situation scenario (`SyntheticSpec::MILLION`), conflict stability on a
//! free-move conflict of 2^16 states and two actors (all four concepts),
//! a tornado on Vienna, and the four play models (uniform, forecast, logit
//! QRE, rational) and the intervals, on Vienna and on the million-situation
//! scenario, with and without chance. Graphs are expanded once, outside the
//! timings. Run with `cargo bench --bench analysis`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::ops::ControlFlow;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use demarche::analysis::sensitivity::{TornadoOptions, tornado};
use demarche::analysis::{
    PlayAnalysis, PlayModel, no_progress, option_check, option_stability, outcome_probabilities,
    solve, stability,
};
use demarche::engine::SituationGraph;
use demarche::engine::expand;
use demarche::model::Scenario;
use demarche::model::load_str;
use demarche::synthetic::{SyntheticSpec, generate};
use demarche::{DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME};

fn solving(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve");

    let vienna = load_str(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME).unwrap();
    let graph = expand(&vienna);
    group.throughput(Throughput::Elements(graph.n_situations() as u64));
    group.bench_function("vienna-2021", |b| {
        b.iter(|| {
            let solution = solve(black_box(&vienna), &graph);
            solution.outcome_probabilities(&graph)
        })
    });
    group.bench_function("vienna-2021-uniform", |b| {
        b.iter(|| {
            outcome_probabilities(
                black_box(&vienna),
                &graph,
                graph.start(),
                PlayModel::Uniform,
            )
        })
    });

    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(20));
    let million = load_str(&generate(&SyntheticSpec::MILLION), "million.ron").unwrap();
    let graph = expand(&million);
    group.throughput(Throughput::Elements(graph.n_situations() as u64));
    group.bench_function("synthetic-1M", |b| {
        b.iter(|| {
            let solution = solve(black_box(&million), &graph);
            solution.outcome_probabilities(&graph)
        })
    });
    group.finish();
}

fn conflict_stability(c: &mut Criterion) {
    let mut group = c.benchmark_group("stability");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    let scenario = load_str(&demarche::synthetic::conflict_text(16), "flags-16.ron").unwrap();
    let graph = expand(&scenario);
    assert_eq!(graph.n_situations(), 1 << 16);
    group.throughput(Throughput::Elements(graph.n_situations() as u64));
    group.bench_function("flags-16-two-actors", |b| {
        b.iter(|| stability(black_box(&scenario), &graph).unwrap())
    });
    group.finish();
}

/// A conflict in option form, two actors each owning half the options
/// and moving any set of them at once: what `check` and `stability` do
/// together on such a file (load and validate, count the states and moves
/// and look for mistakes, every feasible state's stability under the five
/// concepts and the status quo analysis; no graph is expanded), at 2^12,
/// 2^14 and 2^16 states, and the stability analysis alone.
fn option_form(c: &mut Criterion) {
    let mut group = c.benchmark_group("option-form");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    for n in [12, 14, 16] {
        let text = demarche::synthetic::options_text(n);
        group.throughput(Throughput::Elements(1 << n));
        group.bench_function(format!("check-and-stability-2^{n}"), |b| {
            b.iter(|| {
                let scenario = load_str(black_box(&text), "options.ron").unwrap();
                let check = option_check(&scenario).unwrap();
                let table = option_stability(&scenario, &mut no_progress)
                    .unwrap()
                    .unwrap();
                (check.moves, table.n_states())
            })
        });
        let scenario = load_str(&text, "options.ron").unwrap();
        group.bench_function(format!("stability-2^{n}"), |b| {
            b.iter(|| {
                option_stability(black_box(&scenario), &mut no_progress)
                    .unwrap()
                    .unwrap()
            })
        });
    }
    group.finish();
}

fn sensitivity(c: &mut Criterion) {
    let mut group = c.benchmark_group("sensitivity");
    let vienna = load_str(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME).unwrap();
    let graph = expand(&vienna);
    group.bench_function("tornado-vienna-2021", |b| {
        b.iter(|| {
            tornado(
                black_box(&vienna),
                &graph,
                &TornadoOptions::default(),
                &mut |_| ControlFlow::Continue(()),
            )
            .unwrap()
        })
    });
    group.finish();
}

const MODELS: [(&str, PlayModel); 4] = [
    ("uniform", PlayModel::Uniform),
    ("forecast", PlayModel::Judged),
    ("qre", PlayModel::Qre { lambda: 1.0 }),
    ("rational", PlayModel::Rational),
];

/// Each model from scratch (the unfolding built inside the timing, as
/// `outcome_probabilities` does), each model on an analysis built once (as
/// the app's lambda slider calls it), and the intervals under the forecast,
/// on the analysis built once and from scratch.
fn models_on(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    scenario: &Scenario,
    graph: &SituationGraph,
) {
    for (model_name, model) in MODELS {
        group.bench_function(format!("{name}/{model_name}"), |b| {
            b.iter(|| outcome_probabilities(black_box(scenario), graph, graph.start(), model))
        });
    }
    let analysis = PlayAnalysis::new(scenario, graph, graph.start(), scenario.limits.max_depth);
    for (model_name, model) in MODELS {
        if model == PlayModel::Rational {
            continue;
        }
        group.bench_function(format!("{name}/prepared-{model_name}"), |b| {
            b.iter(|| analysis.probabilities(graph, black_box(model)))
        });
    }
    group.bench_function(format!("{name}/intervals-forecast"), |b| {
        b.iter(|| analysis.intervals(graph, black_box(PlayModel::Judged)))
    });
    // From scratch, to set beside the models from scratch above.
    group.bench_function(format!("{name}/scratch-intervals-forecast"), |b| {
        b.iter(|| {
            PlayAnalysis::new(
                black_box(scenario),
                graph,
                graph.start(),
                scenario.limits.max_depth,
            )
            .intervals(graph, PlayModel::Judged)
        })
    });
}

fn play_models(c: &mut Criterion) {
    let mut group = c.benchmark_group("play");
    let vienna = load_str(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME).unwrap();
    let graph = expand(&vienna);
    models_on(&mut group, "vienna-2021", &vienna, &graph);

    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(8));
    let million = load_str(&generate(&SyntheticSpec::MILLION), "million.ron").unwrap();
    let graph = expand(&million);
    models_on(&mut group, "synthetic-1M", &million, &graph);
    // The same shape with a chance move (likely / unlikely) every second
    // move and the first move judged "likely", so that the forecast has a
    // judgement and the intervals words to range.
    let chance = SyntheticSpec {
        chance_every: 2,
        ..SyntheticSpec::MILLION
    };
    let text = generate(&chance).replacen(
        "Move(id: \"m0\",",
        "Move(id: \"m0\", likelihood: \"likely\",",
        1,
    );
    assert!(text.contains("likelihood: \"likely\""));
    let million = load_str(&text, "million-judged.ron").unwrap();
    let graph = expand(&million);
    models_on(&mut group, "synthetic-1M-judged-chance", &million, &graph);
    group.finish();
}

criterion_group!(
    benches,
    solving,
    conflict_stability,
    option_form,
    sensitivity,
    play_models
);
criterion_main!(benches);
