//! Every command of the app in one list: its menu label, keyboard shortcut
//! and tooltip come from here, so a key and a menu entry can never disagree,
//! and Help > Keyboard shortcuts is generated from the same list.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::io::ExportFormat;

/// A command from a menu, a toolbar button or a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Open,
    Reload,
    Library,
    SaveSession,
    OpenSession,
    ExportDebrief,
    ExportDebriefHtml,
    ExportDot,
    ExportSvg,
    ExportEfg,
    ExportBallots,
    Quit,
    Undo,
    Redo,
    Back,
    Forward,
    Restart,
    Bookmark,
    ViewStory,
    ViewMap,
    ViewCompare,
    ViewAnalysis,
    Seminar,
    Reveal,
    KeepRevealed,
    HideAnalysis,
    RevealNotes,
    Presenter,
    Theme,
    FitMap,
    Shortcuts,
    About,
}

impl Command {
    /// Every command, in the order Help lists them.
    pub const ALL: [Command; 32] = [
        Command::Open,
        Command::Reload,
        Command::Library,
        Command::SaveSession,
        Command::OpenSession,
        Command::ExportDebrief,
        Command::ExportDebriefHtml,
        Command::ExportDot,
        Command::ExportSvg,
        Command::ExportEfg,
        Command::ExportBallots,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Back,
        Command::Forward,
        Command::Restart,
        Command::Bookmark,
        Command::ViewStory,
        Command::ViewMap,
        Command::ViewCompare,
        Command::ViewAnalysis,
        Command::Seminar,
        Command::Reveal,
        Command::KeepRevealed,
        Command::HideAnalysis,
        Command::RevealNotes,
        Command::Presenter,
        Command::Theme,
        Command::FitMap,
        Command::Shortcuts,
        Command::About,
    ];

    /// The menu or button label.
    pub fn label(self) -> &'static str {
        match self {
            Command::Open => "Open…",
            Command::Reload => "Reload",
            Command::Library => "Scenario library…",
            Command::SaveSession => "Save session as…",
            Command::OpenSession => "Open session…",
            Command::ExportDebrief => "Export debrief (Markdown)…",
            Command::ExportDebriefHtml => "Export debrief (HTML, printable)…",
            Command::ExportDot => "Export graph (DOT)…",
            Command::ExportSvg => "Export map (SVG)…",
            Command::ExportEfg => "Export game tree (Gambit .efg)…",
            Command::ExportBallots => "Export the class's ballots (CSV)…",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Back => "Back",
            Command::Forward => "Forward",
            Command::Restart => "Back to the start",
            Command::Bookmark => "Bookmark this situation",
            Command::ViewStory => "Story",
            Command::ViewMap => "Map",
            Command::ViewCompare => "Compare",
            Command::ViewAnalysis => "Analysis",
            Command::Seminar => "Seminar mode",
            Command::Reveal => "Reveal analysis",
            Command::KeepRevealed => "Keep revealed",
            Command::HideAnalysis => "Hide analysis until revealed",
            Command::RevealNotes => "Instructor notes",
            Command::Presenter => "Presenter view",
            Command::Theme => "Light / dark",
            Command::FitMap => "Fit map to view",
            Command::Shortcuts => "Keyboard shortcuts",
            Command::About => "About demarche",
        }
    }

    /// What the command does, for tooltips and the shortcut list.
    pub fn tooltip(self) -> &'static str {
        match self {
            Command::Open => "Open a scenario file (.ron) or a Gambit game (.efg)",
            Command::Reload => "Read the scenario file again (it also reloads by itself on save)",
            Command::Library => {
                "The scenario library (built in, and the files in scenarios/): titles, summaries, dates and sources"
            }
            Command::SaveSession => "Save the explored paths, bookmarks and notes to a file",
            Command::OpenSession => "Open a saved session for the current scenario",
            Command::ExportDebrief => "Write the current path as a Markdown debrief",
            Command::ExportDebriefHtml => {
                "Write the current path as a debrief in one self-contained HTML page, for printing"
            }
            Command::ExportDot => "Write the situation graph as Graphviz DOT",
            Command::ExportSvg => {
                "Draw the situation graph as an SVG picture, the current path bold"
            }
            Command::ExportEfg => {
                "Write the unfolding from the start as a Gambit extensive-form game"
            }
            Command::ExportBallots => {
                "Write every ballot the class cast in this session, one row each, for a spreadsheet"
            }
            Command::Quit => "Close the window (the session is already saved)",
            Command::Undo => "Undo the last change",
            Command::Redo => "Redo what was undone",
            Command::Back => "Go back one step along the path",
            Command::Forward => "Go forward along the branch explored last",
            Command::Restart => "Go back to the opening situation (the branches are kept)",
            Command::Bookmark => "Bookmark the current situation",
            Command::ViewStory => "The narrative and the moves available now",
            Command::ViewMap => "The situation graph as a tidy tree, beside the story",
            Command::ViewCompare => "Two branches side by side",
            Command::ViewAnalysis => {
                "Rational play, stability of each situation, and which judgements matter most"
            }
            Command::Seminar => "Full screen, large type, analysis hidden until revealed",
            Command::Reveal => {
                "Show or hide the rational choice, outcome odds and analysis for this step only"
            }
            Command::KeepRevealed => {
                "Pin the reveal: later steps stay revealed until unpinned or hidden"
            }
            Command::HideAnalysis => {
                "Outside seminar mode too, hide the rational choice, odds and analysis until revealed (remembered)"
            }
            Command::Presenter => {
                "A second window for the instructor: notes, questions, analysis, what each move leads to, the path and a clock"
            }
            Command::RevealNotes => {
                "Show or hide the learning goals and discussion questions for this situation"
            }
            Command::Theme => "Switch between light and dark",
            Command::FitMap => "Zoom the map so the whole graph fits",
            Command::Shortcuts => "List every command and its key",
            Command::About => "Version and licence",
        }
    }

    /// The keyboard shortcut, if the command has one.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let key = |m: Modifiers, k: Key| Some(KeyboardShortcut::new(m, k));
        let ctrl = Modifiers::COMMAND;
        let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        match self {
            Command::Open => key(ctrl, Key::O),
            Command::Reload => key(ctrl, Key::R),
            Command::Library => key(ctrl, Key::L),
            Command::SaveSession => key(ctrl, Key::S),
            Command::OpenSession => key(ctrl_shift, Key::O),
            Command::ExportDebrief => key(ctrl, Key::E),
            Command::ExportDot => key(ctrl_shift, Key::E),
            Command::Quit => key(ctrl, Key::Q),
            Command::Undo => key(ctrl, Key::Z),
            Command::Redo => key(ctrl_shift, Key::Z),
            Command::Back => key(Modifiers::NONE, Key::Backspace),
            Command::Forward => key(Modifiers::ALT, Key::ArrowRight),
            Command::Restart => key(Modifiers::NONE, Key::Home),
            Command::Bookmark => key(ctrl, Key::D),
            Command::ViewStory => key(Modifiers::NONE, Key::F2),
            Command::ViewMap => key(Modifiers::NONE, Key::F3),
            Command::ViewCompare => key(Modifiers::NONE, Key::F4),
            Command::ViewAnalysis => key(Modifiers::NONE, Key::F5),
            Command::Seminar => key(Modifiers::NONE, Key::F11),
            Command::Reveal => key(Modifiers::NONE, Key::R),
            Command::KeepRevealed => key(Modifiers::NONE, Key::K),
            Command::Presenter => key(Modifiers::NONE, Key::P),
            Command::RevealNotes => key(Modifiers::NONE, Key::N),
            Command::Theme => key(ctrl_shift, Key::T),
            Command::FitMap => key(Modifiers::NONE, Key::F),
            Command::Shortcuts => key(Modifiers::NONE, Key::F1),
            Command::ExportDebriefHtml
            | Command::ExportSvg
            | Command::ExportEfg
            | Command::ExportBallots
            | Command::HideAnalysis
            | Command::About => None,
        }
    }

    /// The format an export command writes, if it is one.
    pub fn export_format(self) -> Option<ExportFormat> {
        match self {
            Command::ExportDebrief => Some(ExportFormat::Md),
            Command::ExportDebriefHtml => Some(ExportFormat::Html),
            Command::ExportDot => Some(ExportFormat::Dot),
            Command::ExportSvg => Some(ExportFormat::Svg),
            Command::ExportEfg => Some(ExportFormat::Efg),
            Command::ExportBallots => Some(ExportFormat::Ballots),
            _ => None,
        }
    }

    /// Whether the shortcut is a plain key that typing into a text field
    /// would also produce; those only fire when no text field has focus.
    pub fn is_plain_key(self) -> bool {
        self.shortcut().is_some_and(|s| {
            s.modifiers.is_none()
                && !matches!(
                    s.logical_key,
                    Key::F1 | Key::F2 | Key::F3 | Key::F4 | Key::F5 | Key::F11
                )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique() {
        let keys: Vec<_> = Command::ALL.iter().filter_map(|c| c.shortcut()).collect();
        for (i, a) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(a), "{a:?} is used twice");
        }
    }
}
