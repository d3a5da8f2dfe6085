//! The story view: what just happened, and what can happen next. The
//! narrative of the last step (or the opening), then the available moves
//! grouped by actor as numbered buttons with their descriptions and cited
//! quotes; chance results with their likelihood word and number, to pick or
//! to roll. At an outcome: the outcome card.

use egui::{RichText, Ui};

use crate::engine::Status;
use crate::model::{Citation, MoveIndex, ResultIndex, Scenario};
use crate::session::{Action, Session};
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::state::AppState;
use crate::ui::style::{RATIONAL_COLOUR, actor_colour, with_key};
use crate::ui::tasks::Reports;

/// Draws the view.
pub fn story_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    egui::ScrollArea::vertical()
        .id_salt("story")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width().min(900.0));
            narrative_ui(ui, session);
            roll_ui(ui, session);
            // With the presenter view open the notes are on the
            // instructor's screen, not on this one.
            if !state.presenter.open {
                teaching_ui(ui, state, session, actions);
            }
            ui.add_space(8.0);
            now_ui(ui, state, session, reports, false, actions);
        });
}

/// Seminar mode's heading, across the screen above the two columns: the
/// scenario's title at the opening, else the step that led here.
pub fn seminar_heading_ui(ui: &mut Ui, session: &Session) {
    // One line where the story view has three: the step's number goes
    // into the heading, and the result's chance is in the dice's sentence
    // below, so the moves keep the height.
    let scenario = session.scenario();
    let graph = session.graph();
    let path = session.path();
    match path.last() {
        None => {
            // The date on the title's line.
            ui.horizontal_wrapped(|ui| {
                ui.heading(&scenario.title);
                if !scenario.as_of.is_empty() {
                    ui.label(RichText::new(format!("As of {}", scenario.as_of)).weak());
                }
            });
        }
        Some(s) => {
            let step = graph.step(*s);
            let m = scenario.move_(step.move_);
            let mut heading = format!(
                "Step {} · {}: {}",
                path.len(),
                scenario.actor(step.actor).name,
                m.label
            );
            if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
                heading.push_str(&format!(" -> {}", r.label));
            }
            ui.heading(RichText::new(heading).color(actor_colour(scenario, step.actor)));
        }
    }
}

/// Seminar mode's first column: what just happened (the narrative, the
/// roll and the sources), in large type; then the instructor notes
/// (folded until asked for), unless the presenter view has them.
pub fn seminar_narrative_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    actions: &mut Vec<UiAction>,
) {
    // Shown notes come first, where the instructor looks; the button that
    // shows them is on the seminar bar.
    if !state.presenter.open {
        notes_body_ui(ui, state, session, actions);
    }
    narrative_body_ui(ui, session);
    roll_ui(ui, session);
}

/// Seminar mode's second column: the moves available now, or the outcome
/// card. Every step has the same card: the move's button and one row per
/// chance result, with no description or sources (the presenter view and
/// the button's tooltip have them), so the cards never change shape from
/// one step to the next and every button fits the projector.
pub fn seminar_moves_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    now_ui(ui, state, session, reports, true, actions);
}

/// The moves available now, or what ended the branch.
fn now_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    reports: &Reports,
    compact: bool,
    actions: &mut Vec<UiAction>,
) {
    let graph = session.graph();
    let current = session.current();
    match graph.status(current) {
        Status::Outcome(o) => outcome_card_ui(ui, session, o, actions),
        Status::DeadEnd => {
            ui.label(RichText::new("Dead end: no one can move and no outcome is met.").strong());
            back_buttons_ui(ui, session, actions);
        }
        Status::Frontier(_) => {
            ui.label("This situation lies beyond the scenario's exploration limits.");
            back_buttons_ui(ui, session, actions);
        }
        Status::Open => {
            // The rational choice is analysis: hidden until revealed in
            // seminar mode (and outside it when the setting says so).
            // In option form turn-based rational play does not apply; a
            // move is marked when it is an improvement for its mover.
            let option_form = session.scenario().conflict.is_some();
            let rational: Vec<MoveIndex> = if state.revealed() && !option_form {
                reports.rational_moves(current)
            } else {
                Vec::new()
            };
            let improving = if state.revealed() && option_form {
                reports.improving_moves(current)
            } else {
                Vec::new()
            };
            moves_ui(ui, session, &rational, &improving, compact, actions);
        }
    }
}

/// The instructor notes for this situation: the learning goals at the
/// opening, and the notes whose condition holds here. Folded away until
/// asked for (N), in seminar mode too.
fn teaching_ui(ui: &mut Ui, state: &AppState, session: &Session, actions: &mut Vec<UiAction>) {
    if !state.notes_revealed {
        ui.add_space(6.0);
        notes_button_ui(ui, state, session, actions);
        return;
    }
    notes_body_ui(ui, state, session, actions);
}

/// The notes and goals that hold here: (notes, goals).
fn notes_here(session: &Session) -> (Vec<&crate::model::TeachingNote>, &[String]) {
    let scenario = session.scenario();
    let teaching = &scenario.teaching;
    let at_opening = session.path().is_empty();
    let values = session.graph().values(session.current());
    let notes = teaching.notes_for(&values, at_opening);
    let goals = if at_opening {
        teaching.goals.as_slice()
    } else {
        &[]
    };
    (notes, goals)
}

/// The button that shows the folded instructor notes, "Instructor notes
/// (2) - show (N)", when there are notes here and they are folded.
/// Seminar mode puts it on its bar, where it never falls off the screen.
pub fn notes_button_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    actions: &mut Vec<UiAction>,
) {
    let (notes, goals) = notes_here(session);
    if state.notes_revealed || (notes.is_empty() && goals.is_empty()) {
        return;
    }
    let n = notes.len() + usize::from(!goals.is_empty());
    let label = with_key(
        ui,
        Command::RevealNotes,
        &format!("Instructor notes ({n}) - show"),
    );
    if ui
        .button(label)
        .on_hover_text(Command::RevealNotes.tooltip())
        .clicked()
    {
        actions.push(UiAction::Command(Command::RevealNotes));
    }
}

/// The instructor notes, once shown: goals, notes and questions, with the
/// button that folds them again.
fn notes_body_ui(ui: &mut Ui, state: &AppState, session: &Session, actions: &mut Vec<UiAction>) {
    let (notes, goals) = notes_here(session);
    if !state.notes_revealed || (notes.is_empty() && goals.is_empty()) {
        return;
    }
    ui.add_space(6.0);
    egui::Frame::group(ui.style())
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new("Instructor notes").strong());
                if ui
                    .small_button(with_key(ui, Command::RevealNotes, "hide"))
                    .clicked()
                {
                    actions.push(UiAction::Command(Command::RevealNotes));
                }
            });
            if !goals.is_empty() {
                ui.label(RichText::new("Learning goals").italics());
                for g in goals {
                    ui.label(format!("- {g}"));
                }
            }
            for note in notes {
                if !note.text.is_empty() {
                    ui.label(&note.text);
                }
                for q in &note.questions {
                    ui.label(RichText::new(format!("? {q}")).italics());
                }
            }
        });
}

/// The roll that led here, if this step was rolled, as a class would say
/// it: "The dice said: West accepts (likely, 70 %)". The seed and the
/// number drawn are for the instructor and the debrief: in the tooltip.
fn roll_ui(ui: &mut Ui, session: &Session) {
    let walk = session.walk();
    let Some(roll) = walk.roll(walk.current()) else {
        return;
    };
    let graph = session.graph();
    let Some(step) = session.path().last().map(|s| *graph.step(*s)) else {
        return;
    };
    let m = session.scenario().move_(step.move_);
    if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
        ui.label(RichText::new(dice_sentence(r)).italics())
            .on_hover_text(format!(
                "Roll #{} with seed {}: drew {:.3}",
                roll.number, roll.seed, roll.drawn
            ));
    }
}

/// "The dice said: West accepts (likely, 70 %)": the result and its
/// chance, word first where the author gave one.
pub fn dice_sentence(r: &crate::model::ChanceResult) -> String {
    format!("The dice said: {} ({})", r.label, chance_words(r))
}

/// A result's chance as it is said: "likely, 70 %", or "70 %" without a
/// likelihood word.
fn chance_words(r: &crate::model::ChanceResult) -> String {
    let percent = crate::model::format_percent(r.probability);
    match r.likelihood {
        Some(word) => format!("{}, {percent}", word.word()),
        None => percent,
    }
}

fn narrative_ui(ui: &mut Ui, session: &Session) {
    narrative_head_ui(ui, session);
    ui.add_space(4.0);
    narrative_body_ui(ui, session);
}

/// The heading of what just happened: the scenario's title at the
/// opening, else the step's number, mover, move and result.
fn narrative_head_ui(ui: &mut Ui, session: &Session) {
    let scenario = session.scenario();
    let graph = session.graph();
    let path = session.path();
    match path.last() {
        None => {
            ui.heading(&scenario.title);
            if !scenario.as_of.is_empty() {
                ui.label(RichText::new(format!("As of {}", scenario.as_of)).weak());
            }
        }
        Some(s) => {
            let step = graph.step(*s);
            let m = scenario.move_(step.move_);
            let result = step.result.and_then(|r| m.results.get(r.index()));
            ui.label(RichText::new(format!("Step {}", path.len())).weak());
            let mut heading = format!("{}: {}", scenario.actor(step.actor).name, m.label);
            if let Some(r) = result {
                heading.push_str(&format!(" -> {}", r.label));
            }
            ui.heading(RichText::new(heading).color(actor_colour(scenario, step.actor)));
            if let Some(r) = result {
                ui.label(RichText::new(r.probability_text()).weak());
            }
        }
    }
}

/// The narrative of what just happened, with its sources.
fn narrative_body_ui(ui: &mut Ui, session: &Session) {
    let scenario = session.scenario();
    let graph = session.graph();
    let path = session.path();
    match path.last() {
        None => {
            // A Gambit game has no opening: its comment (the summary)
            // says what the game is.
            if scenario.opening.is_empty() {
                ui.label(&scenario.summary);
            } else {
                ui.label(&scenario.opening);
            }
        }
        Some(s) => {
            let step = graph.step(*s);
            let m = scenario.move_(step.move_);
            let result = step.result.and_then(|r| m.results.get(r.index()));
            if !m.narrative.is_empty() {
                ui.label(&m.narrative);
            }
            if let Some(r) = result.filter(|r| !r.narrative.is_empty()) {
                ui.label(&r.narrative);
            }
            let mut citations: Vec<&Citation> = m.citations.iter().collect();
            if let Some(r) = result {
                citations.extend(&r.citations);
            }
            citations_ui(ui, scenario, &citations, ("step-cite", s.0));
        }
    }
}

/// The quotes and their sources, folded away until opened.
pub fn citations_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    citations: &[&Citation],
    id: impl egui::AsIdSalt,
) {
    if citations.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(RichText::new(format!("Sources ({})", citations.len())).small())
        .id_salt(id)
        .show(ui, |ui| {
            for c in citations {
                let Some(source) = scenario.sources.get(c.source.index()) else {
                    continue;
                };
                ui.label(RichText::new(format!("“{}”", c.quote)).italics());
                let mut line = format!("— {}", source.title);
                for part in [&source.author, &source.publisher, &source.date] {
                    if !part.is_empty() {
                        line.push_str(", ");
                        line.push_str(part);
                    }
                }
                match &source.link {
                    Some(link) => ui.hyperlink_to(RichText::new(line).small(), link),
                    None => ui.label(RichText::new(line).small()),
                };
                ui.add_space(2.0);
            }
        });
}

fn moves_ui(
    ui: &mut Ui,
    session: &Session,
    rational: &[MoveIndex],
    improving: &[MoveIndex],
    compact: bool,
    actions: &mut Vec<UiAction>,
) {
    let scenario = session.scenario();
    let moves = session.available_moves();
    let mut last_actor = None;
    for (k, move_) in moves.iter().enumerate() {
        let m = scenario.move_(*move_);
        if last_actor != Some(m.actor) {
            last_actor = Some(m.actor);
            // No space above the first actor on the projector.
            if !compact || k > 0 {
                ui.add_space(6.0);
            }
            let actor = scenario.actor(m.actor);
            ui.label(
                RichText::new(format!("{} can:", actor.name))
                    .strong()
                    .color(actor_colour(scenario, m.actor)),
            );
        }
        // Tighter on the projector, where large type needs the height.
        let margin = if compact { 3.0 } else { 6.0 };
        egui::Frame::group(ui.style()).inner_margin(margin).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let number = if k < 9 { format!("{}  ", k + 1) } else { String::new() };
            let button = ui
                .button(RichText::new(format!("{number}{}", m.label)).strong())
                .on_hover_text({
                    let what = if m.results.is_empty() {
                        "Take this move"
                    } else {
                        "Roll the dice for this move (or pick a result below)"
                    };
                    // The seminar card leaves the description out: here it is.
                    if compact && !m.description.is_empty() {
                        format!("{}\n\n{what}", m.description)
                    } else {
                        what.to_owned()
                    }
                });
            if rational.contains(move_) {
                let tied = rational.iter().filter(|r| scenario.move_(**r).actor == m.actor).count() > 1;
                let text = if tied { "rational choice (tied)" } else { "rational choice" };
                ui.label(RichText::new(text).small().strong().color(RATIONAL_COLOUR))
                    .on_hover_text("What this actor would do if it played rationally (backward induction); see the Outcomes panel for why");
            }
            if improving.contains(move_) {
                ui.label(
                    RichText::new(format!("an improvement for {}", scenario.actor(m.actor).name))
                        .small()
                        .strong()
                        .color(RATIONAL_COLOUR),
                )
                .on_hover_text("A unilateral improvement: this decision maker prefers the state the move leads to");
            }
            if button.clicked() {
                actions.push(if m.results.is_empty() {
                    UiAction::Session(Action::Take { move_: *move_, result: None })
                } else {
                    UiAction::Session(Action::Roll { move_: *move_ })
                });
            }
            if !m.description.is_empty() && !compact {
                ui.label(&m.description);
            }
            if !m.results.is_empty() {
                // One row per result, its likelihood first and on the
                // same row as its label: a wrapped row never leaves a
                // likelihood next to the wrong result.
                for (j, r) in m.results.iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::Label::new(RichText::new(r.probability_text()).small().weak())
                                .wrap_mode(egui::TextWrapMode::Extend),
                        );
                        // On the projector the result's label alone, so
                        // that a row fits on one line at large type.
                        let text = if compact {
                            r.label.clone()
                        } else {
                            format!("Pick: {}", r.label)
                        };
                        let pick = egui::Button::new(text)
                            .small()
                            .wrap_mode(egui::TextWrapMode::Wrap);
                        if ui
                            .add(pick)
                            .on_hover_text("Pick this result: take it without rolling")
                            .clicked()
                        {
                            actions.push(UiAction::Session(Action::Take {
                                move_: *move_,
                                result: Some(ResultIndex(j as u16)),
                            }));
                        }
                    });
                }
            }
            if !compact {
                let citations: Vec<&Citation> = m.citations.iter().collect();
                citations_ui(ui, scenario, &citations, ("move-cite", move_.0));
            }
        });
    }
}

fn outcome_card_ui(
    ui: &mut Ui,
    session: &Session,
    o: crate::model::OutcomeIndex,
    actions: &mut Vec<UiAction>,
) {
    let scenario = session.scenario();
    let outcome = scenario.outcome(o);
    egui::Frame::group(ui.style())
        .fill(ui.visuals().faint_bg_color)
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("Outcome").weak());
            ui.heading(RichText::new(&outcome.label).strong());
            if !outcome.description.is_empty() {
                ui.label(&outcome.description);
            }
            ui.add_space(6.0);
            egui::Grid::new("payoffs").striped(true).show(ui, |ui| {
                ui.label(RichText::new("Actor").strong());
                ui.label(RichText::new("Payoff").strong());
                ui.end_row();
                for (a, (actor, payoff)) in scenario.actors.iter().zip(&outcome.payoffs).enumerate()
                {
                    ui.label(
                        RichText::new(&actor.name)
                            .color(actor_colour(scenario, crate::model::ActorIndex(a as u16))),
                    );
                    ui.label(crate::model::read_number(*payoff));
                    ui.end_row();
                }
            });
            let citations: Vec<&Citation> = outcome.citations.iter().collect();
            citations_ui(ui, scenario, &citations, ("outcome-cite", o.0));
            ui.add_space(6.0);
            back_buttons_ui(ui, session, actions);
        });
}

fn back_buttons_ui(ui: &mut Ui, session: &Session, actions: &mut Vec<UiAction>) {
    ui.horizontal(|ui| {
        if ui
            .button("Back")
            .on_hover_text("Go back one step")
            .clicked()
        {
            actions.push(UiAction::Session(Action::Back));
        }
        let branch = session.untried_branch();
        let button = ui.add_enabled(branch.is_some(), egui::Button::new("Try another branch"));
        let button = button
            .on_hover_text("Go back to the last situation with a move or result not tried yet");
        if let (true, Some(visit)) = (button.clicked(), branch) {
            actions.push(UiAction::Session(Action::GoTo(visit)));
        }
    });
}
