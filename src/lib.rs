//! demarche: explore diplomacy scenarios as branching graphs of actors,
//! moves and outcomes.
//!
//! This crate is the command line ([`cli`]) and the desktop app ([`ui`],
//! feature `gui`, on by default). Everything below them lives in
//! `demarche-core` (`crates/core/`) and is re-exported here under the same
//! names, so `demarche::model` is `demarche_core::model`: the scenario
//! [`model`], the [`engine`] that expands it, the [`session`], the
//! [`analysis`], the [`report`]s and the [`io`] layer, the only one that
//! touches files. ARCHITECTURE.md gives the layers and their invariants.

pub use demarche_core::{
    BuiltIn, DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME, LIBRARY, analysis, built_in, engine, io,
    model, report, session, synthetic, synthetic_efg, synthetic_games,
};

pub mod cli;
#[cfg(feature = "gui")]
pub mod ui;
