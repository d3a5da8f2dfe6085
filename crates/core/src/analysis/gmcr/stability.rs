//! Conflict stability in the Graph Model for Conflict Resolution: for every
//! state and actor, whether the state is stable under Nash stability (R),
//! general metarationality (GMR), symmetric metarationality (SMR) and
//! sequential stability (SEQ), and the equilibria under each (states stable
//! for every actor). Definitions as in Fang, Hipel and Kilgour, *Interactive
//! Decision Making: The Graph Model for Conflict Resolution* (1993), ch. 3:
//!
//! For actor i in state k, a unilateral improvement (UI) is a unilateral
//! move to a state i strictly prefers. The others H = N - i sanction a UI
//! to k1 when they can reach from k1 a state k2 that i does not prefer to k
//! (k2 <= k for i). H's moves are sequences of unilateral moves by its
//! members in which no actor moves twice in a row (the coalition-free
//! reachable list R_H; with two actors, one move by the other).
//!
//! - R: i has no UI from k.
//! - GMR: every UI of i from k is sanctioned by some k2 in R_H(k1).
//! - SMR: every UI is sanctioned by some k2 in R_H(k1) from which i cannot
//!   escape: every k3 that i reaches from k2 in one move has k3 <= k.
//! - SEQ: every UI is sanctioned by some k2 in R_H+(k1), sequences where
//!   every mover makes a UI of its own (a credible sanction).
//!
//! Each test "some k2 with pref(k2) <= pref(k)" is "the least pref(k2) <=
//! pref(k)", so the least reachable preference is computed once per
//! (actor, k1). With two actors that makes all four concepts O(states x
//! moves) time and memory. With three or more, R_H(k1) is a breadth-first
//! search over (state, last mover) that visits each state at most twice
//! (once with one last mover, again with several), O(states x moves) per
//! UI target k1, so O(states^2 x moves) per actor at worst.

use std::ops::ControlFlow;

use super::conflict::{ConflictModel, Edges};
use super::error::StabilityError;
use super::option_moves::{OptionMoves, taken_labels};
use super::preference::PreferenceSource;
use crate::analysis::judgements::Judgements;
use crate::analysis::progress::{Job, Progress, Shared, in_parallel, no_progress};
use crate::engine::{SituationGraph, SituationId};
use crate::model::{ActorIndex, OptionForm, OutcomeIndex, Preference, Scenario, TurnRule};

/// A stability concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Concept {
    /// Nash stability (R): no unilateral improvement.
    Nash,
    /// General metarationality: every improvement can be sanctioned.
    Gmr,
    /// Symmetric metarationality: every improvement can be sanctioned with
    /// no escape from the sanction.
    Smr,
    /// Sequential stability: every improvement can be sanctioned by
    /// improvements of the others.
    Seq,
    /// Simultaneous stability (option form only): every improvement can be
    /// sanctioned by improvements the others make at the same time.
    Sim,
}

impl Concept {
    /// The four concepts of every conflict, in the usual order.
    pub const ALL: [Concept; 4] = [Concept::Nash, Concept::Gmr, Concept::Smr, Concept::Seq];

    /// The four and simultaneous stability, which a conflict in option
    /// form also has.
    pub const WITH_SIM: [Concept; 5] = [
        Concept::Nash,
        Concept::Gmr,
        Concept::Smr,
        Concept::Seq,
        Concept::Sim,
    ];

    /// The short name used in tables and JSON: `nash`, `gmr`, `smr`, `seq`.
    pub fn id(self) -> &'static str {
        match self {
            Concept::Nash => "nash",
            Concept::Gmr => "gmr",
            Concept::Smr => "smr",
            Concept::Seq => "seq",
            Concept::Sim => "sim",
        }
    }

    /// The full name.
    pub fn name(self) -> &'static str {
        match self {
            Concept::Nash => "Nash stability (R)",
            Concept::Gmr => "general metarationality (GMR)",
            Concept::Smr => "symmetric metarationality (SMR)",
            Concept::Seq => "sequential stability (SEQ)",
            Concept::Sim => "simultaneous stability (SIM)",
        }
    }

    /// The letter tables mark it with: R, G, S, Q, M.
    pub fn letter(self) -> char {
        match self {
            Concept::Nash => 'R',
            Concept::Gmr => 'G',
            Concept::Smr => 'S',
            Concept::Seq => 'Q',
            Concept::Sim => 'M',
        }
    }

    /// The short name: "Nash", "GMR", "SMR", "SEQ", "SIM".
    pub fn short_name(self) -> &'static str {
        match self {
            Concept::Nash => "Nash",
            Concept::Gmr => "GMR",
            Concept::Smr => "SMR",
            Concept::Seq => "SEQ",
            Concept::Sim => "SIM",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Concept::Nash => 1,
            Concept::Gmr => 2,
            Concept::Smr => 4,
            Concept::Seq => 8,
            Concept::Sim => 16,
        }
    }
}

/// Stability of every state for every actor under every concept.
#[derive(Clone, Debug)]
pub struct StabilityTable {
    n_actors: usize,
    n_variables: usize,
    values: Vec<i64>,
    outcomes: Vec<Option<OutcomeIndex>>,
    situations: Vec<Option<SituationId>>,
    /// `stable[state * n_actors + actor]`: one bit per concept.
    stable: Vec<u8>,
    /// `preferences[actor][state]`, higher is better.
    preferences: Vec<Vec<f64>>,
    /// Where each actor's preference came from.
    pub sources: Vec<PreferenceSource>,
    /// Moves with chance results, taken as unilateral moves to each result.
    pub n_chance_moves: usize,
    /// Whether the scenario's turn rule is not `Free` (GMCR ignores turns).
    pub turns_ignored: bool,
    /// For a conflict in option form (every feasible combination of its
    /// options a state): its moves and the table from combination to state.
    options: Option<OptionMoves>,
    /// Ways from the status quo by unilateral improvements.
    evolution: Evolution,
}

/// How play can move from the status quo by unilateral improvements, no
/// actor moving twice in a row (status quo analysis; the shortest path of
/// alternating colours of Xu, Kilgour, Hipel and Kemkes 2010). Each node
/// is a (state, last mover) pair; breadth first, so the first node found
/// for a state is a shortest way to it. O(states x actors x moves) time,
/// O(states x actors) memory.
#[derive(Clone, Debug, Default)]
struct Evolution {
    /// The state with the scenario's initial values, if it is a state.
    status_quo: Option<usize>,
    /// Per node (`state * (actors + 1) + last mover`, `actors` for none):
    /// the node it was first reached from, or `UNREACHED`.
    parent: Vec<u32>,
    /// Per state: the first node reached with it, or `UNREACHED`.
    first: Vec<u32>,
}

impl Evolution {
    fn search(model: &ConflictModel, prefs: &[Vec<f64>], status_quo: Option<usize>) -> Evolution {
        let n = model.n_states();
        let width = model.n_actors + 1;
        let Some(start) = status_quo.filter(|&k| k < n) else {
            return Evolution::default();
        };
        let mut parent = vec![UNREACHED; n * width];
        let mut first = vec![UNREACHED; n];
        let root = (start * width + model.n_actors) as u32;
        parent[root as usize] = root;
        first[start] = root;
        let mut queue = std::collections::VecDeque::from([root]);
        while let Some(node) = queue.pop_front() {
            let (x, last) = (node as usize / width, node as usize % width);
            for j in (0..model.n_actors).filter(|&j| j != last) {
                let pref = &prefs[j][..];
                let here = pref[x];
                model.for_each_move(j, x, |y| {
                    let y = y as usize;
                    if pref[y] <= here {
                        return true;
                    }
                    let next = y * width + j;
                    if parent[next] == UNREACHED {
                        parent[next] = node;
                        if first[y] == UNREACHED {
                            first[y] = next as u32;
                        }
                        queue.push_back(next as u32);
                    }
                    true
                });
            }
        }
        Evolution {
            status_quo: Some(start),
            parent,
            first,
        }
    }
}

/// Analyses stability of a scenario's conflict (see [`crate::analysis`]).
/// States are the values of the graph's situations, turns ignored, closed
/// under every actor's moves (past outcomes too), up to
/// `limits.max_situations`; chance moves lead to each of their results;
/// preferences come from `priorities` or outcome payoffs. Two actors:
/// O(states x moves); three or more: O(states^2 x moves) per actor at worst.
pub fn stability(
    scenario: &Scenario,
    graph: &SituationGraph,
) -> Result<StabilityTable, StabilityError> {
    stability_with(scenario, graph, &mut no_progress)
}

/// As [`stability`], calling `progress` now and then; when it returns
/// `Break` the analysis stops with [`StabilityError::Cancelled`].
pub fn stability_with(
    scenario: &Scenario,
    graph: &SituationGraph,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<StabilityTable, StabilityError> {
    match &scenario.conflict {
        Some(form) => options_table(scenario, form, Some(graph), progress),
        None => {
            check_preferences(scenario, graph)?;
            let model = ConflictModel::build(scenario, graph, progress)?;
            let (preferences, sources) = model.preferences(scenario, &Judgements::of(scenario))?;
            table(scenario, model, preferences, sources, progress)
        }
    }
}

/// The stability of a conflict written in option form, with no graph of
/// situations: every feasible state, moves enumerated as needed (see
/// `options.rs`), so memory is O(2^options + states x options). `None`
/// for a scenario not in option form.
pub fn option_stability(
    scenario: &Scenario,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Option<Result<StabilityTable, StabilityError>> {
    let form = scenario.conflict.as_ref()?;
    Some(options_table(scenario, form, None, progress))
}

fn options_table(
    scenario: &Scenario,
    form: &OptionForm,
    graph: Option<&SituationGraph>,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<StabilityTable, StabilityError> {
    let model = ConflictModel::from_options(scenario, form, graph, progress)?;
    let preferences = model.option_preferences(scenario, form)?;
    let sources = form
        .preferences
        .iter()
        .map(|p| match p {
            Preference::Priorities(_) => PreferenceSource::Priorities,
            Preference::Ranking(_) => PreferenceSource::Ranking,
        })
        .collect();
    table(scenario, model, preferences, sources, progress)
}

fn table(
    scenario: &Scenario,
    model: ConflictModel,
    preferences: Vec<Vec<f64>>,
    sources: Vec<PreferenceSource>,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<StabilityTable, StabilityError> {
    let mut stable = stable_bits(&model, &preferences, progress)?;
    if let Edges::Options(moves) = &model.edges {
        simultaneous_bits(&model, moves, &preferences, &mut stable, progress)?;
    }
    let status_quo = model.state_of(&scenario.initial_values());
    let evolution = Evolution::search(&model, &preferences, status_quo);
    let options = match model.edges {
        Edges::Options(moves) => Some(moves),
        Edges::Listed { .. } => None,
    };
    Ok(StabilityTable {
        options,
        evolution,
        n_actors: model.n_actors,
        n_variables: model.n_variables,
        n_chance_moves: model.n_chance_moves,
        turns_ignored: scenario.turns != TurnRule::Free,
        values: model.values,
        outcomes: model.outcomes,
        situations: model.situations,
        stable,
        preferences,
        sources,
    })
}

/// Fails early, before building the states, when an actor ranks by
/// payoffs and a situation of the graph meets no outcome (the first such
/// situation, in id order, is named).
pub(crate) fn check_preferences(
    scenario: &Scenario,
    graph: &SituationGraph,
) -> Result<(), StabilityError> {
    let Some(actor) =
        (0..scenario.actors.len()).find(|&a| scenario.priorities.get(a).is_none_or(Vec::is_empty))
    else {
        return Ok(());
    };
    let Some(situation) = graph
        .situations()
        .find(|&s| scenario.outcome_met(&graph.values(s)).is_none())
    else {
        return Ok(());
    };
    let situation = scenario
        .variables
        .iter()
        .zip(graph.values(situation))
        .map(|(v, x)| format!("{} = {}", v.id, v.domain.display(x)))
        .collect::<Vec<_>>()
        .join(", ");
    Err(StabilityError::NoPreference {
        actor: scenario.actor(ActorIndex(actor as u16)).id.clone(),
        situation,
    })
}

/// The stability bits of every (state, actor).
pub(crate) fn stable_bits(
    model: &ConflictModel,
    prefs: &[Vec<f64>],
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Vec<u8>, StabilityError> {
    let n = model.n_states();
    let n_actors = model.n_actors;
    // One job per actor, on the machine's cores.
    let jobs: Vec<Job<'_, Option<Vec<u8>>>> = (0..n_actors)
        .map(|i| {
            Box::new(move |shared: &Shared| actor_bits(model, prefs, i, shared))
                as Job<'_, Option<Vec<u8>>>
        })
        .collect();
    let columns = in_parallel("states", n * n_actors, jobs, progress)
        .map_err(|_| StabilityError::Cancelled)?;
    let mut stable = vec![0u8; n * n_actors];
    for (i, column) in columns.into_iter().enumerate() {
        let column = column.ok_or(StabilityError::Cancelled)?;
        for (k, bits) in column.into_iter().enumerate() {
            stable[k * n_actors + i] = bits;
        }
    }
    Ok(stable)
}

/// The stability bits of every state for actor i; `None` when asked to
/// stop.
fn actor_bits(
    model: &ConflictModel,
    prefs: &[Vec<f64>],
    i: usize,
    shared: &Shared,
) -> Option<Vec<u8>> {
    let n = model.n_states();
    let n_actors = model.n_actors;
    let mut search = CoalitionSearch::new(if n_actors > 2 { n } else { 0 });
    let pref = &prefs[i][..];
    // g(k2): the best i can reach from k2 with at most one move of its own.
    let escape: Vec<f64> = (0..n)
        .map(|k| {
            let mut best = pref[k];
            model.for_each_move(i, k, |t| {
                best = best.max(pref[t as usize]);
                true
            });
            best
        })
        .collect();
    // Per UI target k1: the least pref_i over R_H(k1) (GMR), of g over
    // R_H(k1) (SMR), of pref_i over R_H+(k1) (SEQ).
    let mut least: Vec<Option<[f64; 3]>> = vec![None; n];
    let others: Vec<usize> = (0..n_actors).filter(|&j| j != i).collect();
    let mut column = vec![0u8; n];
    for (k, out) in column.iter_mut().enumerate() {
        if k % PROGRESS_EVERY == PROGRESS_EVERY - 1 && !shared.advance(PROGRESS_EVERY) {
            return None;
        }
        let here = pref[k];
        let mut bits = Concept::ALL.iter().fold(0u8, |b, c| b | c.bit());
        model.for_each_move(i, k, |k1| {
            let k1 = k1 as usize;
            if pref[k1] <= here {
                return true;
            }
            bits &= !Concept::Nash.bit();
            let mins = *least[k1].get_or_insert_with(|| {
                if let [j] = others.as_slice() {
                    two_actor_least(model, prefs, i, *j, k1, &escape)
                } else {
                    search.least(model, prefs, i, &others, k1, &escape)
                }
            });
            if mins[0] > here {
                bits &= !Concept::Gmr.bit();
            }
            if mins[1] > here {
                bits &= !Concept::Smr.bit();
            }
            if mins[2] > here {
                bits &= !Concept::Seq.bit();
            }
            bits != 0
        });
        *out = bits;
    }
    shared.advance(n % PROGRESS_EVERY);
    Some(column)
}

/// How often a job reports progress and checks for a cancel, in states.
const PROGRESS_EVERY: usize = 1024;

/// Simultaneous stability (SIM) in option form (Fang, Hipel and Kilgour
/// 1993, after Fraser and Hipel's simultaneous sanctioning): k is SIM
/// stable for i when every unilateral improvement k1 of i from k is
/// sanctioned by the others moving at the same time, from k: each other
/// actor stays or makes one of its own improvements from k, and the
/// state that combines all their changes with i's is feasible and not
/// preferred by i to k. Each actor owns its options, so a combination is
/// the union of each mover's part of its target. Worst case O(states x
/// moves^actors) per actor; the search over combinations stops at the
/// first sanction.
fn simultaneous_bits(
    model: &ConflictModel,
    moves: &OptionMoves,
    prefs: &[Vec<f64>],
    stable: &mut [u8],
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<(), StabilityError> {
    let n = model.n_states();
    let n_actors = model.n_actors.max(1);
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    // States in as many ranges as there are cores, each a job writing its
    // own rows of `stable`.
    let per_job = n.div_ceil(threads).max(1);
    let jobs: Vec<Job<'_, bool>> = stable
        .chunks_mut(per_job * n_actors)
        .enumerate()
        .map(|(c, rows)| {
            Box::new(move |shared: &Shared| {
                simultaneous_rows(model, moves, prefs, c * per_job, rows, shared)
            }) as Job<'_, bool>
        })
        .collect();
    let finished = in_parallel("simultaneous moves", n, jobs, progress)
        .map_err(|_| StabilityError::Cancelled)?;
    if finished.iter().all(|f| *f) {
        Ok(())
    } else {
        Err(StabilityError::Cancelled)
    }
}

/// SIM for the states from `first` on, one row of `rows` (a bit per
/// concept, per actor) each; false when asked to stop.
fn simultaneous_rows(
    model: &ConflictModel,
    moves: &OptionMoves,
    prefs: &[Vec<f64>],
    first: usize,
    rows: &mut [u8],
    shared: &Shared,
) -> bool {
    let n_actors = model.n_actors;
    let mut parts: Vec<Vec<u32>> = vec![Vec::new(); n_actors];
    for (r, row) in rows.chunks_mut(n_actors).enumerate() {
        let k = first + r;
        if r % PROGRESS_EVERY == PROGRESS_EVERY - 1 && !shared.advance(PROGRESS_EVERY) {
            return false;
        }
        let x = moves.mask(k);
        // Each actor's part of the states it can improve to from k, its
        // standing still first.
        for (j, part) in parts.iter_mut().enumerate() {
            let own = moves.owned(j);
            part.clear();
            part.push(x & own);
            let pref = &prefs[j][..];
            let here = pref[k];
            model.for_each_move(j, k, |t| {
                if pref[t as usize] > here {
                    part.push(moves.mask(t as usize) & own);
                }
                true
            });
        }
        for (i, bits) in row.iter_mut().enumerate() {
            let pref = &prefs[i][..];
            let here = pref[k];
            let sanctioned = |k1: u32| {
                let base = moves.mask(k1 as usize) & moves.owned(i);
                if let [one, two] = parts.as_slice() {
                    // Two actors: the other's improvements alone (its
                    // standing still leaves i's improvement in place).
                    let other = if i == 0 { two } else { one };
                    return other[1..]
                        .iter()
                        .any(|&part| moves.state(base | part).is_some_and(|t| pref[t] <= here));
                }
                any_combination(&parts, i, 0, base, &mut |mask| {
                    moves.state(mask).is_some_and(|t| pref[t] <= here)
                })
            };
            let mut all_sanctioned = true;
            model.for_each_move(i, k, |k1| {
                if prefs[i][k1 as usize] > here && !sanctioned(k1) {
                    all_sanctioned = false;
                }
                all_sanctioned
            });
            if all_sanctioned {
                *bits |= Concept::Sim.bit();
            }
        }
    }
    shared.advance(rows.len() / n_actors.max(1) % PROGRESS_EVERY);
    true
}

/// Whether some choice of one part per actor (actor `skip` left out, its
/// part already in `mask`) gives a combined mask `test` accepts.
fn any_combination(
    parts: &[Vec<u32>],
    skip: usize,
    from: usize,
    mask: u32,
    test: &mut dyn FnMut(u32) -> bool,
) -> bool {
    match (from..parts.len()).find(|&j| j != skip) {
        None => test(mask),
        Some(j) => parts[j]
            .iter()
            .any(|&part| any_combination(parts, skip, j + 1, mask | part, test)),
    }
}

/// The least preferences for i over one move of the other actor j from k1.
fn two_actor_least(
    model: &ConflictModel,
    prefs: &[Vec<f64>],
    i: usize,
    j: usize,
    k1: usize,
    escape: &[f64],
) -> [f64; 3] {
    let mut mins = [f64::INFINITY; 3];
    let (pref_i, pref_j) = (&prefs[i][..], &prefs[j][..]);
    let from = pref_j[k1];
    model.for_each_move(j, k1, |k2| {
        let k2 = k2 as usize;
        let p = pref_i[k2];
        mins[0] = mins[0].min(p);
        mins[1] = mins[1].min(escape[k2]);
        if pref_j[k2] > from {
            mins[2] = mins[2].min(p);
        }
        true
    });
    mins
}

/// Who last moved into a state in a coalition's sequence.
const UNREACHED: u32 = u32::MAX;
const SEVERAL: u32 = u32::MAX - 1;

/// Breadth-first search of a coalition's reachable list, with buffers
/// reused from one search to the next.
struct CoalitionSearch {
    last: Vec<u32>,
    touched: Vec<u32>,
    queue: Vec<(u32, u32)>,
}

impl CoalitionSearch {
    fn new(n: usize) -> CoalitionSearch {
        CoalitionSearch {
            last: vec![UNREACHED; n],
            touched: Vec::new(),
            queue: Vec::new(),
        }
    }

    /// The least preferences for i over R_H(k1) (pref and escape) and over
    /// R_H+(k1).
    fn least(
        &mut self,
        model: &ConflictModel,
        prefs: &[Vec<f64>],
        i: usize,
        others: &[usize],
        k1: usize,
        escape: &[f64],
    ) -> [f64; 3] {
        let mut mins = [f64::INFINITY; 3];
        self.reach(model, prefs, others, k1, false, &mut |k2| {
            mins[0] = mins[0].min(prefs[i][k2]);
            mins[1] = mins[1].min(escape[k2]);
        });
        self.reach(model, prefs, others, k1, true, &mut |k2| {
            mins[2] = mins[2].min(prefs[i][k2]);
        });
        mins
    }

    /// Calls `found` once for every state of R_H(k1) (or R_H+(k1) when
    /// `improving`): reachable by moves of the actors in `coalition`, no
    /// actor twice in a row (each a UI for its mover when `improving`).
    fn reach(
        &mut self,
        model: &ConflictModel,
        prefs: &[Vec<f64>],
        coalition: &[usize],
        k1: usize,
        improving: bool,
        found: &mut dyn FnMut(usize),
    ) {
        for &t in &self.touched {
            self.last[t as usize] = UNREACHED;
        }
        self.touched.clear();
        self.queue.clear();
        // The start may be left by any member: no last mover.
        self.queue.push((k1 as u32, UNREACHED));
        let mut head = 0;
        while let Some(&(x, moved_last)) = self.queue.get(head) {
            head += 1;
            let x = x as usize;
            for &j in coalition {
                if moved_last == j as u32 {
                    continue;
                }
                for y in model.moves(j, x) {
                    let y_index = y as usize;
                    if improving && prefs[j][y_index] <= prefs[j][x] {
                        continue;
                    }
                    let was = self.last[y_index];
                    let now = match was {
                        UNREACHED => j as u32,
                        SEVERAL => continue,
                        one if one == j as u32 => continue,
                        _ => SEVERAL,
                    };
                    if was == UNREACHED {
                        self.touched.push(y);
                        found(y_index);
                    }
                    self.last[y_index] = now;
                    self.queue.push((y, now));
                }
            }
        }
    }
}

impl StabilityTable {
    /// How many states.
    pub fn n_states(&self) -> usize {
        self.outcomes.len()
    }

    /// How many actors.
    pub fn n_actors(&self) -> usize {
        self.n_actors
    }

    /// A state's stored variable values (see `Domain::display`).
    pub fn values(&self, state: usize) -> &[i64] {
        self.values
            .get(state * self.n_variables..(state + 1) * self.n_variables)
            .unwrap_or(&[])
    }

    /// The outcome a state meets, if any.
    pub fn outcome(&self, state: usize) -> Option<OutcomeIndex> {
        self.outcomes.get(state).copied().flatten()
    }

    /// A situation of the graph with the state's values, if the graph has
    /// one (a state reached only past an outcome has none).
    pub fn situation(&self, state: usize) -> Option<SituationId> {
        self.situations.get(state).copied().flatten()
    }

    /// An actor's preference for a state: a payoff, or a priority score
    /// (higher is better).
    pub fn preference(&self, state: usize, actor: ActorIndex) -> f64 {
        self.preferences
            .get(actor.index())
            .and_then(|p| p.get(state))
            .copied()
            .unwrap_or(0.0)
    }

    /// The concepts the table has: the four, and SIM in option form.
    pub fn concepts(&self) -> &'static [Concept] {
        if self.is_option_form() {
            &Concept::WITH_SIM
        } else {
            &Concept::ALL
        }
    }

    /// Whether a state is stable for an actor under a concept.
    pub fn is_stable(&self, state: usize, actor: ActorIndex, concept: Concept) -> bool {
        self.stable
            .get(state * self.n_actors + actor.index())
            .is_some_and(|b| b & concept.bit() != 0)
    }

    /// The equilibria under a concept: states stable for every actor, in
    /// state order.
    pub fn equilibria(&self, concept: Concept) -> Vec<usize> {
        equilibria(&self.stable, self.n_actors, concept)
    }

    /// The state with these values, if any.
    pub fn find(&self, values: &[i64]) -> Option<usize> {
        match &self.options {
            Some(options) => options.state_with(values),
            None => (0..self.n_states()).find(|&k| self.values(k) == values),
        }
    }

    /// Whether the states are every feasible combination of a conflict in
    /// option form (rather than the situations' values).
    pub fn is_option_form(&self) -> bool {
        self.options.is_some()
    }

    /// The states that are an equilibrium under at least one of the
    /// table's concepts, in state order.
    pub fn equilibria_under_any(&self) -> Vec<usize> {
        (0..self.n_states())
            .filter(|&k| self.concepts().iter().any(|&c| self.is_equilibrium(k, c)))
            .collect()
    }

    /// The short names of the concepts under which a state is an
    /// equilibrium: "Nash, GMR" reads `.join(", ")`.
    pub fn equilibrium_names(&self, state: usize) -> Vec<&'static str> {
        self.concepts()
            .iter()
            .filter(|&&c| self.is_equilibrium(state, c))
            .map(|c| c.short_name())
            .collect()
    }

    /// Whether a state is stable for every actor under a concept.
    pub fn is_equilibrium(&self, state: usize, concept: Concept) -> bool {
        (0..self.n_actors).all(|a| self.is_stable(state, ActorIndex(a as u16), concept))
    }

    /// The status quo: the state with the scenario's initial values.
    pub fn status_quo(&self) -> Option<usize> {
        self.evolution.status_quo
    }

    /// A shortest way from the status quo to `state` by unilateral
    /// improvements, no actor moving twice in a row: each step is the
    /// actor who moves and the state it moves to. Empty for the status quo
    /// itself; `None` when no such way exists.
    pub fn path_from_status_quo(&self, state: usize) -> Option<Vec<(ActorIndex, usize)>> {
        let width = self.n_actors + 1;
        let mut node = *self.evolution.first.get(state)?;
        if node == UNREACHED {
            return None;
        }
        let mut steps = Vec::new();
        loop {
            let parent = self.evolution.parent[node as usize];
            if parent == node {
                break;
            }
            let (k, mover) = (node as usize / width, node as usize % width);
            steps.push((ActorIndex(mover as u16), k));
            node = parent;
        }
        steps.reverse();
        Some(steps)
    }

    /// The number a person knows `state` by, counting from 1. In option
    /// form the table holds the feasible states in increasing order of
    /// their decimal code (option k taken adds 2^(k-1), options in file
    /// order), so this is the number GMCR+ and GMCR II give the state;
    /// otherwise it is the order the states were met in from the start.
    pub fn number(&self, state: usize) -> usize {
        state + 1
    }

    /// "State 7: Options taken: ...": [`Self::describe`] after the state's
    /// [`Self::number`].
    pub fn titled(&self, scenario: &Scenario, state: usize) -> String {
        format!(
            "State {}: {}",
            self.number(state),
            self.describe(scenario, state)
        )
    }

    /// A state as a person reads it: in option form the options taken, by
    /// label ("Options taken: Modify, Accept", or "No option taken");
    /// otherwise every variable by label and value. The outcome it meets
    /// follows in parentheses.
    pub fn describe(&self, scenario: &Scenario, state: usize) -> String {
        let values = self.values(state);
        let mut text = if self.is_option_form() {
            let taken = taken_labels(scenario, values);
            if taken.is_empty() {
                "No option taken".to_owned()
            } else {
                format!("Options taken: {}", taken.join(", "))
            }
        } else {
            scenario
                .variables
                .iter()
                .zip(values)
                .map(|(v, x)| format!("{} = {}", v.display_name(), v.value_label(*x)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(o) = self.outcome(state) {
            text.push_str(&format!(" ({})", scenario.outcome(o).label));
        }
        text
    }
}

/// The states stable for every actor in `bits`.
pub(crate) fn equilibria(bits: &[u8], n_actors: usize, concept: Concept) -> Vec<usize> {
    if n_actors == 0 {
        return Vec::new();
    }
    bits.chunks(n_actors)
        .enumerate()
        .filter(|(_, row)| row.iter().all(|b| b & concept.bit() != 0))
        .map(|(k, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    /// The prisoner's dilemma in GMCR form: each prisoner may defect or go
    /// back to cooperating; each wants the other to cooperate first, and
    /// to defect itself second.
    const DILEMMA: &str = r#"Scenario(
        id: "dilemma", title: "Dilemma",
        actors: [Actor(id: "a", name: "A"), Actor(id: "b", name: "B")],
        variables: [
            Variable(id: "a_defects", domain: Flag, initial: false),
            Variable(id: "b_defects", domain: Flag, initial: false),
        ],
        moves: [
            Move(id: "a_defect", actor: "a", label: "Defect", when: "not a_defects", effects: ["a_defects = true"]),
            Move(id: "a_cooperate", actor: "a", label: "Cooperate", when: "a_defects", effects: ["a_defects = false"]),
            Move(id: "b_defect", actor: "b", label: "Defect", when: "not b_defects", effects: ["b_defects = true"]),
            Move(id: "b_cooperate", actor: "b", label: "Cooperate", when: "b_defects", effects: ["b_defects = false"]),
        ],
        outcomes: [],
        turns: Free,
        limits: Limits(max_depth: 4),
        priorities: {"a": ["not b_defects", "a_defects"], "b": ["not a_defects", "b_defects"]},
    )"#;

    #[test]
    fn the_dilemma_by_hand() {
        let scenario = load_str(DILEMMA, "dilemma.ron").unwrap();
        let graph = expand(&scenario);
        let table = stability(&scenario, &graph).unwrap();
        assert_eq!(table.n_states(), 4);
        let state = |a: i64, b: i64| table.find(&[a, b]).unwrap();
        // Scores for a: cooperate alone 0, both defect 1, both cooperate 2,
        // defect alone 3.
        assert_eq!(table.preference(state(1, 0), ActorIndex(0)), 3.0);
        assert_eq!(table.preference(state(0, 1), ActorIndex(0)), 0.0);
        assert_eq!(table.equilibria(Concept::Nash), vec![state(1, 1)]);
        let mut both = vec![state(0, 0), state(1, 1)];
        both.sort();
        for concept in [Concept::Gmr, Concept::Smr, Concept::Seq] {
            assert_eq!(table.equilibria(concept), both, "{concept:?}");
        }
        // Cooperating alone is unstable for the sucker under every concept.
        for concept in Concept::ALL {
            assert!(!table.is_stable(state(0, 1), ActorIndex(0), concept));
        }
        assert_eq!(table.sources, vec![PreferenceSource::Priorities; 2]);
    }

    #[test]
    fn payoffs_need_an_outcome_in_every_state() {
        let text = DILEMMA.replace(
            r#"priorities: {"a": ["not b_defects", "a_defects"], "b": ["not a_defects", "b_defects"]},"#,
            "",
        );
        let scenario = load_str(&text, "dilemma.ron").unwrap();
        let graph = expand(&scenario);
        assert_eq!(
            stability(&scenario, &graph).unwrap_err(),
            StabilityError::NoPreference {
                actor: "a".to_owned(),
                situation: "a_defects = false, b_defects = false".to_owned()
            }
        );
    }
}
