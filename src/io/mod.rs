//! Export and import: the explored path as a Markdown debrief, the graph as
//! Graphviz DOT, and atomic file writes shared by everything that saves.
//!
//! Functions here turn data into text; only [`write_atomic`] touches files.

mod atomic;
mod date;
mod dot;
mod markdown;

pub use atomic::write_atomic;
pub use date::today_utc;
pub use dot::graph_to_dot;
pub use markdown::debrief;
