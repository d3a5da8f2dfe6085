//! Light or dark, and the large type of seminar mode.

use egui::{Context, FontId, TextStyle, Theme};

/// How much larger text is in seminar mode.
pub const SEMINAR_SCALE: f32 = 1.6;

/// Sets the theme and text sizes.
pub fn apply(ctx: &Context, dark: bool, seminar: bool) {
    ctx.set_theme(if dark { Theme::Dark } else { Theme::Light });
    let scale = if seminar { SEMINAR_SCALE } else { 1.0 };
    ctx.all_styles_mut(|style| {
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
    });
}
