//! The class taking part, as the window sees it: what the instructor can do
//! with it ([`ClassAction`], each with its key) and what the panels show of
//! it ([`ClassScreen`], plain data the app refreshes each frame from the
//! running server). The server itself is the `demarche-class` crate.

use demarche_class::{QrMatrix, Tally};
use egui::Key;

/// What the instructor does with the class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassAction {
    /// Start the class server on the default interface.
    Start,
    /// Stop it: students' pages say the class ended.
    Stop,
    /// Show or hide the join screen (address, QR code, room code).
    ToggleJoinScreen,
    /// Ask the class which move the actor to move should make.
    OpenVote,
    /// Ask the class how likely each move of the actor to move is.
    OpenPredict,
    /// Lock the ballots of the open question.
    Lock,
    /// Show the class's answers beside the model's forecast.
    Reveal,
    /// Play the move the class chose (a normal move, undone with Undo).
    Apply,
    /// Lock or unlock joining.
    LockJoining(bool),
}

impl ClassAction {
    /// Every action with a key or a button, in the order the class window lists them.
    pub const BUTTONS: [ClassAction; 7] = [
        ClassAction::OpenVote,
        ClassAction::OpenPredict,
        ClassAction::Lock,
        ClassAction::Reveal,
        ClassAction::Apply,
        ClassAction::ToggleJoinScreen,
        ClassAction::Stop,
    ];

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            ClassAction::Start => "Start the class",
            ClassAction::Stop => "Stop the class",
            ClassAction::ToggleJoinScreen => "Join screen",
            ClassAction::OpenVote => "Vote on the move",
            ClassAction::OpenPredict => "Predict the move",
            ClassAction::Lock => "Lock",
            ClassAction::Reveal => "Reveal the class",
            ClassAction::Apply => "Play the class's choice",
            ClassAction::LockJoining(true) => "Lock joining",
            ClassAction::LockJoining(false) => "Unlock joining",
        }
    }

    /// The plain key that does it while the class runs (not while typing).
    pub fn key(self) -> Option<Key> {
        match self {
            ClassAction::OpenVote => Some(Key::V),
            ClassAction::OpenPredict => Some(Key::W),
            ClassAction::Lock => Some(Key::L),
            ClassAction::Reveal => Some(Key::Y),
            ClassAction::Apply => Some(Key::A),
            ClassAction::ToggleJoinScreen => Some(Key::J),
            _ => None,
        }
    }
}

/// What the window shows of a running class.
#[derive(Clone, Debug)]
pub struct ClassScreen {
    /// The address students open; it carries the room code.
    pub join_url: String,
    /// The room code.
    pub room_code: String,
    /// The two-step code now, when the class uses one.
    pub step_code: Option<String>,
    /// The join address as a QR code.
    pub qr: Option<QrMatrix>,
    /// The students and the open question, as the server counts them.
    pub tally: Tally,
    /// Whether the join screen is shown rather than the tally.
    pub join_screen: bool,
    /// Whether the open question was asked at the situation on screen.
    pub question_here: bool,
}
