//! The right panel: the outcomes still reachable from here, with their
//! probabilities under uniform play (every available move equally likely)
//! and under rational play; each actor's expected payoff; and the rational
//! path from here, each step with why. Hidden in seminar mode until
//! revealed.

use egui::{RichText, Ui};

use crate::analysis::{OutcomeProbabilities, PathEnd};
use crate::model::Scenario;
use crate::session::Session;
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::state::AppState;
use crate::ui::style::{actor_colour, percent_text, short_number as short, with_key};
use crate::ui::tasks::{Insight, Odds};

/// Draws the panel.
pub fn outcomes_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    insight: &Insight,
    actions: &mut Vec<UiAction>,
) {
    ui.heading("Outcomes");
    if state.seminar && !state.revealed {
        ui.label("Hidden until revealed.");
        if ui
            .button(with_key(ui, Command::Reveal, "Reveal"))
            .on_hover_text(Command::Reveal.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::Reveal));
        }
        return;
    }
    let scenario = session.scenario();
    let graph = session.graph();
    let reachable = graph.reachable_outcomes(session.current());
    let Some(odds) = insight
        .odds
        .as_ref()
        .filter(|o| o.situation == session.current())
    else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Working out the odds…");
        });
        return;
    };
    egui::ScrollArea::vertical().id_salt("outcomes").show(ui, |ui| {
        if reachable.is_empty() {
            ui.label("No outcome can be reached from here.");
        } else {
            ui.label(RichText::new("Still reachable. Bars: uniform play (every move equally likely), then rational play.").small());
            ui.add_space(4.0);
        }
        for o in &reachable {
            let outcome = scenario.outcome(*o);
            ui.label(RichText::new(&outcome.label).strong()).on_hover_text(&outcome.description);
            bar(ui, "uniform", odds.uniform.by_outcome.get(o.index()).copied().unwrap_or(0.0));
            if let Some(rational) = &odds.rational {
                bar(ui, "rational", rational.by_outcome.get(o.index()).copied().unwrap_or(0.0));
            }
        }
        rest_ui(ui, "Uniform play", &odds.uniform);
        if let Some(rational) = &odds.rational {
            rest_ui(ui, "Rational play", rational);
        }
        let unreachable = scenario.outcomes.len() - reachable.len();
        if unreachable > 0 {
            ui.label(RichText::new(format!("{unreachable} of {} outcomes can no longer be reached.", scenario.outcomes.len())).weak());
        }
        ui.separator();
        rational_ui(ui, scenario, odds);
    });
}

fn bar(ui: &mut Ui, model: &str, p: f64) {
    ui.add(
        egui::ProgressBar::new(p as f32)
            .desired_height(14.0)
            .text(RichText::new(format!("{model}: {}", percent_text(p))).small()),
    );
}

fn rest_ui(ui: &mut Ui, model: &str, odds: &OutcomeProbabilities) {
    if odds.unresolved > 1e-9 {
        ui.label(
            RichText::new(format!(
                "{model}: {} unresolved within the limits",
                percent_text(odds.unresolved)
            ))
            .small(),
        );
    }
    if odds.dead_end > 1e-9 {
        ui.label(
            RichText::new(format!(
                "{model}: {} ends in dead ends",
                percent_text(odds.dead_end)
            ))
            .small(),
        );
    }
}

fn rational_ui(ui: &mut Ui, scenario: &Scenario, odds: &Odds) {
    ui.label(RichText::new("Rational play from here").strong());
    if odds.sequence_form {
        ui.label(RichText::new("The game's Nash equilibrium in behaviour strategies (sequence form, Lemke's algorithm); the path follows the likeliest moves.").small().weak());
    }
    if !odds.blocked.is_empty() {
        ui.label("Not shown: from here the game reaches information sets that backward induction cannot handle.");
        for why in &odds.blocked {
            ui.label(RichText::new(why).small());
        }
        return;
    }
    if let Some(payoffs) = &odds.payoffs {
        ui.label(RichText::new("Expected payoffs:").small());
        egui::Grid::new("expected-payoffs").show(ui, |ui| {
            for (a, actor) in scenario.actors.iter().enumerate() {
                let value = payoffs.get(a).copied().unwrap_or(0.0);
                ui.label(
                    RichText::new(&actor.name)
                        .color(actor_colour(scenario, crate::model::ActorIndex(a as u16))),
                );
                ui.label(
                    format!("{:.2}", value)
                        .trim_end_matches('0')
                        .trim_end_matches('.')
                        .to_owned(),
                );
                ui.end_row();
            }
        });
    }
    // Why: the mover's value for each of its moves here.
    for (mover, values) in &odds.move_values {
        if values.len() < 2 {
            continue;
        }
        let best = values[0].1;
        let tied: Vec<&str> = values
            .iter()
            .filter(|(_, v)| (best - v).abs() <= crate::analysis::TIE_TOLERANCE)
            .map(|(m, _)| scenario.move_(*m).label.as_str())
            .collect();
        let mut why = format!("{} expects ", scenario.actor(*mover).name);
        why.push_str(
            &values
                .iter()
                .map(|(m, v)| format!("{} from \"{}\"", short(*v), scenario.move_(*m).label))
                .collect::<Vec<_>>()
                .join(", "),
        );
        if tied.len() > 1 {
            why.push_str(&format!("; tied best: {}", tied.join(", ")));
        }
        ui.label(RichText::new(why).small());
    }
    let Some(path) = &odds.path else {
        ui.label(RichText::new("This situation lies outside what was solved.").weak());
        return;
    };
    ui.add_space(4.0);
    const SHOWN: usize = 12;
    for (k, step) in path.steps.iter().enumerate().take(SHOWN) {
        let m = scenario.move_(step.move_);
        let mut text = format!(
            "{}. {}: {}",
            k + 1,
            scenario.actor(step.actor).name,
            m.label
        );
        if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
            text.push_str(&format!(" -> {} ({})", r.label, r.probability_text()));
        }
        if !step.tied.is_empty() {
            text.push_str(" (tied with another move)");
        }
        ui.label(text);
    }
    if path.steps.len() > SHOWN {
        ui.label(RichText::new(format!("… and {} more steps", path.steps.len() - SHOWN)).weak());
    }
    let end = match path.end {
        PathEnd::Outcome(o) => format!("Ends in: {}", scenario.outcome(o).label),
        PathEnd::DeadEnd => "Ends in a dead end".to_owned(),
        PathEnd::Frontier => "Reaches the edge of what was explored".to_owned(),
        PathEnd::Horizon => "Cut by the horizon inside a cycle".to_owned(),
    };
    ui.label(RichText::new(end).strong());
    if path.steps.iter().any(|s| s.result.is_some()) {
        ui.label(
            RichText::new("Chance moves follow their most likely result.")
                .small()
                .weak(),
        );
    }
}
