//! The left panel: the situation now. Every variable as a gauge or a strip
//! of levels, with what changed in the last step highlighted next to its old
//! value; the actors with their colours; whose turn it is.

use egui::{RichText, Ui};

use crate::engine::{Status, Turn, turn_label};
use crate::model::Domain;
use crate::session::Session;
use crate::ui::state::AppState;
use crate::ui::style::{actor_colour, changed_colour};

/// Draws the panel.
pub fn situation_ui(ui: &mut Ui, state: &AppState, session: &Session) {
    let scenario = session.scenario();
    let graph = session.graph();
    let current = session.current();
    let values = graph.values(current);
    let before = session
        .path()
        .last()
        .map(|s| graph.values(graph.source(*s)));

    ui.heading("Situation");
    match graph.status(current) {
        Status::Outcome(o) => {
            ui.label(RichText::new(format!("Ended: {}", scenario.outcome(o).label)).strong());
        }
        Status::DeadEnd => {
            ui.label(RichText::new("Dead end: no one can move").strong());
        }
        Status::Frontier(_) => {
            ui.label("Beyond the exploration limits");
        }
        Status::Open => {
            let turn = graph.turn(current);
            ui.horizontal(|ui| {
                ui.label("To move:");
                let text = RichText::new(turn_label(scenario, turn)).strong();
                match turn {
                    Turn::Actor(a) => ui.label(text.color(actor_colour(scenario, a))),
                    Turn::Anyone => ui.label(text),
                };
            });
        }
    }
    ui.separator();

    egui::ScrollArea::vertical()
        .id_salt("variables")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (i, variable) in scenario.variables.iter().enumerate() {
                // A Gambit game's one variable is the node's place in the
                // file: bookkeeping, not a quantity to read off a gauge.
                if is_gambit_node(variable) {
                    continue;
                }
                let value = values[i];
                let old = before.as_ref().map(|b| b[i]).filter(|old| *old != value);
                variable_ui(ui, variable, value, old);
                ui.add_space(4.0);
            }
            if !state.seminar {
                ui.separator();
                ui.heading("Actors");
                for (a, actor) in scenario.actors.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let colour = actor_colour(scenario, crate::model::ActorIndex(a as u16));
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                        ui.painter().circle_filled(rect.center(), 6.0, colour);
                        ui.label(&actor.name).on_hover_text(&actor.description);
                    });
                }
            }
        });
}

fn variable_ui(ui: &mut Ui, variable: &crate::model::Variable, value: i64, old: Option<i64>) {
    let changed = changed_colour(ui);
    ui.horizontal_wrapped(|ui| {
        let name = RichText::new(variable.display_name()).strong();
        ui.label(if old.is_some() {
            name.color(changed)
        } else {
            name
        })
        .on_hover_text(&variable.description);
        let shown = RichText::new(variable.value_label(value));
        ui.label(if old.is_some() {
            shown.color(changed).strong()
        } else {
            shown
        });
        if let Some(old) = old {
            ui.label(RichText::new(format!("(was {})", variable.value_label(old))).color(changed));
        }
    });
    match &variable.domain {
        Domain::Levels(levels) => {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 3.0;
                for j in 0..levels.len() {
                    let here = j as i64 == value;
                    let was = old == Some(j as i64);
                    let level = variable.value_label(j as i64);
                    let text = RichText::new(format!(" {level} ")).small();
                    let text = if here {
                        text.strong()
                            .background_color(ui.visuals().selection.bg_fill)
                            .color(ui.visuals().strong_text_color())
                    } else if was {
                        text.background_color(changed.gamma_multiply(0.35))
                    } else {
                        text.weak().background_color(ui.visuals().faint_bg_color)
                    };
                    ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
                }
            });
        }
        Domain::Flag => {}
        Domain::Integer { min, max } => {
            let span = (max - min).max(1) as f32;
            let fraction = (value - min) as f32 / span;
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_height(8.0)
                    .fill(if old.is_some() {
                        changed
                    } else {
                        ui.visuals().selection.bg_fill
                    }),
            )
            .on_hover_text(format!("{value} on a scale from {min} to {max}"));
            // The scale's ends under the bar, so a gauge reads without
            // hovering.
            ui.horizontal(|ui| {
                ui.label(RichText::new(min.to_string()).small().weak());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(RichText::new(max.to_string()).small().weak());
                });
            });
        }
    }
}

/// Whether `variable` is the node counter a Gambit game is read into
/// (`crate::io` names it so), which says nothing to a reader.
fn is_gambit_node(variable: &crate::model::Variable) -> bool {
    variable.id == "node" && variable.label == "Gambit node"
}
