//! Small windows: the keyboard shortcuts (from the command list), About,
//! and the scenario library. Closing one is the command that toggles it, so
//! the state changes only in `apply`.

use egui::{Context, Key, Modifiers, RichText};

use crate::io::{LibraryEntry, ScenarioSource};
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::state::AppState;

/// Whether Escape was pressed (and not taken by a text field): it closes
/// the small window on top.
fn escape_pressed(ctx: &Context) -> bool {
    !ctx.text_edit_focused() && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
}

/// The largest a small window may be: the window's content area less a
/// margin, so its title bar and its close button stay on screen.
fn fit_on_screen(ctx: &Context) -> egui::Vec2 {
    (ctx.content_rect().size() - egui::vec2(48.0, 96.0)).max(egui::vec2(200.0, 160.0))
}

/// Help > Keyboard shortcuts: the list scrolls if the window is too small
/// for it; Escape or the X closes it.
pub fn shortcuts_window(ctx: &Context, actions: &mut Vec<UiAction>) {
    let mut open = true;
    let room = fit_on_screen(ctx);
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .resizable(false)
        .constrain(true)
        .min_width(room.x.min(720.0))
        .max_width(room.x.min(760.0))
        .max_height(room.y)
        .show(ctx, |ui| {
            // The descriptions wrap in what the name and key columns leave.
            let what_width = (room.x.min(760.0) - 400.0).max(160.0);
            egui::ScrollArea::vertical()
                .max_height(room.y - 40.0)
                .min_scrolled_height((room.y - 40.0).min(600.0))
                .show(ui, |ui| {
                    egui::Grid::new("shortcuts")
                        .striped(true)
                        .min_col_width(90.0)
                        .show(ui, |ui| {
                            let row = |ui: &mut egui::Ui, label: &str, key: String, what: &str| {
                                ui.label(RichText::new(label).strong());
                                ui.add(egui::Label::new(key).wrap_mode(egui::TextWrapMode::Extend));
                                ui.vertical(|ui| {
                                    ui.set_width(what_width);
                                    ui.add(egui::Label::new(what).wrap());
                                });
                                ui.end_row();
                            };
                            for command in Command::ALL {
                                let key = command
                                    .shortcut()
                                    .map(|s| ctx.format_shortcut(&s))
                                    .unwrap_or_default();
                                row(ui, command.label(), key, command.tooltip());
                            }
                            row(
                                ui,
                                "Take move 1-9",
                                "1 … 9".to_owned(),
                                "Take the numbered move (a move with chance results is rolled)",
                            );
                            row(
                                ui,
                                "Back / forward in seminar mode",
                                "Left / Right arrows".to_owned(),
                                "Walk the history with the arrow keys",
                            );
                            for action in crate::ui::class::ClassAction::BUTTONS {
                                if let Some(key) = action.key() {
                                    row(
                                        ui,
                                        action.label(),
                                        key.name().to_owned(),
                                        "While a class runs (Class > Start the class)",
                                    );
                                }
                            }
                            row(ui, "Close this window", "Esc".to_owned(), "");
                        });
                });
        });
    if !open || escape_pressed(ctx) {
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
    if !open || escape_pressed(ctx) {
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
    if !open || escape_pressed(ctx) {
        actions.push(UiAction::Command(Command::Library));
    }
}
