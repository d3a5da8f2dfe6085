//! The desktop app (feature `gui`): egui/eframe on top of the session.
//!
//! [`app`] holds the state and the one [`app::UiAction`] enum; panels in
//! their own files draw from the state and push actions; the long work
//! (reading and expanding a scenario) runs in [`worker`]. Nothing here is
//! needed by the library or the command line.

mod analysis_view;
pub mod app;
pub mod command;
mod compare;
mod dialogs;
mod errors_panel;
mod history_panel;
mod insight;
pub mod layout;
pub mod map;
mod menu;
mod outcomes_panel;
mod shell;
mod situation_panel;
mod story;
mod theme;
mod watch;
pub mod windows;
pub mod worker;

use std::path::PathBuf;

pub use app::{AppOptions, DemarcheApp, Settings, UiAction, View};
pub use worker::ScenarioSource;

/// The folder for autosaved sessions: `$DEMARCHE_DATA_DIR`, or the
/// platform's data folder for demarche.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("DEMARCHE_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| eframe::storage_dir("demarche"))
}

/// Opens the window on `file`, or on the last scenario (the built-in one at
/// first start). Returns when the window closes.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
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
            Ok(Box::new(DemarcheApp::new(
                &cc.egui_ctx,
                AppOptions {
                    source: file.map(ScenarioSource::File),
                    data_dir: data_dir(),
                    settings,
                    watch: true,
                },
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
