//! Stability in a few lines for an analyst: how many states are equilibria
//! under each concept, the variables that best tell the equilibria from the
//! other states with the counts per combination of their values, and the
//! equilibria the graph can still reach from a situation. What the app's
//! Analysis view shows instead of a wall of states.

use std::collections::{BTreeMap, VecDeque};

use super::stability::{Concept, StabilityTable};
use crate::engine::{SituationGraph, SituationId};

/// At most this many separating variables.
const MAX_SEPARATING: usize = 2;

/// A variable separates only if it has at most this many values among the
/// states, so the groups stay few.
const MAX_VALUES: usize = 6;

/// Stability in summary (see the module).
#[derive(Clone, Debug, PartialEq)]
pub struct StabilitySummary {
    /// Each concept with how many states are equilibria under it.
    pub counts: Vec<(Concept, usize)>,
    /// The variables (by index) that best tell the equilibria under the
    /// first concept from the other states, best first; empty when none
    /// does.
    pub separating: Vec<usize>,
    /// The states grouped by their values of the separating variables, in
    /// increasing order of those values.
    pub groups: Vec<StateGroup>,
}

/// The states that share their values of the separating variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateGroup {
    /// The separating variables' values, in [`StabilitySummary::separating`]
    /// order.
    pub values: Vec<i64>,
    /// How many states have them.
    pub n_states: usize,
    /// Of those, how many are equilibria under each concept, in
    /// [`StabilitySummary::counts`] order.
    pub n_equilibria: Vec<usize>,
}

impl StabilitySummary {
    /// The summary of `table`. O(states x variables).
    pub fn of(table: &StabilityTable) -> StabilitySummary {
        let counts: Vec<(Concept, usize)> = table
            .concepts()
            .iter()
            .map(|&c| (c, table.equilibria(c).len()))
            .collect();
        let separating = counts
            .first()
            .map(|(c, _)| separating_variables(table, *c))
            .unwrap_or_default();
        let mut by_values: BTreeMap<Vec<i64>, StateGroup> = BTreeMap::new();
        if !separating.is_empty() {
            for state in 0..table.n_states() {
                let values: Vec<i64> = separating
                    .iter()
                    .map(|v| table.values(state).get(*v).copied().unwrap_or(0))
                    .collect();
                let group = by_values
                    .entry(values.clone())
                    .or_insert_with(|| StateGroup {
                        values,
                        n_states: 0,
                        n_equilibria: vec![0; counts.len()],
                    });
                group.n_states += 1;
                for (k, (c, _)) in counts.iter().enumerate() {
                    if table.is_equilibrium(state, *c) {
                        group.n_equilibria[k] += 1;
                    }
                }
            }
        }
        StabilitySummary {
            counts,
            separating,
            groups: by_values.into_values().collect(),
        }
    }
}

/// Up to [`MAX_SEPARATING`] variables that best tell the equilibria under
/// `concept` from the other states, best first: each scored by how much
/// knowing its value lowers the Gini impurity of "equilibrium or not" (the
/// split criterion of a decision tree; Breiman, Friedman, Olshen and Stone
/// 1984). O(states x variables).
fn separating_variables(table: &StabilityTable, concept: Concept) -> Vec<usize> {
    let n = table.n_states();
    if n == 0 {
        return Vec::new();
    }
    let is_eq: Vec<bool> = (0..n).map(|s| table.is_equilibrium(s, concept)).collect();
    let n_eq = is_eq.iter().filter(|e| **e).count();
    let gini = |total: usize, yes: usize| {
        if total == 0 {
            return 0.0;
        }
        let p = yes as f64 / total as f64;
        2.0 * p * (1.0 - p)
    };
    let before = gini(n, n_eq);
    let mut scored: Vec<(f64, usize)> = Vec::new();
    for v in 0..table.values(0).len() {
        let mut by_value: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
        for (s, eq) in is_eq.iter().enumerate() {
            let x = table.values(s).get(v).copied().unwrap_or(0);
            let e = by_value.entry(x).or_insert((0, 0));
            e.0 += 1;
            e.1 += usize::from(*eq);
        }
        if by_value.len() < 2 || by_value.len() > MAX_VALUES {
            continue;
        }
        let after: f64 = by_value
            .values()
            .map(|(total, yes)| *total as f64 / n as f64 * gini(*total, *yes))
            .sum();
        let gain = before - after;
        if gain > 1e-9 {
            scored.push((gain, v));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(MAX_SEPARATING)
        .map(|(_, v)| v)
        .collect()
}

/// The equilibria (under any concept) whose situation the graph reaches
/// from `from` (itself included), in table order. O(situations + steps).
pub fn equilibria_reachable_from(
    table: &StabilityTable,
    graph: &SituationGraph,
    from: SituationId,
) -> Vec<usize> {
    let mut seen = vec![false; graph.n_situations()];
    let mut queue = VecDeque::from([from]);
    if let Some(s) = seen.get_mut(from.index()) {
        *s = true;
    }
    while let Some(id) = queue.pop_front() {
        for step in graph.steps(id) {
            let next = graph.target(step);
            if let Some(s) = seen.get_mut(next.index())
                && !*s
            {
                *s = true;
                queue.push_back(next);
            }
        }
    }
    table
        .equilibria_under_any()
        .into_iter()
        .filter(|&e| {
            table
                .situation(e)
                .is_some_and(|s| seen.get(s.index()).copied().unwrap_or(false))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stability;
    use crate::engine::expand;
    use crate::model::load_str;

    /// The prisoner's dilemma as a free-move game: each may defect.
    const DILEMMA: &str = include_str!("../../../../../tests/data/analysis/prisoners_dilemma.ron");

    #[test]
    fn the_dilemma_is_summarised_by_who_defects() {
        let scenario = load_str(DILEMMA, "prisoners_dilemma.ron").unwrap();
        let graph = expand(&scenario);
        let table = stability(&scenario, &graph).unwrap();
        let summary = StabilitySummary::of(&table);
        // Nash: only both defecting; GMR, SMR, SEQ: both cooperating too.
        assert_eq!(
            summary.counts,
            vec![
                (Concept::Nash, 1),
                (Concept::Gmr, 2),
                (Concept::Smr, 2),
                (Concept::Seq, 2)
            ]
        );
        // Either defection alone tells Nash's equilibrium apart as well as
        // the other: the first variable wins the tie.
        assert_eq!(summary.separating.len(), 2);
        let total: usize = summary.groups.iter().map(|g| g.n_states).sum();
        assert_eq!(total, 4);
        let nash: usize = summary.groups.iter().map(|g| g.n_equilibria[0]).sum();
        assert_eq!(nash, 1);
        // Play stops at the first defection (an outcome), so from the start
        // the graph reaches one equilibrium: the start itself.
        let reached = equilibria_reachable_from(&table, &graph, graph.start());
        assert_eq!(reached, vec![table.status_quo().unwrap()]);
    }
}
