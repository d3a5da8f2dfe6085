//! The session: the user's walk through a scenario's situation graph as
//! plain data.
//!
//! A [`Session`] holds the scenario, its graph and the [`Walk`]: the tree of
//! explored paths (every branch kept), the current visit, bookmarks and
//! notes, chance rolls. Every change is an [`Action`] applied by
//! [`Session::apply`], which keeps undo and redo; the rules of play the app
//! and the command line share live here too (which moves are available
//! under which number, [`Session::available_moves`]; rolls drawn from the
//! session's seed). Sessions turn into RON text by string ids and back
//! ([`Session::to_ron`], [`Session::from_ron`]; [`crate::io`] writes the
//! files), so a session outlives edits to its scenario: what no longer fits
//! is dropped and reported. [`Session::carried_onto`] does the same for a
//! reloaded scenario without text, keeping undo. What a class answered
//! ([`ClassRecord`]) is kept with the session and saved with it.

mod action;
mod class_record;
mod error;
mod labels;
mod persist;
#[allow(clippy::module_inception)]
mod session;
mod walk;

pub use action::Action;
pub use class_record::{
    BallotRecord, BrierScores, ClassRecord, OptionSpec, QuestionKind, QuestionRecord, TeamRule,
    brier,
};
pub use error::SessionError;
pub use persist::{PersistError, SAVED_UNDO, SESSION_FORMAT_VERSION};
pub use session::{DEFAULT_SEED, MAX_UNDO, Session, SplitMix, split_mix, unit_draw};
pub use walk::{Bookmark, Roll, Visit, VisitId, Walk};
