//! The session: the user's walk through a scenario's situation graph as
//! plain data.
//!
//! A [`Session`] holds the scenario, its graph and the [`Walk`]: the tree of
//! explored paths (every branch kept), the current visit, bookmarks and
//! notes. Every change is an [`Action`] applied by [`Session::apply`], which
//! keeps undo and redo. Sessions are saved and loaded as RON by string ids
//! ([`Session::save`], [`Session::load`]), so a session outlives edits to
//! its scenario: what no longer fits is dropped and reported.

mod action;
mod error;
mod persist;
#[allow(clippy::module_inception)]
mod session;
mod walk;

pub use action::Action;
pub use error::SessionError;
pub use persist::{PersistError, SESSION_FORMAT_VERSION};
pub use session::{MAX_UNDO, Session};
pub use walk::{Bookmark, Visit, VisitId, Walk};
