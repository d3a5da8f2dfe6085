//! The bottom panel: the path as breadcrumbs with back and forward, the
//! branches explored so far, bookmarks, and the note on this situation.

use egui::{RichText, Ui};

use super::app::{AppState, UiAction};
use super::command::Command;
use crate::session::{Action, Session, VisitId};

/// Text for a visit: the move (and result) that led there.
pub fn visit_label(session: &Session, visit: VisitId) -> String {
    let walk = session.walk();
    let graph = session.graph();
    let scenario = session.scenario();
    match walk.visit(visit).via {
        None => "Start".to_owned(),
        Some(s) => {
            let step = graph.step(s);
            let m = scenario.move_(step.move_);
            match step.result.and_then(|r| m.results.get(r.index())) {
                Some(r) => format!("{} -> {}", m.label, r.label),
                None => m.label.clone(),
            }
        }
    }
}

/// Text for a branch: where it ends and how long it is.
pub fn branch_label(session: &Session, leaf: VisitId) -> String {
    let walk = session.walk();
    let n = walk.path_to(leaf).len() - 1;
    let end = match session.graph().status(walk.visit(leaf).situation) {
        crate::engine::Status::Outcome(o) => session.scenario().outcome(o).label.clone(),
        _ => visit_label(session, leaf),
    };
    let moves = if n == 1 {
        "1 move".to_owned()
    } else {
        format!("{n} moves")
    };
    match walk.bookmark(leaf) {
        Some(b) => format!("* {}: {end} ({moves})", b.label),
        None => format!("{end} ({moves})"),
    }
}

/// Draws the panel. `note` is the text field's buffer for the current note.
pub fn history_ui(
    ui: &mut Ui,
    _state: &AppState,
    session: &Session,
    note: &mut String,
    actions: &mut Vec<UiAction>,
) {
    let walk = session.walk();
    ui.horizontal(|ui| {
        let back = ui
            .add_enabled(
                walk.visit(walk.current()).parent.is_some(),
                egui::Button::new("< Back"),
            )
            .on_hover_text(shortcut_tip(ui, Command::Back));
        if back.clicked() {
            actions.push(UiAction::Command(Command::Back));
        }
        let forward = ui
            .add_enabled(
                walk.forward(walk.current()).is_some(),
                egui::Button::new("Forward >"),
            )
            .on_hover_text(shortcut_tip(ui, Command::Forward));
        if forward.clicked() {
            actions.push(UiAction::Command(Command::Forward));
        }
        if ui
            .add_enabled(session.can_undo(), egui::Button::new("Undo"))
            .on_hover_text(shortcut_tip(ui, Command::Undo))
            .clicked()
        {
            actions.push(UiAction::Command(Command::Undo));
        }
        if ui
            .add_enabled(session.can_redo(), egui::Button::new("Redo"))
            .on_hover_text(shortcut_tip(ui, Command::Redo))
            .clicked()
        {
            actions.push(UiAction::Command(Command::Redo));
        }
        ui.separator();
        // Breadcrumbs: every visit on the path, each a link back to it.
        egui::ScrollArea::horizontal()
            .id_salt("breadcrumbs")
            .stick_to_right(true)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    let path = walk.path_to(walk.current());
                    for (k, visit) in path.iter().enumerate() {
                        if k > 0 {
                            ui.label("›");
                        }
                        let label = visit_label(session, *visit);
                        let text = if *visit == walk.current() {
                            RichText::new(label).strong()
                        } else {
                            RichText::new(label)
                        };
                        if ui.link(text).clicked() {
                            actions.push(UiAction::Session(Action::GoTo(*visit)));
                        }
                    }
                });
            });
    });
    ui.separator();
    ui.columns(3, |columns| {
        let ui = &mut columns[0];
        ui.label(RichText::new("Branches explored").strong());
        egui::ScrollArea::vertical()
            .id_salt("branches")
            .show(ui, |ui| {
                for leaf in walk.leaves() {
                    let selected =
                        walk.path_to(walk.current()).contains(&leaf) || leaf == walk.current();
                    if ui
                        .selectable_label(selected, branch_label(session, leaf))
                        .clicked()
                    {
                        actions.push(UiAction::Session(Action::GoTo(leaf)));
                    }
                }
            });

        let ui = &mut columns[1];
        ui.horizontal(|ui| {
            ui.label(RichText::new("Bookmarks").strong());
            if ui
                .small_button("+ Bookmark")
                .on_hover_text(shortcut_tip(ui, Command::Bookmark))
                .clicked()
            {
                actions.push(UiAction::Command(Command::Bookmark));
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("bookmarks")
            .show(ui, |ui| {
                for b in walk.bookmarks() {
                    ui.horizontal(|ui| {
                        if ui.link(&b.label).clicked() {
                            actions.push(UiAction::Session(Action::GoTo(b.visit)));
                        }
                        if ui
                            .small_button("x")
                            .on_hover_text("Remove this bookmark")
                            .clicked()
                        {
                            actions.push(UiAction::Session(Action::Unbookmark(b.visit)));
                        }
                    });
                }
            });

        let ui = &mut columns[2];
        ui.label(RichText::new("Note on this situation").strong());
        let response = ui.add(
            egui::TextEdit::multiline(note)
                .desired_rows(2)
                .hint_text("Type a note; it is saved with the session"),
        );
        if response.lost_focus() && walk.note(walk.current()).unwrap_or("") != note.trim() {
            actions.push(UiAction::Session(Action::Note { text: note.clone() }));
        }
    });
}

/// "Go back one step (Backspace)".
pub fn shortcut_tip(ui: &Ui, command: Command) -> String {
    match command.shortcut() {
        Some(s) => format!("{} ({})", command.tooltip(), ui.ctx().format_shortcut(&s)),
        None => command.tooltip().to_owned(),
    }
}
