//! What the work off the window's thread reports, as one enum: a load
//! finished or failed, an export written, an autosave failed, the scenario
//! file changed, a session file saved or read, the library listed. The app
//! collects these in `poll_tasks` and hands them to the same `apply` as
//! the user's actions ([`super::action::UiAction`]), so every change to its
//! state goes through one place.

use std::path::PathBuf;

use super::tasks::{JobFailure, Loaded};
use crate::io::{ExportFormat, FolderEntry, LibraryEntry, ScenarioSource};
use crate::session::Session;

/// A report from a task.
pub enum Event {
    /// A load finished: the scenario, or why not. `source` and `reload`
    /// say what was asked for.
    Loaded {
        source: ScenarioSource,
        reload: bool,
        result: Result<Box<Loaded>, JobFailure>,
    },
    /// An export was written (or failed, or stopped).
    Exported {
        format: ExportFormat,
        path: PathBuf,
        result: Result<(), String>,
    },
    /// The autosave thread could not write.
    AutosaveFailed(String),
    /// The scenario file changed on disk.
    FileChanged,
    /// A session file was written, or why not.
    SessionSaved {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// A session file was read onto the open scenario (for this
    /// generation), with what of it did not fit, or why not.
    SessionOpened {
        path: PathBuf,
        generation: u64,
        result: Result<Box<(Session, Vec<String>)>, String>,
    },
    /// The scenario library was listed.
    LibraryListed(Vec<LibraryEntry>),
    /// A folder was listed for the file dialog: the folder asked for, and
    /// the folder listed (absolute) with its entries, or why not.
    FolderListed {
        asked: PathBuf,
        result: Result<(PathBuf, Vec<FolderEntry>), String>,
    },
}

/// One change to the app: what the user did or what a task reported.
pub enum Change {
    User(super::action::UiAction),
    Task(Event),
}

impl From<super::action::UiAction> for Change {
    fn from(action: super::action::UiAction) -> Change {
        Change::User(action)
    }
}

impl From<Event> for Change {
    fn from(event: Event) -> Change {
        Change::Task(event)
    }
}
