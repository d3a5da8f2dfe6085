//! Export and import: the explored path as a Markdown debrief, the graph as
//! Graphviz DOT or drawn as SVG, Gambit extensive-form games (`.efg`) both ways, and atomic
//! file writes shared by everything that saves.
//!
//! Functions here turn data into text and back; only [`write_atomic`]
//! writes files (never over anything but a regular file), only
//! [`open_scenario`] reads them (a RON scenario or a `.efg` game, by
//! extension), and [`keep_aside`] renames a file that cannot be read so
//! that nothing overwrites it.

mod aside;
mod atomic;
mod date;
mod dot;
pub mod efg;
mod markdown;
mod svg;

pub use aside::{keep_aside, kept_aside_message, not_text_reason};
pub use atomic::write_atomic;
pub use date::today_utc;
pub use dot::graph_to_dot;
pub use efg::{
    EfgExportError, InformationSet, Opened, is_efg, open_scenario, read_efg, scenario_to_efg,
};
pub use markdown::debrief;
pub use svg::{MAX_SVG_SITUATIONS, TooLargeToDraw, graph_to_svg};
