//! The situation graph: situations as nodes, move results as edges, over
//! petgraph, behind typed ids so the rest of the program speaks of
//! situations and steps, not node indices.

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::situation::{Codec, Turn};
use crate::model::{ActorIndex, MoveIndex, OutcomeIndex, ResultIndex, Scenario};

/// A situation in the graph. Ids are given in the order expansion finds
/// situations (breadth first, moves and results in file order), so the same
/// file always gives the same ids; the start is always 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SituationId(pub u32);

impl std::fmt::Display for SituationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s{}", self.0)
    }
}

impl SituationId {
    fn node(self) -> NodeIndex {
        NodeIndex::new(self.0 as usize)
    }

    /// The position in the graph's node table.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A step: one result of one move, an edge of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StepId(pub u32);

impl StepId {
    fn edge(self) -> EdgeIndex {
        EdgeIndex::new(self.0 as usize)
    }
}

/// Why expansion did not look past a situation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FrontierReason {
    /// It lies at the scenario's depth limit.
    Depth,
    /// The graph reached the scenario's situation limit.
    SituationLimit,
    /// Expansion was cancelled, or has not reached it yet.
    NotExpanded,
}

/// What is known about a situation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Status {
    /// Expanded; it has moves (its steps are the edges out of it).
    Open,
    /// It meets this outcome: the branch ends here.
    Outcome(OutcomeIndex),
    /// No one can move and no outcome is met.
    DeadEnd,
    /// Not expanded.
    Frontier(FrontierReason),
}

/// A [`Status`] in four bytes: an outcome is its index, the other statuses
/// are the top values an outcome index never takes
/// ([`OutcomeIndex::MAX_COUNT`]). With a plain `Status` (eight bytes once the
/// outcome index is a `u32`) every node would grow from 24 to 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PackedStatus(u32);

impl PackedStatus {
    const OPEN: u32 = u32::MAX;
    const DEAD_END: u32 = u32::MAX - 1;
    const DEPTH: u32 = u32::MAX - 2;
    const SITUATION_LIMIT: u32 = u32::MAX - 3;
    const NOT_EXPANDED: u32 = u32::MAX - 4;

    fn pack(status: Status) -> PackedStatus {
        PackedStatus(match status {
            // Validation keeps outcome indices below MAX_COUNT; the clamp
            // only keeps a broken index from reading as another status.
            Status::Outcome(o) => o.0.min(OutcomeIndex::MAX_COUNT as u32),
            Status::Open => Self::OPEN,
            Status::DeadEnd => Self::DEAD_END,
            Status::Frontier(FrontierReason::Depth) => Self::DEPTH,
            Status::Frontier(FrontierReason::SituationLimit) => Self::SITUATION_LIMIT,
            Status::Frontier(FrontierReason::NotExpanded) => Self::NOT_EXPANDED,
        })
    }

    fn unpack(self) -> Status {
        match self.0 {
            Self::OPEN => Status::Open,
            Self::DEAD_END => Status::DeadEnd,
            Self::DEPTH => Status::Frontier(FrontierReason::Depth),
            Self::SITUATION_LIMIT => Status::Frontier(FrontierReason::SituationLimit),
            Self::NOT_EXPANDED => Status::Frontier(FrontierReason::NotExpanded),
            o => Status::Outcome(OutcomeIndex(o)),
        }
    }
}

/// A node's data.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    /// The packed values and turn.
    pub key: u64,
    /// Moves from the start on the shortest path found.
    pub depth: u32,
    status: PackedStatus,
    /// Steps out of this situation are `first_step .. first_step + n_steps`.
    first_step: u32,
    n_steps: u32,
}

impl Node {
    /// What is known about the situation.
    pub fn status(&self) -> Status {
        self.status.unpack()
    }
}

/// An edge's data: who did what, and how likely this result was.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Step {
    pub actor: ActorIndex,
    pub move_: MoveIndex,
    /// `None` for a move without chance results.
    pub result: Option<ResultIndex>,
    /// The result's probability (1 for a move without chance results).
    pub probability: f64,
}

/// The expanded scenario.
#[derive(Clone, Debug)]
pub struct SituationGraph {
    graph: DiGraph<Node, Step>,
    by_key: FxHashMap<u64, SituationId>,
    codec: Codec,
    /// Whether every step leads to a situation with a higher id. Then the
    /// graph has no cycle, and ids in decreasing order put every situation
    /// after the ones it leads to: a tree read from a file in preorder is
    /// so, and analyses skip looking for cycles.
    forward_only: bool,
}

impl SituationGraph {
    /// A graph holding only the start situation, not yet expanded.
    pub fn new(scenario: &Scenario) -> SituationGraph {
        let codec = Codec::new(scenario);
        let mut graph = SituationGraph {
            graph: DiGraph::new(),
            by_key: FxHashMap::default(),
            codec,
            forward_only: true,
        };
        let values = scenario.initial_values();
        let turn = super::expand::opening_turn(scenario, &values);
        let key = graph.codec.encode(&values, turn);
        graph.insert(key, 0);
        graph
    }

    /// Adds a situation, not yet expanded.
    pub(super) fn insert(&mut self, key: u64, depth: u32) -> SituationId {
        let node = self.graph.add_node(Node {
            key,
            depth,
            status: PackedStatus::pack(Status::Frontier(FrontierReason::NotExpanded)),
            first_step: 0,
            n_steps: 0,
        });
        let id = SituationId(node.index() as u32);
        self.by_key.insert(key, id);
        id
    }

    pub(super) fn find_key(&self, key: u64) -> Option<SituationId> {
        self.by_key.get(&key).copied()
    }

    /// Records the steps out of `from`, all at once so they stay contiguous.
    pub(super) fn set_steps(&mut self, from: SituationId, steps: &[(SituationId, Step)]) {
        let first = self.graph.edge_count() as u32;
        for (to, step) in steps {
            self.forward_only &= to.0 > from.0;
            self.graph.add_edge(from.node(), to.node(), *step);
        }
        let node = &mut self.graph[from.node()];
        node.first_step = first;
        node.n_steps = steps.len() as u32;
    }

    pub(super) fn set_status(&mut self, id: SituationId, status: Status) {
        self.graph[id.node()].status = PackedStatus::pack(status);
    }

    /// Makes room for `nodes` more situations and `edges` more steps,
    /// asking the system first, so that memory it refuses is an error the
    /// caller reports rather than an abort. Grows geometrically, as a
    /// vector does, so adding one at a time stays linear. Before a table
    /// grows, a buffer of its new size is allocated and freed while the old
    /// one is still held: that is the most the growth itself needs.
    pub(super) fn try_room(
        &mut self,
        nodes: usize,
        edges: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        let (node_room, edge_room) = self.graph.capacity();
        let n_nodes = self.graph.node_count();
        if n_nodes + nodes > node_room {
            let want = (n_nodes + nodes).max(node_room.saturating_mul(2)).max(64);
            let mut probe: Vec<petgraph::graph::Node<Node, u32>> = Vec::new();
            probe.try_reserve_exact(want)?;
            drop(probe);
            self.graph.reserve_exact_nodes(want - n_nodes);
        }
        let n_edges = self.graph.edge_count();
        if n_edges + edges > edge_room {
            let want = (n_edges + edges).max(edge_room.saturating_mul(2)).max(64);
            let mut probe: Vec<petgraph::graph::Edge<Step, u32>> = Vec::new();
            probe.try_reserve_exact(want)?;
            drop(probe);
            self.graph.reserve_exact_edges(want - n_edges);
        }
        self.by_key.try_reserve(nodes)
    }

    pub(super) fn reserve(&mut self, nodes: usize, edges: usize) {
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(edges);
        self.by_key.reserve(nodes);
    }

    /// Whether every step leads to a situation with a higher id: then no
    /// path comes back (there is no cycle), and decreasing ids list every
    /// situation after those it leads to. O(1): kept as steps are added.
    pub fn steps_only_go_forward(&self) -> bool {
        self.forward_only
    }

    /// The start situation.
    pub fn start(&self) -> SituationId {
        SituationId(0)
    }

    /// How many situations.
    pub fn n_situations(&self) -> usize {
        self.graph.node_count()
    }

    /// How many steps (edges).
    pub fn n_steps(&self) -> usize {
        self.graph.edge_count()
    }

    /// Every situation id, in id order.
    pub fn situations(&self) -> impl Iterator<Item = SituationId> + '_ {
        (0..self.graph.node_count() as u32).map(SituationId)
    }

    /// Whether `id` names a situation of this graph.
    pub fn contains(&self, id: SituationId) -> bool {
        id.index() < self.graph.node_count()
    }

    /// A situation's node data.
    pub fn node(&self, id: SituationId) -> &Node {
        &self.graph[id.node()]
    }

    /// A situation's status.
    pub fn status(&self, id: SituationId) -> Status {
        self.graph[id.node()].status.unpack()
    }

    /// A situation's variable values, as stored (see `Domain::display`).
    pub fn values(&self, id: SituationId) -> Vec<i64> {
        let mut values = Vec::new();
        self.codec.decode(self.graph[id.node()].key, &mut values);
        values
    }

    /// Whose turn it is in a situation.
    pub fn turn(&self, id: SituationId) -> Turn {
        self.codec.turn_of(self.graph[id.node()].key)
    }

    /// The steps out of a situation, in file order of moves and results.
    pub fn steps(&self, id: SituationId) -> impl ExactSizeIterator<Item = StepId> + use<> {
        let node = &self.graph[id.node()];
        (node.first_step..node.first_step + node.n_steps).map(StepId)
    }

    /// A step's data.
    pub fn step(&self, id: StepId) -> &Step {
        &self.graph[id.edge()]
    }

    /// Where a step leads. Step ids come from this graph; like
    /// [`Self::status`], an id from elsewhere is a bug and panics.
    pub fn target(&self, id: StepId) -> SituationId {
        SituationId(self.graph.raw_edges()[id.0 as usize].target().index() as u32)
    }

    /// Where a step starts.
    pub fn source(&self, id: StepId) -> SituationId {
        SituationId(self.graph.raw_edges()[id.0 as usize].source().index() as u32)
    }

    /// The steps that lead into a situation.
    pub fn steps_into(&self, id: SituationId) -> Vec<StepId> {
        let mut steps: Vec<StepId> = self
            .graph
            .edges_directed(id.node(), Direction::Incoming)
            .map(|e| StepId(e.id().index() as u32))
            .collect();
        steps.sort();
        steps
    }

    /// The step out of `from` for this move and result, if there is one.
    pub fn find_step(
        &self,
        from: SituationId,
        move_: MoveIndex,
        result: Option<ResultIndex>,
    ) -> Option<StepId> {
        self.steps(from).find(|s| {
            let step = self.step(*s);
            step.move_ == move_ && step.result == result
        })
    }

    /// The distinct moves available in a situation, in file order.
    pub fn moves(&self, id: SituationId) -> Vec<MoveIndex> {
        let mut moves: Vec<MoveIndex> = Vec::new();
        for s in self.steps(id) {
            let m = self.step(s).move_;
            if moves.last() != Some(&m) {
                moves.push(m);
            }
        }
        moves
    }

    /// For every situation, the step that first reached it on a shortest
    /// path from the start (`None` for the start and unreachable ones).
    /// Breadth-first search, O(situations + steps).
    pub fn shortest_path_tree(&self) -> Vec<Option<StepId>> {
        let mut parent = vec![None; self.n_situations()];
        let mut seen = vec![false; self.n_situations()];
        let mut queue = std::collections::VecDeque::from([self.start()]);
        seen[0] = true;
        while let Some(id) = queue.pop_front() {
            for s in self.steps(id) {
                let to = self.target(s);
                if !seen[to.index()] {
                    seen[to.index()] = true;
                    parent[to.index()] = Some(s);
                    queue.push_back(to);
                }
            }
        }
        parent
    }

    /// The steps of a shortest path from the start to `id`, given
    /// [`Self::shortest_path_tree`].
    pub fn path_to(&self, parents: &[Option<StepId>], id: SituationId) -> Vec<StepId> {
        let mut path = Vec::new();
        let mut current = id;
        while let Some(Some(step)) = parents.get(current.index()) {
            path.push(*step);
            current = self.source(*step);
            if path.len() > parents.len() {
                break;
            }
        }
        path.reverse();
        path
    }

    /// The outcomes some path from `from` reaches, in file order; none for
    /// a situation not in the graph. A search, O(situations + steps).
    pub fn reachable_outcomes(&self, from: SituationId) -> Vec<OutcomeIndex> {
        if !self.contains(from) {
            return Vec::new();
        }
        // Outcomes met, by index: sorted for free, where a set would pay a
        // search for each of a large tree's leaves.
        let mut met: Vec<bool> = Vec::new();
        let mut meet = |status: Status| {
            if let Status::Outcome(o) = status {
                if met.len() <= o.index() {
                    met.resize(o.index() + 1, false);
                }
                met[o.index()] = true;
            }
        };
        let n = self.n_situations();
        if self.forward_only {
            // Every step goes to a higher id: one pass upwards from `from`
            // meets each situation after every one that leads to it, and
            // stops when nothing reached is left to look at (at once past
            // the subtree, in a tree numbered in preorder as a file is).
            let mut seen = vec![false; n - from.index()];
            seen[0] = true;
            let mut pending = 1usize;
            for v in from.index()..n {
                if !seen[v - from.index()] {
                    continue;
                }
                pending -= 1;
                let id = SituationId(v as u32);
                meet(self.status(id));
                for s in self.steps(id) {
                    let to = self.target(s).index() - from.index();
                    if !seen[to] {
                        seen[to] = true;
                        pending += 1;
                    }
                }
                if pending == 0 {
                    break;
                }
            }
        } else {
            let mut seen = vec![false; n];
            seen[from.index()] = true;
            let mut stack = vec![from];
            while let Some(id) = stack.pop() {
                meet(self.status(id));
                for s in self.steps(id) {
                    let to = self.target(s);
                    if !seen[to.index()] {
                        seen[to.index()] = true;
                        stack.push(to);
                    }
                }
            }
        }
        met.iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(o, _)| OutcomeIndex(o as u32))
            .collect()
    }

    /// The codec that packs this graph's situations.
    pub fn codec(&self) -> &Codec {
        &self.codec
    }

    /// Whether two graphs have the same situations, ids, statuses and steps.
    pub fn same_as(&self, other: &SituationGraph) -> bool {
        self.n_situations() == other.n_situations()
            && self.n_steps() == other.n_steps()
            && self.situations().all(|id| {
                let (a, b) = (self.node(id), other.node(id));
                a.key == b.key
                    && a.depth == b.depth
                    && a.status == b.status
                    && self.steps(id).len() == other.steps(id).len()
                    && self.steps(id).zip(other.steps(id)).all(|(x, y)| {
                        self.step(x) == other.step(y) && self.target(x) == other.target(y)
                    })
            })
    }
}

/// Why an explicitly given graph was refused (see [`ExplicitGraph`]).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ExplicitGraphError {
    /// The graph has no situation, so it has no start.
    #[error("the graph has no situation")]
    Empty,
    /// A situation's values do not fit the scenario's variables.
    #[error("situation s{situation}: {why}")]
    Values { situation: u32, why: String },
    /// Two situations have the same values and turn in a graph with a
    /// frontier.
    #[error(
        "situations s{first} and s{second} have the same values and turn, and the graph has a frontier that expansion would merge them in"
    )]
    Duplicate { first: u32, second: u32 },
    /// A step does not fit the scenario or the graph.
    #[error("a step out of s{situation}: {why}")]
    Step { situation: u32, why: String },
    /// A situation's status does not agree with its steps.
    #[error("situation s{situation}: {why}")]
    Status { situation: u32, why: String },
}

/// A situation graph given situation by situation and step by step (for
/// example a game tree read from a file), instead of expanded from the
/// scenario's rules by [`super::expand`].
///
/// Add the situations with [`Self::add_situation`] (the first is the
/// start), then each situation's steps, all at once, with
/// [`Self::set_steps`]; [`Self::finish`] checks that every situation with
/// steps is [`Status::Open`] and every open one has steps. Each step must
/// name a move of the scenario and the move's actor, with a result exactly
/// when the move has results, and a situation may not have two steps for
/// the same move and result. Situations keep their values and turns, so
/// everything that reads a graph reads this one the same way. Equal
/// situations (the same values and turn) may be given more than once, as
/// the nodes of a game tree are; but a graph with a situation on the
/// [`Status::Frontier`] may be grown by the scenario's rules, which merge
/// equal situations, so there they must differ, and only then are the
/// situations indexed by key (in [`Self::finish`]). O(1) per situation and
/// step; indexing, when needed, one hash insertion per situation.
#[derive(Clone, Debug)]
pub struct ExplicitGraph {
    graph: SituationGraph,
    /// Per situation: whether its steps have been set.
    has_steps: Vec<bool>,
}

impl SituationGraph {
    /// Starts an explicitly given graph for `scenario`, with room for about
    /// this many situations and steps.
    pub fn explicit(scenario: &Scenario, n_situations: usize, n_steps: usize) -> ExplicitGraph {
        let mut graph = SituationGraph {
            graph: DiGraph::new(),
            by_key: FxHashMap::default(),
            codec: Codec::new(scenario),
            forward_only: true,
        };
        graph.graph.reserve_nodes(n_situations);
        graph.graph.reserve_edges(n_steps);
        ExplicitGraph {
            graph,
            has_steps: Vec::with_capacity(n_situations),
        }
    }
}

impl ExplicitGraph {
    /// Adds a situation with these stored values (one per variable, within
    /// its domain), turn, depth and status; the first added is the start.
    pub fn add_situation(
        &mut self,
        scenario: &Scenario,
        values: &[i64],
        turn: super::situation::Turn,
        depth: u32,
        status: Status,
    ) -> Result<SituationId, ExplicitGraphError> {
        let next = self.graph.n_situations() as u32;
        let bad = |why: String| ExplicitGraphError::Values {
            situation: next,
            why,
        };
        if values.len() != scenario.variables.len() {
            return Err(bad(format!(
                "{} values for {} variables",
                values.len(),
                scenario.variables.len()
            )));
        }
        for (value, variable) in values.iter().zip(&scenario.variables) {
            let (low, high) = variable.domain.bounds();
            if *value < low || *value > high {
                return Err(bad(format!(
                    "{} = {value} is outside {low}..={high}",
                    variable.id
                )));
            }
        }
        if let super::situation::Turn::Actor(a) = turn
            && a.index() >= scenario.actors.len()
        {
            return Err(bad(format!(
                "the turn names actor {} of {}",
                a.0,
                scenario.actors.len()
            )));
        }
        if let Status::Outcome(o) = status
            && o.index() >= scenario.outcomes.len()
        {
            return Err(bad(format!(
                "outcome {} of {} outcomes",
                o.index(),
                scenario.outcomes.len()
            )));
        }
        let key = self.graph.codec.encode(values, turn);
        // Not indexed by key yet: see `finish`.
        self.graph.graph.add_node(Node {
            key,
            depth,
            status: PackedStatus::pack(status),
            first_step: 0,
            n_steps: 0,
        });
        self.has_steps.push(false);
        let id = SituationId(next);
        Ok(id)
    }

    /// Sets the steps out of `from`, once, in the order they are listed
    /// (file order of moves and results, by convention).
    pub fn set_steps(
        &mut self,
        scenario: &Scenario,
        from: SituationId,
        steps: &[(SituationId, Step)],
    ) -> Result<(), ExplicitGraphError> {
        let bad = |why: String| ExplicitGraphError::Step {
            situation: from.0,
            why,
        };
        match self.has_steps.get(from.index()) {
            None => return Err(bad("no such situation".to_owned())),
            Some(true) => return Err(bad("its steps were already set".to_owned())),
            Some(false) => {}
        }
        // Many steps are checked for repeats with a set, few by looking back.
        let mut seen: rustc_hash::FxHashSet<(MoveIndex, Option<ResultIndex>)> = Default::default();
        for (k, (to, step)) in steps.iter().enumerate() {
            if !self.graph.contains(*to) {
                return Err(bad(format!(
                    "it leads to s{}, which is not in the graph",
                    to.0
                )));
            }
            let Some(m) = scenario.moves.get(step.move_.index()) else {
                return Err(bad(format!("move {} is not in the scenario", step.move_.0)));
            };
            if m.actor != step.actor {
                return Err(bad(format!(
                    "move \"{}\" is not made by actor {}",
                    m.id, step.actor.0
                )));
            }
            let result_ok = match step.result {
                None => m.results.is_empty(),
                Some(r) => r.index() < m.results.len(),
            };
            if !result_ok {
                return Err(bad(format!(
                    "move \"{}\" has {} results, but the step names {:?}",
                    m.id,
                    m.results.len(),
                    step.result
                )));
            }
            let repeated = if steps.len() <= 16 {
                steps[..k]
                    .iter()
                    .any(|(_, s)| s.move_ == step.move_ && s.result == step.result)
            } else {
                !seen.insert((step.move_, step.result))
            };
            if repeated {
                return Err(bad(format!(
                    "move \"{}\" is listed twice with the same result",
                    m.id
                )));
            }
        }
        self.graph.set_steps(from, steps);
        self.has_steps[from.index()] = true;
        Ok(())
    }

    /// Checks the statuses against the steps and gives the graph; a graph
    /// with a frontier is indexed by key, its situations all different.
    pub fn finish(mut self) -> Result<SituationGraph, ExplicitGraphError> {
        if self.graph.n_situations() == 0 {
            return Err(ExplicitGraphError::Empty);
        }
        for id in self.graph.situations() {
            let open = self.graph.status(id) == Status::Open;
            let n_steps = self.graph.steps(id).len();
            if open && n_steps == 0 {
                return Err(ExplicitGraphError::Status {
                    situation: id.0,
                    why: "it is open but has no steps".to_owned(),
                });
            }
            if !open && n_steps > 0 {
                return Err(ExplicitGraphError::Status {
                    situation: id.0,
                    why: format!("it has steps but its status is {:?}", self.graph.status(id)),
                });
            }
        }
        let has_frontier = self
            .graph
            .situations()
            .any(|id| matches!(self.graph.status(id), Status::Frontier(_)));
        if has_frontier {
            let n = self.graph.n_situations() as u32;
            self.graph.by_key.reserve(n as usize);
            for id in (0..n).map(SituationId) {
                let key = self.graph.node(id).key;
                if let Some(first) = self.graph.by_key.insert(key, id) {
                    return Err(ExplicitGraphError::Duplicate {
                        first: first.0,
                        second: id.0,
                    });
                }
            }
        }
        Ok(self.graph)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Turn, expand};
    use crate::model::load_str;

    /// Rebuilds an expanded graph explicitly, situation by situation.
    fn rebuild(
        scenario: &Scenario,
        graph: &SituationGraph,
    ) -> Result<SituationGraph, ExplicitGraphError> {
        let mut given = SituationGraph::explicit(scenario, graph.n_situations(), graph.n_steps());
        for id in graph.situations() {
            let node = graph.node(id);
            given.add_situation(
                scenario,
                &graph.values(id),
                graph.turn(id),
                node.depth,
                node.status(),
            )?;
        }
        for id in graph.situations() {
            let steps: Vec<(SituationId, Step)> = graph
                .steps(id)
                .map(|s| (graph.target(s), *graph.step(s)))
                .collect();
            given.set_steps(scenario, id, &steps)?;
        }
        given.finish()
    }

    #[test]
    fn a_status_packs_into_four_bytes_and_back() {
        let all = [
            Status::Open,
            Status::DeadEnd,
            Status::Outcome(OutcomeIndex(0)),
            Status::Outcome(OutcomeIndex(75_000)),
            Status::Outcome(OutcomeIndex(OutcomeIndex::MAX_COUNT as u32 - 1)),
            Status::Frontier(FrontierReason::Depth),
            Status::Frontier(FrontierReason::SituationLimit),
            Status::Frontier(FrontierReason::NotExpanded),
        ];
        for status in all {
            assert_eq!(PackedStatus::pack(status).unpack(), status);
        }
        // The outcome index grew to four bytes; a situation did not.
        assert_eq!(std::mem::size_of::<Node>(), 24);
    }

    #[test]
    fn an_explicit_copy_of_an_expanded_graph_is_the_same_graph() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let copy = rebuild(&scenario, &graph).unwrap();
        assert!(copy.same_as(&graph));
    }

    #[test]
    fn explicit_graphs_are_checked() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let values = graph.values(graph.start());
        let turn = graph.turn(graph.start());
        assert_eq!(
            SituationGraph::explicit(&scenario, 0, 0)
                .finish()
                .unwrap_err(),
            ExplicitGraphError::Empty
        );

        let mut given = SituationGraph::explicit(&scenario, 2, 1);
        given
            .add_situation(&scenario, &values, turn, 0, Status::Open)
            .unwrap();
        let too_high: Vec<i64> = values.iter().map(|v| v + 1000).collect();
        assert!(matches!(
            given.add_situation(&scenario, &too_high, turn, 1, Status::DeadEnd),
            Err(ExplicitGraphError::Values { situation: 1, .. })
        ));
        let step = *graph.step(graph.steps(graph.start()).next().unwrap());
        let wrong_actor = Step {
            actor: ActorIndex(if step.actor.0 == 0 { 1 } else { 0 }),
            ..step
        };
        assert!(matches!(
            given.set_steps(&scenario, SituationId(0), &[(SituationId(0), wrong_actor)]),
            Err(ExplicitGraphError::Step { situation: 0, .. })
        ));

        // Equal situations are fine in a complete tree, not beside a
        // frontier that expansion would grow.
        for (leaf, refused) in [
            (Status::DeadEnd, false),
            (Status::Frontier(FrontierReason::NotExpanded), true),
        ] {
            let mut tree = SituationGraph::explicit(&scenario, 3, 2);
            let other = Turn::Actor(ActorIndex(1));
            tree.add_situation(
                &scenario,
                &values,
                Turn::Actor(ActorIndex(0)),
                0,
                Status::Open,
            )
            .unwrap();
            tree.add_situation(&scenario, &values, other, 1, leaf)
                .unwrap();
            tree.add_situation(&scenario, &values, other, 1, leaf)
                .unwrap();
            let m = scenario
                .moves
                .iter()
                .position(|m| m.actor == ActorIndex(0) && m.results.is_empty())
                .unwrap();
            let plain = |to: u32| {
                (
                    SituationId(to),
                    Step {
                        actor: ActorIndex(0),
                        move_: MoveIndex(m as u32),
                        result: None,
                        probability: 1.0,
                    },
                )
            };
            tree.set_steps(&scenario, SituationId(0), &[plain(1)])
                .unwrap();
            assert!(matches!(
                tree.set_steps(&scenario, SituationId(0), &[plain(2)]),
                Err(ExplicitGraphError::Step { situation: 0, .. })
            ));
            let result = tree.finish();
            if refused {
                assert_eq!(
                    result.unwrap_err(),
                    ExplicitGraphError::Duplicate {
                        first: 1,
                        second: 2
                    }
                );
            } else {
                assert_eq!(result.unwrap().n_situations(), 3);
            }
        }
        let mut open_without_steps = SituationGraph::explicit(&scenario, 1, 0);
        open_without_steps
            .add_situation(&scenario, &values, Turn::Anyone, 0, Status::Open)
            .unwrap();
        assert!(matches!(
            open_without_steps.finish(),
            Err(ExplicitGraphError::Status { situation: 0, .. })
        ));
    }
}
