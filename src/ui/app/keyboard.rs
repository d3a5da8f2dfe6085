//! Keys to actions: the command list's shortcuts, number keys for moves,
//! and the arrows in seminar mode.

use super::*;

/// Reads shortcuts and number keys into actions, from whichever window
/// `ctx` is drawing (the projector's or the presenter view's, so either
/// keyboard drives both).
pub(super) fn keyboard(ctx: &Context, seminar: bool, actions: &mut Vec<UiAction>) {
    let typing = ctx.text_edit_focused();
    // egui lets Ctrl+Z match Ctrl+Shift+Z, so shortcuts with more
    // modifiers are tried first.
    let mut commands = Command::ALL;
    commands.sort_by_key(|c| {
        std::cmp::Reverse(c.shortcut().map_or(0, |s| {
            let m = s.modifiers;
            u8::from(m.alt) + u8::from(m.shift) + u8::from(m.command || m.ctrl)
        }))
    });
    for command in commands {
        let Some(shortcut) = command.shortcut() else {
            continue;
        };
        if typing && command.is_plain_key() {
            continue;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            actions.push(UiAction::Command(command));
        }
    }
    if typing {
        return;
    }
    const NUMBERS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    for (i, key) in NUMBERS.iter().enumerate() {
        if ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, *key)) {
            actions.push(UiAction::PickMove(i + 1));
        }
    }
    if seminar {
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft)) {
            actions.push(UiAction::Command(Command::Back));
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowRight)) {
            actions.push(UiAction::Command(Command::Forward));
        }
    }
}
