//! The presenter view: the instructor's own window, beside the projector's.
//! A clock, what the projector shows (and the buttons that change it), the
//! path so far, the instructor notes and teaching questions for this
//! situation, what each move leads to, and the analysis: the forecast
//! (judged moves) and rational play. Everything here is for the
//! instructor's eyes; the projector shows only the story, the moves and
//! what has been revealed. Its keys are the projector's keys.

use egui::{RichText, Ui};

use crate::analysis::{PathEnd, ShareOrigin, SituationReport};
use crate::engine::{SituationGraph, Status, turn_label};
use crate::model::Scenario;
use crate::report::{JUDGED_MODEL_NAME, LeadsTo};
use crate::session::Session;
use crate::ui::action::UiAction;
use crate::ui::class::{ClassAction, ClassScreen};
use crate::ui::command::Command;
use crate::ui::state::Screen;
use crate::ui::style::{
    RATIONAL_COLOUR, actor_colour, percent_text, source_forecasts_ui, with_key, working,
};

/// Draws the presenter view.
pub fn presenter_ui(ui: &mut Ui, screen: &Screen<'_>, actions: &mut Vec<UiAction>) {
    let state = screen.state;
    controls_ui(ui, screen, actions);
    ui.separator();
    let (Some(document), Some(reports)) = (&state.document, screen.reports) else {
        ui.label("No scenario is open.");
        return;
    };
    let session = &document.session;
    ui.columns(2, |columns| {
        let [left, right] = columns else { return };
        egui::ScrollArea::vertical()
            .id_salt("presenter-left")
            .auto_shrink([false, false])
            .show(left, |ui| {
                // Columns lay out justified, which would justify every
                // paragraph too: text here is ragged right.
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    path_ui(ui, session);
                    ui.add_space(8.0);
                    notes_ui(ui, session);
                });
            });
        egui::ScrollArea::vertical()
            .id_salt("presenter-right")
            .auto_shrink([false, false])
            .show(right, |ui| {
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    let report = reports.presenter_report(session.current());
                    moves_ui(ui, session, report);
                    ui.add_space(8.0);
                    analysis_ui(ui, session, report);
                });
            });
    });
}

/// The clock, what the projector shows, and the buttons that change it.
fn controls_ui(ui: &mut Ui, screen: &Screen<'_>, actions: &mut Vec<UiAction>) {
    let state = screen.state;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Presenter view");
        let elapsed = state
            .presenter
            .opened_at
            .map_or(0, |t| t.elapsed().as_secs());
        ui.label(
            RichText::new(format!(
                "Class clock {}:{:02}:{:02} · {}",
                elapsed / 3600,
                elapsed / 60 % 60,
                elapsed % 60,
                time_of_day()
            ))
            .monospace(),
        );
    });
    let shown = if !state.hides_analysis() {
        "The analysis is shown on the main window (not in seminar mode)."
    } else if state.keep_revealed {
        "The projector shows the analysis, kept revealed on every step."
    } else if state.revealed() {
        "The projector shows the analysis for this step only."
    } else {
        "The projector hides the analysis."
    };
    ui.label(RichText::new(shown).strong());
    ui.horizontal_wrapped(|ui| {
        let reveal = if state.revealed() {
            "Hide on the projector"
        } else {
            "Reveal on the projector"
        };
        if ui
            .button(with_key(ui, Command::Reveal, reveal))
            .on_hover_text(Command::Reveal.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::Reveal));
        }
        if ui
            .selectable_label(
                state.keep_revealed,
                with_key(ui, Command::KeepRevealed, "Keep revealed"),
            )
            .on_hover_text(Command::KeepRevealed.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::KeepRevealed));
        }
        if ui
            .button(with_key(ui, Command::Back, "Back"))
            .on_hover_text(Command::Back.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::Back));
        }
        let seminar = if state.seminar {
            "Leave seminar mode"
        } else {
            "Seminar mode"
        };
        if ui
            .button(with_key(ui, Command::Seminar, seminar))
            .on_hover_text(Command::Seminar.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::Seminar));
        }
        if ui
            .button(with_key(ui, Command::Presenter, "Close this window"))
            .clicked()
        {
            actions.push(UiAction::Command(Command::Presenter));
        }
    });
    if let Some(class) = &state.class {
        class_controls_ui(ui, class, actions);
    }
}

/// The class's buttons, each with its key, and where the open question
/// stands, so the instructor runs the class from this window.
fn class_controls_ui(ui: &mut Ui, class: &ClassScreen, actions: &mut Vec<UiAction>) {
    let tally = &class.tally;
    let mut line = match tally.n_students {
        1 => "Class: 1 student".to_owned(),
        n => format!("Class: {n} students"),
    };
    if let Some(q) = &tally.question {
        line.push_str(&format!(
            " · {} · {}",
            q.prompt,
            q.status_line(tally.n_students)
        ));
    }
    ui.label(RichText::new(line).strong());
    ui.horizontal_wrapped(|ui| {
        for action in ClassAction::BUTTONS {
            let label = match action.key() {
                Some(key) => format!("{} [{}]", action.label(), key.name()),
                None => action.label().to_owned(),
            };
            if ui.button(label).clicked() {
                actions.push(UiAction::Class(action));
            }
        }
    });
}

/// The time of day in the machine's time zone, with the zone's name:
/// `14:05 CET` (UTC where the zone cannot be read).
pub fn time_of_day() -> String {
    jiff::ZonedDateTime::now().strftime("%H:%M %Z").to_string()
}

/// The path from the opening, one line a step.
fn path_ui(ui: &mut Ui, session: &Session) {
    let scenario = session.scenario();
    let graph = session.graph();
    ui.label(RichText::new("Path so far").strong());
    let path = session.path();
    if path.is_empty() {
        ui.label("At the opening: no move taken yet.");
    }
    let walk = session.walk();
    let visits = walk.path_to(walk.current());
    for (k, s) in path.iter().enumerate() {
        ui.label(step_text(scenario, graph, *s, k + 1));
        // The dice's seed and draw, for the instructor to replay a roll;
        // the projector says only what the dice said.
        if let Some(roll) = visits.get(k + 1).and_then(|v| walk.roll(*v)) {
            ui.label(
                RichText::new(format!(
                    "   rolled: roll #{}, seed {}, drew {:.3}",
                    roll.number, roll.seed, roll.drawn
                ))
                .small()
                .weak(),
            );
        }
    }
    let current = session.current();
    match graph.status(current) {
        Status::Open => ui.label(
            RichText::new(format!(
                "Now: {} to move.",
                turn_label(scenario, graph.turn(current))
            ))
            .weak(),
        ),
        Status::Outcome(o) => {
            ui.label(RichText::new(format!("Ended: {}", scenario.outcome(o).label)).strong())
        }
        Status::DeadEnd => ui.label("A dead end: no one can move."),
        Status::Frontier(_) => ui.label("Beyond the exploration limits."),
    };
}

/// "2. West: Return to the table -> ..." for one step of the path.
fn step_text(
    scenario: &Scenario,
    graph: &SituationGraph,
    step: crate::engine::StepId,
    number: usize,
) -> String {
    let step = graph.step(step);
    let m = scenario.move_(step.move_);
    let mut text = format!("{number}. {}: {}", scenario.actor(step.actor).name, m.label);
    if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
        text.push_str(&format!(" -> {}", r.label));
    }
    text
}

/// The learning goals at the opening, and every note and teaching
/// question whose condition holds here.
fn notes_ui(ui: &mut Ui, session: &Session) {
    let scenario = session.scenario();
    let teaching = &scenario.teaching;
    let at_opening = session.path().is_empty();
    let values = session.graph().values(session.current());
    let notes = teaching.notes_for(&values, at_opening);
    ui.label(RichText::new("Instructor notes for this situation").strong());
    let goals = at_opening && !teaching.goals.is_empty();
    if goals {
        ui.label(RichText::new("Learning goals").italics());
        for g in &teaching.goals {
            ui.label(format!("- {g}"));
        }
    }
    if notes.is_empty() && !goals {
        ui.label(RichText::new("No note for this situation.").weak());
    }
    for note in notes {
        if !note.text.is_empty() {
            ui.label(&note.text);
        }
        for q in &note.questions {
            ui.label(RichText::new(format!("Question: {q}")).italics());
        }
    }
}

/// Each available move, numbered as its key, with the forecast's
/// probability of it, whether it is the rational choice, and what each of
/// its results leads to, all read from the report at the current
/// situation.
fn moves_ui(ui: &mut Ui, session: &Session, report: Option<&SituationReport>) {
    let scenario = session.scenario();
    let graph = session.graph();
    let current = session.current();
    ui.label(RichText::new("What each move leads to").strong());
    let moves = session.available_moves();
    if moves.is_empty() {
        ui.label(RichText::new("No move: the branch has ended here.").weak());
        return;
    }
    let Some(report) = report else {
        working(ui, "Working out what each move leads to…");
        return;
    };
    let rational = report.rational_moves();
    for (k, move_) in moves.iter().enumerate() {
        let m = scenario.move_(*move_);
        let key = if k < 9 {
            format!("[{}] ", k + 1)
        } else {
            String::new()
        };
        let reported = report.move_report(*move_);
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "{key}{}: {}",
                    scenario.actor(m.actor).name,
                    m.label
                ))
                .strong()
                .color(actor_colour(scenario, m.actor)),
            );
            if let Some(r) = reported {
                ui.label(format!("forecast {}", percent_text(r.share.probability)));
                // Whose number it is: the author's judgement, or a share
                // of what the judged moves leave, which may be anything
                // from nothing to all of it.
                match r.share.origin {
                    ShareOrigin::Judged(_) => {
                        ui.label(RichText::new("the author's").small().weak());
                    }
                    ShareOrigin::Derived => {
                        ui.label(
                            RichText::new(format!(
                                "derived, {} to {}",
                                percent_text(r.share.range.0),
                                percent_text(r.share.range.1)
                            ))
                            .small()
                            .weak(),
                        );
                    }
                    ShareOrigin::Uniform => {}
                }
            }
            if rational.contains(move_) {
                ui.label(
                    RichText::new("rational choice")
                        .strong()
                        .color(RATIONAL_COLOUR),
                );
            }
        });
        ui.indent(("leads-to", move_.0), |ui| {
            for step in reported.map_or(&[][..], |r| r.steps.as_slice()) {
                let mut text = String::new();
                if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
                    text.push_str(&format!("{}, {}: ", r.label, r.probability_text()));
                }
                text.push_str(&LeadsTo::of_step(graph, current, step).text(scenario));
                ui.label(RichText::new(text).small());
            }
        });
    }
}

/// The forecast from here and rational play from here, from the report.
fn analysis_ui(ui: &mut Ui, session: &Session, report: Option<&SituationReport>) {
    let scenario = session.scenario();
    ui.label(RichText::new(format!("{JUDGED_MODEL_NAME}, from here")).strong());
    let Some(report) = report else {
        working(ui, "Working out the forecast…");
        return;
    };
    match &report.prediction {
        Err(withheld) => {
            ui.label(format!("Not shown: {}.", withheld.reason));
        }
        Ok(f) => {
            let mut ranked: Vec<(usize, f64)> = f
                .probabilities
                .by_outcome
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, p)| *p > 1e-9)
                .collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            for (o, p) in ranked {
                if let Some(outcome) = scenario.outcomes.get(o) {
                    ui.label(format!("{}: {}", outcome.label, percent_text(p)));
                }
            }
            if f.probabilities.unresolved > 1e-9 {
                ui.label(format!(
                    "Unresolved within the limits: {}",
                    percent_text(f.probabilities.unresolved)
                ));
            }
            if f.probabilities.dead_end > 1e-9 {
                ui.label(format!(
                    "Dead ends: {}",
                    percent_text(f.probabilities.dead_end)
                ));
            }
        }
    }
    source_forecasts_ui(ui, &report.source_forecasts);
    ui.add_space(6.0);
    ui.label(RichText::new("Rational play, from here").strong());
    let Some(answer) = report.rational.answer() else {
        ui.label("Not shown: information sets that backward induction cannot handle.");
        return;
    };
    let path = &answer.path;
    let graph = session.graph();
    let start = session.path().len();
    for (k, step) in path.steps.iter().enumerate().take(8) {
        ui.label(RichText::new(step_text(scenario, graph, step.step, start + k + 1)).small());
    }
    if path.steps.len() > 8 {
        ui.label(RichText::new(format!("… and {} more steps", path.steps.len() - 8)).weak());
    }
    let end = match path.end {
        PathEnd::Outcome(o) => format!("Rational play ends in: {}", scenario.outcome(o).label),
        PathEnd::DeadEnd => "Rational play ends in a dead end".to_owned(),
        PathEnd::Frontier => "Rational play reaches the edge of what was explored".to_owned(),
        PathEnd::Horizon => "Rational play is cut by the horizon inside a cycle".to_owned(),
    };
    ui.label(RichText::new(end).strong());
    let text = scenario
        .actors
        .iter()
        .zip(&answer.payoffs)
        .map(|(a, p)| format!("{} {}", a.name, crate::model::read_number(*p)))
        .collect::<Vec<_>>()
        .join(", ");
    ui.label(RichText::new(format!("Expected payoffs: {text}")).small());
}
