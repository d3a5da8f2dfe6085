//! demarche: explore diplomacy scenarios as branching graphs of actors,
//! moves and outcomes.
//!
//! The layers, each pointing only down:
//!
//! - [`model`]: the scenario file format (RON + serde), loading with line and
//!   column, validation that reports every problem in one pass.
//! - [`engine`]: expands a scenario into a [`engine::SituationGraph`]
//!   (petgraph), whole or on demand, with progress and cancel; and finds the
//!   warnings only the graph shows (dead ends, unreachable outcomes).
//! - [`session`]: the user's walk through the graph as plain data, changed
//!   only by [`session::Session::apply`] with an [`session::Action`]; undo,
//!   redo, saving.
//! - [`cli`]: the command line (`check`, `tree`, `play`, `stats`).
//!
//! Nothing here opens a window; the app (feature `gui`) is built on top.
//! Start reading at [`model::load_file`] and [`engine::expand`].

pub mod cli;
pub mod engine;
pub mod model;
pub mod session;
pub mod synthetic;

/// The default scenario, built into the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/vienna-2021.ron");
/// The name the default scenario goes by in messages.
pub const DEFAULT_SCENARIO_NAME: &str = "vienna-2021.ron";
