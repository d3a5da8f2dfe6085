//! The compare view: two branches (or any two visited situations) side by
//! side: the path to each, the variables that differ, and the outcomes
//! still reachable from each with their probabilities.

use egui::{RichText, Ui};

use crate::session::Session;
use crate::ui::action::UiAction;
use crate::ui::state::AppState;
use crate::ui::style::{changed_colour, percent_text, working};
use crate::ui::tasks::Reports;

/// Draws the view, scrolling where two long paths do not fit.
pub fn compare_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    egui::ScrollArea::vertical()
        .id_salt("compare")
        .auto_shrink([false, false])
        .show(ui, |ui| sides_ui(ui, state, session, reports, actions));
}

/// The two sides, each in its column.
fn sides_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    let walk = session.walk();
    let scenario = session.scenario();
    let graph = session.graph();
    let sides = state.compared(session);
    if walk.leaves().len() < 2 {
        ui.label("Explore a second branch (go back and take another move) to compare two branches. Until then the start is shown on the right.");
        ui.add_space(6.0);
    }
    let values = sides.map(|v| graph.values(walk.visit(v).situation));
    ui.columns(2, |columns| {
        for (side, column) in columns.iter_mut().enumerate() {
            // Columns lay out justified, which would justify every wrapped
            // line too (wide gaps in a path): text here is ragged right.
            column.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                let visit = sides[side];
                // The side's name first, on one line: as the combo box's own
                // label it was squeezed into what the box left over and wrapped
                // a letter a line.
                ui.horizontal(|ui| {
                    let name = ui.add(
                        egui::Label::new(
                            RichText::new(if side == 0 { "Left" } else { "Right" }).strong(),
                        )
                        .wrap_mode(egui::TextWrapMode::Extend),
                    );
                    let mut choices = walk.leaves();
                    for v in walk.path_to(walk.current()).into_iter().chain([visit]) {
                        if !choices.contains(&v) {
                            choices.push(v);
                        }
                    }
                    let names = crate::ui::style::branch_names(session, &choices);
                    let name_of = |v| {
                        choices
                            .iter()
                            .position(|c| *c == v)
                            .and_then(|k| names.get(k).cloned())
                            .unwrap_or_default()
                    };
                    egui::ComboBox::from_id_salt(("compare-side", side))
                        .selected_text(name_of(visit))
                        .width((ui.available_width() - 8.0).max(80.0))
                        // A long branch name is cut with "…" (the list shows
                        // it whole), so that the box stays within its side.
                        .truncate()
                        .show_ui(ui, |ui| {
                            for &v in &choices {
                                if ui.selectable_label(v == visit, name_of(v)).clicked() {
                                    actions.push(UiAction::SetCompare { side, visit: v });
                                }
                            }
                        })
                        .response
                        .labelled_by(name.id);
                });
                ui.add_space(6.0);
                ui.label(RichText::new("Path").strong());
                for (k, v) in walk.path_to(visit).iter().enumerate().skip(1) {
                    ui.label(format!("{k}. {}", session.visit_label(*v)));
                }
                ui.add_space(6.0);
                ui.label(RichText::new("Situation").strong());
                let other = &values[1 - side];
                // One line per variable, "name  value", wrapping within the
                // side, so that a long value never runs into the other side.
                for (i, variable) in scenario.variables.iter().enumerate() {
                    let text = variable.value_label(values[side][i]);
                    let value = if values[side][i] == other[i] {
                        RichText::new(text)
                    } else {
                        RichText::new(text).strong().color(changed_colour(ui))
                    };
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!("{}:", variable.display_name()));
                        ui.label(value);
                    });
                }
                ui.add_space(6.0);
                ui.label(
                    RichText::new(format!(
                        "Outcomes reachable ({})",
                        state.settings.model_title()
                    ))
                    .strong(),
                );
                if !state.revealed() {
                    ui.label("Hidden until revealed.");
                    return;
                }
                let model = state.settings.play_model();
                // Worked out off this frame (see `Reports`).
                let Some(report) = reports.compare_report(side, walk.visit(visit).situation, model)
                else {
                    working(ui, "Working out the odds…");
                    return;
                };
                if report.reachable.is_empty() {
                    ui.label("None.");
                    return;
                }
                let prediction = match &report.prediction {
                    Ok(prediction) => prediction,
                    Err(withheld) => {
                        ui.label(format!("Not shown for this model: {}.", withheld.reason));
                        return;
                    }
                };
                let listed = prediction.listed(&report.reachable, super::outcomes::MAX_LISTED);
                for o in &listed.shown {
                    let p = prediction.probability_of(*o);
                    ui.label(format!(
                        "{}: {}",
                        scenario.outcome(*o).label,
                        percent_text(p)
                    ));
                }
                if let Some(rest) = listed.rest_line(percent_text) {
                    ui.label(RichText::new(rest).weak());
                }
            });
        }
    });
}
