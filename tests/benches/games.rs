//! Benchmarks for the game-theory analyses: Lemke's algorithm on the
//! sequence form of Kuhn poker and of generated two-player games with
//! information sets of about 1,000 and 10,000 nodes
//! (`demarche::synthetic_games::imperfect_game`), and the enumeration of
//! every pure subgame-perfect equilibrium of the ultimatum game. Run with
//! `cargo bench --bench games`; the figures are in the README.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use demarche::analysis::{all_equilibria, sequence_equilibrium};
use demarche::engine::SituationId;
use demarche::io::{Expanded, read_efg};

fn game(text: &str) -> (Expanded, Vec<Vec<SituationId>>) {
    let opened = read_efg(text, "bench.efg").unwrap().expand();
    let sets = opened
        .information_sets
        .iter()
        .map(|s| s.situations.clone())
        .collect();
    (opened, sets)
}

fn lemke(c: &mut Criterion) {
    let mut group = c.benchmark_group("lemke");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(5));
    let kuhn = std::fs::read_to_string("tests/data/efg/kuhn_poker.efg").unwrap();
    let (opened, sets) = game(&kuhn);
    group.bench_function("kuhn-poker", |b| {
        b.iter(|| {
            sequence_equilibrium(
                &opened.scenario,
                &opened.graph,
                opened.graph.start(),
                black_box(&sets),
            )
            .unwrap()
        })
    });
    let sizes: Vec<usize> = std::env::var("DEMARCHE_LEMKE_NODES")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000]);
    for n in sizes {
        let text = demarche::synthetic_games::imperfect_game(7, n);
        let (opened, sets) = game(&text);
        let eq = sequence_equilibrium(&opened.scenario, &opened.graph, opened.graph.start(), &sets)
            .unwrap();
        eprintln!(
            "generated game of {} nodes: {} rows, {} pivots",
            opened.graph.n_situations(),
            eq.n_rows,
            eq.n_pivots
        );
        group.bench_function(format!("generated-{n}"), |b| {
            b.iter(|| {
                sequence_equilibrium(
                    &opened.scenario,
                    &opened.graph,
                    opened.graph.start(),
                    black_box(&sets),
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

fn spe(c: &mut Criterion) {
    let text = std::fs::read_to_string("tests/data/efg/ultimatum.efg").unwrap();
    let (opened, _) = game(&text);
    c.bench_function("spe/ultimatum-all", |b| {
        b.iter(|| {
            all_equilibria(
                &opened.scenario,
                &opened.graph,
                opened.graph.start(),
                30,
                100,
                1_000_000,
            )
        })
    });
}

criterion_group!(benches, lemke, spe);
criterion_main!(benches);
