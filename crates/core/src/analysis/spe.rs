//! Every pure subgame-perfect equilibrium of the bounded unfolding, not
//! only the one backward induction picks first (Selten 1965; the
//! enumeration Gambit's `enumpure` does on subgames).
//!
//! Where an actor's best moves tie ([`super::tied`]), each
//! tied move starts a different equilibrium, and the worths above that
//! state may change with the choice, so a move that was best under one
//! choice may not be under another. The enumeration is a depth-first search
//! over the states of the [`Unfolding`] in backward-induction order
//! (children first): at each state every actor's best moves are found from
//! the values already fixed below; a state with one best move per mover
//! has one way on, a state with ties branches over every combination of
//! the movers' tied moves. Each leaf of the search is one pure strategy
//! profile (a move per state and mover) that is subgame perfect, and every
//! one is met exactly once. A state shared by two paths of the unfolding is
//! one state, so it takes one move in a profile wherever it is met.
//!
//! Cost: O(states x steps per situation) for the first equilibrium, and
//! for each further one O(states after the tie where it branches). The
//! search stops at a cap on equilibria and at a work budget (in state
//! visits), and says so ([`Equilibria::complete`]).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::judgements::Judgements;
use super::solve::{Path, PathEnd, PathStep, probabilities_tie, tied};
use super::unfold::{NONE, Unfolding};
use crate::engine::{SituationGraph, SituationId, Status, StepId};
use crate::model::{ActorIndex, MoveIndex, Scenario};

/// The default number of equilibria listed before the search stops.
pub const DEFAULT_EQUILIBRIUM_CAP: usize = 100;

/// One pure subgame-perfect equilibrium.
#[derive(Clone, Debug, PartialEq)]
pub struct Equilibrium {
    /// Every actor's expected payoff from the root.
    pub payoffs: Vec<f64>,
    /// The path it predicts (as [`super::Solution::path`] reads it).
    pub path: Path,
    /// The ties it breaks, in backward-induction order: in this situation,
    /// this actor takes this move of several equally good ones. Two
    /// equilibria differ in at least one of these.
    pub ties: Ties,
}

/// The ties one [`Equilibrium`] breaks, in backward-induction order.
///
/// Equilibria found one after another share every tie broken below the
/// point where the search branched, often thousands of them in a large
/// tree; so the list is kept as a chain of shared links (one per state
/// with ties, newest last), and an equilibrium costs only the ties it
/// breaks differently from the one found before it. Read it with
/// [`Ties::iter`] or `for t in &ties`.
#[derive(Clone, Default)]
pub struct Ties {
    last: Option<Arc<TieLink>>,
    len: usize,
}

/// The tie choices at one state, and the link to those broken before.
struct TieLink {
    earlier: Option<Arc<TieLink>>,
    choices: Box<[TieChoice]>,
}

impl Drop for TieLink {
    // A chain can be as long as a tree has states with ties; dropping it
    // link by link keeps the default recursive drop off the stack.
    fn drop(&mut self) {
        let mut next = self.earlier.take();
        while let Some(link) = next {
            next = Arc::into_inner(link).and_then(|mut l| l.earlier.take());
        }
    }
}

impl Ties {
    /// How many ties are broken.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no tie is broken.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The ties, in backward-induction order. O(ties) in all, plus one
    /// pointer per state with ties to find the start.
    pub fn iter(&self) -> TiesIter<'_> {
        let mut links = Vec::new();
        let mut next = self.last.as_deref();
        while let Some(link) = next {
            links.push(link);
            next = link.earlier.as_deref();
        }
        TiesIter {
            links,
            current: [].iter(),
        }
    }

    /// These ties and then `choices` (at a later state).
    fn then(&self, choices: Vec<TieChoice>) -> Ties {
        if choices.is_empty() {
            return self.clone();
        }
        Ties {
            len: self.len + choices.len(),
            last: Some(Arc::new(TieLink {
                earlier: self.last.clone(),
                choices: choices.into_boxed_slice(),
            })),
        }
    }
}

/// The ties of an equilibrium in order (see [`Ties::iter`]).
pub struct TiesIter<'a> {
    /// The links still to read, the earliest last.
    links: Vec<&'a TieLink>,
    current: std::slice::Iter<'a, TieChoice>,
}

impl<'a> Iterator for TiesIter<'a> {
    type Item = &'a TieChoice;

    fn next(&mut self) -> Option<&'a TieChoice> {
        loop {
            if let Some(t) = self.current.next() {
                return Some(t);
            }
            self.current = self.links.pop()?.choices.iter();
        }
    }
}

impl<'a> IntoIterator for &'a Ties {
    type Item = &'a TieChoice;
    type IntoIter = TiesIter<'a>;

    fn into_iter(self) -> TiesIter<'a> {
        self.iter()
    }
}

impl PartialEq for Ties {
    fn eq(&self, other: &Ties) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Ties {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// One broken tie of an [`Equilibrium`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TieChoice {
    /// Where.
    pub situation: SituationId,
    /// Who chooses.
    pub actor: ActorIndex,
    /// The move taken.
    pub move_: MoveIndex,
    /// Every move tied for best there, in file order (the taken one among
    /// them).
    pub tied: Vec<MoveIndex>,
}

/// The result of the enumeration.
#[derive(Clone, Debug, PartialEq)]
pub struct Equilibria {
    /// The equilibria found, the first being the one backward induction
    /// reports ([`super::solve`]).
    pub equilibria: Vec<Equilibrium>,
    /// Whether these are all of them; false when the search stopped at the
    /// cap or the work budget.
    pub complete: bool,
    /// Why the search stopped early, for a message.
    pub stopped: Option<Stop>,
}

/// Why an enumeration stopped before the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// It found as many equilibria as it was asked for.
    Cap(usize),
    /// It visited as many states as its work budget allows.
    Work(u64),
}

impl Equilibria {
    /// `2 pure subgame-perfect equilibria`, or `at least 100 ... (stopped
    /// at the cap of 100)`.
    pub fn count_text(&self) -> String {
        let n = self.equilibria.len();
        let noun = if n == 1 {
            "pure subgame-perfect equilibrium"
        } else {
            "pure subgame-perfect equilibria"
        };
        match self.stopped {
            None => format!("{n} {noun}"),
            Some(Stop::Cap(cap)) => {
                format!("at least {n} {noun} (the search stopped at the cap of {cap})")
            }
            Some(Stop::Work(visits)) => format!(
                "at least {n} {noun} (the search stopped after {visits} state visits; ties deep in a large graph multiply)"
            ),
        }
    }
}

/// Enumerates every pure subgame-perfect equilibrium on the unfolding from
/// `from` counting `horizon` moves inside cycles, stopping after `cap`
/// equilibria or `max_visits` state visits. See the module documentation
/// for the method and its cost.
pub fn all_equilibria(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    horizon: u32,
    cap: usize,
    max_visits: u64,
) -> Equilibria {
    all_equilibria_with(scenario, graph, from, horizon, cap, max_visits, &|| false)
}

/// [`all_equilibria`] that also stops (as at the work budget) when
/// `cancelled` says so; it is asked every few thousand state visits.
pub fn all_equilibria_with(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    horizon: u32,
    cap: usize,
    max_visits: u64,
    cancelled: &dyn Fn() -> bool,
) -> Equilibria {
    let unfolding = std::sync::Arc::new(Unfolding::build(graph, from, horizon));
    let solution = super::solve::solve_unfolding(
        scenario.actors.len(),
        graph,
        unfolding,
        Judgements::of(scenario),
    );
    enumerate(&solution, graph, cap.max(1), max_visits, cancelled)
}

/// [`all_equilibria`] on the unfolding `solution` was solved on (the same
/// situation, horizon and judgements), so the count costs no second
/// unfolding: the first equilibrium found is `solution`'s.
pub fn all_equilibria_of(
    solution: &super::Solution,
    graph: &SituationGraph,
    cap: usize,
    max_visits: u64,
) -> Equilibria {
    enumerate(solution, graph, cap.max(1), max_visits, &|| false)
}

/// One branching point of the search: a state whose movers have ties.
struct Frame {
    /// Position in the unfolding's order.
    pos: usize,
    /// Per mover (in actor order): its tied best moves.
    tied: Vec<(ActorIndex, Vec<MoveIndex>)>,
    /// The combination taken now, as a mixed-radix counter over `tied`.
    counter: Vec<usize>,
    /// The ties broken at this frame and every frame below it, under the
    /// combinations taken now (shared with the equilibria found so far).
    ties: Ties,
}

impl Frame {
    /// Moves the counter on; false when every combination was taken.
    fn advance(&mut self) -> bool {
        for (digit, (_, moves)) in self.counter.iter_mut().zip(&self.tied) {
            *digit += 1;
            if *digit < moves.len() {
                return true;
            }
            *digit = 0;
        }
        false
    }

    /// The moves the current combination takes, one per mover.
    fn picks(&self, into: &mut Vec<(ActorIndex, MoveIndex)>) {
        into.clear();
        into.extend(
            self.tied
                .iter()
                .zip(&self.counter)
                .map(|((actor, moves), &d)| (*actor, moves[d])),
        );
    }

    /// The ties the current combination breaks here, in `situation`.
    fn choices(&self, situation: SituationId) -> Vec<TieChoice> {
        self.tied
            .iter()
            .zip(&self.counter)
            .filter(|((_, moves), _)| moves.len() > 1)
            .map(|((actor, moves), &d)| TieChoice {
                situation,
                actor: *actor,
                move_: moves[d],
                tied: moves.clone(),
            })
            .collect()
    }
}

/// What a state is worth to whom, per move: `moves[k] = (move, actor)`,
/// `worth[k * n_actors + a]`, with the scale of each worth (as
/// [`super::Solution::scales`]) laid out the same way.
struct Worths {
    moves: Vec<(MoveIndex, ActorIndex)>,
    worth: Vec<f64>,
    scale: Vec<f64>,
}

/// Every state's values and scales (`[state * n_actors + actor]`) and the
/// moves taken in it (one per mover in actor order), as the search stands.
///
/// Until the search works a state out again, they are backward
/// induction's, read from the solution: the search's own tables start
/// zeroed, so the system hands over their pages only where a state is
/// worked out again (often a small corner of a large tree), and a bit per
/// state says whose numbers hold.
struct Values<'s> {
    solution: &'s super::Solution,
    solved_value: &'s [f64],
    solved_scale: &'s [f64],
    n_actors: usize,
    value: Vec<f64>,
    scale: Vec<f64>,
    /// The first mover's move, packed by [`pack`] (one mover is the rule);
    /// 0 for none.
    first: Vec<u64>,
    /// All the movers' moves where there are several (a free turn).
    more: FxHashMap<u32, Vec<(ActorIndex, MoveIndex)>>,
    /// One bit per state id: worked out again by the search.
    redone: Vec<u64>,
}

/// A move taken, packed in a word that is never 0.
fn pack((actor, m): (ActorIndex, MoveIndex)) -> u64 {
    1 << 63 | u64::from(actor.0) << 32 | u64::from(m.0)
}

fn unpack(word: u64) -> Option<(ActorIndex, MoveIndex)> {
    (word != 0).then_some((ActorIndex((word >> 32) as u16), MoveIndex(word as u32)))
}

impl<'s> Values<'s> {
    fn new(solution: &'s super::Solution) -> Values<'s> {
        let n_ids = solution.unfolding().n_state_ids();
        let n_actors = solution.n_actors();
        let (solved_value, solved_scale) = solution.value_tables();
        Values {
            solution,
            solved_value,
            solved_scale,
            n_actors,
            value: vec![0.0; n_ids * n_actors],
            scale: vec![0.0; n_ids * n_actors],
            first: vec![0; n_ids],
            more: FxHashMap::default(),
            redone: vec![0; n_ids.div_ceil(64)],
        }
    }

    /// Backward induction's moves in a state, one per mover in actor
    /// order (the first best move of each), into `into`.
    fn solved_picks(&self, state: u32, into: &mut Vec<(ActorIndex, MoveIndex)>) {
        into.clear();
        let best = self.solution.state_best(state);
        into.extend(
            best.iter()
                .enumerate()
                .filter(|(k, (actor, _))| *k == 0 || best[k - 1].0 != *actor)
                .map(|(_, pick)| *pick),
        );
    }

    /// Whether some child of `state` in the unfolding was worked out again.
    /// O(steps of its situation).
    fn any_child_redone(&self, graph: &SituationGraph, unfolding: &Unfolding, state: u32) -> bool {
        graph.steps(unfolding.situation(state)).any(|step| {
            let child = unfolding.child(state, graph.target(step));
            child != NONE && self.is_redone(child)
        })
    }

    /// Marks a state as backward induction's again.
    fn forget(&mut self, state: u32) {
        if let Some(w) = self.redone.get_mut(state as usize / 64) {
            *w &= !(1 << (state % 64));
        }
    }

    fn is_redone(&self, state: u32) -> bool {
        self.redone
            .get(state as usize / 64)
            .is_some_and(|w| w & (1 << (state % 64)) != 0)
    }

    /// Every actor's value in a state, and their scales.
    fn row(&self, state: u32) -> (&[f64], &[f64]) {
        let at = state as usize * self.n_actors..(state as usize + 1) * self.n_actors;
        let (value, scale): (&[f64], &[f64]) = if self.is_redone(state) {
            (&self.value, &self.scale)
        } else {
            (self.solved_value, self.solved_scale)
        };
        (
            value.get(at.clone()).unwrap_or(&[]),
            scale.get(at).unwrap_or(&[]),
        )
    }

    /// A state worked out again: its values and scales as `set` writes
    /// them into zeroed rows, and the moves taken.
    fn redo(
        &mut self,
        state: u32,
        picks: &[(ActorIndex, MoveIndex)],
        set: impl FnOnce(&mut [f64], &mut [f64]),
    ) {
        let at = state as usize * self.n_actors..(state as usize + 1) * self.n_actors;
        let (Some(value), Some(scale)) = (self.value.get_mut(at.clone()), self.scale.get_mut(at))
        else {
            return;
        };
        value.fill(0.0);
        scale.fill(0.0);
        set(value, scale);
        if let Some(w) = self.redone.get_mut(state as usize / 64) {
            *w |= 1 << (state % 64);
        }
        if let Some(slot) = self.first.get_mut(state as usize) {
            *slot = picks.first().copied().map_or(0, pack);
        }
        if picks.len() > 1 {
            self.more.insert(state, picks.to_vec());
        } else if !self.more.is_empty() {
            self.more.remove(&state);
        }
    }

    /// The moves taken in a state, one per mover in actor order, into
    /// `into`.
    fn picks(&self, state: u32, into: &mut Vec<(ActorIndex, MoveIndex)>) {
        into.clear();
        if !self.is_redone(state) {
            self.solved_picks(state, into);
        } else if let Some(picks) = self.more.get(&state) {
            into.extend_from_slice(picks);
        } else {
            into.extend(self.first.get(state as usize).copied().and_then(unpack));
        }
    }
}

fn worths(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    values: &Values,
    n_actors: usize,
    state: u32,
    into: &mut Worths,
) {
    into.moves.clear();
    into.worth.clear();
    into.scale.clear();
    let situation = unfolding.situation(state);
    for step_id in graph.steps(situation) {
        let step = graph.step(step_id);
        if into.moves.last().map(|m| m.0) != Some(step.move_) {
            into.moves.push((step.move_, step.actor));
            into.worth.extend(std::iter::repeat_n(0.0, n_actors));
            into.scale.extend(std::iter::repeat_n(0.0, n_actors));
        }
        let child = unfolding.child(state, graph.target(step_id));
        if child == NONE {
            continue;
        }
        let p = judgements.step_probability(step);
        let at = into.worth.len() - n_actors;
        let (value, scale) = values.row(child);
        for a in 0..n_actors {
            into.worth[at + a] += p * value.get(a).copied().unwrap_or(0.0);
            into.scale[at + a] += p.abs() * scale.get(a).copied().unwrap_or(0.0);
        }
    }
}

/// Every mover's tied best moves into `best`, grouped by actor in actor
/// order, moves in file order; `actors` is room to work in.
fn best_moves(
    w: &Worths,
    n_actors: usize,
    actors: &mut Vec<ActorIndex>,
    best: &mut Vec<(ActorIndex, MoveIndex)>,
) {
    best.clear();
    actors.clear();
    actors.extend(w.moves.iter().map(|m| m.1));
    actors.sort_unstable();
    actors.dedup();
    for &actor in actors.iter() {
        let a = actor.index();
        let top = w
            .moves
            .iter()
            .enumerate()
            .filter(|(_, m)| m.1 == actor)
            .map(|(k, _)| w.worth[k * n_actors + a])
            .fold(f64::NEG_INFINITY, f64::max);
        // As in backward induction: the largest scale among the
        // actor's moves.
        let scale = w
            .moves
            .iter()
            .enumerate()
            .filter(|(_, m)| m.1 == actor)
            .map(|(k, _)| w.scale[k * n_actors + a])
            .fold(0.0, f64::max);
        best.extend(
            w.moves
                .iter()
                .enumerate()
                .filter(|(k, m)| m.1 == actor && tied(w.worth[k * n_actors + a], top, scale))
                .map(|(_, m)| (actor, m.0)),
        );
    }
}

/// The best moves of [`best_moves`] as one list per mover.
fn grouped(best: &[(ActorIndex, MoveIndex)]) -> Vec<(ActorIndex, Vec<MoveIndex>)> {
    let mut out: Vec<(ActorIndex, Vec<MoveIndex>)> = Vec::new();
    for &(actor, m) in best {
        match out.last_mut() {
            Some((a, moves)) if *a == actor => moves.push(m),
            _ => out.push((actor, vec![m])),
        }
    }
    out
}

/// Every pure subgame-perfect equilibrium on the unfolding `solution` was
/// solved on, the first being `solution`'s. The first descent reads the
/// best moves and values backward induction found instead of working them
/// out again (the same sums in the same order, so the same numbers); only
/// the states with ties, and everything above a tie once another
/// combination is taken, are worked out here.
pub(crate) fn enumerate(
    solution: &super::Solution,
    graph: &SituationGraph,
    cap: usize,
    max_visits: u64,
    cancelled: &dyn Fn() -> bool,
) -> Equilibria {
    let n_actors = solution.n_actors();
    let unfolding = solution.unfolding();
    let judgements = solution.judgements();
    let order = unfolding.order();
    let mut values = Values::new(solution);
    let mut frames: Vec<Frame> = Vec::new();
    // Which frame a state with ties is, for the path.
    let mut frame_of: FxHashMap<u32, usize> = FxHashMap::default();
    let mut found: Vec<Equilibrium> = Vec::new();
    let mut w = Worths {
        moves: Vec::new(),
        worth: Vec::new(),
        scale: Vec::new(),
    };
    // Room to work in, reused at every state.
    let mut actors: Vec<ActorIndex> = Vec::new();
    let mut best: Vec<(ActorIndex, MoveIndex)> = Vec::new();
    let mut picks: Vec<(ActorIndex, MoveIndex)> = Vec::new();
    let mut solved_picks: Vec<(ActorIndex, MoveIndex)> = Vec::new();
    let mut visits: u64 = 0;
    let mut pos = 0;
    let mut resume: Option<usize> = None;
    loop {
        if let Some(frame_at) = resume.take() {
            // Apply the frame's current combination, then go on above it.
            let earlier = frame_at
                .checked_sub(1)
                .map(|k| frames[k].ties.clone())
                .unwrap_or_default();
            let frame = &mut frames[frame_at];
            let state = order[frame.pos];
            frame.ties = earlier.then(frame.choices(unfolding.situation(state)));
            frame.picks(&mut picks);
            pos = frame.pos + 1;
            // Backward induction's own choice over unchanged children gives
            // its own values: nothing to work out or to keep (a large tree
            // with ties everywhere would otherwise write a row per tie).
            values.solved_picks(state, &mut solved_picks);
            if picks != solved_picks || values.any_child_redone(graph, unfolding, state) {
                worths(
                    graph, unfolding, judgements, &values, n_actors, state, &mut w,
                );
                apply(&mut values, &w, n_actors, state, &picks);
            } else {
                values.forget(state);
            }
        }
        if pos == order.len() {
            found.push(leaf(
                graph, unfolding, judgements, &values, &frames, &frame_of, n_actors,
            ));
            if found.len() >= cap {
                let more = frames.iter().any(|f| {
                    f.counter
                        .iter()
                        .zip(&f.tied)
                        .any(|(d, (_, m))| d + 1 < m.len())
                });
                return Equilibria {
                    equilibria: found,
                    complete: !more,
                    stopped: more.then_some(Stop::Cap(cap)),
                };
            }
            // Backtrack to the deepest frame with a combination left.
            loop {
                let Some(frame) = frames.last_mut() else {
                    return Equilibria {
                        equilibria: found,
                        complete: true,
                        stopped: None,
                    };
                };
                if frame.advance() {
                    break;
                }
                if let Some(frame) = frames.pop() {
                    frame_of.remove(&order[frame.pos]);
                }
            }
            resume = Some(frames.len() - 1);
            continue;
        }
        visits += 1;
        if visits > max_visits || (visits.is_multiple_of(4096) && cancelled()) {
            return Equilibria {
                equilibria: found,
                complete: false,
                stopped: Some(Stop::Work(max_visits)),
            };
        }
        let state = order[pos];
        let situation = unfolding.situation(state);
        // An outcome's payoffs are backward induction's already, and the
        // other ends are worth 0 in both.
        let open = match graph.status(situation) {
            Status::Outcome(_) => false,
            Status::DeadEnd | Status::Frontier(_) => false,
            Status::Open => !unfolding.is_cut(state),
        };
        if !open {
            pos += 1;
            continue;
        }
        // Until the first equilibrium is found, nothing below differs from
        // backward induction: its best moves and values hold. After it, they
        // still hold at a state none of whose children was worked out again
        // (the same sums in the same order give the same numbers), so only
        // the states above a changed choice are worked out again.
        let as_solved = found.is_empty() || !values.any_child_redone(graph, unfolding, state);
        let solved = as_solved.then(|| solution.state_best(state));
        if as_solved {
            // Worked out again for an earlier combination, perhaps: no longer.
            values.forget(state);
        }
        if solved.is_none() {
            worths(
                graph, unfolding, judgements, &values, n_actors, state, &mut w,
            );
            best_moves(&w, n_actors, &mut actors, &mut best);
        }
        let best_here = solved.unwrap_or(&best);
        if best_here.windows(2).any(|pair| pair[0].0 == pair[1].0) {
            // Some mover has two best moves or more.
            let tied = grouped(best_here);
            frame_of.insert(state, frames.len());
            frames.push(Frame {
                pos,
                counter: vec![0; tied.len()],
                tied,
                ties: Ties::default(),
            });
            resume = Some(frames.len() - 1);
            continue;
        }
        if solved.is_some() {
            pos += 1;
            continue;
        }
        picks.clear();
        picks.extend_from_slice(&best);
        apply(&mut values, &w, n_actors, state, &picks);
        pos += 1;
    }
}

/// Sets a state's values from the moves its movers take: the mean over
/// the movers (a free turn picks the mover evenly) of the taken move's
/// worth.
fn apply(
    values: &mut Values,
    w: &Worths,
    n_actors: usize,
    state: u32,
    picks: &[(ActorIndex, MoveIndex)],
) {
    values.redo(state, picks, |value, scale| {
        let share = 1.0 / picks.len().max(1) as f64;
        for (actor, m) in picks {
            if let Some(k) = w.moves.iter().position(|x| x.0 == *m && x.1 == *actor) {
                for b in 0..n_actors {
                    value[b] += share * w.worth[k * n_actors + b];
                    scale[b] += share * w.scale[k * n_actors + b];
                }
            }
        }
    });
}

/// The equilibrium the search stands on now.
#[allow(clippy::too_many_arguments)]
fn leaf(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    values: &Values,
    frames: &[Frame],
    frame_of: &FxHashMap<u32, usize>,
    n_actors: usize,
) -> Equilibrium {
    let root = unfolding.root_state();
    let row = if root == NONE {
        &[][..]
    } else {
        values.row(root).0
    };
    let payoffs = if row.len() == n_actors {
        row.to_vec()
    } else {
        vec![0.0; n_actors]
    };
    let tied_at = |state: u32| frame_of.get(&state).and_then(|&k| frames.get(k));
    let path = follow(graph, unfolding, judgements, values, &tied_at);
    Equilibrium {
        payoffs,
        path,
        ties: frames.last().map(|f| f.ties.clone()).unwrap_or_default(),
    }
}

/// The path of a profile from the root: the taken moves, the most likely
/// result of each chance move (the first on a tie), on a free turn the
/// first mover in actor order.
fn follow<'f>(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    values: &Values,
    tied_at: &dyn Fn(u32) -> Option<&'f Frame>,
) -> Path {
    let mut state = unfolding.root_state();
    let mut steps = Vec::new();
    let mut picks = Vec::new();
    for _ in 0..=unfolding.n_states() {
        if state == NONE {
            break;
        }
        let situation = unfolding.situation(state);
        let end = match graph.status(situation) {
            Status::Outcome(o) => Some(PathEnd::Outcome(o)),
            Status::DeadEnd => Some(PathEnd::DeadEnd),
            Status::Frontier(_) => Some(PathEnd::Frontier),
            Status::Open if unfolding.is_cut(state) => Some(PathEnd::Horizon),
            Status::Open => None,
        };
        if let Some(end) = end {
            return Path { steps, end };
        }
        values.picks(state, &mut picks);
        let Some(&(actor, m)) = picks.first() else {
            return Path {
                steps,
                end: PathEnd::DeadEnd,
            };
        };
        let mut pick: Option<(StepId, f64)> = None;
        for step_id in graph.steps(situation) {
            let step = graph.step(step_id);
            if step.move_ != m || step.actor != actor {
                continue;
            }
            let p = judgements.step_probability(step);
            if pick.is_none_or(|(_, q)| p > q && !probabilities_tie(p, q)) {
                pick = Some((step_id, p));
            }
        }
        let Some((step_id, p)) = pick else { break };
        let step = graph.step(step_id);
        let tied = tied_at(state)
            .and_then(|f| f.tied.iter().find(|(a, _)| *a == actor))
            .map(|(_, moves)| moves.iter().copied().filter(|x| *x != m).collect())
            .unwrap_or_default();
        steps.push(PathStep {
            situation,
            step: step_id,
            actor,
            move_: m,
            result: step.result,
            probability: p / picks.len() as f64,
            tied,
            other_movers: picks[1..].iter().map(|(a, _)| *a).collect(),
        });
        state = unfolding.child(state, graph.target(step_id));
    }
    Path {
        steps,
        end: PathEnd::Horizon,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    #[test]
    fn one_equilibrium_without_ties_matches_backward_induction() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let all = all_equilibria(&scenario, &graph, graph.start(), 30, 10, 1_000_000);
        assert!(all.complete);
        assert_eq!(all.equilibria.len(), 1);
        let solution = super::super::solve(&scenario, &graph);
        assert_eq!(all.equilibria[0].path, solution.path(&graph));
        assert_eq!(all.equilibria[0].payoffs, solution.root_payoffs());
        assert!(all.equilibria[0].ties.is_empty());
        // The same from the solution's own unfolding.
        assert_eq!(all_equilibria_of(&solution, &graph, 10, 1_000_000), all);
    }
}
