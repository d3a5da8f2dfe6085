//! The bottom panel: the path as breadcrumbs with back and forward, the
//! branches explored so far, bookmarks, and the note on this situation.

use egui::{RichText, Ui};

use crate::session::{Action, Session, VisitId};
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::style::shortcut_tip;

/// How long typing must pause before the note is saved, in seconds: short
/// enough that killing the app a second after typing loses nothing, long
/// enough not to save (and add an undo step) on every key.
pub const NOTE_SAVE_DELAY_S: f64 = 0.5;

/// The panel's own view state: the note being typed, the visit it belongs
/// to (a new visit starts from its saved note), and when it was last
/// edited, if that edit is not saved yet.
#[derive(Clone, Debug, Default)]
pub struct HistoryView {
    pub note_draft: String,
    pub note_for: Option<VisitId>,
    /// The `ui.input` time of the last unsaved edit.
    pub note_edited_at: Option<f64>,
}

/// Draws the panel.
pub fn history_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut HistoryView,
    actions: &mut Vec<UiAction>,
) {
    let walk = session.walk();
    // Keep the note field in step with the current visit.
    if view.note_for != Some(walk.current()) {
        view.note_for = Some(walk.current());
        view.note_draft = walk.note(walk.current()).unwrap_or("").to_owned();
        view.note_edited_at = None;
    }
    // A note is saved once typing pauses (and when the field loses focus,
    // below), not only when it loses focus: a crash or kill -9 a second
    // after typing loses nothing. The save is pushed before anything drawn
    // below, so it lands on the visit it was typed at.
    let now = ui.input(|i| i.time);
    let saved = walk.note(walk.current()).unwrap_or("");
    if let Some(edited_at) = view.note_edited_at {
        let waited = now - edited_at;
        if waited >= NOTE_SAVE_DELAY_S {
            view.note_edited_at = None;
            if saved != view.note_draft.trim() {
                actions.push(UiAction::Session(Action::Note {
                    text: view.note_draft.clone(),
                }));
            }
        } else {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(
                    NOTE_SAVE_DELAY_S - waited,
                ));
        }
    }
    let note = &mut view.note_draft;
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
        breadcrumbs_ui(ui, session, actions);
    });
    ui.separator();
    ui.columns(3, |columns| {
        let ui = &mut columns[0];
        ui.label(RichText::new("Branches explored").strong());
        // As tall as its rows, up to four: the panel takes only the room
        // its rows need.
        let rows = row_height(ui) * (walk.leaves().len() as f32).clamp(1.0, 4.5);
        egui::ScrollArea::vertical()
            .id_salt("branches")
            .auto_shrink([false, true])
            .min_scrolled_height(rows)
            .max_height(rows)
            .show(ui, |ui| {
                let leaves = walk.leaves();
                let names = crate::ui::style::branch_names(session, &leaves);
                for (leaf, name) in leaves.into_iter().zip(names) {
                    let selected =
                        walk.path_to(walk.current()).contains(&leaf) || leaf == walk.current();
                    // One line a branch, so the rows counted above are the
                    // rows shown; the whole name is in the tooltip.
                    let button = egui::Button::selectable(selected, name.as_str())
                        .wrap_mode(egui::TextWrapMode::Truncate);
                    if ui.add(button).on_hover_text(&name).clicked() {
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
        let rows = row_height(ui) * (walk.bookmarks().len() as f32).clamp(1.0, 4.5);
        egui::ScrollArea::vertical()
            .id_salt("bookmarks")
            .auto_shrink([false, true])
            .min_scrolled_height(rows)
            .max_height(rows)
            .show(ui, |ui| {
                if walk.bookmarks().is_empty() {
                    ui.label(RichText::new("No bookmark yet").weak());
                }
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
                .desired_rows(1)
                .hint_text("Type a note; it is saved with the session"),
        );
        if response.changed() {
            view.note_edited_at = Some(now);
        }
        if response.lost_focus() && view.note_edited_at.take().is_some() && saved != note.trim() {
            actions.push(UiAction::Session(Action::Note { text: note.clone() }));
        }
    });
}

/// The breadcrumbs: every visit on the path, each a link back to it, on
/// one line that scrolls sideways and keeps the latest in view.
pub fn breadcrumbs_ui(ui: &mut Ui, session: &Session, actions: &mut Vec<UiAction>) {
    let walk = session.walk();
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
                    let label = session.visit_label(*visit);
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
}

/// The height of one row of the branch list: a selectable label and the
/// gap below it.
fn row_height(ui: &Ui) -> f32 {
    let text = ui.text_style_height(&egui::TextStyle::Body);
    let spacing = ui.spacing();
    (text + 2.0 * spacing.button_padding.y).max(spacing.interact_size.y) + spacing.item_spacing.y
}
