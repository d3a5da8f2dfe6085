//! The map: the layout's time (the tidy tree, off the window's thread in
//! the app) and the map view's own CPU time per frame (the egui pass plus
//! tessellation, headless, labels on as zoom allows) at 1k, 10k, 100k and
//! 1M situations, fitted and zoomed in; with the kept geometry reused (a
//! frame where only the pointer moved) and rebuilt (a frame while panning
//! or zooming). Also the whole app on Vienna: a key press to its frame, and
//! a frame of dragging the lambda slider.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use demarche::engine::MapLayout;
use demarche::model::load_str;
use demarche::session::Session;
use demarche::synthetic::{SyntheticSpec, generate};
use demarche::ui::panels::map::{MapView, map_ui};
use egui::{Context, RawInput, Rect, pos2, vec2};

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
        ..Default::default()
    }
}

/// One frame: draw the map, tessellate what it painted.
fn frame(ctx: &Context, session: &Session, layout: &Arc<MapLayout>, view: &mut MapView) -> usize {
    let mut actions = Vec::new();
    let output = ctx.run_ui(input(), |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            map_ui(ui, session, layout, None, &[], view, &mut actions)
        });
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn spec(n_variables: usize, n_levels: usize) -> SyntheticSpec {
    SyntheticSpec {
        n_actors: 2,
        n_variables,
        n_levels,
        n_moves: n_variables,
        chance_every: 0,
    }
}

fn sizes() -> [(&'static str, SyntheticSpec); 5] {
    [
        ("1k", spec(3, 10)),
        ("10k", spec(4, 10)),
        ("100k", spec(5, 10)),
        ("1M", spec(6, 10)),
        // A deep, narrow game: one line of 200,000 moves.
        (
            "line200k",
            SyntheticSpec {
                n_actors: 1,
                n_variables: 1,
                n_levels: 200_001,
                n_moves: 1,
                chance_every: 0,
            },
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let mut layout_group = c.benchmark_group("map_layout");
    layout_group.sample_size(10);
    let mut frame_group_sessions = Vec::new();
    for (name, spec) in sizes() {
        let scenario = Arc::new(load_str(&generate(&spec), "synthetic.ron").unwrap());
        let session = Session::new(scenario);
        layout_group.bench_function(name, |b| {
            b.iter(|| black_box(MapLayout::new(session.graph())));
        });
        frame_group_sessions.push((name, session));
    }
    layout_group.finish();

    let mut group = c.benchmark_group("map_frame");
    group.sample_size(10);
    for (name, session) in frame_group_sessions {
        let layout = Arc::new(MapLayout::new(session.graph()));
        let ctx = Context::default();
        let mut view = MapView::new();
        view.fit_all_next_frame();
        frame(&ctx, &session, &layout, &mut view);
        group.bench_function(format!("{name}/fit/kept"), |b| {
            b.iter(|| black_box(frame(&ctx, &session, &layout, &mut view)));
        });
        group.bench_function(format!("{name}/fit/rebuilt"), |b| {
            b.iter(|| {
                view.invalidate();
                black_box(frame(&ctx, &session, &layout, &mut view))
            });
        });
        // Zoomed in around the middle of the graph (its middle layer, where
        // a lattice is widest): about a screenful of nodes, labels on.
        view.scale = vec2(80.0, 90.0);
        let middle = (layout.n_layers / 2) as f32;
        view.offset = vec2(640.0 - layout.width / 2.0 * 80.0, 400.0 - middle * 90.0);
        frame(&ctx, &session, &layout, &mut view);
        eprintln!(
            "{name}: {} situations, layout {} wide, {} layers; zoomed: {} drawn, {} labels",
            session.graph().n_situations(),
            layout.width,
            layout.n_layers,
            view.n_drawn,
            view.labels().len()
        );
        group.bench_function(format!("{name}/zoomed/kept"), |b| {
            b.iter(|| black_box(frame(&ctx, &session, &layout, &mut view)));
        });
        group.bench_function(format!("{name}/zoomed/rebuilt"), |b| {
            b.iter(|| {
                view.invalidate();
                black_box(frame(&ctx, &session, &layout, &mut view))
            });
        });
    }
    group.finish();
}

/// The whole app on Vienna, loaded and settled, autosaving into `data`.
fn vienna_app(data: &std::path::Path) -> egui_kittest::Harness<'static, demarche::ui::DemarcheApp> {
    use demarche::ui::{AppOptions, DemarcheApp};
    let options = AppOptions {
        data_dir: Some(data.to_owned()),
        ..Default::default()
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_eframe(move |cc| DemarcheApp::new(&cc.egui_ctx, options));
    harness.state_mut().finish_job();
    harness.run();
    harness
}

/// A key press to the next frame in the whole app (Vienna, autosave on):
/// press 2 (a move), run the frames it causes, press Backspace (back), run
/// again. Two key-to-frame cycles per iteration, the panels' drawing and
/// `apply` included.
fn key_to_frame(c: &mut Criterion) {
    let data = tempfile::tempdir().unwrap();
    let mut harness = vienna_app(data.path());
    c.bench_function("key_to_frame/vienna/move_and_back", |b| {
        b.iter(|| {
            harness.key_press(egui::Key::Num2);
            harness.run();
            harness.key_press(egui::Key::Backspace);
            harness.run();
        });
    });
}

/// The whole app's frame while the lambda slider is dragged on Vienna:
/// each iteration sets a new lambda (as a drag does) and runs the frames
/// it causes, the outcome bars worked out again under quantal response
/// with their ranges and the panels drawn.
fn lambda_redraw(c: &mut Criterion) {
    use demarche::ui::UiAction;
    use demarche::ui::state::ModelChoice;
    let data = tempfile::tempdir().unwrap();
    let mut harness = vienna_app(data.path());
    harness
        .state_mut()
        .apply(UiAction::SetModel(ModelChoice::Qre));
    harness.run();
    let mut k = 0u32;
    c.bench_function("lambda_redraw/vienna", |b| {
        b.iter(|| {
            k += 1;
            // A new lambda every frame, as while dragging.
            let lambda = 0.05 * f64::from(k % 200 + 1);
            harness.state_mut().apply(UiAction::SetLambda(lambda));
            harness.run();
        });
    });
}

/// One frame of the whole app on the million-situation synthetic
/// scenario, with the outcomes panel and the presenter view open and
/// their reports worked out: what the window pays per frame once the
/// analysis is done (no walk of the graph, no analysis on its thread).
fn frame_on_a_million(c: &mut Criterion) {
    use demarche::ui::command::Command;
    use demarche::ui::{AppOptions, DemarcheApp, ScenarioSource, UiAction};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.ron");
    std::fs::write(&path, generate(&spec(6, 10))).unwrap();
    let options = AppOptions {
        source: Some(ScenarioSource::File(path)),
        ..Default::default()
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_eframe(move |cc| DemarcheApp::new(&cc.egui_ctx, options));
    harness.state_mut().finish_job();
    harness
        .state_mut()
        .apply(UiAction::Command(Command::Presenter));
    harness.run_steps(2);
    harness.state_mut().finish_analysis();
    harness.run_steps(2);
    c.bench_function("frame/1M/outcomes_and_presenter", |b| {
        b.iter(|| harness.step());
    });
}

criterion_group!(
    benches,
    bench,
    key_to_frame,
    lambda_redraw,
    frame_on_a_million
);
criterion_main!(benches);
