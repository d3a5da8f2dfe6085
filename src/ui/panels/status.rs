//! The status bar: the work in progress with its progress bar and Cancel,
//! or the last message, or what is open.

use egui::{RichText, Ui};

use crate::ui::action::UiAction;
use crate::ui::state::{Busy, Screen};

/// Draws the status bar.
pub fn status_ui(ui: &mut Ui, screen: &Screen<'_>, actions: &mut Vec<UiAction>) {
    let state = screen.state;
    ui.horizontal(|ui| match screen.busy {
        Some(Busy::Loading {
            what,
            fraction,
            n_situations,
        }) => {
            ui.label(format!("{what}…"));
            ui.add(
                egui::ProgressBar::new(*fraction)
                    .desired_width(220.0)
                    .text(format!("{n_situations} situations")),
            );
            if ui.button("Cancel").clicked() {
                actions.push(UiAction::CancelJob);
            }
        }
        Some(Busy::Exporting { what }) => {
            ui.spinner();
            ui.label(format!("{what}…"));
            if ui.button("Cancel").clicked() {
                actions.push(UiAction::CancelExport);
            }
        }
        None => {
            if let Some(status) = &state.status {
                ui.label(status);
            } else if let Some(d) = &state.document {
                let graph = d.session.graph();
                ui.label(
                    RichText::new(format!(
                        "{} · {} situations · {} steps · loaded in {:.0} ms",
                        d.source.display(),
                        graph.n_situations(),
                        graph.n_steps(),
                        d.load_ms
                    ))
                    .weak(),
                );
            }
        }
    });
}
