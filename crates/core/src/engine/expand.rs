//! Expansion: from a scenario to its situation graph.
//!
//! Breadth first from the opening situation. A situation that meets an
//! outcome ends its branch; one at the depth limit is left on the frontier;
//! otherwise every available move and each of its chance results gives a
//! step to the situation it leads to, merged with an equal situation found
//! before. Expansion stops before the graph would pass the situation limit
//! and leaves what is left on the frontier. Moves and results are taken in
//! file order, so the same file gives the same graph and the same ids.
//!
//! Cost: O(situations x available moves x results x variables) time and
//! O(situations + steps) memory.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use super::budget::{TooLarge, graph_bytes, memory_budget};
use super::graph::{FrontierReason, SituationGraph, SituationId, Status, Step};
use super::situation::Turn;
use crate::model::{ActorIndex, ChanceResult, Move, MoveIndex, ResultIndex, Scenario, TurnRule};

/// How far an expansion has got, for a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Situations in the graph so far.
    pub n_situations: usize,
    /// Situations expanded so far in this run.
    pub n_expanded: usize,
    /// Situations waiting to be expanded.
    pub n_queued: usize,
    /// The most situations this run may add.
    pub max_new: u64,
}

impl Progress {
    /// A rough fraction done, 0 to 1, for a progress bar. The size of the
    /// graph is not known ahead, so this is the share of known situations
    /// already expanded.
    pub fn fraction(&self) -> f32 {
        let known = self.n_expanded + self.n_queued;
        if known == 0 {
            1.0
        } else {
            self.n_expanded as f32 / known as f32
        }
    }
}

/// The caller asked to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expansion cancelled")]
pub struct Cancelled;

/// Why an expansion stopped before its limits.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    /// The caller asked to stop.
    #[error("expansion cancelled")]
    Cancelled,
    /// The graph outgrew the memory budget ([`super::memory_budget`]).
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
}

impl From<Cancelled> for ExpandError {
    fn from(_: Cancelled) -> Self {
        ExpandError::Cancelled
    }
}

/// What one expansion run did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpandReport {
    pub n_expanded: usize,
    pub n_new: usize,
    /// Whether the run stopped at its situation limit.
    pub hit_situation_limit: bool,
    pub elapsed: Duration,
}

/// How often the progress callback is called, in expanded situations.
const PROGRESS_EVERY: usize = 4096;

/// Expands a whole scenario within its limits. Past the memory budget the
/// graph stops growing and what is left stays on the frontier, as at the
/// situation limit; use [`try_expand`] to be told instead (the command line
/// and the app do).
pub fn expand(scenario: &Scenario) -> SituationGraph {
    expand_inner(scenario, &mut |_| ControlFlow::Continue(())).0
}

/// Expands a whole scenario within its limits, or says that the graph would
/// outgrow the memory budget.
pub fn try_expand(scenario: &Scenario) -> Result<SituationGraph, TooLarge> {
    match expand_with(scenario, &mut |_| ControlFlow::Continue(())) {
        Ok(graph) => Ok(graph),
        Err(ExpandError::TooLarge(e)) => Err(e),
        // The callback never breaks.
        Err(ExpandError::Cancelled) => Ok(SituationGraph::new(scenario)),
    }
}

/// Expands a whole scenario within its limits, calling `progress` now and
/// then; when it returns `Break`, expansion stops with
/// [`ExpandError::Cancelled`], and past the memory budget with
/// [`ExpandError::TooLarge`].
pub fn expand_with(
    scenario: &Scenario,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<SituationGraph, ExpandError> {
    let (graph, result) = expand_inner(scenario, progress);
    result.map(|()| graph)
}

/// The graph as far as it got, and why it stopped early if it did.
fn expand_inner(
    scenario: &Scenario,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> (SituationGraph, Result<(), ExpandError>) {
    let mut graph = SituationGraph::new(scenario);
    let start = graph.start();
    let result = graph.expand_from(
        scenario,
        start,
        scenario.limits.max_depth,
        scenario.limits.max_situations.saturating_sub(1),
        progress,
    );
    (graph, result.map(|_| ()))
}

/// Whose turn it is in the opening situation.
pub fn opening_turn(scenario: &Scenario, values: &[i64]) -> Turn {
    match &scenario.turns {
        TurnRule::Free => Turn::Anyone,
        TurnRule::ByMove { first } => Turn::Actor(*first),
        TurnRule::Rotation(order) => match order.first() {
            Some(first) => rotation_from(scenario, order, *first, values),
            None => Turn::Anyone,
        },
    }
}

/// The first actor, from `nominal` on in rotation order, with an available
/// move; `nominal` itself when no one has one.
fn rotation_from(
    scenario: &Scenario,
    order: &[ActorIndex],
    nominal: ActorIndex,
    values: &[i64],
) -> Turn {
    let Some(at) = order.iter().position(|a| *a == nominal) else {
        return Turn::Actor(nominal);
    };
    (0..order.len())
        .map(|k| order[(at + k) % order.len()])
        .find(|a| {
            scenario
                .moves
                .iter()
                .any(|m| m.actor == *a && m.when.holds(values))
        })
        .map_or(Turn::Actor(nominal), Turn::Actor)
}

/// Whose turn it is after `mover` made `move_` with `result`.
fn next_turn(
    scenario: &Scenario,
    mover: ActorIndex,
    move_: &Move,
    result: Option<&ChanceResult>,
    values: &[i64],
) -> Turn {
    let named = result.and_then(|r| r.next).or(move_.next);
    match &scenario.turns {
        TurnRule::Free | TurnRule::ByMove { .. } => named.map_or(Turn::Anyone, Turn::Actor),
        TurnRule::Rotation(order) => match named {
            Some(actor) => Turn::Actor(actor),
            None => {
                let successor = order
                    .iter()
                    .position(|a| *a == mover)
                    .map_or(order.first().copied(), |i| {
                        order.get((i + 1) % order.len()).copied()
                    });
                match successor {
                    Some(s) => rotation_from(scenario, order, s, values),
                    None => Turn::Anyone,
                }
            }
        },
    }
}

impl SituationGraph {
    /// Expands the frontier reachable from `from`, down to `layers` moves
    /// below it, adding at most `max_new` situations. Situations already
    /// expanded are walked through, not expanded again. Cancelling leaves the
    /// graph consistent: what was not reached stays on the frontier. Past
    /// the memory budget the run stops as at the situation limit and says
    /// so with [`ExpandError::TooLarge`].
    pub fn expand_from(
        &mut self,
        scenario: &Scenario,
        from: SituationId,
        layers: u32,
        max_new: u64,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<ExpandReport, ExpandError> {
        let started = Instant::now();
        let budget = memory_budget();
        let mut too_large: Option<TooLarge> = None;
        let mut moves_by_actor: Vec<Vec<MoveIndex>> = vec![Vec::new(); scenario.actors.len()];
        for (i, m) in scenario.moves.iter().enumerate() {
            if let Some(list) = moves_by_actor.get_mut(m.actor.index()) {
                list.push(MoveIndex(i as u32));
            }
        }
        let all_moves: Vec<MoveIndex> = (0..scenario.moves.len() as u32).map(MoveIndex).collect();

        let n_before = self.n_situations();
        let cap = (n_before as u64).saturating_add(max_new);
        let mut visited = BitSet::default();
        let mut queue: VecDeque<(SituationId, u32)> = VecDeque::from([(from, 0)]);
        visited.insert(from.index());

        let mut values = Vec::with_capacity(scenario.variables.len());
        let mut child = Vec::with_capacity(scenario.variables.len());
        let mut steps: Vec<(u64, Step)> = Vec::new();
        let mut resolved: Vec<(SituationId, Step)> = Vec::new();
        let mut found: Vec<Option<SituationId>> = Vec::new();
        let mut n_expanded = 0;
        let mut hit_limit = false;

        while let Some((id, layer)) = queue.pop_front() {
            if !matches!(self.status(id), Status::Frontier(_)) {
                // Already expanded: walk on through it.
                if layer < layers {
                    for s in self.steps(id) {
                        let to = self.target(s);
                        if visited.insert(to.index()) {
                            queue.push_back((to, layer + 1));
                        }
                    }
                }
                continue;
            }

            if n_expanded % PROGRESS_EVERY == 0 {
                let report = Progress {
                    n_situations: self.n_situations(),
                    n_expanded,
                    n_queued: queue.len() + 1,
                    max_new,
                };
                if progress(&report).is_break() {
                    return Err(ExpandError::Cancelled);
                }
            }

            let turn = self.codec().decode(self.node(id).key, &mut values);
            if let Some(outcome) = scenario.outcome_met(&values) {
                self.set_status(id, Status::Outcome(outcome));
                continue;
            }
            if layer >= layers {
                // At the scenario's depth limit, or only at the end of this
                // run's window (on-demand expansion): say which.
                let reason = if self.node(id).depth >= scenario.limits.max_depth {
                    FrontierReason::Depth
                } else {
                    FrontierReason::NotExpanded
                };
                self.set_status(id, Status::Frontier(reason));
                continue;
            }

            let available: &[MoveIndex] = match turn {
                Turn::Actor(a) => moves_by_actor.get(a.index()).map_or(&[], Vec::as_slice),
                Turn::Anyone => &all_moves,
            };
            steps.clear();
            for &mi in available {
                let m = &scenario.moves[mi.index()];
                if !m.when.holds(&values) {
                    continue;
                }
                let mut push = |result: Option<(usize, &ChanceResult)>| {
                    child.clear();
                    child.extend_from_slice(&values);
                    for e in &m.effects {
                        e.apply(&mut child, &scenario.variables);
                    }
                    if let Some((_, r)) = result {
                        for e in &r.effects {
                            e.apply(&mut child, &scenario.variables);
                        }
                    }
                    let next = next_turn(scenario, m.actor, m, result.map(|(_, r)| r), &child);
                    let key = self.codec().encode(&child, next);
                    steps.push((
                        key,
                        Step {
                            actor: m.actor,
                            move_: mi,
                            result: result.map(|(j, _)| ResultIndex(j as u16)),
                            probability: result.map_or(1.0, |(_, r)| r.probability),
                        },
                    ));
                };
                if m.results.is_empty() {
                    push(None);
                } else {
                    for (j, r) in m.results.iter().enumerate() {
                        push(Some((j, r)));
                    }
                }
            }
            if steps.is_empty() {
                self.set_status(id, Status::DeadEnd);
                continue;
            }

            // Count the situations this would add before adding any, so a
            // situation is either fully expanded or left on the frontier.
            let mut n_new = 0;
            found.clear();
            for (k, (key, _)) in steps.iter().enumerate() {
                let existing = self.find_key(*key);
                found.push(existing);
                if existing.is_none() && !steps[..k].iter().any(|(x, _)| x == key) {
                    n_new += 1;
                }
            }
            let n_after = self.n_situations() as u64 + n_new;
            let over_budget = graph_bytes(n_after, (self.n_steps() + steps.len()) as u64) > budget;
            if over_budget {
                too_large = Some(TooLarge {
                    what: "the situation graph".to_owned(),
                    reached: format!(
                        "{} situations and {} steps so far",
                        self.n_situations(),
                        self.n_steps()
                    ),
                    limit: format!(
                        "limits.max_situations (now {}) to at most {}, or limits.max_depth (now {})",
                        scenario.limits.max_situations,
                        self.n_situations(),
                        scenario.limits.max_depth
                    ),
                    budget_bytes: budget,
                    applies: super::budget::memory_limit(),
                });
            }
            // Room for the new situations and steps, and for the queue,
            // asked of the system before anything is added: a refusal
            // stops here as the budget does.
            let refused = !over_budget
                && n_after <= cap
                && (self
                    .try_room(n_new as usize, steps.len())
                    .and_then(|()| queue.try_reserve(steps.len()))
                    .and_then(|()| visited.try_room(n_after as usize))
                    .is_err());
            if refused {
                too_large = Some(TooLarge {
                    what: "the situation graph".to_owned(),
                    reached: format!(
                        "{} situations and {} steps so far, when the system refused more",
                        self.n_situations(),
                        self.n_steps()
                    ),
                    limit: format!(
                        "limits.max_situations (now {}) to at most {}, or limits.max_depth (now {})",
                        scenario.limits.max_situations,
                        self.n_situations(),
                        scenario.limits.max_depth
                    ),
                    // What it holds now: the system refused more than that.
                    budget_bytes: graph_bytes(self.n_situations() as u64, self.n_steps() as u64),
                    applies: super::budget::memory_limit(),
                });
            }
            let over_budget = over_budget || refused;
            if n_after > cap || over_budget {
                hit_limit = true;
                self.set_status(id, Status::Frontier(FrontierReason::SituationLimit));
                for (rest, _) in queue.drain(..) {
                    if matches!(self.status(rest), Status::Frontier(_)) {
                        // An outcome needs no expansion, so it is known even here.
                        self.codec().decode(self.node(rest).key, &mut values);
                        let status = match scenario.outcome_met(&values) {
                            Some(outcome) => Status::Outcome(outcome),
                            None => Status::Frontier(FrontierReason::SituationLimit),
                        };
                        self.set_status(rest, status);
                    }
                }
                break;
            }

            let depth = self.node(id).depth + 1;
            resolved.clear();
            for ((key, step), existing) in steps.iter().zip(&found) {
                // Looked up above; a key new then may have been added by an
                // earlier step of this same situation.
                let to = match existing.or_else(|| self.find_key(*key)) {
                    Some(existing) => existing,
                    None => self.insert(*key, depth),
                };
                resolved.push((to, *step));
                if visited.insert(to.index()) {
                    queue.push_back((to, layer + 1));
                }
            }
            self.set_steps(id, &resolved);
            self.set_status(id, Status::Open);
            n_expanded += 1;
        }

        let report = Progress {
            n_situations: self.n_situations(),
            n_expanded,
            n_queued: 0,
            max_new,
        };
        // The run is over; a request to stop now changes nothing.
        let _ = progress(&report);
        if let Some(e) = too_large {
            return Err(ExpandError::TooLarge(e));
        }
        Ok(ExpandReport {
            n_expanded,
            n_new: self.n_situations() - n_before,
            hit_situation_limit: hit_limit,
            elapsed: started.elapsed(),
        })
    }

    /// Prepares room for about this many situations and steps.
    pub fn reserve_for(&mut self, n_situations: usize, n_steps: usize) {
        self.reserve(n_situations, n_steps);
    }
}

/// A growable set of small numbers, one bit each.
#[derive(Default)]
struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    /// Makes room for numbers below `n`, asking the system first.
    fn try_room(&mut self, n: usize) -> Result<(), std::collections::TryReserveError> {
        let words = n.div_ceil(64);
        self.words
            .try_reserve(words.saturating_sub(self.words.len()))
    }

    /// Adds `i`; returns whether it was new.
    fn insert(&mut self, i: usize) -> bool {
        let (word, bit) = (i / 64, 1u64 << (i % 64));
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        let new = self.words[word] & bit == 0;
        self.words[word] |= bit;
        new
    }
}
