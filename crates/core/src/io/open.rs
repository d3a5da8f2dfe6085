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

use super::efg::{EfgError, EfgGame, GameTooLarge, read_efg};
use super::expanded::Expanded;
use crate::engine::{
    Budget, ExpandError, InformationSet, Progress, SituationGraph, SituationNames, TooLarge,
    current_budget, expand_with, format_bytes,
};
use crate::model::{Diagnostic, Diagnostics, Scenario, Severity, load_str};

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

/// Why a scenario could not be opened. Each prints as one sentence that
/// names the file once: `notes.txt: not a text file; ...`.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read: it is missing, a folder, or not ours to
    /// read.
    #[error("{}: {}", .path.display(), self.problem())]
    Read {
        path: PathBuf,
        reason: std::io::Error,
    },
    /// The file was read but is not text (a binary file), or a RON file
    /// that is not UTF-8.
    #[error("{}: {}", .path.display(), self.problem())]
    NotText { path: PathBuf, utf8_only: bool },
    /// There is no built-in scenario of that name.
    #[error("there is no built-in scenario \"{0}\"")]
    NoBuiltIn(String),
    /// The file is larger than the memory budget, or the system refused
    /// the memory to hold its text.
    #[error("{}: {}", .path.display(), self.problem())]
    TooLarge {
        path: PathBuf,
        /// The file's size in bytes.
        file_bytes: u64,
        /// The budget it was checked against, and where that comes from.
        budget: Budget,
        /// Whether the system refused the memory (rather than the file
        /// being larger than the budget).
        refused: bool,
    },
    /// A Gambit game, well formed, whose graph would not fit in memory.
    #[error("{}: {}", .path.display(), .reason)]
    GameTooLarge { path: PathBuf, reason: GameTooLarge },
    /// The text was read but has errors, each at its line and column.
    #[error("{0}")]
    Invalid(Diagnostics),
}

impl LoadError {
    /// What is wrong, without the file's name (for `file: error: ...`).
    pub fn problem(&self) -> String {
        match self {
            LoadError::Read { reason, .. } => match reason.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_owned(),
                std::io::ErrorKind::IsADirectory => {
                    "this is a folder, not a scenario file".to_owned()
                }
                std::io::ErrorKind::PermissionDenied => {
                    "permission denied: this user may not read the file".to_owned()
                }
                _ => format!("cannot be read: {reason}"),
            },
            LoadError::NotText {
                utf8_only: true, ..
            } => "the text is not UTF-8; save the file as UTF-8".to_owned(),
            LoadError::NotText { .. } => {
                "not a text file; a scenario is RON text (.ron) or a Gambit game (.efg)".to_owned()
            }
            LoadError::TooLarge {
                file_bytes,
                budget,
                refused: false,
                ..
            } => format!(
                "the file is {}, more than the {} of memory demarche may use, past {}; open a smaller file, or give demarche more memory",
                format_bytes(*file_bytes),
                format_bytes(budget.bytes),
                budget.limit
            ),
            LoadError::TooLarge {
                file_bytes, budget, ..
            } => format!(
                "the system refused the memory to read the file ({}), under {}; open a smaller file, or give demarche more memory",
                format_bytes(*file_bytes),
                budget.limit
            ),
            LoadError::GameTooLarge { reason, .. } => reason.to_string(),
            other => other.to_string(),
        }
    }
}

/// What a source holds besides the scenario.
#[derive(Clone, Debug)]
pub enum Contents {
    /// A RON scenario: its graph comes from expanding its rules.
    Rules,
    /// A Gambit game: its graph was built from the tree (boxed: it is
    /// large beside `Rules`).
    Game(Box<Game>),
}

/// A Gambit game's tree and information sets.
#[derive(Clone, Debug)]
pub struct Game {
    /// One situation per node of the tree.
    pub graph: SituationGraph,
    /// The information sets of two or more nodes; writing the game out
    /// keeps them, and backward induction stops where one can be reached.
    pub information_sets: Vec<InformationSet>,
    /// In a game with such sets, the sets of one node that have a name in
    /// the file, so that an equilibrium can name every set it lists.
    pub named_singletons: Vec<InformationSet>,
    /// The names the file gives its nodes, by situation.
    pub names: SituationNames,
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

impl From<EfgGame> for Opened {
    fn from(game: EfgGame) -> Opened {
        Opened {
            scenario: game.scenario,
            contents: Contents::Game(Box::new(Game {
                graph: game.graph,
                information_sets: game.information_sets,
                named_singletons: game.named_singletons,
                names: game.names,
            })),
            notes: game.notes,
        }
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
        let (graph, information_sets, is_game, names) = match contents {
            Contents::Game(game) => {
                let game = *game;
                (game.graph, game.information_sets, true, game.names)
            }
            Contents::Rules => (expand(&scenario)?, Vec::new(), false, SituationNames::new()),
        };
        Ok(Expanded {
            scenario,
            graph,
            information_sets,
            notes,
            is_game,
            names,
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
    let file = path.display().to_string();
    if text.trim().is_empty() {
        return Err(empty(&file, &text, "a Gambit game starts with `EFG 2 R`"));
    }
    read_efg(&text, &file)
        .map(Opened::from)
        .map_err(|e| match e {
            EfgError::Invalid(diagnostics) => LoadError::Invalid(diagnostics),
            EfgError::TooLarge(reason) => LoadError::GameTooLarge {
                path: path.to_owned(),
                reason,
            },
        })
}

/// Reads and validates a RON scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    let text = String::from_utf8(read(path)?).map_err(|_| LoadError::NotText {
        path: path.to_owned(),
        utf8_only: true,
    })?;
    let file = path.display().to_string();
    if text.trim().is_empty() {
        return Err(empty(
            &file,
            &text,
            "a scenario starts with `Scenario(`; `demarche new FILE` writes a commented starter",
        ));
    }
    load_str(&text, &file).map_err(LoadError::Invalid)
}

/// The error for a file with nothing in it, at its first line.
fn empty(file: &str, text: &str, hint: &str) -> LoadError {
    LoadError::Invalid(Diagnostics(vec![
        Diagnostic::at_position(Severity::Error, file, text, 1, 1, "the file is empty").hint(hint),
    ]))
}

/// Whether bytes read from a file are not text: a NUL byte, or control
/// characters other than tab, line feed, form feed and carriage return
/// in more than one byte in a hundred of the first 8 KiB. Text in any
/// encoding passes; an image, an archive or a program does not.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let n_control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | 0x0c | b'\r'))
        .count();
    n_control * 100 > head.len()
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

/// The file's bytes, or why there are none to read; a binary file is
/// refused here, so its bytes never reach a message. A file larger than
/// the memory budget is refused before it is read, and the room for its
/// text is asked of the system first, so that a file too large for the
/// machine is an error naming the limit, never an abort.
fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let failed = |reason| LoadError::Read {
        path: path.to_owned(),
        reason,
    };
    let mut file = std::fs::File::open(path).map_err(failed)?;
    let metadata = file.metadata().map_err(failed)?;
    if metadata.is_dir() {
        return Err(failed(std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    let file_bytes = metadata.len();
    let budget = current_budget();
    let too_large = |refused| LoadError::TooLarge {
        path: path.to_owned(),
        file_bytes,
        budget,
        refused,
    };
    if file_bytes > budget.bytes {
        return Err(too_large(false));
    }
    let mut bytes = Vec::new();
    // One byte more than the size, so that reading to the end needs no
    // second allocation (a file that grew meanwhile grows the vector).
    let room = usize::try_from(file_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    bytes.try_reserve_exact(room).map_err(|_| too_large(true))?;
    file.read_to_end(&mut bytes).map_err(failed)?;
    if looks_binary(&bytes) {
        return Err(LoadError::NotText {
            path: path.to_owned(),
            utf8_only: false,
        });
    }
    Ok(bytes)
}
