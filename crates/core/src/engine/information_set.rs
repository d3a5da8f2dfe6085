//! Information sets: the situations a player cannot tell apart when it
//! moves. A game read from a Gambit `.efg` file may have them; backward
//! induction needs perfect information, so analysis from a situation must
//! know which of them it would meet ([`reachable_information_sets`]).

use super::graph::{SituationGraph, SituationId};
use crate::model::{ActorIndex, Scenario};

/// A player's information set of two or more situations (a Gambit game's
/// nodes): the player cannot tell them apart, which backward induction
/// cannot model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InformationSet {
    /// The player.
    pub actor: ActorIndex,
    /// Its number in the file.
    pub number: u32,
    /// Its name in the file (may be empty).
    pub name: String,
    /// Its situations, in file order.
    pub situations: Vec<SituationId>,
    /// The line of each situation's node in the file it was read from.
    pub lines: Vec<usize>,
}

impl InformationSet {
    /// `Bob's information set 1 "x" (s2 at line 4, s4 at line 9) is not a
    /// singleton; backward induction needs perfect information`.
    pub fn describe(&self, scenario: &Scenario) -> String {
        const SHOWN: usize = 8;
        let who = scenario
            .actors
            .get(self.actor.index())
            .map_or("a player", |a| a.name.as_str());
        let name = if self.name.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", self.name)
        };
        let mut places: Vec<String> = self
            .situations
            .iter()
            .zip(&self.lines)
            .take(SHOWN)
            .map(|(s, line)| format!("{s} at line {line}"))
            .collect();
        if self.situations.len() > SHOWN {
            places.push(format!("and {} more", self.situations.len() - SHOWN));
        }
        format!(
            "{who}'s information set {}{name} ({}) is not a singleton; backward induction needs perfect information",
            self.number,
            places.join(", ")
        )
    }
}

/// Of `sets`, those with a situation reachable from `from` in `graph`: the
/// ones analysis from there would meet. O(situations + steps).
pub fn reachable_information_sets<'a>(
    sets: &'a [InformationSet],
    graph: &SituationGraph,
    from: SituationId,
) -> Vec<&'a InformationSet> {
    if sets.is_empty() || !graph.contains(from) {
        return Vec::new();
    }
    let mut seen = vec![false; graph.n_situations()];
    let mut queue = vec![from];
    seen[from.index()] = true;
    while let Some(id) = queue.pop() {
        for s in graph.steps(id) {
            let to = graph.target(s);
            if let Some(flag) = seen.get_mut(to.index())
                && !*flag
            {
                *flag = true;
                queue.push(to);
            }
        }
    }
    sets.iter()
        .filter(|set| {
            set.situations
                .iter()
                .any(|s| seen.get(s.index()).copied().unwrap_or(false))
        })
        .collect()
}
