//! The file dialog, drawn inside the window (so it works with no desktop
//! portal): the folder the app listed for it (on another thread: browsing
//! never touches the disk from the window's thread), its folders to open
//! and the files that fit, a name to type, and the action for the chosen
//! path. What it shows is app state ([`FileDialog`]); the name being typed
//! is its own view state.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::io::{ExportFormat, ScenarioSource};
use crate::report::Audience;
use crate::ui::action::UiAction;
use crate::ui::state::{FileDialog, Purpose};
use crate::ui::style::working;

/// The dialog's own view state: the name being typed, for the dialog it
/// was typed in.
#[derive(Default)]
pub struct DialogView {
    serial: Option<u64>,
    name: String,
    /// Who a debrief is for: the students' handout unless chosen.
    audience: Audience,
}

/// Draws the dialog.
pub fn file_dialog_ui(
    ctx: &egui::Context,
    dialog: &FileDialog,
    view: &mut DialogView,
    actions: &mut Vec<UiAction>,
) {
    if view.serial != Some(dialog.serial) {
        *view = DialogView {
            serial: Some(dialog.serial),
            name: dialog.purpose.default_name(),
            audience: Audience::Students,
        };
    }
    let mut open = true;
    egui::Window::new(dialog.purpose.title())
        .open(&mut open)
        .collapsible(false)
        .default_size([520.0, 420.0])
        .show(ctx, |ui| body_ui(ui, dialog, view, actions));
    if !open {
        actions.push(UiAction::CloseDialog);
    }
}

fn body_ui(ui: &mut Ui, dialog: &FileDialog, view: &mut DialogView, actions: &mut Vec<UiAction>) {
    ui.horizontal(|ui| {
        if ui
            .button("Up")
            .on_hover_text("The folder above this one")
            .clicked()
            && let Some(parent) = dialog.folder.parent()
        {
            actions.push(UiAction::Browse(parent.to_owned()));
        }
        ui.label(RichText::new(dialog.folder.display().to_string()).strong());
    });
    ui.separator();
    // The list takes what the rows below it leave: the file name, the
    // audience of a debrief, the buttons.
    let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let has_audience = matches!(
        dialog.purpose,
        Purpose::Export(ExportFormat::Md | ExportFormat::Html)
    );
    let rows = if has_audience { 3.0 } else { 2.0 };
    let footer = rows * row + 2.0 * ui.spacing().item_spacing.y + 12.0;
    let list_height = (ui.available_height() - footer).max(120.0);
    egui::ScrollArea::vertical()
        .id_salt("file-dialog-list")
        .max_height(list_height)
        .auto_shrink([false, false])
        .show(ui, |ui| match &dialog.listing {
            None => working(ui, "Reading the folder…"),
            Some(Err(why)) => {
                ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
            }
            Some(Ok(entries)) => {
                let mut shown = 0;
                for entry in entries {
                    if entry.is_folder {
                        if ui
                            .selectable_label(false, format!("{}/", entry.name))
                            .on_hover_text("Open this folder")
                            .clicked()
                        {
                            actions.push(UiAction::Browse(dialog.folder.join(&entry.name)));
                        }
                        shown += 1;
                    } else if dialog.purpose.lists(&entry.name) {
                        let chosen = view.name == entry.name;
                        let response = ui.selectable_label(chosen, &entry.name);
                        if response.clicked() {
                            view.name = entry.name.clone();
                        }
                        if response.double_clicked() {
                            choose(dialog, &entry.name, view.audience, actions);
                        }
                        shown += 1;
                    }
                }
                if shown == 0 {
                    ui.label(RichText::new("Nothing here to choose.").weak());
                }
            }
        });
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label("File name:");
        ui.add(egui::TextEdit::singleline(&mut view.name).desired_width(300.0))
            .labelled_by(label.id);
    });
    if let Purpose::Export(ExportFormat::Md | ExportFormat::Html) = dialog.purpose {
        // The handout leaves out the instructor's notes and questions.
        ui.horizontal(|ui| {
            ui.label("For:");
            for audience in [Audience::Students, Audience::Instructor] {
                ui.radio_value(&mut view.audience, audience, audience.label());
            }
        });
    }
    ui.horizontal(|ui| {
        let verb = if dialog.purpose.saves() {
            "Save"
        } else {
            "Open"
        };
        let name = view.name.trim();
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui
            .add_enabled(!name.is_empty(), egui::Button::new(verb))
            .on_hover_text("Enter")
            .clicked()
            || enter)
            && !name.is_empty()
        {
            choose(dialog, name, view.audience, actions);
        }
        if ui.button("Cancel").clicked() {
            actions.push(UiAction::CloseDialog);
        }
    });
}

/// The action for choosing `name` in the dialog's folder, and closing it.
fn choose(dialog: &FileDialog, name: &str, audience: Audience, actions: &mut Vec<UiAction>) {
    let path = dialog.folder.join(name);
    actions.push(action(dialog.purpose, audience, path));
    actions.push(UiAction::CloseDialog);
}

/// What choosing `path` does.
fn action(purpose: Purpose, audience: Audience, path: PathBuf) -> UiAction {
    match purpose {
        Purpose::OpenScenario => UiAction::Open(ScenarioSource::File(path)),
        Purpose::OpenSession => UiAction::OpenSessionFrom(path),
        Purpose::SaveSession => UiAction::SaveSessionTo(path),
        Purpose::Export(format) => UiAction::ExportTo {
            format,
            audience,
            path,
        },
    }
}
