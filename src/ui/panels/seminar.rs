//! Seminar mode's own bars: the row of big buttons over the story (back,
//! reveal or hide the analysis for this step, keep it revealed, the
//! presenter view, leave), and, when the situation panel gives way to the
//! story on a narrow screen, one line with what matters from it: whose
//! turn it is and what the last step changed.

use egui::{RichText, Ui};

use crate::engine::{Status, changes, turn_label};
use crate::session::Session;
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::state::AppState;
use crate::ui::style::{changed_colour, with_key};

/// The seminar bar, in normal type. Its buttons wrap onto a second line
/// rather than run off a narrow screen.
pub fn seminar_bar_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    actions: &mut Vec<UiAction>,
) {
    ui.horizontal_wrapped(|ui| {
        // Controls for the instructor, not the story for the class: normal
        // type whatever the projector's scale (as in the status bar), so
        // the bar stays one line and the room goes to the story.
        crate::ui::style::set_type_scale(ui.style_mut(), 1.0);
        if ui
            .button("< Back")
            .on_hover_text(Command::Back.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::Back));
        }
        let reveal = if state.revealed() { "Hide" } else { "Reveal" };
        if ui
            .button(with_key(ui, Command::Reveal, reveal))
            .on_hover_text(Command::Reveal.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::Reveal));
        }
        let pin = if state.keep_revealed {
            "Kept revealed"
        } else {
            "Keep revealed"
        };
        if ui
            .selectable_label(
                state.keep_revealed,
                with_key(ui, Command::KeepRevealed, pin),
            )
            .on_hover_text(Command::KeepRevealed.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::KeepRevealed));
        }
        let presenter = if state.presenter.open {
            "Close presenter"
        } else {
            "Presenter"
        };
        if ui
            .button(with_key(ui, Command::Presenter, presenter))
            .on_hover_text(Command::Presenter.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::Presenter));
        }
        // The notes button here, not under the narrative, so a long
        // narrative at large type never pushes it off the projector.
        if !state.presenter.open {
            crate::ui::panels::story::notes_button_ui(ui, state, session, actions);
        }
        if ui
            .button(with_key(ui, Command::Seminar, "Leave seminar mode"))
            .on_hover_text(Command::Seminar.tooltip())
            .clicked()
        {
            actions.push(UiAction::Command(Command::Seminar));
        }
    });
    ui.separator();
}

/// What matters from the situation panel, on one wrapped line: whose turn
/// it is (or how the branch ended) and each variable the last step
/// changed, with its old value.
pub fn situation_line_ui(ui: &mut Ui, session: &Session) {
    let scenario = session.scenario();
    let graph = session.graph();
    let current = session.current();
    let colour = changed_colour(ui);
    ui.horizontal_wrapped(|ui| {
        match graph.status(current) {
            Status::Open => {
                ui.label(format!(
                    "To move: {}",
                    turn_label(scenario, graph.turn(current))
                ));
            }
            Status::Outcome(o) => {
                ui.label(RichText::new(format!("Ended: {}", scenario.outcome(o).label)).strong());
            }
            Status::DeadEnd => {
                ui.label("Dead end: no one can move");
            }
            Status::Frontier(_) => {
                ui.label("Beyond the exploration limits");
            }
        }
        if let Some(step) = session.path().last() {
            for (i, from, to) in changes(graph, graph.source(*step), graph.target(*step)) {
                let v = &scenario.variables[i];
                ui.label(
                    RichText::new(format!(
                        "· {}: {} (was {})",
                        v.display_name(),
                        v.value_label(to),
                        v.value_label(from)
                    ))
                    .color(colour),
                )
                .on_hover_text(&v.description);
            }
        }
    });
    ui.separator();
}
