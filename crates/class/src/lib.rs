//! The class server of demarche: students vote, predict and play actors from their own
//! phones, over the room's network, while the projector shows the tally.
//!
//! The crate knows nothing of scenarios. The app hands it plain data (a [`Board`] of what
//! the projector shows, a [`QuestionSpec`] per question) and reads plain data back (a
//! [`Tally`] each frame, a [`ClassRecord`] for the session and the debrief). The record's
//! types are the core's (`demarche_core::session`), since the session saves them and the
//! debrief reads them; they are the only thing this crate takes from the core. Everything
//! the instructor does goes through [`ClassHandle`]; nothing instructor-side is reachable
//! over HTTP.

mod board;
mod error;
mod handle;
mod names;
mod net;
mod qr;
mod room;
mod server;
mod tally;
mod token;

pub use board::{Board, OptionSpec, QuestionKind, QuestionSpec, TeamRule, TeamSetup};
pub use demarche_core::session::{BallotRecord, BrierScores, ClassRecord, QuestionRecord, brier};
pub use error::ClassError;
pub use handle::{ClassConfig, ClassHandle, HEADER_TIMEOUT, Repaint};
pub use net::{Bind, Interface, default_route_addr, interfaces};
pub use qr::QrMatrix;
pub use tally::{OptionTally, QuestionTally, Tally, TeamTally};

/// The most students a class takes unless the instructor sets another maximum.
pub const DEFAULT_MAX_STUDENTS: usize = 200;

/// How long one two-step code stays valid on the projector, in seconds.
pub const STEP_CODE_SECS: u64 = 20;
