//! Opening a scenario: the one way in for the command line and the app.
//!
//! [`open`] takes a [`ScenarioSource`] (a built-in scenario or a file) and
//! returns an [`Opened`] that says what it is: a RON scenario, whose graph
//! is expanded from its rules, or a Gambit game (`.efg`), whose graph is
//! built from its tree while it is read and which may have information sets.
//! [`Opened::expand_with`] then gives the graph either way, with progress,
//! cancel and the memory budget.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::efg::{InformationSet, reachable_information_sets, read_efg};
use crate::engine::{ExpandError, Progress, SituationGraph, SituationId, TooLarge, expand_with};
use crate::model::{Diagnostics, Scenario, load_str};

/// Where a scenario comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioSource {
    /// A library scenario built into the binary, by file name (see
    /// [`crate::LIBRARY`]).
    BuiltIn(&'static str),
    /// A file on disk.
    File(PathBuf),
}

impl ScenarioSource {
    /// The name shown in messages and the title bar.
    pub fn display(&self) -> String {
        match self {
            ScenarioSource::BuiltIn(name) => format!("{name} (built in)"),
            ScenarioSource::File(path) => path.display().to_string(),
        }
    }
}

/// Why a scenario could not be opened.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// There is no built-in scenario of that name.
    #[error("there is no built-in scenario \"{0}\"")]
    NoBuiltIn(String),
    /// The text was read but has errors, each at its line and column.
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// What a source holds besides the scenario.
#[derive(Clone, Debug)]
pub enum Contents {
    /// A RON scenario: its graph comes from expanding its rules.
    Rules,
    /// A Gambit game: its graph was built from the tree.
    Game(Game),
}

/// A Gambit game's tree and information sets.
#[derive(Clone, Debug)]
pub struct Game {
    /// One situation per node of the tree.
    pub graph: SituationGraph,
    /// The information sets of two or more nodes; writing the game out
    /// keeps them, and backward induction stops where one can be reached.
    pub information_sets: Vec<InformationSet>,
}

/// A scenario opened, whichever its kind.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The scenario (a game's players, nodes and outcomes as a scenario).
    pub scenario: Scenario,
    /// What it is: rules, or a game with its tree.
    pub contents: Contents,
    /// Things to tell the user, one sentence each: the information sets
    /// analysis cannot handle, or outcomes merged to fit.
    pub notes: Vec<String>,
}

/// A scenario with its graph, ready to explore.
#[derive(Clone, Debug)]
pub struct Expanded {
    /// The scenario.
    pub scenario: Scenario,
    /// Its situation graph.
    pub graph: SituationGraph,
    /// A game's information sets of two or more nodes (empty for rules).
    pub information_sets: Vec<InformationSet>,
    /// Things to tell the user (see [`Opened::notes`]).
    pub notes: Vec<String>,
    /// Whether it is a Gambit game: no rules to move by, so no stability
    /// or sensitivity analysis.
    pub is_game: bool,
}

impl Expanded {
    /// The information sets that analysis from `from` would meet (see
    /// [`reachable_information_sets`]).
    pub fn information_sets_from(&self, from: SituationId) -> Vec<&InformationSet> {
        reachable_information_sets(&self.information_sets, &self.graph, from)
    }
}

impl Opened {
    /// Whether this is a Gambit game rather than a RON scenario.
    pub fn is_game(&self) -> bool {
        matches!(self.contents, Contents::Game(_))
    }

    /// A game's graph, built from its tree; `None` for rules.
    pub fn game_graph(&self) -> Option<&SituationGraph> {
        match &self.contents {
            Contents::Game(game) => Some(&game.graph),
            Contents::Rules => None,
        }
    }

    /// A game's information sets of two or more nodes (none for rules).
    pub fn information_sets(&self) -> &[InformationSet] {
        match &self.contents {
            Contents::Game(game) => &game.information_sets,
            Contents::Rules => &[],
        }
    }

    /// The scenario with its graph: a game's tree, or the rules expanded
    /// within the scenario's limits.
    pub fn expand(self) -> Expanded {
        let Ok(expanded) = self.assemble(|scenario| {
            Ok::<_, std::convert::Infallible>(crate::engine::expand(scenario))
        });
        expanded
    }

    /// As [`Self::expand`], or the reason the graph would outgrow the
    /// memory budget (see [`crate::engine::memory_budget`]).
    pub fn try_expand(self) -> Result<Expanded, TooLarge> {
        self.assemble(crate::engine::try_expand)
    }

    /// As [`Self::try_expand`], reporting progress to `on_progress`, which
    /// may stop the expansion by returning `Break`.
    pub fn expand_with(
        self,
        on_progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Expanded, ExpandError> {
        self.assemble(|scenario| expand_with(scenario, on_progress))
    }

    /// The parts, with the graph of a game or from `expand` for rules.
    fn assemble<E>(
        self,
        expand: impl FnOnce(&Scenario) -> Result<SituationGraph, E>,
    ) -> Result<Expanded, E> {
        let Opened {
            scenario,
            contents,
            notes,
        } = self;
        let (graph, information_sets, is_game) = match contents {
            Contents::Game(game) => (game.graph, game.information_sets, true),
            Contents::Rules => (expand(&scenario)?, Vec::new(), false),
        };
        Ok(Expanded {
            scenario,
            graph,
            information_sets,
            notes,
            is_game,
        })
    }
}

/// Opens a scenario of either kind: a built-in one, a Gambit game for a
/// `.efg` file (with its graph built), otherwise a RON scenario. Messages
/// name a file as its path is written.
pub fn open(source: &ScenarioSource) -> Result<Opened, LoadError> {
    match source {
        ScenarioSource::BuiltIn(name) => {
            let built_in =
                crate::built_in(name).ok_or_else(|| LoadError::NoBuiltIn((*name).to_owned()))?;
            let scenario = load_str(built_in.text, built_in.name).map_err(LoadError::Invalid)?;
            Ok(rules(scenario))
        }
        ScenarioSource::File(path) => open_scenario(path),
    }
}

/// Opens a scenario file of either kind (see [`open`]).
pub fn open_scenario(path: &Path) -> Result<Opened, LoadError> {
    if !is_efg(path) {
        return load_file(path).map(rules);
    }
    let bytes = read(path)?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        // Old files may be in Latin-1; labels with such bytes get U+FFFD.
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    read_efg(&text, &path.display().to_string()).map_err(LoadError::Invalid)
}

/// Reads and validates a RON scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    load_str(&text, &path.display().to_string()).map_err(LoadError::Invalid)
}

/// Whether a path names a Gambit extensive-form file (`.efg`, any case).
pub fn is_efg(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("efg"))
}

fn rules(scenario: Scenario) -> Opened {
    Opened {
        scenario,
        contents: Contents::Rules,
        notes: Vec::new(),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    std::fs::read(path).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source,
    })
}
