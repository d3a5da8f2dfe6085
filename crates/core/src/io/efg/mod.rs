//! Gambit extensive-form games (`.efg`, format version 2): opening one as a
//! scenario with its situation graph, and writing any scenario's unfolding
//! as one. [`crate::io::open`] is the one way to open a scenario of either
//! kind.
//!
//! # The format
//!
//! A header, `EFG 2 R "title" { "Player 1" "Player 2" } "comment"` (the
//! comment may be left out), then the nodes in preorder (a node, then the
//! subtree of each of its actions in order):
//!
//! ```text
//! p "name" PLAYER INFOSET "infoset name" { "action" ... } OUTCOME "outcome name" { payoffs }
//! c "name" EVENT "event name" { "action" probability ... } OUTCOME ...
//! t "name" OUTCOME "outcome name" { payoffs }
//! ```
//!
//! Players are numbered from 1 in header order. Information sets are
//! numbered per player, chance events and outcomes on their own; outcome 0
//! is no outcome. The first node of an information set (or event, or the
//! first use of an outcome) gives its name and actions (or name and
//! payoffs); later ones may leave that out, or repeat it exactly (a
//! different repeat is an error). Numbers are whole, decimal (`.25`,
//! `1e-3`) or fractions (`1/3`). Labels are in double quotes, `\"` for a
//! quote inside. Whitespace, and commas between payoffs, do not matter.
//! Errors are reported at their line and column with what was expected and
//! a hint, like the errors of a RON scenario.
//!
//! # How a game becomes a scenario
//!
//! - **Actors**: the players, in order (ids made from their names), and,
//!   if the game has chance nodes, one more actor `chance` ("Chance").
//! - **Situations**: one per node, in file order (the root is `s0`), built
//!   directly into the graph ([`crate::engine::SituationGraph::explicit`]),
//!   never expanded. One variable, `node`, holds the node's place in the
//!   file, counting from 1.
//! - **Moves**: a player's action labels, one move per (player, label)
//!   whatever the node, so `play --moves accept` means "Accept" wherever it
//!   comes; ids are made from the labels (`Offer 2` → `offer_2`), made
//!   unique with the actor's id or a number. An empty label becomes
//!   "Action k", a label repeated at one node "label (k)". Each chance
//!   event is one move of `chance` whose results are its actions with
//!   their probabilities (events with the same name, actions and
//!   probabilities share it), so backward induction takes the expectation.
//!   A chance node's probabilities must sum to 1 (within 0.000001;
//!   rounded decimals are scaled to sum to 1 exactly).
//! - **Outcomes**: one per distinct (outcome name, payoffs) at the
//!   terminal nodes. Payoffs of outcomes at non-terminal nodes are added to
//!   those of every terminal node below them, as Gambit reads them. A
//!   terminal node where no outcome is met on the way is a dead end (every
//!   payoff 0). An outcome's index has 32 bits
//!   ([`crate::model::OutcomeIndex::MAX_COUNT`], about four billion), so
//!   memory is the real limit; past that count, ends with equal payoffs
//!   are one outcome (with a note), and more distinct payoff vectors than
//!   that is an error. A game whose graph would pass the memory budget is
//!   [`EfgError::TooLarge`], found before the graph is built.
//! - Node names are kept, compactly ([`SituationNames`]), and the app's
//!   map labels a named node by its name. Moves and outcomes have the
//!   condition `false`: the tree, not rules, says what is available, so
//!   stability analysis (which applies moves to variables) does not apply
//!   to a game.
//!
//! # Information sets
//!
//! Backward induction is right only with perfect information. A player's
//! information set of two or more nodes is kept as an [`InformationSet`]
//! (a game's idea, in [`crate::engine`]) and named in [`EfgGame::notes`]; the game can be explored and
//! played, and writing it out keeps its information sets. Backward
//! induction does not apply there; a two-player game with perfect recall is
//! solved by the sequence form instead
//! ([`crate::analysis::sequence_equilibrium`]).
//!
//! # Writing
//!
//! [`scenario_to_efg`] writes the unfolding from the start that analysis
//! solves: a situation reached along two paths is written twice, and where
//! a cycle can still be reached a path is cut after `limits.max_depth`
//! moves. An outcome is a terminal node with its payoffs; a dead end, the
//! frontier or a cut is a terminal node with no outcome (payoffs 0, as
//! analysis counts them) named for why (`s12: frontier (depth limit)`). An
//! actor's turn is a personal node, each in an information set of its own
//! unless it came from a `.efg` information set; a move with chance
//! results leads to a chance node; a free turn is a chance node "Who moves"
//! picking each possible mover with equal probability, as analysis does;
//! the actor `chance` is written as Gambit's chance player when it has no
//! payoffs and one move wherever it moves. Reading back what was written
//! gives the same game: the same players, tree, actions, probabilities and
//! payoffs, so the same solution.

mod build;
mod names;
mod parse;
mod write;

pub use build::{EfgError, GameTooLarge};
pub use write::{EfgExportError, MAX_EXPORT_NODES, scenario_to_efg, scenario_to_efg_within};

use super::expanded::Expanded;
use crate::engine::{InformationSet, SituationGraph, SituationNames};
use crate::model::Scenario;

/// A Gambit game as read: the scenario, its tree as a situation graph,
/// and what the tree alone says.
#[derive(Clone, Debug)]
pub struct EfgGame {
    /// The players, nodes and outcomes as a scenario.
    pub scenario: Scenario,
    /// One situation per node of the tree.
    pub graph: SituationGraph,
    /// The information sets of two or more nodes.
    pub information_sets: Vec<InformationSet>,
    /// The information sets of one node that the file names, so that
    /// `solve` can call them as the file does.
    pub named_singletons: Vec<InformationSet>,
    /// Things to tell the user, one sentence each: each information set
    /// backward induction cannot handle, and outcomes merged to fit.
    pub notes: Vec<String>,
    /// The names the file gives its nodes, by situation.
    pub names: SituationNames,
}

impl EfgGame {
    /// The information sets of two or more nodes (as
    /// [`crate::io::Opened::information_sets`] answers for any scenario).
    pub fn information_sets(&self) -> &[InformationSet] {
        &self.information_sets
    }

    /// The game's graph: always there, for a game is its tree (as
    /// [`crate::io::Opened::game_graph`] answers for any scenario).
    pub fn game_graph(&self) -> Option<&SituationGraph> {
        Some(&self.graph)
    }

    /// The game ready to explore, as opening any scenario gives it.
    pub fn expand(self) -> Expanded {
        Expanded {
            scenario: self.scenario,
            graph: self.graph,
            information_sets: self.information_sets,
            notes: self.notes,
            is_game: true,
            names: self.names,
        }
    }
}

/// Reads `.efg` text; `file` names it in messages and gives the
/// scenario's id. O(length of the text). A game too large for the memory
/// budget is [`EfgError::TooLarge`], a problem of the whole file; every
/// other error is at its line and column.
pub fn read_efg(text: &str, file: &str) -> Result<EfgGame, EfgError> {
    let mut tree = parse::parse(text, file)?;
    let mut names = std::mem::take(&mut tree.names);
    names.shrink_to_fit();
    let built = build::build(&mut tree, file)?;
    drop(tree);
    let mut notes = built.notes;
    notes.extend(
        built
            .information_sets
            .iter()
            .map(|set| set.describe(&built.scenario)),
    );
    Ok(EfgGame {
        scenario: built.scenario,
        graph: built.graph,
        information_sets: built.information_sets,
        named_singletons: built.named_singletons,
        notes,
        names,
    })
}
