//! The class on the projector: the join screen (address, QR code, room
//! code) and the open question's tally: how many have answered until the
//! reveal, then the class's answers as bars beside the model's forecast.
//! The instructor's buttons sit at the bottom, each with its key.

use egui::{Color32, RichText, Sense, Ui, vec2};

use demarche_class::{Bind, QrMatrix, QuestionKind, QuestionTally, TeamRule};

use crate::ui::action::UiAction;
use crate::ui::class::{ClassAction, ClassScreen, StartChoice, StartForm};
use crate::ui::command::Command;
use crate::ui::style::percent_text;

/// The form that starts a class: which interface students reach it on (the
/// default route's unless picked; every interface only when asked), the
/// two-step code and the most students.
pub fn start_ui(
    ui: &mut Ui,
    form: &StartForm,
    choice: &mut StartChoice,
    actions: &mut Vec<UiAction>,
) {
    ui.label("Students join on the network this interface is on:");
    let default = match form.default_route {
        Some(ip) => format!("The default route's ({ip})"),
        None => "The default route's (none found: pick one below)".to_owned(),
    };
    ui.radio_value(&mut choice.bind, Bind::DefaultRoute, default);
    for interface in &form.interfaces {
        let label = if interface.addr.is_loopback() {
            format!("{} ({}): this laptop only", interface.name, interface.addr)
        } else {
            format!("{} ({})", interface.name, interface.addr)
        };
        ui.radio_value(&mut choice.bind, Bind::Addr(interface.addr), label);
    }
    ui.radio_value(
        &mut choice.bind,
        Bind::All,
        "Every interface (any network this laptop is on)",
    );
    ui.separator();
    ui.checkbox(
        &mut choice.step_code,
        "Two-step code: joining also needs a code shown only on the projector, new every 20 s",
    );
    ui.horizontal(|ui| {
        let label = ui.label("At most");
        ui.add(egui::DragValue::new(&mut choice.max_students).range(1..=5000))
            .labelled_by(label.id);
        ui.label("students");
    });
    ui.horizontal(|ui| {
        let label = ui.label("Port");
        ui.add(egui::DragValue::new(&mut choice.port).range(1024..=65535))
            .labelled_by(label.id)
            .on_hover_text(
                "Part of the join address; change it only if another program uses this one.",
            );
        ui.label(RichText::new("(part of the join address)").small().weak());
    });
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("Start the class").clicked() {
            actions.push(UiAction::Class(ClassAction::Start(*choice)));
        }
        if ui.button("Cancel").clicked() {
            actions.push(UiAction::Class(ClassAction::CloseStart));
        }
    });
}

/// Draws the class window's contents; `answered` says whether the session
/// holds a ballot to export.
pub fn class_ui(ui: &mut Ui, class: &ClassScreen, answered: bool, actions: &mut Vec<UiAction>) {
    let tally = &class.tally;
    let joined = match tally.n_students {
        1 => "1 student has joined".to_owned(),
        n => format!("{n} students have joined"),
    };
    ui.label(RichText::new(joined).strong());
    if class.join_screen || tally.question.is_none() {
        join_ui(ui, class);
    }
    if !class.teams.is_empty() {
        ui.label(format!("Teams: {}", class.teams.join(", ")));
    }
    if let Some(question) = &tally.question {
        ui.separator();
        question_ui(ui, question, tally.n_students, class.question_here);
    }
    ui.separator();
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
        let lock = ClassAction::LockJoining(!tally.joining_locked);
        let step = ClassAction::StepCode(class.step_code.is_none());
        let rule = ClassAction::SetTeamRule(match class.team_rule {
            TeamRule::Majority => TeamRule::Captain,
            TeamRule::Captain => TeamRule::Majority,
        });
        let mut more = vec![
            lock,
            step,
            ClassAction::SetUpTeams(true),
            ClassAction::SetUpTeams(false),
        ];
        if !class.teams.is_empty() {
            more.push(rule);
        }
        more.push(ClassAction::CheckReach);
        for action in more {
            let response = ui.button(action.label());
            let response = match action {
                ClassAction::SetTeamRule(_) => response.on_hover_text(format!(
                    "Now: {}. Click for the other rule.",
                    match class.team_rule {
                        TeamRule::Majority => "the team's majority decides",
                        TeamRule::Captain => "the team's captain (its first member) decides",
                    }
                )),
                ClassAction::CheckReach => response.on_hover_text(
                    "Asks the join address from this laptop: it shows the server listens there",
                ),
                _ => response,
            };
            if response.clicked() {
                actions.push(UiAction::Class(action));
            }
        }
        if ui
            .add_enabled(answered, egui::Button::new(Command::ExportBallots.label()))
            .on_hover_text(Command::ExportBallots.tooltip())
            .on_disabled_hover_text("No one has answered a question yet: nothing to export")
            .clicked()
        {
            actions.push(UiAction::Command(Command::ExportBallots));
        }
    });
    if let Some(reach) = &class.reach {
        ui.label(reach);
    }
}

/// The address in large type, its QR code and the room code.
fn join_ui(ui: &mut Ui, class: &ClassScreen) {
    ui.label("Join on your phone:");
    ui.label(RichText::new(&class.join_url).size(24.0).monospace());
    if let Some(qr) = &class.qr {
        qr_ui(ui, qr, 240.0);
    }
    ui.label(
        RichText::new(format!("Room code {}", class.room_code))
            .size(28.0)
            .strong(),
    );
    if let Some(step) = &class.step_code {
        ui.label(
            RichText::new(format!("Code now: {step}"))
                .size(28.0)
                .strong(),
        );
    }
    if class.tally.joining_locked {
        ui.label("Joining is locked.");
    }
}

/// The QR code as dark squares on white, with the quiet zone phones need.
fn qr_ui(ui: &mut Ui, qr: &QrMatrix, side: f32) {
    const QUIET: usize = 4;
    let modules = qr.width() + 2 * QUIET;
    let (rect, _) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let cell = side / modules as f32;
    for y in 0..qr.width() {
        for x in 0..qr.width() {
            if qr.is_dark(x, y) {
                let min = rect.min + vec2((x + QUIET) as f32 * cell, (y + QUIET) as f32 * cell);
                painter.rect_filled(
                    egui::Rect::from_min_size(min, vec2(cell, cell)),
                    0.0,
                    Color32::BLACK,
                );
            }
        }
    }
}

/// The open question: its count before the reveal, its answers after.
fn question_ui(ui: &mut Ui, q: &QuestionTally, n_students: usize, here: bool) {
    ui.label(RichText::new(&q.prompt).strong().size(20.0));
    if !here {
        ui.label(RichText::new(format!("Asked at step {}", q.step)).weak());
    }
    ui.label(q.status_line(n_students));
    for team in &q.teams {
        let state = if team.locked { "locked" } else { "choosing" };
        ui.label(format!(
            "Team {}: {state} ({} of {})",
            team.label, team.n_answered, team.n_members
        ));
    }
    if !q.revealed {
        return;
    }
    let width = ui.available_width().min(420.0);
    for (i, o) in q.options.iter().enumerate() {
        let mut parts = Vec::new();
        if let (Some(count), Some(share)) = (o.count, o.share) {
            let votes = if count == 1 { "vote" } else { "votes" };
            parts.push(format!("{count} {votes} ({})", percent_text(share)));
        }
        if let (Some(mean), Some(spread)) = (o.mean, o.spread) {
            parts.push(format!(
                "class {} ± {}",
                percent_text(mean),
                percent_text(spread)
            ));
        }
        match (&o.judgement_word, o.judgement) {
            (Some(word), Some(p)) => parts.push(format!("author {word} ({})", percent_text(p))),
            (None, Some(p)) => parts.push(format!("author {}", percent_text(p))),
            _ => {}
        }
        parts.push(format!("model {}", percent_text(o.model)));
        let played = if q.realised == Some(i) {
            " (played)"
        } else {
            ""
        };
        ui.label(format!("{}: {}{played}", o.label, parts.join(" · ")));
        let class_share = o.share.or(o.mean).unwrap_or(0.0) as f32;
        bar_ui(ui, width, class_share, Color32::from_rgb(42, 93, 176));
        bar_ui(ui, width, o.model as f32, Color32::GRAY);
    }
    if let Some(choice) = q.class_choice.and_then(|c| q.options.get(c)) {
        let who = match q.kind {
            QuestionKind::Teams { .. } => "The team chose",
            _ => "The class chose",
        };
        ui.label(RichText::new(format!("{who}: {}", choice.label)).strong());
    }
    if let Some(s) = q.scores {
        ui.label(format!(
            "Brier: class {:.3}, model {:.3}",
            s.class_mean, s.model
        ));
    }
}

fn bar_ui(ui: &mut Ui, width: f32, share: f32, colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(width, 8.0), Sense::hover());
    let filled = egui::Rect::from_min_size(rect.min, vec2(width * share.clamp(0.0, 1.0), 8.0));
    ui.painter().rect_filled(filled, 2.0, colour);
}
