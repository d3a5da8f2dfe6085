//! The app's state as plain data: what is open, what the user chose to
//! see, and the settings kept between runs. Panels read it; only
//! [`super::DemarcheApp::apply`] changes it. The work in progress (loading,
//! exporting, analysis) belongs to the app, which shows panels a read-only
//! [`Screen`] of it.

use std::path::PathBuf;
use std::sync::Arc;

use super::tasks::Insight;
use crate::engine::MapLayout;
use crate::io::{LibraryEntry, ScenarioSource};
use crate::model::Diagnostics;
use crate::session::{Session, VisitId};

/// The centre view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum View {
    Story,
    Map,
    Compare,
    Analysis,
}

/// An open scenario with the user's walk through it.
pub struct Document {
    pub source: ScenarioSource,
    pub session: Session,
    /// Where the map draws each situation (the SVG export draws the same).
    pub layout: Arc<MapLayout>,
    /// How long reading and expanding took.
    pub load_ms: f64,
}

/// A scenario that could not be opened or reloaded.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The scenario that failed, as its path was given (or a built-in one).
    pub source: ScenarioSource,
    /// What went wrong.
    pub problem: Problem,
    /// Whether this is the open scenario failing to reload: its last good
    /// version stays on screen, and saving the file tries again. Otherwise
    /// the scenario never opened and whatever was on screen stays.
    pub reloading: bool,
}

/// What went wrong when opening a scenario.
#[derive(Clone, Debug)]
pub enum Problem {
    /// The file has errors, each at its line and column.
    Invalid(Diagnostics),
    /// Something else, in one sentence (a missing file, a folder, a binary
    /// file, a graph too large).
    Message(String),
}

/// Settings kept between runs. Files are kept by absolute path, so they
/// open again whatever folder the app is started from.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// The scenario file open at the last exit; `None` for a built-in one.
    pub last_file: Option<PathBuf>,
    /// The built-in scenario open at the last exit, by file name.
    #[serde(default)]
    pub last_built_in: Option<String>,
    /// Scenario files opened lately, the latest first.
    pub recent: Vec<PathBuf>,
    pub dark: bool,
}

/// Which small windows are open.
#[derive(Clone, Copy, Debug, Default)]
pub struct Windows {
    pub shortcuts: bool,
    pub about: bool,
    pub library: bool,
}

/// Everything the app shows, as plain data.
pub struct AppState {
    pub document: Option<Document>,
    pub failure: Option<Failure>,
    /// A one-line message in the status bar.
    pub status: Option<String>,
    pub view: View,
    pub seminar: bool,
    /// In seminar mode, whether probabilities and analysis are shown.
    pub revealed: bool,
    /// Whether the instructor notes are shown.
    pub notes_revealed: bool,
    pub compare: [Option<VisitId>; 2],
    pub windows: Windows,
    /// The scenario library, read when its window opens.
    pub library: Vec<LibraryEntry>,
    pub settings: Settings,
}

impl AppState {
    /// A state with nothing open.
    pub fn new(settings: Settings) -> AppState {
        AppState {
            document: None,
            failure: None,
            status: None,
            view: View::Story,
            seminar: false,
            revealed: false,
            notes_revealed: false,
            compare: [None, None],
            windows: Windows::default(),
            library: Vec::new(),
            settings,
        }
    }
}

/// Work the app is doing, for the status bar.
#[derive(Clone, Debug, PartialEq)]
pub enum Busy {
    /// Loading a scenario: the phase, the situations found so far and,
    /// while expanding, how many are expanded of the total known.
    Loading {
        what: String,
        n_situations: u64,
        expanded_of_known: Option<(u64, u64)>,
    },
    /// Writing an export.
    Exporting { what: String },
}

/// What a panel may read: the state, the analysis of the open scenario and
/// the work in progress.
#[derive(Clone, Copy)]
pub struct Screen<'a> {
    pub state: &'a AppState,
    /// The analysis of the open document (present exactly when it is).
    pub insight: Option<&'a Insight>,
    pub busy: Option<&'a Busy>,
}
