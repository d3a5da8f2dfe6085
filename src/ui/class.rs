//! The class taking part, as the window sees it: what the instructor can do
//! with it ([`ClassAction`], each with its key) and what the panels show of
//! it ([`ClassScreen`], plain data the app refreshes each frame from the
//! running server). The server itself is the `demarche-class` crate.

use std::net::IpAddr;

use demarche_class::{
    Bind, ClassConfig, DEFAULT_MAX_STUDENTS, Interface, QrMatrix, Tally, TeamRule,
};
use egui::Key;

/// What the instructor does with the class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassAction {
    /// Show the form that starts a class (interface, two-step code, maximum).
    OpenStart,
    /// Close that form without starting.
    CloseStart,
    /// Start the class server as the form says.
    Start(StartChoice),
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
    /// Split the class into one team per actor: students pick theirs
    /// (`true`) or the server deals them out evenly (`false`).
    SetUpTeams(bool),
    /// The team of the actor to move chooses its move in secret; the
    /// other teams predict.
    OpenTeams,
    /// How a team's choice is made: its majority or its captain.
    SetTeamRule(TeamRule),
    /// Turn the two-step code (a second code on the projector, new every
    /// 20 s) on or off.
    StepCode(bool),
    /// Ask the server for its own join page over the class's interface.
    CheckReach,
}

/// What the start form chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StartChoice {
    /// The interface to listen on.
    pub bind: Bind,
    /// Whether joining also needs the two-step code.
    pub step_code: bool,
    /// The most students that may join.
    pub max_students: usize,
    /// The port to listen on (8470 unless another program holds it).
    pub port: u16,
}

impl Default for StartChoice {
    fn default() -> Self {
        StartChoice {
            bind: Bind::DefaultRoute,
            step_code: false,
            max_students: DEFAULT_MAX_STUDENTS,
            port: ClassConfig::default().port,
        }
    }
}

/// The start form as the window shows it: the interfaces to pick from.
#[derive(Clone, Debug, PartialEq)]
pub struct StartForm {
    /// This machine's IPv4 interfaces (loopback last).
    pub interfaces: Vec<Interface>,
    /// The address of the interface on the default route, if any.
    pub default_route: Option<IpAddr>,
}

impl ClassAction {
    /// Every action with a key or a button, in the order the class window lists them.
    pub const BUTTONS: [ClassAction; 8] = [
        ClassAction::OpenVote,
        ClassAction::OpenPredict,
        ClassAction::OpenTeams,
        ClassAction::Lock,
        ClassAction::Reveal,
        ClassAction::Apply,
        ClassAction::ToggleJoinScreen,
        ClassAction::Stop,
    ];

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            ClassAction::OpenStart => "Start a class…",
            ClassAction::CloseStart => "Cancel",
            ClassAction::Start(_) => "Start the class",
            ClassAction::Stop => "Stop the class",
            ClassAction::ToggleJoinScreen => "Join screen",
            ClassAction::OpenVote => "Vote on the move",
            ClassAction::OpenPredict => "Predict the move",
            ClassAction::Lock => "Lock",
            ClassAction::Reveal => "Reveal the class",
            ClassAction::Apply => "Play the class's choice",
            ClassAction::LockJoining(true) => "Lock joining",
            ClassAction::LockJoining(false) => "Unlock joining",
            ClassAction::SetUpTeams(true) => "Teams: students choose",
            ClassAction::SetUpTeams(false) => "Teams: dealt out evenly",
            ClassAction::OpenTeams => "Teams choose the move",
            ClassAction::SetTeamRule(TeamRule::Majority) => "Team choice: majority",
            ClassAction::SetTeamRule(TeamRule::Captain) => "Team choice: captain",
            ClassAction::StepCode(true) => "Two-step code on",
            ClassAction::StepCode(false) => "Two-step code off",
            ClassAction::CheckReach => "Check the address",
        }
    }

    /// The plain key that does it while the class runs (not while typing).
    pub fn key(self) -> Option<Key> {
        match self {
            ClassAction::OpenVote => Some(Key::V),
            ClassAction::OpenPredict => Some(Key::W),
            ClassAction::OpenTeams => Some(Key::G),
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
    /// The teams' labels, once the class plays in teams.
    pub teams: Vec<String>,
    /// How a team's choice is made.
    pub team_rule: TeamRule,
    /// What the last reachability check found, if one ran.
    pub reach: Option<String>,
}
