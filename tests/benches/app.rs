//! The whole app's frame while the lambda slider is dragged on Vienna:
//! each iteration sets a new lambda (as a drag does) and runs the frames
//! it causes, the outcome bars worked out again under quantal response
//! with their ranges and the panels drawn.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use demarche::ui::state::ModelChoice;
use demarche::ui::{AppOptions, DemarcheApp, UiAction};
use egui::vec2;
use egui_kittest::Harness;

fn lambda_redraw(c: &mut Criterion) {
    let data = tempfile::tempdir().unwrap();
    let options = AppOptions {
        data_dir: Some(data.path().to_owned()),
        ..Default::default()
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_eframe(move |cc| DemarcheApp::new(&cc.egui_ctx, options));
    harness.state_mut().finish_job();
    harness.run();
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

criterion_group!(benches, lambda_redraw);
criterion_main!(benches);
