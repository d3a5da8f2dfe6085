//! The errors panel: why a scenario could not be opened or reloaded, each
//! problem at file:line:col with the message, the source line with a caret
//! under the column, what was expected, a hint and where in the scenario
//! (`moves[3].actor`), as `demarche check` prints them. Clicking a location
//! copies it. A scenario that fails to reload keeps its last good version
//! on screen; one that never opened leaves what was there.

use egui::{Color32, RichText, Ui};

use crate::model::Diagnostic;
use crate::ui::action::UiAction;
use crate::ui::state::{Failure, Problem};

/// How much of the window the panel may take before it scrolls.
const MAX_SHARE_OF_WINDOW: f32 = 0.55;

/// Draws the panel. `on_screen` names the scenario shown, if any.
pub fn errors_ui(
    ui: &mut Ui,
    failure: &Failure,
    on_screen: Option<&str>,
    actions: &mut Vec<UiAction>,
) {
    let red = if ui.visuals().dark_mode {
        Color32::from_rgb(255, 120, 110)
    } else {
        Color32::from_rgb(180, 30, 20)
    };
    let file = failure.source.display();
    ui.horizontal_wrapped(|ui| {
        let title = match &failure.problem {
            Problem::Invalid(diagnostics) => {
                let n = diagnostics.n_errors();
                let errors = format!("{n} error{}", if n == 1 { "" } else { "s" });
                if failure.reloading {
                    format!("{file} has {errors}")
                } else {
                    format!("Could not open {file}: it has {errors}")
                }
            }
            Problem::Message(_) if failure.reloading => format!("Could not reload {file}"),
            Problem::Message(_) => format!("Could not open {file}"),
        };
        ui.label(RichText::new(title).strong().color(red));
        let after = if failure.reloading {
            Some("the last good version stays open; save the file to try again.".to_owned())
        } else {
            on_screen.map(|shown| format!("{shown} stays open."))
        };
        if let Some(after) = after {
            ui.label(RichText::new(format!("— {after}")).weak());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("x").on_hover_text("Hide").clicked() {
                actions.push(UiAction::DismissFailure);
            }
        });
    });
    // Tall enough for a few diagnostics in full; more scroll. A top panel
    // starts with room for one line, so the scroll area is told the height
    // it may take (a plain `max_height` would stay at that one line).
    let max_height = ui.ctx().content_rect().height() * MAX_SHARE_OF_WINDOW;
    egui::ScrollArea::vertical()
        .id_salt("errors")
        .max_height(max_height)
        .min_scrolled_height(max_height)
        .show(ui, |ui| match &failure.problem {
            Problem::Message(message) => {
                ui.label(message);
            }
            Problem::Invalid(diagnostics) => {
                for (i, d) in diagnostics.0.iter().enumerate() {
                    if i > 0 {
                        ui.separator();
                    }
                    diagnostic_ui(ui, d, red, actions);
                }
            }
        });
}

/// One diagnostic, laid out as `demarche check` prints it.
fn diagnostic_ui(ui: &mut Ui, d: &Diagnostic, red: Color32, actions: &mut Vec<UiAction>) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .link(RichText::new(d.location()).monospace())
            .on_hover_text("Copy the location")
            .clicked()
        {
            actions.push(UiAction::Copy(d.location()));
        }
        ui.label(RichText::new(format!("{}: {}", d.severity, d.message)).color(red));
    });
    ui.label(RichText::new(source_excerpt(d)).monospace());
    if let Some(expected) = &d.expected {
        ui.label(format!("expected: {expected}"));
    }
    if let Some(hint) = &d.hint {
        ui.label(RichText::new(format!("hint: {hint}")).italics());
    }
    for note in &d.notes {
        ui.label(RichText::new(format!("note: {note}")).small());
    }
    if let Some(path) = &d.path {
        ui.label(RichText::new(format!("in: {path}")).monospace());
    }
}

/// The source line under its line number with the caret under the column,
/// tabs widened to four spaces on both lines so the caret stays under the
/// column in any font that draws a tab differently.
pub fn source_excerpt(d: &Diagnostic) -> String {
    let number = d.line.to_string();
    let gutter = " ".repeat(number.len());
    let line = d.source_line.trim_end().replace('\t', "    ");
    let pad = d.caret_padding().replace('\t', "    ");
    format!(
        "{number} | {line}\n{gutter} | {pad}{}",
        "^".repeat(d.caret_len.max(1))
    )
}
