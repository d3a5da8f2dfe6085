//! Everything a user can do in the window, as one enum. Panels push these;
//! [`super::DemarcheApp::apply`] is the one place they change the app.

use std::path::PathBuf;

use super::class::ClassAction;
use super::command::Command;
use super::state::ModelChoice;
use crate::io::{ExportFormat, ScenarioSource};
use crate::session::{Action, VisitId};

/// Everything a user can do in the window.
#[derive(Clone, Debug, PartialEq)]
pub enum UiAction {
    /// A change to the walk: take or roll a move, go back, bookmark, undo...
    Session(Action),
    /// A menu command or its shortcut.
    Command(Command),
    /// Open a scenario.
    Open(ScenarioSource),
    /// Take the `n`-th (from 1) available move, numbered as
    /// [`crate::session::Session::available_moves`] gives them; a move with
    /// chance results is rolled.
    PickMove(usize),
    /// Choose the branch shown on one side of the compare view.
    SetCompare { side: usize, visit: VisitId },
    /// Stop the running load.
    CancelJob,
    /// Hide the errors panel.
    DismissFailure,
    /// Put text on the clipboard (an error location).
    Copy(String),
    /// Save the session to a file.
    SaveSessionTo(PathBuf),
    /// Open a saved session for the current scenario.
    OpenSessionFrom(PathBuf),
    /// Export in `format` to `path`, off the window's thread; a debrief
    /// for `audience` (the students' handout or the instructor's record).
    ExportTo {
        format: ExportFormat,
        audience: crate::report::Audience,
        path: PathBuf,
    },
    /// Stop the running export; nothing is written.
    CancelExport,
    /// Choose the play model behind the outcome bars.
    SetModel(ModelChoice),
    /// Set quantal response's lambda (0 or more).
    SetLambda(f64),
    /// How much larger text is in seminar mode (kept in the settings).
    SetSeminarScale(f32),
    /// Show another folder in the open file dialog.
    Browse(PathBuf),
    /// Close the file dialog.
    CloseDialog,
    /// Something the instructor does with the class (students on phones).
    Class(ClassAction),
}
