//! The bounded unfolding: the tree of every path from one situation, with
//! equal subtrees shared, that backward induction and outcome
//! probabilities walk.
//!
//! A path through a cycle could go on for ever, so the unfolding counts
//! moves, but only where it must. First the situations reachable from the
//! root are split by whether a cycle can still be reached from them
//! (Tarjan's strongly connected components, iterative, O(S + T) for S
//! situations and T steps reached; skipped on a graph whose steps all go
//! to higher ids, such as a tree read from a file, where no cycle can
//! be). From a situation that can reach no cycle every path ends within the graph (an outcome, a dead end or the
//! frontier), so it gets one state and is followed to the end: on a graph
//! without cycles the unfolding is the graph itself. A situation that can
//! still reach a cycle gets one state per number of moves left, `(s, d)`,
//! starting with `d = horizon` at the root; the state `(s, 0)` is cut (its
//! probability is "unresolved", its payoffs 0). States are memoised, so the
//! unfolding has at most S + C x (horizon + 1) states for the C situations
//! that can reach a cycle, and walking it costs O(states x steps per
//! situation).

use std::collections::TryReserveError;
use std::convert::Infallible;

use rustc_hash::FxHashMap;

use crate::engine::{SituationGraph, SituationId, TooLarge, memory_budget};

/// How the unfolding's tables get their room: growing as any vector does
/// ([`Abort`], where a refusal ends the process), or asking first
/// ([`Refuse`], where it is an error).
trait Room {
    type Error;
    fn reserve<T>(v: &mut Vec<T>, n: usize) -> Result<(), Self::Error>;
    fn reserve_ids(m: &mut FxHashMap<(u32, u32), u32>, n: usize) -> Result<(), Self::Error>;
}

/// Room as any vector grows.
enum Abort {}

impl Room for Abort {
    type Error = Infallible;
    fn reserve<T>(v: &mut Vec<T>, n: usize) -> Result<(), Infallible> {
        v.reserve_exact(n);
        Ok(())
    }
    fn reserve_ids(m: &mut FxHashMap<(u32, u32), u32>, n: usize) -> Result<(), Infallible> {
        m.reserve(n);
        Ok(())
    }
}

/// Room asked of the system first; a refusal is an error.
enum Refuse {}

impl Room for Refuse {
    type Error = TryReserveError;
    fn reserve<T>(v: &mut Vec<T>, n: usize) -> Result<(), TryReserveError> {
        v.try_reserve_exact(n)
    }
    fn reserve_ids(m: &mut FxHashMap<(u32, u32), u32>, n: usize) -> Result<(), TryReserveError> {
        m.try_reserve(n)
    }
}

/// `n` copies of `value`, with room from `R`.
fn filled<R: Room, T: Clone>(n: usize, value: T) -> Result<Vec<T>, R::Error> {
    let mut v = Vec::new();
    R::reserve(&mut v, n)?;
    v.resize(n, value);
    Ok(v)
}

/// Room for one more entry in a vector that grows one at a time: half as
/// much again when full.
fn one_more<R: Room, T>(v: &mut Vec<T>) -> Result<(), R::Error> {
    if v.len() == v.capacity() {
        R::reserve(v, (v.len() / 2).max(64))?;
    }
    Ok(())
}

/// Bytes the unfolding holds per situation before any state with moves
/// counted: whether it reaches a cycle (1), its first state (4) and its
/// place in the order (4).
const UNFOLDING_SITUATION_BYTES: u64 = 9;

/// The error of an unfolding that does not fit: the same words as
/// [`check_horizon`] uses for the analysis's tables.
fn analysis_too_large(graph: &SituationGraph) -> TooLarge {
    TooLarge {
        what: "the analysis".to_owned(),
        reached: format!("{} situations", graph.n_situations()),
        limit: "the scenario's limits.max_situations, or run with more memory".to_owned(),
        budget_bytes: memory_budget(),
        applies: crate::engine::memory_limit(),
    }
}

/// Bytes one state with moves counted holds across an analysis: its entry
/// in the unfolding (list, table by key, order), per actor one value in
/// backward induction or the probability walk (quantal response keeps them
/// in blocks, [`payoff_lanes`]), its best move, and a step's chance under
/// quantal response.
fn counted_state_bytes(n_actors: usize) -> u64 {
    64 + 8 * payoff_lanes(n_actors) as u64
}

/// Bytes an analysis keeps per situation besides the graph: the unfolding's
/// marks, first states and order (9), Tarjan's work arrays (13), and per
/// state one value and one scale for two actors (32).
const SITUATION_BYTES: u64 = 9 + 13 + 32;

/// How many numbers quantal response keeps per state for `n_actors`: one
/// block of two, four or six for up to six actors, else blocks of eight.
pub(crate) fn payoff_lanes(n_actors: usize) -> usize {
    match n_actors {
        0..=2 => 2,
        3..=4 => 4,
        5..=6 => 6,
        _ => n_actors.next_multiple_of(8),
    }
}

/// Checks, before any analysis from `root` counts `horizon` moves inside
/// cycles, that its unfolding fits the memory budget and the 32-bit state
/// ids: at most S + C x (horizon + 1) states for the C situations that can
/// reach a cycle. O(situations + steps) (one pass of Tarjan's algorithm);
/// O(1) on a graph whose steps all go forward, where no cycle can be.
///
/// The analyses themselves ([`crate::analysis::solve_from`] and the rest)
/// do not check, so a caller that takes the horizon from a user (the
/// command line's `--horizon`, a scenario's `limits.max_depth`) calls this
/// first.
pub fn check_horizon(
    graph: &SituationGraph,
    root: SituationId,
    horizon: u32,
    n_actors: usize,
) -> Result<(), TooLarge> {
    if !graph.contains(root) {
        return Ok(());
    }
    analysis_tables_granted(graph)?;
    if graph.steps_only_go_forward() {
        // No cycle can be: the unfolding is the graph, its tables asked
        // for above; only the budget is left to check.
        let own = (graph.n_situations() as u64).saturating_mul(UNFOLDING_SITUATION_BYTES);
        return if own > memory_budget() {
            Err(analysis_too_large(graph))
        } else {
            Ok(())
        };
    }
    // The unfolding itself, with no moves counted yet, asked for room as
    // the analysis will: which situations can reach a cycle.
    let probe = Unfolding::within_room(graph, root, 0, None)?;
    counted_states_fit(graph, probe.n_cyclic(), horizon, n_actors)
}

/// The arrays an analysis keeps per situation, asked of the system first
/// (and given back): under a tight address-space limit a refusal is the
/// analysis's "too large" error, not an abort in the middle of it.
fn analysis_tables_granted(graph: &SituationGraph) -> Result<(), TooLarge> {
    let fixed = graph.n_situations() as u64 * SITUATION_BYTES;
    if Vec::<u8>::new()
        .try_reserve_exact(usize::try_from(fixed).unwrap_or(usize::MAX))
        .is_err()
    {
        return Err(analysis_too_large(graph));
    }
    Ok(())
}

/// Whether the states with moves counted fit, at their most: each of the
/// `n_cyclic` situations that can reach a cycle counted for every move of
/// the horizon, within the memory budget and the 32-bit state ids.
fn counted_states_fit(
    graph: &SituationGraph,
    n_cyclic: u64,
    horizon: u32,
    n_actors: usize,
) -> Result<(), TooLarge> {
    if n_cyclic == 0 {
        return Ok(());
    }
    let per_state = counted_state_bytes(n_actors);
    let budget = memory_budget();
    let n_states = u128::from(n_cyclic) * (u128::from(horizon) + 1);
    let bytes = n_states * u128::from(per_state);
    // State ids are 32-bit, with `NONE` kept aside.
    let id_room = u128::from(u32::MAX - 1).saturating_sub(graph.n_situations() as u128);
    if bytes <= u128::from(budget) && n_states <= id_room {
        return Ok(());
    }
    let by_budget = u128::from(budget) / u128::from(per_state);
    let max_horizon = (by_budget.min(id_room) / u128::from(n_cyclic)).saturating_sub(1);
    Err(TooLarge {
        what: "the analysis inside cycles".to_owned(),
        reached: format!(
            "{n_cyclic} situation{} that can reach a cycle, each counted for up to {} moves",
            if n_cyclic == 1 { "" } else { "s" },
            u64::from(horizon) + 1
        ),
        limit: format!(
            "the horizon (now {horizon}; --horizon, or limits.max_depth by default) to at most {max_horizon}"
        ),
        budget_bytes: budget,
        applies: crate::engine::memory_limit(),
    })
}

/// No state.
pub(crate) const NONE: u32 = u32::MAX;

/// The states of one bounded unfolding, in an order where every state comes
/// after the states it leads to.
#[derive(Clone, Debug)]
pub(crate) struct Unfolding {
    n_situations: u32,
    horizon: u32,
    root: SituationId,
    /// Per situation: whether a cycle can be reached from it.
    cyclic: Vec<bool>,
    /// States with moves counted, `(situation, moves left)`; state id
    /// `n_situations + k` for the `k`-th.
    counted: Vec<(u32, u32)>,
    counted_ids: FxHashMap<(u32, u32), u32>,
    /// Every state, children before parents.
    order: Vec<u32>,
    /// Per situation: its state with the most moves left, or [`NONE`].
    first: Vec<u32>,
    /// Whether some path is cut by the horizon.
    cut: bool,
}

impl Unfolding {
    /// The unfolding of `graph` from `root`, counting `horizon` moves where
    /// a cycle can still be reached. Its tables grow as any vector does;
    /// callers that take the graph or the horizon from a user go through
    /// [`check_horizon`] first, or call [`Unfolding::try_build`].
    pub(crate) fn build(graph: &SituationGraph, root: SituationId, horizon: u32) -> Unfolding {
        let Ok(mut unfolding) = Self::ordered::<Abort>(graph, root, horizon);
        if graph.contains(root) {
            let Ok(()) = unfolding.count_moves_in::<Abort>(graph);
        }
        unfolding
    }

    /// [`Unfolding::build`] that fails cleanly where the memory ends: an
    /// unfolding whose states could pass the memory budget
    /// ([`check_horizon`], for an analysis of `n_actors`), or one whose
    /// room the system refuses, is the analysis's "too large" error, never
    /// an abort.
    pub(crate) fn try_build(
        graph: &SituationGraph,
        root: SituationId,
        horizon: u32,
        n_actors: usize,
    ) -> Result<Unfolding, TooLarge> {
        if graph.contains(root) {
            analysis_tables_granted(graph)?;
        }
        Self::within_room(graph, root, horizon, Some(n_actors))
    }

    /// The unfolding with room asked of the system for every table and its
    /// situations' own tables checked against the budget; with
    /// `counted_for` an analysis of that many actors, the states with moves
    /// counted are checked at their most before they are counted (as
    /// [`check_horizon`] does, in the same one pass of Tarjan's algorithm).
    fn within_room(
        graph: &SituationGraph,
        root: SituationId,
        horizon: u32,
        counted_for: Option<usize>,
    ) -> Result<Unfolding, TooLarge> {
        let fixed = (graph.n_situations() as u64).saturating_mul(UNFOLDING_SITUATION_BYTES);
        if fixed > memory_budget() {
            return Err(analysis_too_large(graph));
        }
        let too_large = |_| analysis_too_large(graph);
        let mut unfolding = Self::ordered::<Refuse>(graph, root, horizon).map_err(too_large)?;
        if let Some(n_actors) = counted_for {
            counted_states_fit(graph, unfolding.n_cyclic(), horizon, n_actors)?;
        }
        if graph.contains(root) {
            unfolding
                .count_moves_in::<Refuse>(graph)
                .map_err(too_large)?;
        }
        Ok(unfolding)
    }

    /// How many situations can reach a cycle.
    fn n_cyclic(&self) -> u64 {
        self.cyclic.iter().filter(|c| **c).count() as u64
    }

    /// The unfolding with its situations ordered and those that can reach
    /// a cycle marked, no state with moves counted yet
    /// ([`Self::count_moves_in`] counts them).
    fn ordered<R: Room>(
        graph: &SituationGraph,
        root: SituationId,
        horizon: u32,
    ) -> Result<Unfolding, R::Error> {
        let n = graph.n_situations();
        let mut unfolding = Unfolding {
            n_situations: n as u32,
            horizon,
            root,
            cyclic: filled::<R, _>(n, false)?,
            counted: Vec::new(),
            counted_ids: FxHashMap::default(),
            order: Vec::new(),
            first: filled::<R, _>(n, NONE)?,
            cut: false,
        };
        if !graph.contains(root) {
            return Ok(unfolding);
        }
        if graph.steps_only_go_forward() {
            unfolding.forward_order_in::<R>(graph)?;
        } else {
            unfolding.tarjan_in::<R>(graph)?;
        }
        Ok(unfolding)
    }

    /// An unfolding with no states yet.
    #[cfg(test)]
    fn empty(graph: &SituationGraph, root: SituationId, horizon: u32) -> Unfolding {
        let n = graph.n_situations();
        Unfolding {
            n_situations: n as u32,
            horizon,
            root,
            cyclic: vec![false; n],
            counted: Vec::new(),
            counted_ids: FxHashMap::default(),
            order: Vec::new(),
            first: vec![NONE; n],
            cut: false,
        }
    }

    /// [`Self::tarjan_in`] with room as any vector grows.
    #[cfg(test)]
    fn tarjan(&mut self, graph: &SituationGraph) {
        let Ok(()) = self.tarjan_in::<Abort>(graph);
    }

    /// Tarjan's algorithm from the root, iterative, with room from `R`:
    /// marks the situations that can reach a cycle and lists the others
    /// children first (Tarjan finishes a component after every component
    /// it leads to).
    fn tarjan_in<R: Room>(&mut self, graph: &SituationGraph) -> Result<(), R::Error> {
        let n = self.n_situations as usize;
        let mut index = filled::<R, _>(n, NONE)?;
        let mut low = filled::<R, _>(n, 0u32)?;
        let mut on_stack = filled::<R, _>(n, false)?;
        let mut stack: Vec<u32> = Vec::new();
        let mut next_index = 0u32;
        let root = self.root.index();
        index[root] = 0;
        low[root] = 0;
        next_index += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        let mut calls = vec![(root, graph.steps(self.root))];
        while let Some((v, steps)) = calls.last_mut() {
            let v = *v;
            if let Some(step) = steps.next() {
                let w = graph.target(step).index();
                if index[w] == NONE {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    one_more::<R, _>(&mut stack)?;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    one_more::<R, _>(&mut calls)?;
                    calls.push((w, graph.steps(SituationId(w as u32))));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some((u, _)) = calls.last() {
                low[*u] = low[*u].min(low[v]);
            }
            if low[v] != index[v] {
                continue;
            }
            // `v` roots a component: pop it.
            let mut size = 0;
            while let Some(w) = stack.pop() {
                let w = w as usize;
                on_stack[w] = false;
                size += 1;
                if w == v {
                    break;
                }
                // Part of a component of two or more: on a cycle.
                self.cyclic[w] = true;
            }
            let id = SituationId(v as u32);
            let on_cycle = size > 1 || graph.steps(id).any(|s| graph.target(s) == id);
            let reaches_cycle = on_cycle
                || graph
                    .steps(id)
                    .any(|s| self.cyclic[graph.target(s).index()]);
            if reaches_cycle {
                self.cyclic[v] = true;
            } else {
                self.first[v] = v as u32;
                one_more::<R, _>(&mut self.order)?;
                self.order.push(v as u32);
            }
        }
        // Members of a component on a cycle were marked before its root was
        // known to be one; situations that merely lead to a cycle were
        // marked by the check above, in finishing order, so every situation
        // that can reach a cycle is marked.
        Ok(())
    }

    /// On a graph whose steps all go to higher ids (no cycle can be, so
    /// nothing is marked): the situations reached from the root, found in
    /// one pass in increasing id order (a situation's parents come before
    /// it), listed in decreasing id order, children first. Sequential
    /// passes over two arrays, O(S + T), where Tarjan's algorithm keeps a
    /// stack and three more arrays.
    fn forward_order_in<R: Room>(&mut self, graph: &SituationGraph) -> Result<(), R::Error> {
        let root = self.root.index();
        let n = self.n_situations as usize;
        // `first` marks what is reached: a situation is its own state.
        self.first[root] = root as u32;
        for v in root..n {
            if self.first[v] == NONE {
                continue;
            }
            for step in graph.steps(SituationId(v as u32)) {
                let t = graph.target(step).0;
                self.first[t as usize] = t;
            }
        }
        let reached = self.first[root..].iter().filter(|s| **s != NONE).count();
        R::reserve(&mut self.order, reached)?;
        self.order.extend(
            (root..n)
                .rev()
                .filter(|v| self.first[*v] != NONE)
                .map(|v| v as u32),
        );
        Ok(())
    }

    /// Breadth first over `(situation, moves left)` from the root, for the
    /// situations that can reach a cycle; their states go last in the
    /// order, fewest moves left first.
    fn count_moves_in<R: Room>(&mut self, graph: &SituationGraph) -> Result<(), R::Error> {
        let root = self.root.index();
        if !self.cyclic[root] {
            return Ok(());
        }
        let n = self.n_situations;
        R::reserve(&mut self.counted, 64)?;
        R::reserve_ids(&mut self.counted_ids, 64)?;
        self.counted.push((root as u32, self.horizon));
        self.counted_ids.insert((root as u32, self.horizon), n);
        self.first[root] = n;
        let mut head = 0;
        while let Some(&(s, d)) = self.counted.get(head) {
            head += 1;
            if d == 0 {
                self.cut = true;
                continue;
            }
            for step in graph.steps(SituationId(s)) {
                let t = graph.target(step).index();
                if !self.cyclic[t] {
                    continue;
                }
                let key = (t as u32, d - 1);
                if !self.counted_ids.contains_key(&key) {
                    let id = n + self.counted.len() as u32;
                    one_more::<R, _>(&mut self.counted)?;
                    if self.counted_ids.len() == self.counted_ids.capacity() {
                        let more = self.counted_ids.len() / 2;
                        R::reserve_ids(&mut self.counted_ids, more)?;
                    }
                    self.counted.push(key);
                    self.counted_ids.insert(key, id);
                    if self.first[t] == NONE {
                        self.first[t] = id;
                    }
                }
            }
        }
        // Breadth first gives nonincreasing moves left; children (one move
        // fewer) must come first.
        R::reserve(&mut self.order, self.counted.len())?;
        self.order
            .extend((0..self.counted.len() as u32).rev().map(|k| n + k));
        Ok(())
    }

    /// The situation a state stands for.
    pub(crate) fn situation(&self, state: u32) -> SituationId {
        if state < self.n_situations {
            SituationId(state)
        } else {
            SituationId(
                self.counted
                    .get((state - self.n_situations) as usize)
                    .map_or(0, |c| c.0),
            )
        }
    }

    /// Moves left in a state, or `None` where moves are not counted.
    pub(crate) fn remaining(&self, state: u32) -> Option<u32> {
        (state >= self.n_situations)
            .then(|| self.counted.get((state - self.n_situations) as usize))
            .flatten()
            .map(|c| c.1)
    }

    /// Whether the horizon cuts the unfolding at this state.
    pub(crate) fn is_cut(&self, state: u32) -> bool {
        self.remaining(state) == Some(0)
    }

    /// The state a step from `state` to `target` leads to.
    pub(crate) fn child(&self, state: u32, target: SituationId) -> u32 {
        let t = target.index();
        if !self.cyclic.get(t).copied().unwrap_or(false) {
            return target.0;
        }
        match self.remaining(state) {
            Some(d) if d > 0 => self
                .counted_ids
                .get(&(target.0, d - 1))
                .copied()
                .unwrap_or(NONE),
            _ => NONE,
        }
    }

    /// The state of a situation with the most moves left, if the unfolding
    /// reaches it.
    pub(crate) fn state_of(&self, situation: SituationId) -> Option<u32> {
        self.first
            .get(situation.index())
            .copied()
            .filter(|s| *s != NONE)
    }

    /// Every state, children before parents.
    pub(crate) fn order(&self) -> &[u32] {
        &self.order
    }

    /// How many state ids there are (some unused).
    pub(crate) fn n_state_ids(&self) -> usize {
        self.n_situations as usize + self.counted.len()
    }

    /// How many states the unfolding has.
    pub(crate) fn n_states(&self) -> usize {
        self.order.len()
    }

    /// The situation the unfolding starts from.
    pub(crate) fn root(&self) -> SituationId {
        self.root
    }

    /// The root's state, or [`NONE`] for a root not in the graph.
    pub(crate) fn root_state(&self) -> u32 {
        self.state_of(self.root).unwrap_or(NONE)
    }

    /// Moves counted where a cycle can be reached.
    pub(crate) fn horizon(&self) -> u32 {
        self.horizon
    }

    /// Whether some path is cut by the horizon.
    pub(crate) fn is_cut_anywhere(&self) -> bool {
        self.cut
    }

    /// Whether a cycle can be reached from a situation (false for one the
    /// unfolding does not reach).
    #[cfg(test)]
    pub(crate) fn reaches_cycle(&self, situation: SituationId) -> bool {
        self.cyclic.get(situation.index()).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    const PASSING: &str = r#"Scenario(
        id: "passing", title: "Passing",
        actors: [Actor(id: "a", name: "A"), Actor(id: "b", name: "B")],
        variables: [Variable(id: "done", domain: Flag, initial: false)],
        moves: [
            Move(id: "a_pass", actor: "a", label: "Pass", next: "b"),
            Move(id: "a_end", actor: "a", label: "End", effects: ["done = true"], next: "b"),
            Move(id: "b_pass", actor: "b", label: "Pass", next: "a"),
        ],
        outcomes: [Outcome(id: "over", label: "Over", when: "done", payoffs: {"a": 1, "b": 1})],
        turns: ByMove(first: "a"),
    )"#;

    #[test]
    fn a_graph_without_cycles_is_its_own_unfolding() {
        let text = crate::synthetic::generate(&crate::synthetic::SyntheticSpec {
            n_actors: 2,
            n_variables: 2,
            n_levels: 3,
            n_moves: 2,
            chance_every: 2,
        });
        let scenario = load_str(&text, "s.ron").unwrap();
        let graph = expand(&scenario);
        let u = Unfolding::build(&graph, graph.start(), 0);
        assert_eq!(u.n_states(), graph.n_situations());
        assert!(!u.is_cut_anywhere());
        // Children before parents.
        let position: FxHashMap<u32, usize> =
            u.order().iter().enumerate().map(|(i, s)| (*s, i)).collect();
        for &state in u.order() {
            for step in graph.steps(u.situation(state)) {
                let child = u.child(state, graph.target(step));
                assert!(position[&child] < position[&state]);
            }
        }
    }

    #[test]
    fn a_tree_read_from_a_file_skips_tarjan_and_orders_the_same_states() {
        let spec = crate::synthetic_efg::EfgRandomTreeSpec {
            n_inner: 300,
            branching: 3,
            n_players: 3,
            chance_percent: 10,
            seed: 9,
        };
        let game = crate::io::read_efg(&crate::synthetic_efg::random_tree(&spec), "t.efg").unwrap();
        let graph = game.game_graph().unwrap();
        assert!(graph.steps_only_go_forward());
        // From the start and from a situation inside the tree.
        for root in [graph.start(), SituationId(5)] {
            let fast = Unfolding::build(graph, root, 0);
            let mut slow = Unfolding::empty(graph, root, 0);
            slow.tarjan(graph);
            let mut a = fast.order().to_vec();
            let mut b = slow.order().to_vec();
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b);
            assert_eq!(fast.first, slow.first);
            let position: FxHashMap<u32, usize> = fast
                .order()
                .iter()
                .enumerate()
                .map(|(i, s)| (*s, i))
                .collect();
            for &state in fast.order() {
                for step in graph.steps(fast.situation(state)) {
                    let child = fast.child(state, graph.target(step));
                    assert!(position[&child] < position[&state]);
                }
            }
        }
    }

    #[test]
    fn an_unfolding_past_the_budget_is_an_error_and_otherwise_the_same() {
        let scenario = load_str(PASSING, "passing.ron").unwrap();
        let graph = expand(&scenario);
        let built = Unfolding::build(&graph, graph.start(), 3);
        let tried = Unfolding::try_build(&graph, graph.start(), 3, 2).unwrap();
        assert_eq!(tried.order(), built.order());
        assert_eq!(tried.counted, built.counted);
        assert_eq!(tried.first, built.first);
        assert_eq!(tried.cyclic, built.cyclic);
        // 131,071 situations take more than the smallest budget, 1 MiB.
        let text = crate::synthetic_efg::binary_tree(&crate::synthetic_efg::EfgTreeSpec {
            depth: 16,
            payoff_range: 2,
            seed: 1,
        });
        let game = crate::io::read_efg(&text, "t.efg").unwrap();
        let graph = game.game_graph().unwrap();
        assert!(Unfolding::try_build(graph, graph.start(), 0, 2).is_ok());
        let _budget = crate::engine::scoped_memory_budget(1 << 20);
        let error = Unfolding::try_build(graph, graph.start(), 0, 2).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the analysis would need more than 1 MiB of memory (131071 situations), past the budget set for this run (DEMARCHE_MEMORY_MIB); lower the scenario's limits.max_situations, or run with more memory"
        );
    }

    #[test]
    fn a_graph_with_a_cycle_is_not_taken_for_a_tree() {
        let scenario = load_str(PASSING, "passing.ron").unwrap();
        let graph = expand(&scenario);
        assert!(!graph.steps_only_go_forward());
    }

    #[test]
    fn cycles_are_counted_down_to_the_horizon() {
        // A passes to B, who passes back: a two-step cycle.
        let scenario = load_str(PASSING, "passing.ron").unwrap();
        let graph = expand(&scenario);
        let u = Unfolding::build(&graph, graph.start(), 3);
        assert!(u.reaches_cycle(graph.start()));
        assert_eq!(u.remaining(u.root_state()), Some(3));
        assert!(u.is_cut_anywhere());
        // (start, 3), (b's turn, 2), (start, 1), (b's turn, 0), and the
        // outcome reached from the start, counted once.
        assert_eq!(u.n_states(), 5);
        let position: FxHashMap<u32, usize> =
            u.order().iter().enumerate().map(|(i, s)| (*s, i)).collect();
        for &state in u.order() {
            if u.is_cut(state) {
                continue;
            }
            for step in graph.steps(u.situation(state)) {
                let child = u.child(state, graph.target(step));
                assert_ne!(child, NONE);
                assert!(position[&child] < position[&state]);
            }
        }
    }
}
