//! The right panel: the outcomes still reachable from here, with their
//! probabilities under uniform play (every available move equally likely,
//! chance by its probabilities). Hidden in seminar mode until revealed.

use egui::{RichText, Ui};

use super::app::{AppState, UiAction};
use crate::analysis::{PlayModel, outcome_probabilities};
use crate::model::format_percent;
use crate::session::Session;

/// Draws the panel.
pub fn outcomes_ui(ui: &mut Ui, state: &AppState, session: &Session, actions: &mut Vec<UiAction>) {
    ui.heading("Outcomes");
    if state.seminar && !state.revealed {
        ui.label("Hidden until revealed.");
        if ui
            .button("Reveal (R)")
            .on_hover_text(super::command::Command::Reveal.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(super::command::Command::Reveal));
        }
        return;
    }
    let scenario = session.scenario();
    let graph = session.graph();
    let current = session.current();
    let reachable = graph.reachable_outcomes(current);
    if reachable.is_empty() {
        ui.label("No outcome can be reached from here.");
        return;
    }
    let odds = outcome_probabilities(scenario, graph, current, PlayModel::Uniform);
    ui.label(RichText::new("Still reachable, if every move is equally likely:").small());
    ui.add_space(4.0);
    for o in &reachable {
        let outcome = scenario.outcome(*o);
        let p = odds.by_outcome.get(o.index()).copied().unwrap_or(0.0);
        ui.label(RichText::new(&outcome.label).strong())
            .on_hover_text(&outcome.description);
        ui.add(egui::ProgressBar::new(p as f32).text(format_percent_short(p)));
    }
    let rest = odds.unresolved + odds.dead_end;
    if rest > 1e-9 {
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!("Unresolved within the limits: {}", format_percent_short(rest)))
                .small(),
        );
    }
    let unreachable = scenario.outcomes.len() - reachable.len();
    if unreachable > 0 {
        ui.add_space(6.0);
        ui.label(RichText::new(format!("{unreachable} outcomes can no longer be reached.")).weak());
    }
}

/// A percentage with at most one decimal, for bars.
fn format_percent_short(p: f64) -> String {
    if p > 0.0 && p < 0.001 {
        "< 0.1 %".to_owned()
    } else {
        format_percent((p * 1000.0).round() / 1000.0)
    }
}
