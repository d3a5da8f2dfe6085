//! The menu bar: File, View, Class, Help. Entries, shortcuts and tooltips come from
//! the command list.

use egui::Ui;

use crate::io::ScenarioSource;
use crate::ui::action::UiAction;
use crate::ui::class::ClassAction;
use crate::ui::command::Command;
use crate::ui::state::{AppState, View};

fn item(ui: &mut Ui, command: Command, enabled: bool, actions: &mut Vec<UiAction>) {
    let mut button = egui::Button::new(command.label());
    if let Some(s) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui
        .add_enabled(enabled, button)
        .on_hover_text(command.tooltip())
        .clicked()
    {
        actions.push(UiAction::Command(command));
        ui.close();
    }
}

/// Draws the menu bar.
pub fn menu_bar_ui(ui: &mut Ui, state: &AppState, actions: &mut Vec<UiAction>) {
    let open = state.document.is_some();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Command::Open, true, actions);
            ui.menu_button("Open recent", |ui| {
                if ui.button("Vienna 2021 (built in)").clicked() {
                    actions.push(UiAction::Open(ScenarioSource::BuiltIn(
                        crate::DEFAULT_SCENARIO_NAME,
                    )));
                    ui.close();
                }
                for path in &state.settings.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        actions.push(UiAction::Open(ScenarioSource::File(path.clone())));
                        ui.close();
                    }
                }
            });
            item(ui, Command::Library, true, actions);
            item(ui, Command::Reload, open, actions);
            ui.separator();
            item(ui, Command::SaveSession, open, actions);
            item(ui, Command::OpenSession, open, actions);
            ui.menu_button("Export", |ui| {
                item(ui, Command::ExportDebrief, open, actions);
                item(ui, Command::ExportDebriefHtml, open, actions);
                item(ui, Command::ExportDot, open, actions);
                item(ui, Command::ExportSvg, open, actions);
                item(ui, Command::ExportEfg, open, actions);
                let answered = state
                    .document
                    .as_ref()
                    .is_some_and(|d| d.session.class_record().has_ballots());
                item(ui, Command::ExportBallots, answered, actions);
            });
            ui.separator();
            item(ui, Command::Quit, true, actions);
        });
        ui.menu_button("Edit", |ui| {
            let session = state.document.as_ref().map(|d| &d.session);
            item(
                ui,
                Command::Undo,
                session.is_some_and(|s| s.can_undo()),
                actions,
            );
            item(
                ui,
                Command::Redo,
                session.is_some_and(|s| s.can_redo()),
                actions,
            );
            ui.separator();
            item(ui, Command::Back, open, actions);
            item(ui, Command::Forward, open, actions);
            item(ui, Command::Restart, open, actions);
            item(ui, Command::Bookmark, open, actions);
        });
        ui.menu_button("View", |ui| {
            for (command, view) in [
                (Command::ViewStory, View::Story),
                (Command::ViewMap, View::Map),
                (Command::ViewCompare, View::Compare),
                (Command::ViewAnalysis, View::Analysis),
            ] {
                let mut button = egui::Button::new(command.label()).selected(state.view == view);
                if let Some(s) = command.shortcut() {
                    button = button.shortcut_text(ui.ctx().format_shortcut(&s));
                }
                if ui.add(button).on_hover_text(command.tooltip()).clicked() {
                    actions.push(UiAction::Command(command));
                    ui.close();
                }
            }
            ui.separator();
            item(ui, Command::FitMap, open, actions);
            item(ui, Command::Seminar, open, actions);
            item(ui, Command::Presenter, open, actions);
            ui.menu_button("Seminar type size", |ui| {
                for scale in [1.25_f32, 1.5, 1.6, 2.0] {
                    let chosen = (state.settings.seminar_scale - scale).abs() < 0.01;
                    if ui
                        .add(egui::Button::new(format!("{scale}x")).selected(chosen))
                        .on_hover_text("How much larger text is in seminar mode (remembered)")
                        .clicked()
                    {
                        actions.push(UiAction::SetSeminarScale(scale));
                        ui.close();
                    }
                }
            });
            let hide = egui::Button::new(Command::HideAnalysis.label())
                .selected(state.settings.hide_analysis);
            if ui
                .add(hide)
                .on_hover_text(Command::HideAnalysis.tooltip())
                .clicked()
            {
                actions.push(UiAction::Command(Command::HideAnalysis));
                ui.close();
            }
            let hiding = state.settings.hide_analysis;
            item(ui, Command::Reveal, open && hiding, actions);
            item(ui, Command::KeepRevealed, open && hiding, actions);
            item(ui, Command::Theme, true, actions);
        });
        ui.menu_button("Class", |ui| {
            let running = state.class.is_some();
            let action = if running {
                ClassAction::Stop
            } else {
                ClassAction::OpenStart
            };
            if ui
                .add_enabled(open, egui::Button::new(action.label()))
                .on_hover_text("Students vote and predict from their phones, over this network")
                .clicked()
            {
                actions.push(UiAction::Class(action));
                ui.close();
            }
            if running {
                ui.separator();
                for action in ClassAction::BUTTONS {
                    if action == ClassAction::Stop {
                        continue;
                    }
                    let mut button = egui::Button::new(action.label());
                    if let Some(key) = action.key() {
                        button = button.shortcut_text(key.name());
                    }
                    if ui.add(button).clicked() {
                        actions.push(UiAction::Class(action));
                        ui.close();
                    }
                }
                for choose in [true, false] {
                    let teams = ClassAction::SetUpTeams(choose);
                    if ui.button(teams.label()).clicked() {
                        actions.push(UiAction::Class(teams));
                        ui.close();
                    }
                }
            }
            let answered = state
                .document
                .as_ref()
                .is_some_and(|d| d.session.class_record().has_ballots());
            item(ui, Command::ExportBallots, answered, actions);
        });
        ui.menu_button("Help", |ui| {
            item(ui, Command::Shortcuts, true, actions);
            item(ui, Command::About, true, actions);
        });
        ui.separator();
        for (command, view) in [
            (Command::ViewStory, View::Story),
            (Command::ViewMap, View::Map),
            (Command::ViewCompare, View::Compare),
            (Command::ViewAnalysis, View::Analysis),
        ] {
            if ui
                .selectable_label(state.view == view, command.label())
                .on_hover_text(command.tooltip())
                .clicked()
            {
                actions.push(UiAction::Command(command));
            }
        }
    });
}
