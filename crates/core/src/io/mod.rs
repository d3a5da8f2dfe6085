//! Files and formats: the only layer that reads and writes files.
//!
//! - Opening: [`open`] takes a [`ScenarioSource`] (built in, or a RON or
//!   `.efg` file) and says what it is ([`Opened`]); [`library_entries`]
//!   lists the scenario library.
//! - Exporting: [`export`] takes an [`ExportFormat`] and a [`Destination`]:
//!   the debrief (a [`crate::report::Document`], written as Markdown or
//!   HTML here), Graphviz DOT, the map drawn as SVG (the same
//!   layout as the app's map), or a Gambit `.efg` game; [`efg`] reads and
//!   writes Gambit files.
//! - Sessions: [`save_session`] and [`load_session`]; the session itself
//!   turns into text and back.
//! - [`write_atomic`] is the one atomic write (temporary file, fsync,
//!   rename) everything that saves uses.
//! - [`machine_memory_budget`] reads what the machine allows the process
//!   (address-space limit, cgroup limit, memory available) for the memory
//!   budget.
//! - [`keep_aside`] renames a file that cannot be read so that nothing
//!   overwrites it; writes go only to regular files or new paths.

mod aside;
mod atomic;
mod date;
mod debrief;
mod dot;
pub mod efg;
mod expanded;
mod export;
mod folder;
mod game_file;
mod library;
mod machine;
mod open;
mod render;
mod session_file;
mod svg;

pub use aside::{keep_aside, kept_aside_message, not_text_reason};
pub use atomic::{PreparedWrite, prepare_atomic, write_atomic};
pub use date::today_utc;
pub use debrief::{debrief, debrief_html};
pub use dot::graph_to_dot;
pub use efg::{EfgError, EfgExportError, EfgGame, GameTooLarge, read_efg, scenario_to_efg};
pub use expanded::Expanded;
pub use export::{
    Destination, ExportError, ExportFormat, PreparedExport, export, export_text, export_text_for,
    prepare_export,
};
pub use folder::{FolderEntry, list_folder};
pub use game_file::GameFile;
pub use library::{LibraryEntry, library_entries};
pub use machine::{machine_memory, machine_memory_budget};
pub use open::{
    Contents, Game, LoadError, Opened, ScenarioSource, is_efg, load_file, open, open_scenario,
};
pub use session_file::{
    SessionFileError, autosave_path, load_session, save_session, write_text as write_session_text,
};
pub use svg::{MAX_SVG_SITUATIONS, TooLargeToDraw, graph_to_svg, svg_position};
