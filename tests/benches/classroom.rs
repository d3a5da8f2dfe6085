//! Benchmarks for the classroom's exports: the debrief (Markdown and the
//! printable HTML page) of a class path on Vienna, and on a generated
//! scenario of 10,000 situations where every step has three alternatives,
//! each followed by a forecast to say what it led to. Graphs are expanded
//! and the paths taken once, outside the timings. Run with
//! `cargo bench --bench classroom`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use demarche::io::{debrief, debrief_html};
use demarche::model::load_str;
use demarche::session::Session;
use demarche::synthetic::{SyntheticSpec, generate};
use demarche::{DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME};

/// A session on `text` that takes the first numbered move (rolled if it
/// has chance results) up to `n` times.
fn walked(text: &str, name: &str, n: usize) -> Session {
    let scenario = Arc::new(load_str(text, name).unwrap());
    let mut session = Session::new(scenario).with_seed(7);
    for _ in 0..n {
        let Some(action) = session.numbered_move(1) else {
            break;
        };
        session.apply(action).unwrap();
    }
    session
}

fn debriefs(c: &mut Criterion) {
    let mut group = c.benchmark_group("debrief");
    let vienna = walked(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME, 12);
    group.bench_function("vienna-md", |b| {
        b.iter(|| debrief(black_box(&vienna), "2026-12-01"))
    });
    group.bench_function("vienna-html", |b| {
        b.iter(|| debrief_html(black_box(&vienna), "2026-12-01"))
    });
    let spec = SyntheticSpec {
        n_actors: 2,
        n_variables: 4,
        n_levels: 10,
        n_moves: 4,
        chance_every: 0,
    };
    let synthetic = walked(&generate(&spec), "synthetic.ron", 10);
    group.sample_size(10);
    group.bench_function("synthetic-10k-md", |b| {
        b.iter(|| debrief(black_box(&synthetic), "2026-12-01"))
    });
    group.finish();
}

criterion_group!(benches, debriefs);
criterion_main!(benches);
