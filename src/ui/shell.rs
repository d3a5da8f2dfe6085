//! The window's layout: menu bar, status bar, errors, the situation on the
//! left, outcomes on the right, history at the bottom and the chosen view in
//! the centre (the map beside the story, the divider draggable). In seminar mode ([`seminar_ui`]): large type, the story in
//! two columns (what happened, and the moves) and side panels that give
//! way to it. The presenter view is a second window
//! ([`presenter_viewport`]). This is the one place that calls panels; it
//! reads the [`Screen`], hands each panel its own view state and collects
//! the actions.

use egui::{Context, Panel, Ui, ViewportBuilder, ViewportClass, ViewportId};

use super::action::UiAction;
use super::command::Command;
use super::panels::dialogs::{self, DialogView};
use super::panels::history::HistoryView;
use super::panels::map::MapView;
use super::panels::{
    analysis, compare, errors, history, map, menu, outcomes, presenter, seminar, situation, status,
    story, windows,
};
use super::state::{Document, Screen, View};
use super::style::{heading_width, set_type_scale};
use super::tasks::Reports;
use crate::io::ScenarioSource;

/// The map view gives the map most of the window: the situation, outcomes
/// and history panels fold to slim rails there, each opened on demand.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rails {
    pub situation: bool,
    pub outcomes: bool,
    pub history: bool,
}

/// How wide a folded side panel's rail is, in points.
const RAIL_WIDTH: f32 = 26.0;

/// The view state of the panels that keep one.
#[derive(Default)]
pub struct Views {
    pub map: MapView,
    pub history: HistoryView,
    /// Which panels the map view has opened from their rails.
    pub rails: Rails,
    /// The height the history panel's rows took on the last frame.
    pub history_height: Option<f32>,
    /// The file dialog's own view state (the name being typed).
    pub dialog: DialogView,
    /// The last request to fit the map passed on to it.
    fit_seen: u64,
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
    // Requests to a view arrive through the state and are passed on here.
    if views.fit_seen != state.fit_map.serial {
        views.fit_seen = state.fit_map.serial;
        if state.fit_map.all {
            views.map.fit_all_next_frame();
        } else {
            views.map.fit_next_frame = true;
        }
    }
    if !state.seminar {
        Panel::top("menu").show(ui, |ui| menu::menu_bar_ui(ui, state, actions));
    }
    Panel::bottom("status").show(ui, |ui| {
        if state.seminar {
            // For the instructor, not the class: small type on the
            // projector, leaving the room to the story.
            set_type_scale(ui.style_mut(), 1.0);
        }
        status::status_ui(ui, screen, actions);
    });
    if let Some(failure) = &state.failure {
        let on_screen = state
            .document
            .as_ref()
            .map(|d| d.session.scenario().title.as_str());
        // Sized by what it shows each frame, so a longer message is not cut.
        Panel::top("errors").resizable(false).show(ui, |ui| {
            errors::errors_ui(ui, failure, on_screen, actions);
        });
    }

    if let (Some(document), Some(reports)) = (&state.document, screen.reports)
        && state.seminar
    {
        seminar_ui(ui, screen, document, reports, actions);
    } else if let (Some(document), Some(reports)) = (&state.document, screen.reports) {
        let session = &document.session;
        // In the map view the panels fold to rails: the map takes the
        // window, and each panel opens on demand.
        let map_first = state.view == View::Map;
        let rails = &mut views.rails;
        if map_first && !rails.history {
            Panel::bottom("history-rail")
                .resizable(false)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui
                            .small_button("Show history")
                            .on_hover_text(
                                "Show the history panel: branches, bookmarks and the note",
                            )
                            .clicked()
                        {
                            rails.history = true;
                        }
                        history::breadcrumbs_ui(ui, session, actions);
                    });
                });
        } else {
            // As tall as its rows (up to four branches, then they scroll):
            // the height goes to the story and the map.
            // Sized to what it held on the last frame (a panel does not
            // grow to its content by itself), and drawn again at once
            // when that changes.
            let height = views.history_height.unwrap_or(120.0);
            Panel::bottom("history")
                .resizable(false)
                .exact_size(height)
                .show(ui, |ui| {
                    let content = ui.scope(|ui| {
                        if map_first
                            && ui
                                .small_button("Fold history")
                                .on_hover_text("Fold the history panel")
                                .clicked()
                        {
                            rails.history = false;
                        }
                        history::history_ui(ui, session, &mut views.history, actions);
                    });
                    let needed = content.response.rect.height();
                    if (needed - height).abs() > 0.5 {
                        views.history_height = Some(needed);
                        ui.ctx().request_repaint();
                    }
                });
        }
        // Wide enough that the headings never break inside a word.
        let margin = 2.0 * ui.spacing().window_margin.leftf() + 12.0;
        if map_first && !rails.situation {
            Panel::left("situation-rail")
                .resizable(false)
                .exact_size(RAIL_WIDTH)
                .show(ui, |ui| {
                    if ui
                        .small_button("»")
                        .on_hover_text("Show the situation panel")
                        .clicked()
                    {
                        rails.situation = true;
                    }
                });
        } else {
            Panel::left("situation")
                .resizable(true)
                .default_size(280.0)
                .min_size(heading_width(ui, "Situation") + margin)
                .show(ui, |ui| {
                    if map_first
                        && ui
                            .small_button("« Fold")
                            .on_hover_text("Fold the situation panel to a rail")
                            .clicked()
                    {
                        rails.situation = false;
                    }
                    situation::situation_ui(ui, state, session)
                });
        }
        if map_first && !rails.outcomes {
            Panel::right("outcomes-rail")
                .resizable(false)
                .exact_size(RAIL_WIDTH)
                .show(ui, |ui| {
                    if ui
                        .small_button("«")
                        .on_hover_text("Show the outcomes panel")
                        .clicked()
                    {
                        rails.outcomes = true;
                    }
                });
        } else {
            Panel::right("outcomes")
                .resizable(true)
                .default_size(260.0)
                .min_size(heading_width(ui, "Outcomes") + margin)
                .show(ui, |ui| {
                    if map_first
                        && ui
                            .small_button("Fold »")
                            .on_hover_text("Fold the outcomes panel to a rail")
                            .clicked()
                    {
                        rails.outcomes = false;
                    }
                    outcomes::outcomes_ui(ui, state, session, reports, actions);
                });
        }
        egui::CentralPanel::default().show(ui, |ui| match state.view {
            View::Story => story::story_ui(ui, state, session, reports, actions),
            View::Map => {
                // The map beside the story, the divider draggable. The
                // rational path is analysis: drawn once revealed.
                // Not on an option-form conflict, where rational play
                // does not apply.
                let steps: Option<Vec<crate::engine::StepId>> = reports
                    .report_meanwhile(session.current())
                    .filter(|_| state.revealed() && session.scenario().conflict.is_none())
                    .and_then(|r| r.rational.answer())
                    .map(|a| a.path.steps.iter().map(|s| s.step).collect());
                let width = ui.available_width();
                Panel::left("story-beside-map")
                    .resizable(true)
                    .default_size((width * 0.3).max(240.0))
                    .size_range(200.0..=(width - 200.0).max(220.0))
                    .show(ui, |ui| {
                        story::story_ui(ui, state, session, reports, actions)
                    });
                egui::CentralPanel::default().show(ui, |ui| {
                    map::map_ui(
                        ui,
                        session,
                        &document.layout,
                        steps.as_deref(),
                        reports.information_sets(),
                        &mut views.map,
                        actions,
                    )
                });
            }
            View::Compare => compare::compare_ui(ui, state, session, reports, actions),
            View::Analysis if !state.revealed() => hidden_ui(ui, actions),
            View::Analysis => analysis::analysis_ui(ui, state, session, reports, actions),
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
                    if ui.button(Command::Library.label()).clicked() {
                        actions.push(UiAction::Command(Command::Library));
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
    if let Some(dialog) = &state.file_dialog {
        dialogs::file_dialog_ui(&ctx, dialog, &mut views.dialog, actions);
    }
}

/// The analysis view while the analysis is hidden until revealed.
fn hidden_ui(ui: &mut Ui, actions: &mut Vec<UiAction>) {
    ui.heading("Analysis");
    ui.label("Hidden until revealed.");
    if ui
        .button(super::style::with_key(ui, Command::Reveal, "Reveal"))
        .on_hover_text(Command::Reveal.tooltip())
        .clicked()
    {
        actions.push(UiAction::Command(Command::Reveal));
    }
}

/// Below this width in points per unit of type scale, the situation panel
/// gives way to the story in seminar mode (1280 points at 1.6x type is
/// 800; 1920 at 2x is 960).
const SEMINAR_SIDE_PANEL_ABOVE: f32 = 900.0;

/// Seminar mode: large type, no menu or history; the story in two columns
/// (what just happened, then the moves), so every move button stays on
/// screen; the situation as a side panel when the screen is wide enough
/// for it, otherwise one line of what matters (whose turn, what changed);
/// once revealed, the outcomes under the narrative. Panels here have ids
/// of their own and a fixed width worked out from the screen, so nothing
/// of their size is kept into normal mode or the next start.
fn seminar_ui(
    ui: &mut Ui,
    screen: &Screen<'_>,
    document: &Document,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    let state = screen.state;
    let session = &document.session;
    let width = ui.available_width();
    let scale = super::style::seminar_scale(state.settings.seminar_scale);
    let side_panel = width / scale >= SEMINAR_SIDE_PANEL_ABOVE;
    if side_panel {
        let margin = 2.0 * ui.spacing().window_margin.leftf() + 12.0;
        let size = (width * 0.22).max(heading_width(ui, "Situation") + margin);
        Panel::left("seminar-situation")
            .resizable(false)
            .exact_size(size)
            .show(ui, |ui| situation::situation_ui(ui, state, session));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        seminar::seminar_bar_ui(ui, state, session, actions);
        if !side_panel {
            seminar::situation_line_ui(ui, session);
        }
        story::seminar_heading_ui(ui, session);
        ui.add_space(4.0);
        // Top-down, not justified: buttons keep their own width and text
        // is ragged right.
        let top_down = egui::Layout::top_down(egui::Align::Min);
        // Two columns of equal width: what happened, and the moves.
        let area = ui.available_rect_before_wrap();
        let gap = ui.spacing().item_spacing.x * 2.0;
        let story_width = ((area.width() - gap) * 0.5).max(0.0);
        let story_rect =
            egui::Rect::from_min_size(area.min, egui::vec2(story_width, area.height()));
        let moves_rect =
            egui::Rect::from_min_max(egui::pos2(story_rect.right() + gap, area.top()), area.max);
        ui.allocate_rect(area, egui::Sense::hover());
        {
            let story_column =
                &mut ui.new_child(egui::UiBuilder::new().max_rect(story_rect).layout(top_down));
            let moves_column =
                &mut ui.new_child(egui::UiBuilder::new().max_rect(moves_rect).layout(top_down));
            // Once revealed, the outcomes come first in the first column,
            // so the class sees the bars without the instructor
            // scrolling; until then the narrative leads and the reveal
            // button follows it.
            egui::ScrollArea::vertical()
                .id_salt("seminar-story")
                .auto_shrink([false, false])
                .show(story_column, |ui| {
                    ui.with_layout(top_down, |ui| {
                        let outcomes_box = |ui: &mut egui::Ui, actions: &mut Vec<UiAction>| {
                            egui::Frame::group(ui.style()).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                outcomes::outcomes_ui(ui, state, session, reports, actions);
                            });
                        };
                        if state.revealed() {
                            outcomes_box(ui, actions);
                            ui.add_space(8.0);
                        }
                        story::seminar_narrative_ui(ui, state, session, actions);
                        if !state.revealed() {
                            ui.add_space(8.0);
                            outcomes_box(ui, actions);
                        }
                    });
                });
            egui::ScrollArea::vertical()
                .id_salt("seminar-moves")
                .auto_shrink([false, false])
                .show(moves_column, |ui| {
                    ui.with_layout(top_down, |ui| {
                        story::seminar_moves_ui(ui, state, session, reports, actions);
                    });
                });
        }
    });
}

/// The presenter view: a second window (an egui viewport) with the
/// instructor's notes and questions, the analysis, what each move leads
/// to, the path and a clock, in normal-size type whatever the projector
/// uses. `keys` reads its keyboard into actions, as the main window's is
/// read, so either window's keys drive both. Closing it (its close button
/// or the close command) returns to one window. Where the platform has no
/// second window (a headless test), it is drawn as a window inside the
/// main one.
pub fn presenter_viewport(
    ctx: &Context,
    screen: &Screen<'_>,
    actions: &mut Vec<UiAction>,
    keys: &dyn Fn(&Context, &mut Vec<UiAction>),
) {
    let title = match &screen.state.document {
        Some(d) => format!("demarche presenter - {}", d.session.scenario().title),
        None => "demarche presenter".to_owned(),
    };
    let builder = ViewportBuilder::default()
        .with_title(title)
        .with_inner_size([960.0, 720.0])
        .with_min_inner_size([480.0, 320.0]);
    ctx.show_viewport_immediate(presenter_viewport_id(), builder, |ui, class| {
        set_type_scale(ui.style_mut(), 1.0);
        if class != ViewportClass::EmbeddedWindow {
            // Its own keyboard; an embedded one shares the main window's.
            keys(ui.ctx(), actions);
            if ui.ctx().input(|i| i.viewport().close_requested()) {
                actions.push(UiAction::Command(Command::Presenter));
            }
            egui::CentralPanel::default().show(ui, |ui| {
                presenter::presenter_ui(ui, screen, actions);
            });
        } else {
            presenter::presenter_ui(ui, screen, actions);
        }
    });
}

/// The presenter view's viewport.
pub fn presenter_viewport_id() -> ViewportId {
    ViewportId::from_hash_of("demarche-presenter")
}
