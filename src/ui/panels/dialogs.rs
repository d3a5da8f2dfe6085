//! File dialogs (egui_file, drawn inside the window, so they work with no
//! desktop portal) and the action for the chosen path. A dialog is the
//! view state of the window it draws; the app opens one on a command.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use egui_file::FileDialog;

use crate::io::{ExportFormat, ScenarioSource};
use crate::ui::action::UiAction;
use crate::ui::state::Settings;

/// What a dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    OpenScenario,
    OpenSession,
    SaveSession,
    Export(ExportFormat),
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

    /// Export in `format`.
    pub fn export(format: ExportFormat) -> Dialog {
        let name = match format {
            ExportFormat::Md | ExportFormat::Html => "debrief",
            ExportFormat::Dot => "graph",
            ExportFormat::Svg => "map",
            ExportFormat::Efg => "game",
        };
        Dialog::new(
            Purpose::Export(format),
            FileDialog::save_file()
                .title(&format!("Export the {}", format.what()))
                .default_filename(format!("{name}.{}", format.extension())),
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
            Purpose::Export(format) => UiAction::ExportTo { format, path },
        }
    }
}
