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

/// A node's data.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    /// The packed values and turn.
    pub key: u64,
    /// Moves from the start on the shortest path found.
    pub depth: u32,
    pub status: Status,
    /// Steps out of this situation are `first_step .. first_step + n_steps`.
    first_step: u32,
    n_steps: u32,
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
}

impl SituationGraph {
    /// A graph holding only the start situation, not yet expanded.
    pub fn new(scenario: &Scenario) -> SituationGraph {
        let codec = Codec::new(scenario);
        let mut graph = SituationGraph {
            graph: DiGraph::new(),
            by_key: FxHashMap::default(),
            codec,
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
            status: Status::Frontier(FrontierReason::NotExpanded),
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
            self.graph.add_edge(from.node(), to.node(), *step);
        }
        let node = &mut self.graph[from.node()];
        node.first_step = first;
        node.n_steps = steps.len() as u32;
    }

    pub(super) fn set_status(&mut self, id: SituationId, status: Status) {
        self.graph[id.node()].status = status;
    }

    pub(super) fn reserve(&mut self, nodes: usize, edges: usize) {
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(edges);
        self.by_key.reserve(nodes);
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
        self.graph[id.node()].status
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

    /// The outcomes some path from `from` reaches, in file order.
    /// Breadth-first search, O(situations + steps).
    pub fn reachable_outcomes(&self, from: SituationId) -> Vec<OutcomeIndex> {
        let mut seen = vec![false; self.n_situations()];
        let mut reached = std::collections::BTreeSet::new();
        let mut queue = std::collections::VecDeque::from([from]);
        if let Some(s) = seen.get_mut(from.index()) {
            *s = true;
        }
        while let Some(id) = queue.pop_front() {
            if let Status::Outcome(o) = self.status(id) {
                reached.insert(o);
            }
            for s in self.steps(id) {
                let to = self.target(s);
                if !seen[to.index()] {
                    seen[to.index()] = true;
                    queue.push_back(to);
                }
            }
        }
        reached.into_iter().collect()
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
