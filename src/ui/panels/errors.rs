//! The errors panel: why the scenario file could not be (re)loaded, each
//! problem at file:line:col with the message, what was expected and a hint.
//! Clicking a location copies it. The last good scenario stays on screen.

use egui::{Color32, RichText, Ui};

use crate::ui::action::UiAction;
use crate::ui::state::Failure;

/// Draws the panel.
pub fn errors_ui(ui: &mut Ui, failure: &Failure, has_document: bool, actions: &mut Vec<UiAction>) {
    let red = if ui.visuals().dark_mode {
        Color32::from_rgb(255, 120, 110)
    } else {
        Color32::from_rgb(180, 30, 20)
    };
    ui.horizontal(|ui| {
        let title = match failure {
            Failure::Invalid { file, diagnostics } => format!(
                "{file} has {} error{}",
                diagnostics.n_errors(),
                if diagnostics.n_errors() == 1 { "" } else { "s" }
            ),
            Failure::Message(_) => "The scenario could not be opened".to_owned(),
        };
        ui.label(RichText::new(title).strong().color(red));
        if has_document {
            ui.label(
                RichText::new("— the last good version stays open; save the file to try again.")
                    .weak(),
            );
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("x").on_hover_text("Hide").clicked() {
                actions.push(UiAction::DismissFailure);
            }
        });
    });
    egui::ScrollArea::vertical()
        .id_salt("errors")
        .max_height(220.0)
        .show(ui, |ui| match failure {
            Failure::Message(message) => {
                ui.label(message);
            }
            Failure::Invalid { diagnostics, .. } => {
                for d in &diagnostics.0 {
                    ui.horizontal_wrapped(|ui| {
                        if ui
                            .link(RichText::new(d.location()).monospace())
                            .on_hover_text("Copy the location")
                            .clicked()
                        {
                            actions.push(UiAction::Copy(d.location()));
                        }
                        ui.label(
                            RichText::new(format!("{}: {}", d.severity, d.message)).color(red),
                        );
                    });
                    let caret = d.caret_padding();
                    ui.label(
                        RichText::new(format!(
                            "{}\n{caret}{}",
                            d.source_line,
                            "^".repeat(d.caret_len)
                        ))
                        .monospace()
                        .small(),
                    );
                    if let Some(expected) = &d.expected {
                        ui.label(format!("expected: {expected}"));
                    }
                    if let Some(hint) = &d.hint {
                        ui.label(RichText::new(format!("hint: {hint}")).italics());
                    }
                    for note in &d.notes {
                        ui.label(RichText::new(note).small());
                    }
                    ui.separator();
                }
            }
        });
}
