//! The window's layout: menu bar, status bar, errors, the situation on the
//! left, outcomes on the right, history at the bottom and the chosen view in
//! the centre. In seminar mode: large type and only the story, the
//! situation and (once revealed) the outcomes.

use egui::{Panel, RichText, Ui};

use super::app::{DemarcheApp, UiAction, View};
use super::command::Command;

/// Draws the whole window and collects the actions.
pub fn shell_ui(ui: &mut Ui, app: &mut DemarcheApp, actions: &mut Vec<UiAction>) {
    let ctx = ui.ctx().clone();
    if !app.state.seminar {
        Panel::top("menu").show(ui, |ui| super::menu::menu_bar_ui(ui, app, actions));
    }
    Panel::bottom("status").show(ui, |ui| status_ui(ui, app, actions));
    if let Some(failure) = &app.state.failure {
        let has_document = app.state.document.is_some();
        Panel::top("errors").show(ui, |ui| {
            super::errors_panel::errors_ui(ui, failure, has_document, actions);
        });
    }

    let state = &app.state;
    if let Some(document) = &state.document {
        let session = &document.session;
        // Keep the note field in step with the current visit.
        let current = session.walk().current();
        if app.note_for != Some(current) {
            app.note_for = Some(current);
            app.note_draft = session.walk().note(current).unwrap_or("").to_owned();
        }
        if !state.seminar {
            Panel::bottom("history")
                .resizable(true)
                .default_size(150.0)
                .show(ui, |ui| {
                    super::history_panel::history_ui(
                        ui,
                        state,
                        session,
                        &mut app.note_draft,
                        actions,
                    );
                });
        }
        Panel::left("situation")
            .resizable(true)
            .default_size(if state.seminar { 380.0 } else { 280.0 })
            .show(ui, |ui| {
                super::situation_panel::situation_ui(ui, state, session)
            });
        if !state.seminar || state.revealed {
            Panel::right("outcomes")
                .resizable(true)
                .default_size(if state.seminar { 360.0 } else { 260.0 })
                .show(ui, |ui| {
                    super::outcomes_panel::outcomes_ui(
                        ui,
                        state,
                        session,
                        &document.insight,
                        actions,
                    )
                });
        } else {
            Panel::right("outcomes-hidden")
                .exact_size(160.0)
                .show(ui, |ui| {
                    super::outcomes_panel::outcomes_ui(
                        ui,
                        state,
                        session,
                        &document.insight,
                        actions,
                    );
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if state.seminar {
                seminar_bar_ui(ui, app.state.revealed, actions);
            }
            let view = if state.seminar {
                View::Story
            } else {
                state.view
            };
            match view {
                View::Story => {
                    super::story::story_ui(ui, state, session, &document.insight, actions)
                }
                View::Map => {
                    let steps: Option<Vec<crate::engine::StepId>> = document
                        .insight
                        .odds
                        .as_ref()
                        .and_then(|o| o.path.as_ref())
                        .map(|p| p.steps.iter().map(|s| s.step).collect());
                    super::map::map_ui(
                        ui,
                        session,
                        &document.layout,
                        steps.as_deref(),
                        &mut app.map,
                        actions,
                    )
                }
                View::Compare => super::compare::compare_ui(ui, state, session, actions),
                View::Analysis => {
                    super::analysis_view::analysis_ui(ui, session, &document.insight, actions)
                }
            }
        });
    } else {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("demarche");
                if app.job().is_none() {
                    ui.label("No scenario is open.");
                    if ui.button(Command::Open.label()).clicked() {
                        actions.push(UiAction::Command(Command::Open));
                    }
                    if ui
                        .button("Open the built-in Vienna 2021 scenario")
                        .clicked()
                    {
                        actions.push(UiAction::Open(super::worker::ScenarioSource::BuiltIn(
                            crate::DEFAULT_SCENARIO_NAME,
                        )));
                    }
                }
            });
        });
    }

    if app.state.windows.shortcuts {
        super::windows::shortcuts_window(&ctx, &mut app.state.windows.shortcuts);
    }
    if app.state.windows.about {
        super::windows::about_window(&ctx, &mut app.state.windows.about);
    }
    if app.state.windows.library {
        let entries = app.library.get_or_insert_with(|| {
            super::windows::library_entries(std::path::Path::new("scenarios"))
        });
        super::windows::library_window(&ctx, &mut app.state, entries, actions);
    } else {
        app.library = None;
    }
    if let Some(dialog) = &mut app.dialog {
        let (action, done) = dialog.ui(ui);
        actions.extend(action);
        if done {
            app.dialog = None;
        }
    }
}

fn seminar_bar_ui(ui: &mut Ui, revealed: bool, actions: &mut Vec<UiAction>) {
    ui.horizontal(|ui| {
        if ui.button("< Back").clicked() {
            actions.push(UiAction::Command(Command::Back));
        }
        let reveal = if revealed {
            "Hide analysis (R)"
        } else {
            "Reveal analysis (R)"
        };
        if ui.button(reveal).clicked() {
            actions.push(UiAction::Command(Command::Reveal));
        }
        if ui.button("Leave seminar mode (F11)").clicked() {
            actions.push(UiAction::Command(Command::Seminar));
        }
    });
    ui.separator();
}

fn status_ui(ui: &mut Ui, app: &DemarcheApp, actions: &mut Vec<UiAction>) {
    ui.horizontal(|ui| {
        if let Some(job) = app.job() {
            ui.label(format!("{} {}…", job.phase(), job.source.display()));
            ui.add(
                egui::ProgressBar::new(job.fraction())
                    .desired_width(220.0)
                    .text(format!("{} situations", job.n_situations())),
            );
            if ui.button("Cancel").clicked() {
                actions.push(UiAction::CancelJob);
            }
        } else if let Some(export) = &app.export {
            ui.spinner();
            ui.label(format!(
                "Exporting the {} to {}…",
                export.what,
                export.path.display()
            ));
            if ui.button("Cancel").clicked() {
                actions.push(UiAction::CancelExport);
            }
        } else if let Some(status) = &app.state.status {
            ui.label(status);
        } else if let Some(d) = &app.state.document {
            let graph = d.session.graph();
            ui.label(
                RichText::new(format!(
                    "{} · {} situations · {} steps · loaded in {:.0} ms",
                    d.source.display(),
                    graph.n_situations(),
                    graph.n_steps(),
                    d.load_ms
                ))
                .weak(),
            );
        }
    });
}
