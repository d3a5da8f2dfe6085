//! The desktop app (feature `gui`): egui/eframe on top of the session.
//!
//! - [`state`]: the app's state as plain data; [`action`]: the one
//!   [`UiAction`] enum; [`command`]: every menu command with its label,
//!   key and tooltip; [`style`]: colours and number formats.
//! - [`panels`]: one file per panel; each reads and pushes actions, none
//!   sees the app or another panel. [`shell`] lays them out.
//! - [`tasks`]: the work off the window's thread (loading, analysis, the
//!   file watch, autosave).
//! - [`app`]: the eframe app: it owns the state and the tasks, draws a
//!   frame and applies the actions, the one place the state changes.
//!
//! Nothing here is needed by the library or the command line.

pub mod action;
pub mod app;
pub mod class;
pub mod command;
pub mod event;
pub mod panels;
pub mod shell;
pub mod state;
pub mod style;
pub mod tasks;

use std::path::PathBuf;

/// Where a scenario comes from (see [`crate::io::ScenarioSource`]).
pub use crate::io::ScenarioSource;
pub use action::UiAction;
pub use app::{AppOptions, DemarcheApp};
pub use state::{Settings, View};
pub use tasks::{LoadHold, ScriptedChanges};

/// The folder for autosaved sessions: `$DEMARCHE_DATA_DIR`, or the
/// platform's data folder for demarche.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("DEMARCHE_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| eframe::storage_dir("demarche"))
}

/// Opens the window on `file`, or on the last scenario (the built-in one at
/// first start), with a class running if `class` says how. Returns when the
/// window closes.
pub fn run(
    file: Option<PathBuf>,
    class: Option<demarche_class::ClassConfig>,
) -> anyhow::Result<()> {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("demarche")
            .with_app_id("demarche")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 420.0])
            .with_drag_and_drop(true),
        persistence_path: data_dir().map(|d| d.join("app.ron")),
        ..Default::default()
    };
    eframe::run_native(
        "demarche",
        native,
        Box::new(move |cc| {
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, app::SETTINGS_KEY))
                .unwrap_or_default();
            let mut app = DemarcheApp::new(
                &cc.egui_ctx,
                AppOptions {
                    source: file.map(ScenarioSource::File),
                    data_dir: data_dir(),
                    settings,
                    watch: true,
                    seed: None,
                    ..AppOptions::default()
                },
            );
            if let Some(config) = class {
                app.start_class(config);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
