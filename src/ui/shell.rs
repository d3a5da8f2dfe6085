//! The window's layout: menu bar, status bar, errors, the situation on the
//! left, outcomes on the right, history at the bottom and the chosen view in
//! the centre (the map beside the story, the divider draggable). In seminar mode: large type and only the story, the
//! situation and (once revealed) the outcomes. This is the one place that
//! calls panels; it reads the [`Screen`], hands each panel its own view
//! state and collects the actions.

use egui::{Panel, Ui};

use super::action::UiAction;
use super::command::Command;
use super::panels::dialogs::Dialog;
use super::panels::history::HistoryView;
use super::panels::map::MapView;
use super::panels::{
    analysis, compare, errors, history, map, menu, outcomes, situation, status, story, windows,
};
use super::state::{Screen, View};
use crate::io::ScenarioSource;

/// The view state of the panels that keep one.
#[derive(Default)]
pub struct Views {
    pub map: MapView,
    pub history: HistoryView,
    /// The open file dialog, if any.
    pub dialog: Option<Dialog>,
}

impl Views {
    /// Fresh view state: the map fits the graph on its first frame.
    pub fn new() -> Views {
        Views {
            map: MapView::new(),
            ..Views::default()
        }
    }
}

/// Draws the whole window and collects the actions.
pub fn shell_ui(ui: &mut Ui, screen: &Screen<'_>, views: &mut Views, actions: &mut Vec<UiAction>) {
    let ctx = ui.ctx().clone();
    let state = screen.state;
    if !state.seminar {
        Panel::top("menu").show(ui, |ui| menu::menu_bar_ui(ui, state, actions));
    }
    Panel::bottom("status").show(ui, |ui| status::status_ui(ui, screen, actions));
    if let Some(failure) = &state.failure {
        let has_document = state.document.is_some();
        Panel::top("errors").show(ui, |ui| {
            errors::errors_ui(ui, failure, has_document, actions);
        });
    }

    if let (Some(document), Some(insight)) = (&state.document, screen.insight) {
        let session = &document.session;
        if !state.seminar {
            Panel::bottom("history")
                .resizable(true)
                .default_size(150.0)
                .show(ui, |ui| {
                    history::history_ui(ui, session, &mut views.history, actions);
                });
        }
        Panel::left("situation")
            .resizable(true)
            .default_size(if state.seminar { 380.0 } else { 280.0 })
            .show(ui, |ui| situation::situation_ui(ui, state, session));
        let outcomes_panel = if !state.seminar || state.revealed {
            Panel::right("outcomes")
                .resizable(true)
                .default_size(if state.seminar { 360.0 } else { 260.0 })
        } else {
            Panel::right("outcomes-hidden").exact_size(160.0)
        };
        outcomes_panel.show(ui, |ui| {
            outcomes::outcomes_ui(ui, state, session, insight, actions);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if state.seminar {
                status::seminar_bar_ui(ui, state.revealed, actions);
            }
            let view = if state.seminar {
                View::Story
            } else {
                state.view
            };
            match view {
                View::Story => story::story_ui(ui, state, session, insight, actions),
                View::Map => {
                    // The map beside the story, the divider draggable.
                    let steps: Option<Vec<crate::engine::StepId>> = insight
                        .odds
                        .as_ref()
                        .and_then(|o| o.path.as_ref())
                        .map(|p| p.steps.iter().map(|s| s.step).collect());
                    let width = ui.available_width();
                    Panel::left("story-beside-map")
                        .resizable(true)
                        .default_size((width * 0.42).max(240.0))
                        .size_range(200.0..=(width - 200.0).max(220.0))
                        .show(ui, |ui| {
                            story::story_ui(ui, state, session, insight, actions)
                        });
                    egui::CentralPanel::default().show(ui, |ui| {
                        map::map_ui(
                            ui,
                            session,
                            &document.layout,
                            steps.as_deref(),
                            insight.information_sets(),
                            &mut views.map,
                            actions,
                        )
                    });
                }
                View::Compare => compare::compare_ui(ui, state, session, actions),
                View::Analysis => analysis::analysis_ui(ui, session, insight, actions),
            }
        });
    } else {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("demarche");
                if screen.busy.is_none() {
                    ui.label("No scenario is open.");
                    if ui.button(Command::Open.label()).clicked() {
                        actions.push(UiAction::Command(Command::Open));
                    }
                    if ui
                        .button("Open the built-in Vienna 2021 scenario")
                        .clicked()
                    {
                        actions.push(UiAction::Open(ScenarioSource::BuiltIn(
                            crate::DEFAULT_SCENARIO_NAME,
                        )));
                    }
                }
            });
        });
    }

    if state.windows.shortcuts {
        windows::shortcuts_window(&ctx, actions);
    }
    if state.windows.about {
        windows::about_window(&ctx, actions);
    }
    if state.windows.library {
        windows::library_window(&ctx, state, actions);
    }
    if let Some(dialog) = &mut views.dialog {
        let (action, done) = dialog.ui(ui);
        actions.extend(action);
        if done {
            views.dialog = None;
        }
    }
}
