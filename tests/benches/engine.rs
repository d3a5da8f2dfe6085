//! Benchmarks for loading and expanding scenarios: the shipped default
//! scenario, and generated ones of 100,000 and 1,048,576 situations
//! (`demarche::synthetic`). Run with `cargo bench --bench engine`; about two
//! minutes on two cores.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use demarche::engine::expand;
use demarche::model::{Scenario, load_str};
use demarche::synthetic::{SyntheticSpec, generate};
use demarche::{DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME};

/// 5 variables of 10 levels: exactly 100,000 situations.
const HUNDRED_THOUSAND: SyntheticSpec = SyntheticSpec {
    n_actors: 2,
    n_variables: 5,
    n_levels: 10,
    n_moves: 5,
    chance_every: 0,
};

fn load_synthetic(spec: &SyntheticSpec) -> Scenario {
    load_str(&generate(spec), "synthetic.ron").expect("a generated scenario loads")
}

fn load_and_validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_and_validate");
    group.throughput(Throughput::Bytes(DEFAULT_SCENARIO.len() as u64));
    // About 2 ms a run: 100 samples need more than the default 5 s.
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("vienna-2021", |b| {
        b.iter(|| load_str(black_box(DEFAULT_SCENARIO), DEFAULT_SCENARIO_NAME).unwrap())
    });
    group.finish();
}

fn expansion(c: &mut Criterion) {
    let mut group = c.benchmark_group("expand");

    let vienna = load_str(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME).unwrap();
    group.throughput(Throughput::Elements(expand(&vienna).n_situations() as u64));
    group.bench_function("vienna-2021", |b| b.iter(|| expand(black_box(&vienna))));

    // The large graphs take long enough per run that flat sampling (the
    // same number of runs per sample) keeps the total time predictable.
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);

    let scenario = load_synthetic(&HUNDRED_THOUSAND);
    group.throughput(Throughput::Elements(HUNDRED_THOUSAND.n_situations()));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("synthetic-100k", |b| {
        b.iter(|| expand(black_box(&scenario)))
    });
    drop(scenario);

    let scenario = load_synthetic(&SyntheticSpec::MILLION);
    group.throughput(Throughput::Elements(SyntheticSpec::MILLION.n_situations()));
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("synthetic-1M", |b| b.iter(|| expand(black_box(&scenario))));

    group.finish();
}

criterion_group!(benches, load_and_validate, expansion);
criterion_main!(benches);
