//! Benchmarks for Gambit games: reading a generated perfect-information
//! game of 1,048,575 nodes (`demarche_core::synthetic_efg`, about 30 MB, 100
//! distinct outcomes) into a scenario and its graph, solving it by backward
//! induction, both together (issue 27 asks at most 0.1 s for all of
//! `solve`), writing it back out, and counting its pure subgame-perfect
//! equilibria to the cap as `solve` does; then reading and solving the same
//! tree with 40,000 distinct outcomes (payoffs 0 to 199), the hard case for
//! caches; and read and solve trees of random shape (three players with
//! chance, 80,001 nodes; 75,004 outcomes in 100,005 nodes). Run with
//! `cargo bench --bench efg`; peak memory of the same work from the command
//! line:
//!
//! ```text
//! cargo run --release -- generate game -o /tmp/million.efg
//! /usr/bin/time -v target/release/demarche solve /tmp/million.efg
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use demarche::analysis::{DEFAULT_EQUILIBRIUM_CAP, all_equilibria_of, solve};
use demarche::io::{GameFile, read_efg, scenario_to_efg};
use demarche::synthetic_efg::{EfgRandomTreeSpec, EfgTreeSpec, binary_tree, random_tree};

fn million(c: &mut Criterion) {
    let spec = EfgTreeSpec::MILLION;
    let text = binary_tree(&spec);
    let mut group = c.benchmark_group("efg");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(spec.n_nodes()));

    group.bench_function("read-1M", |b| {
        b.iter(|| read_efg(black_box(&text), "million.efg").unwrap())
    });

    let opened = read_efg(&text, "million.efg").unwrap();
    let graph = opened.game_graph().unwrap();
    group.bench_function("solve-1M", |b| {
        b.iter(|| solve(black_box(&opened.scenario), graph).root_payoffs())
    });

    group.bench_function("read-and-solve-1M", |b| {
        b.iter(|| {
            let opened = read_efg(black_box(&text), "million.efg").unwrap();
            let graph = opened.game_graph().unwrap();
            solve(&opened.scenario, graph).root_payoffs()
        })
    });

    // What `solve` adds to backward induction: the count of every pure
    // subgame-perfect equilibrium on the same unfolding, to the cap and
    // the work budget `solve` uses.
    let solution = solve(&opened.scenario, graph);
    let visits = 4 * solution.n_states() as u64 + 10_000;
    group.bench_function("every-spe-1M", |b| {
        b.iter(|| {
            all_equilibria_of(&solution, graph, DEFAULT_EQUILIBRIUM_CAP, visits)
                .equilibria
                .len()
        })
    });
    drop(solution);

    group.bench_function("write-1M", |b| {
        b.iter(|| {
            scenario_to_efg(black_box(&opened.scenario), graph, GameFile::default())
                .unwrap()
                .len()
        })
    });
    drop(opened);

    // The same tree with 40,000 distinct outcomes, met in no order.
    let text = binary_tree(&EfgTreeSpec::MILLION_MANY_OUTCOMES);
    group.bench_function("read-and-solve-1M-40k-outcomes", |b| {
        b.iter(|| {
            let opened = read_efg(black_box(&text), "million.efg").unwrap();
            let graph = opened.game_graph().unwrap();
            solve(&opened.scenario, graph).root_payoffs()
        })
    });
    group.finish();
}

/// Trees of random shape (`synthetic_efg::random_tree`), one outcome per
/// leaf: 80,001 nodes with three players and one node in ten a chance
/// node, and 100,005 nodes with 75,004 outcomes (past the old 16-bit
/// outcome index).
fn random_trees(c: &mut Criterion) {
    let mut group = c.benchmark_group("efg-random");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    for (name, spec) in [
        (
            "read-and-solve-80k-three-players",
            EfgRandomTreeSpec::THREE_PLAYERS,
        ),
        (
            "read-and-solve-100k-75k-outcomes",
            EfgRandomTreeSpec::MANY_OUTCOMES,
        ),
    ] {
        let text = random_tree(&spec);
        group.throughput(Throughput::Elements(spec.n_nodes()));
        group.bench_function(name, |b| {
            b.iter(|| {
                let opened = read_efg(black_box(&text), "random.efg").unwrap();
                let graph = opened.game_graph().unwrap();
                solve(&opened.scenario, graph).root_payoffs()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, million, random_trees);
criterion_main!(benches);
