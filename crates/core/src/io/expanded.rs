//! A scenario with its graph, whichever kind of file it came from: what
//! opening gives once the rules are expanded or a game's tree is built.
//! Below both `open.rs` and the `.efg` reader, which each make one.

use crate::engine::{
    InformationSet, SituationGraph, SituationId, SituationNames, reachable_information_sets,
};
use crate::model::Scenario;

/// A scenario with its graph, ready to explore.
#[derive(Clone, Debug)]
pub struct Expanded {
    /// The scenario.
    pub scenario: Scenario,
    /// Its situation graph.
    pub graph: SituationGraph,
    /// A game's information sets of two or more nodes (empty for rules).
    pub information_sets: Vec<InformationSet>,
    /// Things to tell the user (see [`crate::io::Opened::notes`]).
    pub notes: Vec<String>,
    /// Whether it is a Gambit game: no rules to move by, so no stability
    /// or sensitivity analysis.
    pub is_game: bool,
    /// The names a game file gives its nodes, by situation (none for
    /// rules); the map shows them.
    pub names: SituationNames,
}

impl Expanded {
    /// The information sets that analysis from `from` would meet (see
    /// [`reachable_information_sets`]).
    pub fn information_sets_from(&self, from: SituationId) -> Vec<&InformationSet> {
        reachable_information_sets(&self.information_sets, &self.graph, from)
    }
}
