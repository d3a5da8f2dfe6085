//! The right panel: the outcomes still reachable from here, with their
//! probabilities under the play model the user chose (Forecast by
//! default; lambda on a slider for quantal response) and each one's range
//! when likelihood words range over their ICD 203 ranges; each actor's
//! expected payoff under that model; and the rational path from here, each
//! step with why. Hidden in seminar mode until revealed.

use egui::{Color32, RichText, Sense, Stroke, Ui, pos2, vec2};

use crate::analysis::{
    OutcomeProbabilities, PathEnd, PlayModel, Prediction, RationalPlay, lambda_words,
};
use crate::model::Scenario;
use crate::model::read_number as short;
use crate::session::Session;
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::state::{AppState, ModelChoice};
use crate::ui::style::{actor_colour, percent_text, source_forecasts_ui, with_key, working};
use crate::ui::tasks::Reports;

/// Draws the panel.
pub fn outcomes_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    let option_form = session.scenario().conflict.is_some();
    ui.heading(if option_form { "Stability" } else { "Outcomes" });
    if !state.revealed() {
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
    if scenario.conflict.is_some() {
        stability_here_ui(ui, session, reports, actions);
        return;
    }
    model_ui(ui, state, scenario, reports, actions);
    let model = state.settings.play_model();
    let current = session.current();
    let Some(report) = reports
        .report(current, model)
        .or_else(|| reports.report_meanwhile(current))
    else {
        working(ui, "Working out the odds…");
        return;
    };
    if report.prediction_for(model).is_none() && reports.pending() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new(format!("Working out {}…", model.description())).small());
        });
    }
    let reachable = &report.reachable;
    egui::ScrollArea::vertical()
        .id_salt("outcomes")
        .show(ui, |ui| {
            match &report.prediction {
                Err(withheld) => {
                    ui.label(format!(
                        "Not shown for this model: {}. Forecast and Uniform still apply.",
                        withheld.reason
                    ));
                }
                Ok(_) if reachable.is_empty() => {
                    ui.label("No outcome can be reached from here.");
                }
                Ok(forecast) => {
                    let listed = forecast.listed(reachable, MAX_LISTED);
                    ui.label(
                        RichText::new(if listed.left_out > 0 {
                            "Still reachable from here, the most likely first."
                        } else {
                            "Still reachable from here."
                        })
                        .small(),
                    );
                    ui.add_space(4.0);
                    for o in &listed.shown {
                        let outcome = scenario.outcome(*o);
                        let p = forecast.probability_of(*o);
                        let range = forecast.range_of(*o);
                        ui.label(
                            RichText::new(format!("{}: {}", outcome.label, percent_text(p)))
                                .strong(),
                        )
                        .on_hover_text(&outcome.description);
                        bar(ui, p, range);
                        if let Some((low, high)) = range.filter(|(l, h)| h - l >= 0.0005) {
                            ui.label(
                                RichText::new(format!(
                                    "range {} to {}",
                                    percent_text(low),
                                    percent_text(high)
                                ))
                                .small()
                                .weak(),
                            );
                        }
                    }
                    if let Some(rest) = listed.rest_line(percent_text) {
                        ui.label(RichText::new(rest).weak());
                    }
                    rest_ui(ui, &forecast.probabilities);
                    expected_ui(ui, scenario, forecast);
                    ranges_ui(ui, forecast);
                    source_forecasts_ui(ui, &report.source_forecasts);
                }
            }
            let unreachable = scenario.outcomes.len() - reachable.len();
            if unreachable > 0 {
                ui.label(
                    RichText::new(format!(
                        "{unreachable} of {} outcomes can no longer be reached.",
                        scenario.outcomes.len()
                    ))
                    .weak(),
                );
            }
            ui.separator();
            rational_ui(ui, scenario, &report.rational);
        });
}

/// How many reachable outcomes a panel lists before counting the rest
/// ([`crate::analysis::Prediction::listed`]): a screenful, and every
/// outcome of a curated scenario.
pub const MAX_LISTED: usize = 30;

/// A conflict in option form: whether the current state is stable for
/// each decision maker, and under which concepts it is an equilibrium.
fn stability_here_ui(
    ui: &mut Ui,
    session: &Session,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    let scenario = session.scenario();
    let Some(deep) = reports.findings() else {
        let doing = reports.findings_progress();
        working(ui, doing.as_deref().unwrap_or("Working out stability…"));
        return;
    };
    let Ok(table) = &deep.stability else {
        ui.label(RichText::new("No stability here: see the Analysis view.").weak());
        return;
    };
    let values = session.graph().values(session.current());
    let Some(state) = table.find(&values) else {
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("stability-here")
        .show(ui, |ui| {
            ui.label(RichText::new(table.titled(scenario, state)).strong());
            ui.add_space(4.0);
            for (a, actor) in scenario.actors.iter().enumerate() {
                let index = crate::model::ActorIndex(a as u16);
                let stable: Vec<&str> = table
                    .concepts()
                    .iter()
                    .filter(|c| table.is_stable(state, index, **c))
                    .map(|c| c.short_name())
                    .collect();
                let text = if stable.is_empty() {
                    "unstable: it can improve, and no sanction stops it".to_owned()
                } else if stable.len() == table.concepts().len() {
                    "stable under every concept".to_owned()
                } else {
                    format!("stable under {}", stable.join(", "))
                };
                ui.label(RichText::new(&actor.name).color(actor_colour(scenario, index)));
                ui.label(RichText::new(text).small());
            }
            ui.add_space(4.0);
            let equilibrium = table.equilibrium_names(state);
            ui.label(if equilibrium.is_empty() {
                "Not an equilibrium: some decision maker would move.".to_owned()
            } else {
                format!("An equilibrium under {}.", equilibrium.join(", "))
            });
            ui.add_space(4.0);
            if ui
                .button("Stability of every state")
                .on_hover_text("The Analysis view: the whole table and the way from the status quo")
                .clicked()
            {
                actions.push(UiAction::Command(Command::ViewAnalysis));
            }
        });
}

/// The model selector, with lambda's slider for quantal response.
fn model_ui(
    ui: &mut Ui,
    state: &AppState,
    scenario: &Scenario,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    let chosen = state.settings.model;
    ui.horizontal(|ui| {
        let label = ui.label("Model:");
        egui::ComboBox::from_id_salt("play-model")
            .selected_text(chosen.label())
            .show_ui(ui, |ui| {
                for choice in ModelChoice::ALL {
                    if ui
                        .selectable_label(choice == chosen, choice.label())
                        .on_hover_text(choice.explanation())
                        .clicked()
                    {
                        actions.push(UiAction::SetModel(choice));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.label(RichText::new(chosen.explanation()).small().weak());
    // A game or a scenario with no judged move: say what the forecast is
    // here rather than let it pass for the author's judgement.
    if chosen == ModelChoice::Judged && scenario.moves.iter().all(|m| m.likelihood.is_none()) {
        ui.label(
            RichText::new("No move is judged here: the forecast is uniform play.")
                .small()
                .strong(),
        );
    }
    if chosen != ModelChoice::Qre {
        return;
    }
    let top = match reports.rational_lambda() {
        Some(Some(top)) => top,
        // The unfolding did not fit in memory: the forecast above says so.
        Some(None) => return,
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new("Finding where play becomes rational…").small());
            });
            return;
        }
    };
    let before = state.settings.lambda.min(top);
    let mut lambda = before;
    let slider = egui::Slider::new(&mut lambda, 0.0..=top)
        .logarithmic(true)
        .smallest_positive(top / 1e4)
        .show_value(false)
        .text("lambda");
    // The rail takes the panel's width less its name; the value is written
    // below, so the row is as wide whatever lambda is (a row that grew
    // with its number would widen the panel and move the rail under a
    // still pointer).
    ui.spacing_mut().slider_width = (ui.available_width() - 70.0).max(80.0);
    if ui
        .add(slider)
        .on_hover_text("How sharply better moves are preferred, per point of payoff.")
        .changed()
        && (lambda - before).abs() > 1e-9 * top
    {
        actions.push(UiAction::SetLambda(lambda));
    }
    ui.label(RichText::new(format!("lambda = {}", lambda_words(before))).strong());
    ui.label(
        RichText::new(format!(
            "0: every move equally likely. {}: as good as rational.",
            lambda_words(top)
        ))
        .small()
        .weak(),
    );
}

/// A probability as a bar, with its range as a line across it. A bar at
/// 0 % is empty; the text is never painted on the bar.
fn bar(ui: &mut Ui, p: f64, range: Option<(f64, f64)>) {
    let width = ui.available_width().max(40.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, 12.0), Sense::hover());
    let visuals = ui.visuals();
    let painter = ui.painter();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    painter.rect_stroke(
        rect,
        2.0,
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        egui::StrokeKind::Inside,
    );
    let x = |q: f64| rect.left() + rect.width() * q.clamp(0.0, 1.0) as f32;
    if p > 0.0 {
        let fill =
            egui::Rect::from_min_max(rect.min, pos2(x(p).max(rect.left() + 1.0), rect.bottom()));
        painter.rect_filled(fill, 2.0, visuals.selection.bg_fill);
    }
    if let Some((low, high)) = range.filter(|(l, h)| h - l >= 0.0005) {
        let ink = if visuals.dark_mode {
            Color32::WHITE
        } else {
            Color32::BLACK
        };
        let stroke = Stroke::new(1.5, ink);
        let y = rect.center().y;
        painter.line_segment([pos2(x(low), y), pos2(x(high), y)], stroke);
        for q in [low, high] {
            painter.line_segment(
                [
                    pos2(x(q), rect.top() + 2.0),
                    pos2(x(q), rect.bottom() - 2.0),
                ],
                stroke,
            );
        }
    }
}

/// The parts that are not outcomes, when there are any.
fn rest_ui(ui: &mut Ui, odds: &OutcomeProbabilities) {
    if odds.unresolved > 1e-9 {
        ui.label(
            RichText::new(format!(
                "{} unresolved within the limits",
                percent_text(odds.unresolved)
            ))
            .small(),
        );
    }
    if odds.dead_end > 1e-9 {
        ui.label(
            RichText::new(format!("{} ends in dead ends", percent_text(odds.dead_end))).small(),
        );
    }
}

/// Each actor's expected payoff under the model (under rational play the
/// section below gives them).
fn expected_ui(ui: &mut Ui, scenario: &Scenario, forecast: &Prediction) {
    if forecast.model == PlayModel::Rational {
        return;
    }
    ui.label(RichText::new("Expected payoffs under this model:").small());
    egui::Grid::new("model-payoffs").show(ui, |ui| {
        for (a, value) in forecast.probabilities.expected_payoffs.iter().enumerate() {
            let actor = crate::model::ActorIndex(a as u16);
            ui.label(
                RichText::new(&scenario.actor(actor).name)
                    .small()
                    .color(actor_colour(scenario, actor)),
            );
            ui.label(RichText::new(short(*value)).small());
            ui.end_row();
        }
    });
}

/// What the ranges mean, when there are any.
fn ranges_ui(ui: &mut Ui, forecast: &Prediction) {
    if let Some(intervals) = &forecast.intervals
        && intervals.by_outcome.iter().any(|(l, h)| h - l >= 0.0005)
    {
        let held = if intervals.choices_fixed {
            " The actors' choices are held at this model's values."
        } else {
            ""
        };
        ui.label(
            RichText::new(format!("Ranges: every probability written as a likelihood word (\"likely\": 55 to 80 %) may take any value in its word's range; the same move met twice varies independently, so these are outer bounds.{held}"))
                .small()
                .weak(),
        );
    }
}

fn rational_ui(ui: &mut Ui, scenario: &Scenario, rational: &RationalPlay) {
    ui.label(RichText::new("Rational play from here").strong());
    let answer = match rational {
        RationalPlay::Withheld { reasons } => {
            ui.label("Not shown: from here the game reaches information sets that backward induction cannot handle.");
            for why in reasons {
                ui.label(RichText::new(why).small());
            }
            return;
        }
        RationalPlay::SequenceForm(answer) => {
            ui.label(RichText::new("The game's Nash equilibrium in behaviour strategies (the sequence form; the Analysis view names the method); the path follows the likeliest moves.").small().weak());
            answer
        }
        RationalPlay::BackwardInduction(answer) => answer,
    };
    ui.label(RichText::new("Expected payoffs:").small());
    egui::Grid::new("expected-payoffs").show(ui, |ui| {
        for (a, actor) in scenario.actors.iter().enumerate() {
            let value = answer.payoffs.get(a).copied().unwrap_or(0.0);
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
    // Why: the mover's value for each of its moves here; the tied best are
    // the core's (its tie rule), not worked out again here.
    for (mover, values) in &answer.move_values {
        if values.len() < 2 {
            continue;
        }
        let tied: Vec<&str> = answer
            .choices
            .iter()
            .filter(|c| c.actor == *mover)
            .flat_map(|c| c.moves.iter())
            .map(|m| scenario.move_(*m).label.as_str())
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
    let path = &answer.path;
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
