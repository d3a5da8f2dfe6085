//! The conflict model of the Graph Model for Conflict Resolution (GMCR;
//! Fang, Hipel and Kilgour 1993): states, each actor's unilateral moves
//! between them, and each actor's preference over them.
//!
//! - States: the situations' values, ignoring whose turn it is. They are
//!   the values of every situation of the graph, closed under every actor's
//!   moves (GMCR has no terminal states, so moves continue from a state that
//!   meets an outcome, where the graph stops). Cost: O(states x moves x
//!   (condition size + variables)) time, hashing each new state once.
//! - Unilateral moves: an actor's move available in a state (its condition
//!   holds; turns ignored) that changes the values. A move with chance
//!   results is taken as a unilateral move to each of its results' states:
//!   the actor can end up in any of them. Stored sparse (compressed rows):
//!   O(states x moves) memory, never states x states.
//! - Preferences: an actor with `priorities` scores a state by the
//!   priorities it meets, each worth twice the next (option prioritization,
//!   as in GMCR+; Fang, Hipel, Kilgour and Peng 2003); any other actor
//!   ranks a state by its payoff in the outcome the state meets (the first
//!   in file order), and a state meeting no outcome is an error.

use std::ops::ControlFlow;

use rustc_hash::FxHashMap;

use super::error::StabilityError;
use super::option_moves::{OptionMoves, SubsetMoves};
use super::preference::{PreferenceSource, priority_score};
use crate::analysis::judgements::Judgements;
use crate::analysis::progress::Progress;
use crate::engine::{SituationGraph, SituationId, Turn};
use crate::model::{OutcomeIndex, Scenario};

/// How often the progress callback is called, in states.
const PROGRESS_EVERY: usize = 4096;

/// What bounds the number of states.
#[derive(Clone, Copy, Debug)]
enum Limit {
    /// The scenario's `limits.max_situations`.
    Situations(u64),
    /// The memory budget, tighter than `limits.max_situations`.
    Budget {
        max_states: u64,
        max_situations: u64,
        budget: u64,
    },
}

/// Every actor's unilateral moves between the states.
#[derive(Clone, Debug)]
pub(crate) enum Edges {
    /// Stored as compressed rows, found by applying the moves.
    Listed {
        /// Per actor: row offsets (one per state, plus one) into `targets`.
        offsets: Vec<Vec<u32>>,
        /// Per actor: the states each state's unilateral moves reach.
        targets: Vec<Vec<u32>>,
    },
    /// An option-form conflict's moves, enumerated when asked for.
    Options(OptionMoves),
}

/// The states one actor reaches from one state.
pub(crate) enum Moves<'a> {
    Listed(std::slice::Iter<'a, u32>),
    Options(SubsetMoves<'a>),
}

impl Iterator for Moves<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        match self {
            Moves::Listed(targets) => targets.next().copied(),
            Moves::Options(subsets) => subsets.next(),
        }
    }
}

/// States, unilateral moves and the facts preferences are built from.
#[derive(Clone, Debug)]
pub(crate) struct ConflictModel {
    pub(crate) n_actors: usize,
    pub(crate) n_variables: usize,
    /// Stored values, state by state.
    pub(crate) values: Vec<i64>,
    /// The outcome each state meets.
    pub(crate) outcomes: Vec<Option<OutcomeIndex>>,
    /// A situation of the graph with the same values, if there is one.
    pub(crate) situations: Vec<Option<SituationId>>,
    /// Every actor's unilateral moves.
    pub(crate) edges: Edges,
    /// Moves with chance results taken as unilateral moves.
    pub(crate) n_chance_moves: usize,
}

impl ConflictModel {
    /// Builds the states from the graph's situations and every actor's
    /// moves; fails past `limits.max_situations` states.
    pub(crate) fn build(
        scenario: &Scenario,
        graph: &SituationGraph,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<ConflictModel, StabilityError> {
        let n_actors = scenario.actors.len();
        let n_variables = scenario.variables.len();
        let limit = scenario.limits.max_situations.max(1);
        // Past the memory budget (or the 32-bit state ids) the states stop
        // with an error naming the limit, before the allocator gives out.
        let state_bytes = 40 + 8 * (n_variables + n_actors) as u64;
        let budget = crate::engine::memory_budget();
        let room = (budget / state_bytes).min(u64::from(u32::MAX - 1));
        let limit = if room < limit {
            Limit::Budget {
                max_states: room,
                max_situations: limit,
                budget,
            }
        } else {
            Limit::Situations(limit)
        };
        let codec = graph.codec();
        let mut model = ConflictModel {
            n_actors,
            n_variables,
            values: Vec::new(),
            outcomes: Vec::new(),
            situations: Vec::new(),
            edges: Edges::Listed {
                offsets: vec![vec![0]; n_actors],
                targets: vec![Vec::new(); n_actors],
            },
            n_chance_moves: scenario
                .moves
                .iter()
                .filter(|m| !m.results.is_empty())
                .count(),
        };
        let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut values = Vec::with_capacity(n_variables);
        for situation in graph.situations() {
            codec.decode(graph.node(situation).key, &mut values);
            let key = codec.encode(&values, Turn::Anyone);
            if !ids.contains_key(&key) {
                model.push_state(&mut ids, key, &values, Some(situation), limit)?;
            }
        }

        let mut child = Vec::with_capacity(n_variables);
        let mut row: Vec<Vec<u32>> = vec![Vec::new(); n_actors];
        let mut k = 0usize;
        while k < model.outcomes.len() {
            if k.is_multiple_of(PROGRESS_EVERY) {
                let report = Progress {
                    stage: "states",
                    done: k,
                    total: model.outcomes.len(),
                };
                if progress(&report).is_break() {
                    return Err(StabilityError::Cancelled);
                }
            }
            values.clear();
            values.extend_from_slice(&model.values[k * n_variables..(k + 1) * n_variables]);
            for r in &mut row {
                r.clear();
            }
            for m in &scenario.moves {
                if !m.when.holds(&values) {
                    continue;
                }
                let n_results = m.results.len().max(1);
                for j in 0..n_results {
                    child.clear();
                    child.extend_from_slice(&values);
                    for e in &m.effects {
                        e.apply(&mut child, &scenario.variables);
                    }
                    if let Some(r) = m.results.get(j) {
                        for e in &r.effects {
                            e.apply(&mut child, &scenario.variables);
                        }
                    }
                    if child == values {
                        continue;
                    }
                    let key = codec.encode(&child, Turn::Anyone);
                    let target = match ids.get(&key) {
                        Some(&t) => t,
                        None => model.push_state(&mut ids, key, &child, None, limit)?,
                    };
                    if let Some(r) = row.get_mut(m.actor.index()) {
                        r.push(target);
                    }
                }
            }
            if let Edges::Listed { offsets, targets } = &mut model.edges {
                for (a, r) in row.iter_mut().enumerate() {
                    r.sort_unstable();
                    r.dedup();
                    targets[a].extend_from_slice(r);
                    offsets[a].push(targets[a].len() as u32);
                }
            }
            k += 1;
        }
        for o in 0..model.outcomes.len() {
            let v = &model.values[o * n_variables..(o + 1) * n_variables];
            model.outcomes[o] = scenario.outcome_met(v);
        }
        Ok(model)
    }

    fn push_state(
        &mut self,
        ids: &mut FxHashMap<u64, u32>,
        key: u64,
        values: &[i64],
        situation: Option<SituationId>,
        limit: Limit,
    ) -> Result<u32, StabilityError> {
        let id = self.outcomes.len() as u32;
        match limit {
            Limit::Situations(limit) if u64::from(id) >= limit => {
                return Err(StabilityError::TooManyStates { limit });
            }
            Limit::Budget {
                max_states,
                max_situations,
                budget,
            } if u64::from(id) >= max_states => {
                return Err(StabilityError::TooLarge(crate::engine::TooLarge {
                    what: "the conflict's states".to_owned(),
                    reached: format!("{id} states"),
                    limit: format!(
                        "limits.max_situations (now {max_situations}) to at most {max_states}, or use fewer or narrower variables"
                    ),
                    budget_bytes: budget,
                    applies: crate::engine::memory_limit(),
                }));
            }
            _ => {}
        }
        ids.insert(key, id);
        self.values.extend_from_slice(values);
        self.outcomes.push(None);
        self.situations.push(situation);
        Ok(id)
    }

    /// How many states.
    pub(crate) fn n_states(&self) -> usize {
        self.outcomes.len()
    }

    /// Calls `f` with each state an actor reaches from `state` in one
    /// unilateral move, until it returns false; the hot loops' form of
    /// [`Self::moves`], with one dispatch per call instead of per move.
    #[inline]
    pub(crate) fn for_each_move(&self, actor: usize, state: usize, mut f: impl FnMut(u32) -> bool) {
        match &self.edges {
            Edges::Options(form) => form.for_each_move(actor, state, f),
            Edges::Listed { .. } => {
                for t in self.moves(actor, state) {
                    if !f(t) {
                        return;
                    }
                }
            }
        }
    }

    /// The states an actor reaches from `state` in one unilateral move.
    pub(crate) fn moves(&self, actor: usize, state: usize) -> Moves<'_> {
        match &self.edges {
            Edges::Listed { offsets, targets } => {
                let (Some(offsets), Some(targets)) = (offsets.get(actor), targets.get(actor))
                else {
                    return Moves::Listed([].iter());
                };
                Moves::Listed(
                    match (offsets.get(state), offsets.get(state + 1)) {
                        (Some(&a), Some(&b)) => targets.get(a as usize..b as usize).unwrap_or(&[]),
                        _ => &[],
                    }
                    .iter(),
                )
            }
            Edges::Options(form) => Moves::Options(form.moves(actor, state)),
        }
    }

    /// The state with these values, if there is one.
    pub(crate) fn state_of(&self, values: &[i64]) -> Option<usize> {
        match &self.edges {
            Edges::Options(form) => form.state_with(values),
            Edges::Listed { .. } => (0..self.n_states()).find(|&k| self.state_values(k) == values),
        }
    }

    /// A state's stored values.
    pub(crate) fn state_values(&self, state: usize) -> &[i64] {
        self.values
            .get(state * self.n_variables..(state + 1) * self.n_variables)
            .unwrap_or(&[])
    }

    /// `var = value, ...` for messages.
    pub(crate) fn describe(&self, scenario: &Scenario, state: usize) -> String {
        scenario
            .variables
            .iter()
            .zip(self.state_values(state))
            .map(|(v, x)| format!("{} = {}", v.id, v.domain.display(*x)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every actor's preference over every state, `prefs[actor][state]`
    /// (higher is better), with where each actor's came from.
    pub(crate) fn preferences(
        &self,
        scenario: &Scenario,
        judgements: &Judgements,
    ) -> Result<(Vec<Vec<f64>>, Vec<PreferenceSource>), StabilityError> {
        let mut prefs = Vec::with_capacity(self.n_actors);
        let mut sources = Vec::with_capacity(self.n_actors);
        for a in 0..self.n_actors {
            let priorities = scenario.priorities.get(a).map_or(&[][..], Vec::as_slice);
            let mut pref = Vec::with_capacity(self.n_states());
            if priorities.is_empty() {
                for k in 0..self.n_states() {
                    let Some(o) = self.outcomes[k] else {
                        return Err(StabilityError::NoPreference {
                            actor: scenario
                                .actor(crate::model::ActorIndex(a as u16))
                                .id
                                .clone(),
                            situation: self.describe(scenario, k),
                        });
                    };
                    pref.push(judgements.outcome_payoffs(o).get(a).copied().unwrap_or(0.0));
                }
                sources.push(PreferenceSource::Payoffs);
            } else {
                for k in 0..self.n_states() {
                    pref.push(priority_score(priorities, self.state_values(k)));
                }
                sources.push(PreferenceSource::Priorities);
            }
            prefs.push(pref);
        }
        Ok((prefs, sources))
    }
}
