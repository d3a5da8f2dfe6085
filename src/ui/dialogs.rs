//! File dialogs (egui_file, drawn inside the window, so they work with no
//! desktop portal) and what to do with the chosen path.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use egui_file::FileDialog;

use super::app::{Settings, UiAction};
use super::worker::ScenarioSource;

/// What a dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    OpenScenario,
    OpenSession,
    SaveSession,
    ExportDebrief,
    ExportDot,
    ExportSvg,
    ExportEfg,
}

/// An open file dialog.
pub struct Dialog {
    pub purpose: Purpose,
    dialog: FileDialog,
}

fn with_extension(dialog: FileDialog, extension: &'static str) -> FileDialog {
    dialog.show_files_filter(Box::new(move |path: &Path| {
        path.extension() == Some(OsStr::new(extension))
    }))
}

impl Dialog {
    fn new(purpose: Purpose, mut dialog: FileDialog) -> Dialog {
        dialog.open();
        Dialog { purpose, dialog }
    }

    /// Open a scenario, starting in the folder of the last one.
    pub fn open_scenario(settings: &Settings) -> Dialog {
        let mut dialog = FileDialog::open_file()
            .show_files_filter(Box::new(|path: &Path| {
                path.extension()
                    .is_some_and(|e| e == OsStr::new("ron") || e == OsStr::new("efg"))
            }))
            .title("Open a scenario (.ron) or a Gambit game (.efg)");
        if let Some(folder) = settings.last_file.as_ref().and_then(|p| p.parent()) {
            dialog = dialog.initial_path(folder);
        } else if Path::new("scenarios").is_dir() {
            dialog = dialog.initial_path("scenarios");
        }
        Dialog::new(Purpose::OpenScenario, dialog)
    }

    /// Open a saved session.
    pub fn open_session() -> Dialog {
        Dialog::new(
            Purpose::OpenSession,
            with_extension(FileDialog::open_file(), "ron").title("Open a session"),
        )
    }

    /// Save the session.
    pub fn save_session() -> Dialog {
        Dialog::new(
            Purpose::SaveSession,
            FileDialog::save_file()
                .title("Save the session")
                .default_filename("session.ron"),
        )
    }

    /// Export the debrief.
    pub fn export_debrief() -> Dialog {
        Dialog::new(
            Purpose::ExportDebrief,
            FileDialog::save_file()
                .title("Export the debrief")
                .default_filename("debrief.md"),
        )
    }

    /// Export the graph.
    pub fn export_dot() -> Dialog {
        Dialog::new(
            Purpose::ExportDot,
            FileDialog::save_file()
                .title("Export the graph")
                .default_filename("graph.dot"),
        )
    }

    /// Export the map as SVG.
    pub fn export_svg() -> Dialog {
        Dialog::new(
            Purpose::ExportSvg,
            FileDialog::save_file()
                .title("Export the map")
                .default_filename("map.svg"),
        )
    }

    /// Export the game tree as Gambit .efg.
    pub fn export_efg() -> Dialog {
        Dialog::new(
            Purpose::ExportEfg,
            FileDialog::save_file()
                .title("Export the game tree")
                .default_filename("game.efg"),
        )
    }

    /// Draws the dialog; returns the action for the chosen file, and
    /// whether the dialog is finished.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> (Option<UiAction>, bool) {
        let state = self.dialog.show(ui);
        if state.selected() {
            let action = self.dialog.path().map(|p| self.action(p.to_path_buf()));
            return (action, true);
        }
        (None, !self.dialog.visible())
    }

    fn action(&self, path: PathBuf) -> UiAction {
        match self.purpose {
            Purpose::OpenScenario => UiAction::Open(ScenarioSource::File(path)),
            Purpose::OpenSession => UiAction::OpenSessionFrom(path),
            Purpose::SaveSession => UiAction::SaveSessionTo(path),
            Purpose::ExportDebrief => UiAction::ExportDebriefTo(path),
            Purpose::ExportDot => UiAction::ExportDotTo(path),
            Purpose::ExportSvg => UiAction::ExportSvgTo(path),
            Purpose::ExportEfg => UiAction::ExportEfgTo(path),
        }
    }
}
