//! How the app looks, shared by every panel: light or dark and the large
//! type of seminar mode, the colours of actors, changes and rational play,
//! and how numbers and keys are written.

use egui::{Color32, Context, FontId, RichText, TextStyle, Theme, Ui};

use super::command::Command;
use crate::model::{ActorIndex, Scenario, format_percent};

/// How much larger text is in seminar mode.
pub const SEMINAR_SCALE: f32 = 1.6;

/// The colour that marks rational play.
pub const RATIONAL_COLOUR: Color32 = Color32::from_rgb(40, 150, 70);

/// Sets the theme and text sizes: in seminar mode, text is
/// `settings.seminar_scale` times larger.
pub fn apply_theme(ctx: &Context, settings: &super::state::Settings, seminar: bool) {
    ctx.set_theme(if settings.dark {
        Theme::Dark
    } else {
        Theme::Light
    });
    let scale = if seminar {
        seminar_scale(settings.seminar_scale)
    } else {
        1.0
    };
    ctx.all_styles_mut(|style| set_type_scale(style, scale));
}

/// A seminar type scale within what the layout is made for (1 to 2.5).
pub fn seminar_scale(scale: f32) -> f32 {
    if scale.is_finite() {
        scale.clamp(1.0, 2.5)
    } else {
        SEMINAR_SCALE
    }
}

/// Text sizes and spacing for type `scale` times the normal size.
pub fn set_type_scale(style: &mut egui::Style, scale: f32) {
    style.text_styles = [
        (TextStyle::Heading, FontId::proportional(22.0 * scale)),
        (TextStyle::Body, FontId::proportional(14.5 * scale)),
        (TextStyle::Monospace, FontId::monospace(13.0 * scale)),
        (TextStyle::Button, FontId::proportional(14.5 * scale)),
        (TextStyle::Small, FontId::proportional(11.0 * scale)),
    ]
    .into();
    style.spacing.item_spacing = egui::vec2(8.0, 6.0 * scale.sqrt());
    style.spacing.button_padding = egui::vec2(8.0, 4.0 * scale);
    // Scroll bars with room of their own: a floating bar lies over the
    // ends of the lines beside it.
    style.spacing.scroll = egui::style::ScrollStyle::solid();
}

/// How wide `text` is in the heading font, so a panel can be made wide
/// enough that its heading never breaks inside a word.
pub fn heading_width(ui: &Ui, text: &str) -> f32 {
    let font = TextStyle::Heading.resolve(ui.style());
    ui.ctx().fonts_mut(|f| {
        f.layout_no_wrap(text.to_owned(), font, Color32::WHITE)
            .size()
            .x
    })
}

/// The colour of an actor.
pub fn actor_colour(scenario: &Scenario, actor: ActorIndex) -> Color32 {
    let [r, g, b] = scenario.actor(actor).colour;
    Color32::from_rgb(r, g, b)
}

/// The colour used to highlight a change.
pub fn changed_colour(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(255, 200, 90)
    } else {
        Color32::from_rgb(190, 110, 0)
    }
}

/// A probability for a bar: one decimal at most.
pub fn percent_text(p: f64) -> String {
    if p > 0.0 && p < 0.001 {
        "< 0.1 %".to_owned()
    } else {
        format_percent((p * 1000.0).round() / 1000.0)
    }
}

/// A command's tooltip with its key: "Go back one step (Backspace)".
pub fn shortcut_tip(ui: &Ui, command: Command) -> String {
    with_key(ui, command, command.tooltip())
}

/// `text` followed by the command's key in parentheses, as the command
/// list gives it: "Reveal analysis (R)". Just `text` for a command without
/// a key.
pub fn with_key(ui: &Ui, command: Command, text: &str) -> String {
    match command.shortcut() {
        Some(s) => format!("{text} ({})", ui.ctx().format_shortcut(&s)),
        None => text.to_owned(),
    }
}

/// A spinner with what is being worked out: "Working out the odds…".
pub fn working(ui: &mut Ui, what: &str) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(what);
    });
}

/// What the scenario's sources forecast, each beside what its judged moves
/// derive from here.
pub fn source_forecasts_ui(ui: &mut Ui, comparisons: &[crate::analysis::SourceForecastComparison]) {
    if comparisons.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new("What the sources forecast").strong());
    for c in comparisons {
        ui.add(egui::Label::new(RichText::new(c.sentence()).small()).wrap())
            .on_hover_text(format!("\u{201c}{}\u{201d}", c.quote));
    }
}

/// Names for branches shown together (the branch list, Compare's
/// pickers), each unique: a name two branches share gets the step where
/// its path first parts from the other's, "Table a synchronised roadmap
/// (3 moves, via Demand perfect sequencing)". O(b^2 d) for b branches of
/// depth d.
pub fn branch_names(
    session: &crate::session::Session,
    visits: &[crate::session::VisitId],
) -> Vec<String> {
    let walk = session.walk();
    let base: Vec<String> = visits.iter().map(|v| session.branch_label(*v)).collect();
    let paths: Vec<Vec<crate::session::VisitId>> =
        visits.iter().map(|v| walk.path_to(*v)).collect();
    base.iter()
        .enumerate()
        .map(|(i, name)| {
            let parting = (0..visits.len())
                .filter(|&j| j != i && base[j] == *name && visits[j] != visits[i])
                .filter_map(|j| {
                    paths[i]
                        .iter()
                        .zip(&paths[j])
                        .position(|(a, b)| a != b)
                        .or_else(|| (paths[i].len() > paths[j].len()).then_some(paths[j].len()))
                })
                .min();
            match parting.and_then(|k| paths[i].get(k)) {
                Some(step) => match name.strip_suffix(')') {
                    Some(head) => format!("{head}, via {})", session.visit_label(*step)),
                    None => format!("{name} (via {})", session.visit_label(*step)),
                },
                None => name.clone(),
            }
        })
        .collect()
}
