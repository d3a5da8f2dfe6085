//! demarche-core: the scenario model, the engine, the session, the
//! analysis, the reports and the files of demarche, with no window.
//!
//! The layers, each pointing only down:
//!
//! - [`model`]: the scenario file format (RON + serde), loading with line and
//!   column, validation that reports every problem in one pass.
//! - [`engine`]: expands a scenario into a [`engine::SituationGraph`]
//!   (petgraph), whole or on demand, with progress and cancel; finds the
//!   warnings only the graph shows (dead ends, unreachable outcomes); lays
//!   out the map ([`engine::MapLayout`]).
//! - [`session`]: the user's walk through the graph as plain data, changed
//!   only by [`session::Session::apply`] with an [`session::Action`]; undo,
//!   redo, move numbering, chance rolls, RON text.
//! - [`analysis`]: outcome probabilities, rational play (backward induction
//!   on the bounded unfolding), conflict stability (GMCR) and sensitivity;
//!   data in, data out.
//! - [`report`]: what a person reads, as plain data built from the session
//!   and the analysis: the debrief [`report::Document`] and what a move
//!   leads to ([`report::leads_to`]); no files.
//! - [`io`]: the only layer that touches files: opening a scenario of
//!   either kind ([`io::open`]: RON, or a Gambit `.efg` game through
//!   [`io::efg`]), exports ([`io::export`]: the debrief as Markdown or HTML, DOT, SVG,
//!   `.efg`), session files, the library listing and atomic writes.
//!
//! The command line and the desktop app live in the `demarche` crate above
//! this one. Feature `testkit` adds generated scenarios and games
//! ([`synthetic`], [`synthetic_games`], [`synthetic_efg`]) for tests,
//! benchmarks, examples and `demarche generate`.
//!
//! The core (model, engine, session, analysis, report, io) never names egui; only
//! io touches files. ARCHITECTURE.md at the top of the repository gives the
//! layers, their invariants and the main data flows. Start reading at
//! [`model::load_str`], [`engine::expand`] and [`session::Session::apply`].

pub mod analysis;
pub mod engine;
pub mod io;
pub mod model;
pub mod report;
pub mod session;
#[cfg(any(test, feature = "testkit"))]
pub mod synthetic;
#[cfg(any(test, feature = "testkit"))]
pub mod synthetic_efg;
#[cfg(any(test, feature = "testkit"))]
pub mod synthetic_games;

/// A scenario of the library in `scenarios/`, built into the binary so the
/// app offers it wherever it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltIn {
    /// Its file name in `scenarios/`, the name it goes by in messages.
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// The scenario library, the default scenario first.
pub const LIBRARY: [BuiltIn; 5] = [
    BuiltIn {
        name: "vienna-2021.ron",
        text: include_str!("../../../scenarios/vienna-2021.ron"),
    },
    BuiltIn {
        name: "jcpoa-2015.ron",
        text: include_str!("../../../scenarios/jcpoa-2015.ron"),
    },
    BuiltIn {
        name: "maximum-pressure-2018.ron",
        text: include_str!("../../../scenarios/maximum-pressure-2018.ron"),
    },
    BuiltIn {
        name: "cuban-missile-crisis-1962.ron",
        text: include_str!("../../../scenarios/cuban-missile-crisis-1962.ron"),
    },
    BuiltIn {
        name: "cuban-missile-crisis-gmcr.ron",
        text: include_str!("../../../scenarios/cuban-missile-crisis-gmcr.ron"),
    },
];

/// The library scenario called `name` (its file name), if there is one.
pub fn built_in(name: &str) -> Option<&'static BuiltIn> {
    LIBRARY.iter().find(|b| b.name == name)
}

/// The default scenario, built into the binary.
pub const DEFAULT_SCENARIO: &str = LIBRARY[0].text;
/// The name the default scenario goes by in messages.
pub const DEFAULT_SCENARIO_NAME: &str = LIBRARY[0].name;
