//! Benchmarks for the analysis layer: backward induction and outcome
//! probabilities on the Vienna scenario and on the generated million-
//! situation scenario (`SyntheticSpec::MILLION`), conflict stability on a
//! free-move conflict of 2^16 states and two actors (all four concepts),
//! and a tornado on Vienna. Graphs are expanded once, outside the timings.
//! Run with `cargo bench --bench analysis`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../analysis_synthetic.rs"]
mod analysis_synthetic;

use std::hint::black_box;
use std::ops::ControlFlow;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use demarche::analysis::sensitivity::{TornadoOptions, tornado};
use demarche::analysis::{PlayModel, outcome_probabilities, solve, stability};
use demarche::engine::expand;
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
    let scenario = load_str(&analysis_synthetic::conflict_text(16), "flags-16.ron").unwrap();
    let graph = expand(&scenario);
    assert_eq!(graph.n_situations(), 1 << 16);
    group.throughput(Throughput::Elements(graph.n_situations() as u64));
    group.bench_function("flags-16-two-actors", |b| {
        b.iter(|| stability(black_box(&scenario), &graph).unwrap())
    });
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

criterion_group!(benches, solving, conflict_stability, sensitivity);
criterion_main!(benches);
