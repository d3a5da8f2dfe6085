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
            n_situations,
            expanded_of_known,
        }) => {
            ui.label(format!("{what}…"));
            match expanded_of_known {
                Some((done, known)) => {
                    let fraction = (*done as f64 / (*known).max(1) as f64) as f32;
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(260.0)
                            .text(format!("{done} of {known} situations expanded")),
                    );
                }
                None => {
                    ui.spinner();
                    if *n_situations > 0 {
                        ui.label(format!("{n_situations} situations"));
                    }
                }
            }
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
