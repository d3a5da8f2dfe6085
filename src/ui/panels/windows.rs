//! Small windows: the keyboard shortcuts (from the command list), About,
//! and the scenario library. Closing one is the command that toggles it, so
//! the state changes only in `apply`.

use egui::{Context, RichText};

use crate::io::{LibraryEntry, ScenarioSource};
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::state::AppState;

/// Help > Keyboard shortcuts.
pub fn shortcuts_window(ctx: &Context, actions: &mut Vec<UiAction>) {
    let mut open = true;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for command in Command::ALL {
                    ui.label(RichText::new(command.label()).strong());
                    ui.label(
                        command
                            .shortcut()
                            .map(|s| ctx.format_shortcut(&s))
                            .unwrap_or_default(),
                    );
                    ui.label(command.tooltip());
                    ui.end_row();
                }
                ui.label(RichText::new("Take move 1-9").strong());
                ui.label("1 … 9");
                ui.label("Take the numbered move (a move with chance results is rolled)");
                ui.end_row();
                ui.label(RichText::new("Back / forward in seminar mode").strong());
                ui.label("Left / Right arrows");
                ui.label("Walk the history with the arrow keys");
                ui.end_row();
            });
        });
    if !open {
        actions.push(UiAction::Command(Command::Shortcuts));
    }
}

/// Help > About.
pub fn about_window(ctx: &Context, actions: &mut Vec<UiAction>) {
    let mut open = true;
    egui::Window::new("About demarche")
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading(format!("demarche {}", env!("CARGO_PKG_VERSION")));
            ui.label(
                "Explore diplomacy scenarios as branching graphs of actors, moves and outcomes.",
            );
            ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
        });
    if !open {
        actions.push(UiAction::Command(Command::About));
    }
}

/// File > Scenario library.
pub fn library_window(ctx: &Context, state: &AppState, actions: &mut Vec<UiAction>) {
    let entries: &[LibraryEntry] = &state.library;
    let mut open = true;
    egui::Window::new("Scenario library")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            if entries.is_empty() {
                ui.label("No scenarios found.");
            }
            egui::ScrollArea::vertical()
                .max_height(480.0)
                .show(ui, |ui| {
                    for (i, e) in entries.iter().enumerate() {
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(&e.title).strong());
                            if ui.button("Open").clicked() {
                                actions.push(UiAction::Open(e.source.clone()));
                            }
                        });
                        let place = match &e.source {
                            ScenarioSource::BuiltIn(_) => "built in".to_owned(),
                            ScenarioSource::File(p) => p.display().to_string(),
                        };
                        ui.label(RichText::new(format!("As of {} · {place}", e.as_of)).weak());
                        ui.label(&e.summary);
                        egui::CollapsingHeader::new(format!("Sources ({})", e.sources.len()))
                            .id_salt(("library-sources", i))
                            .show(ui, |ui| {
                                for s in &e.sources {
                                    ui.label(RichText::new(s).small());
                                }
                            });
                        ui.separator();
                    }
                });
        });
    if !open {
        actions.push(UiAction::Command(Command::Library));
    }
}
