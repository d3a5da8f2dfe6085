//! A Nash equilibrium in behaviour strategies of a two-player game with
//! imperfect information: the sequence form and Lemke's algorithm (Koller,
//! Megiddo and von Stengel 1996; von Stengel 1996), what Gambit's `lcp`
//! does for extensive games.
//!
//! # The method
//!
//! The game tree from a situation is read off the graph: a situation where
//! one actor moves is a decision node, a move with chance results is a
//! chance node after the decision, a situation with one move and chance
//! results only (a Gambit chance node) is a chance node; outcomes are
//! leaves with their payoffs, dead ends, the frontier and cut paths leaves
//! worth 0. Nodes of one information set are given by the caller (a
//! Gambit game's sets); every other decision node is a set of its own.
//!
//! A player's *sequences* are the empty one and one per (information set,
//! action). Perfect recall, checked first, means every node of an
//! information set follows the same sequence of the player's own; without
//! it the sequence form does not describe the game and the answer is an
//! error saying so. A *realisation plan* `x` gives each sequence the
//! probability that the player's own choices follow it: `E x = e` says
//! the empty sequence has 1 and each set's actions share its sequence's.
//! The payoffs become sparse matrices `A`, `B` over sequence pairs: each
//! leaf adds its payoff times the chance probability of its path. Payoffs
//! are made into costs `C = max + 1 - payoff > 0` (adding a constant does
//! not change best responses, since every profile reaches leaves of total
//! probability 1; positive costs are what make Lemke's algorithm end in a
//! solution). An equilibrium is a solution of the linear complementarity
//! problem
//!
//! ```text
//! x ≥ 0   ⊥   C1 y − Eᵀ u ≥ 0        E x = e   (u free)
//! y ≥ 0   ⊥   C2ᵀ x − Fᵀ v ≥ 0        F y = f   (v free)
//! ```
//!
//! whose size is the number of sequences and information sets, linear in
//! the tree, where the strategic form would be exponential.
//!
//! Lemke's algorithm follows a path of complementary pivots from the ray
//! where an extra variable `z0` covers every row; the free variables `u`,
//! `v` enter when their equality rows leave and are never chosen to leave.
//! Degenerate ties in the ratio test are broken lexicographically, which
//! rules out cycling.
//!
//! # Arithmetic: verified floating point
//!
//! The pivots run in `f64` on a dense tableau. Floating point can go wrong
//! on a badly conditioned game, so the answer is not trusted as it comes
//! out: the behaviour strategies read from the plans are checked against
//! the best-response condition directly on the tree (each player's best
//! response value against the other's strategy, by a pass over its own
//! information sets, must equal its expected payoff within 1e-9 of the
//! payoff range); a profile that fails the check is an error, never an
//! answer. Exact rational pivots were the other choice; they cost a factor
//! of tens in time and memory for the same equilibrium, and the check
//! gives the same guarantee for what is reported: it is an equilibrium to
//! within the stated tolerance.
//!
//! Cost: building is linear in the tree; the tableau has (n + 1) x (2n + 2)
//! entries for n sequences and information sets, each pivot O(n²), and a
//! path has a number of pivots that in practice grows about linearly in n.
//! The tableau is refused past the memory budget.

use rustc_hash::FxHashMap;

use super::judgements::Judgements;
use crate::engine::{SituationGraph, SituationId, Status, memory_budget};
use crate::model::{ActorIndex, MoveIndex, OutcomeIndex, Scenario};

/// Why no equilibrium is given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SequenceError {
    /// More than two actors decide.
    #[error(
        "the sequence form solves games of two players; here {n} actors decide ({names}). Games of more players, or of perfect information, are solved by backward induction where every information set is a single node"
    )]
    TooManyPlayers {
        /// How many decide.
        n: usize,
        /// Their names.
        names: String,
    },
    /// Some information set's nodes follow different own moves.
    #[error(
        "{who} does not have perfect recall: the nodes of one information set ({at}) follow different moves of its own ({first} and {second}); the sequence form needs each player to remember what it did and knew"
    )]
    NoPerfectRecall {
        /// The player.
        who: String,
        /// The nodes, `s3 and s7`.
        at: String,
        /// The own history of the first, as a label.
        first: String,
        /// The own history of the second.
        second: String,
    },
    /// The nodes of one information set differ in their moves or actor.
    #[error(
        "the nodes of one information set ({at}) must have the same actor and the same moves: {what}"
    )]
    UnequalSet {
        /// The nodes.
        at: String,
        /// What differs.
        what: String,
    },
    /// A situation is reached along two paths, or a turn is free.
    #[error("the sequence form needs a game tree: {0}")]
    NotATree(String),
    /// The tableau would pass the memory budget.
    #[error(
        "the sequence form of this game has {n} rows; its tableau would need {bytes} bytes, past the memory budget of {budget} bytes (DEMARCHE_MEMORY_MIB raises it)"
    )]
    TooLarge {
        /// Rows.
        n: usize,
        /// Bytes needed.
        bytes: u64,
        /// The budget.
        budget: u64,
    },
    /// Lemke's path ended without an equilibrium, or the pivots lost
    /// precision so that the profile failed the best-response check.
    #[error("Lemke's algorithm did not find a verified equilibrium: {0}")]
    Failed(String),
}

/// A Nash equilibrium in behaviour strategies.
#[derive(Clone, Debug, PartialEq)]
pub struct BehaviourEquilibrium {
    /// The two players, in actor order (one if only one decides).
    pub players: Vec<ActorIndex>,
    /// Every information set met, in the order the tree first meets them.
    pub sets: Vec<SetStrategy>,
    /// Every actor's expected payoff, indexed like the actors.
    pub payoffs: Vec<f64>,
    /// Each outcome's probability under the equilibrium.
    pub by_outcome: Vec<f64>,
    /// The probability of ending with no outcome (a dead end, the frontier).
    pub no_outcome: f64,
    /// For each player: how much better a best response would do (at most
    /// the tolerance; what the check measured).
    pub regret: Vec<f64>,
    /// Pivots Lemke's path took.
    pub n_pivots: usize,
    /// Sequences and information sets: the size of the problem.
    pub n_rows: usize,
}

/// One information set's part of a behaviour strategy.
#[derive(Clone, Debug, PartialEq)]
pub struct SetStrategy {
    /// Who moves there.
    pub actor: ActorIndex,
    /// Its situations, in tree order.
    pub situations: Vec<SituationId>,
    /// Its moves with their probabilities, in file order.
    pub moves: Vec<(MoveIndex, f64)>,
    /// How likely play reaches the set under the equilibrium.
    pub reach: f64,
    /// Whether the player's own earlier choices rule it out (then its
    /// probabilities are uniform: any choice there is as good).
    pub unreached_by_own_play: bool,
}

impl BehaviourEquilibrium {
    /// The probability of `move_` at `situation`, if the situation is a
    /// decision node of the tree.
    pub fn probability(&self, situation: SituationId, move_: MoveIndex) -> Option<f64> {
        self.sets
            .iter()
            .find(|s| s.situations.contains(&situation))
            .and_then(|s| s.moves.iter().find(|m| m.0 == move_).map(|m| m.1))
    }

    /// The set a situation belongs to.
    pub fn set_of(&self, situation: SituationId) -> Option<&SetStrategy> {
        self.sets.iter().find(|s| s.situations.contains(&situation))
    }

    /// Play under the equilibrium from any situation of the game's tree:
    /// the outcome probabilities with each actor's expected payoff, and
    /// the likeliest path (at each decision the likeliest move, the first
    /// on a tie; at chance the likeliest result), as the map and the
    /// outcomes panel draw rational play. A decision node in no set (not
    /// in the tree solved) plays its moves evenly. O(nodes below).
    pub fn play_from(
        &self,
        scenario: &Scenario,
        graph: &SituationGraph,
        from: SituationId,
    ) -> (super::OutcomeProbabilities, super::Path) {
        let judgements = Judgements::of(scenario);
        let n_actors = scenario.actors.len();
        let mut out = super::OutcomeProbabilities {
            by_outcome: vec![0.0; scenario.outcomes.len()],
            unresolved: 0.0,
            beyond_horizon: 0.0,
            dead_end: 0.0,
            expected_payoffs: vec![0.0; n_actors],
        };
        let index: FxHashMap<SituationId, usize> = self
            .sets
            .iter()
            .enumerate()
            .flat_map(|(k, s)| s.situations.iter().map(move |x| (*x, k)))
            .collect();
        let move_probability = |at: SituationId, m: MoveIndex, n_moves: usize| -> f64 {
            match index.get(&at) {
                Some(k) => self.sets[*k]
                    .moves
                    .iter()
                    .find(|x| x.0 == m)
                    .map_or(0.0, |x| x.1),
                None => 1.0 / n_moves.max(1) as f64,
            }
        };
        let mut stack = vec![(from, 1.0f64)];
        let mut budget = graph.n_situations() * 4 + 16;
        while let Some((at, p)) = stack.pop() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                out.unresolved += p;
                continue;
            }
            match graph.status(at) {
                Status::Outcome(o) => {
                    if let Some(x) = out.by_outcome.get_mut(o.index()) {
                        *x += p;
                    }
                    for (e, v) in out
                        .expected_payoffs
                        .iter_mut()
                        .zip(judgements.outcome_payoffs(o))
                    {
                        *e += p * v;
                    }
                    continue;
                }
                Status::DeadEnd => {
                    out.dead_end += p;
                    continue;
                }
                Status::Frontier(_) => {
                    out.unresolved += p;
                    continue;
                }
                Status::Open => {}
            }
            let moves = graph.moves(at);
            for s in graph.steps(at) {
                let step = graph.step(s);
                let q = move_probability(at, step.move_, moves.len())
                    * judgements.step_probability(step);
                if q > 0.0 {
                    stack.push((graph.target(s), p * q));
                }
            }
        }
        // The likeliest path.
        let mut steps = Vec::new();
        let mut at = from;
        let end = loop {
            match graph.status(at) {
                Status::Outcome(o) => break super::PathEnd::Outcome(o),
                Status::DeadEnd => break super::PathEnd::DeadEnd,
                Status::Frontier(_) => break super::PathEnd::Frontier,
                Status::Open => {}
            }
            if steps.len() > graph.n_situations() {
                break super::PathEnd::Horizon;
            }
            let moves = graph.moves(at);
            let mut pick: Option<(crate::engine::StepId, f64)> = None;
            for s in graph.steps(at) {
                let step = graph.step(s);
                let q = move_probability(at, step.move_, moves.len())
                    * judgements.step_probability(step);
                if pick.is_none_or(|(_, best)| q > best + 1e-12) {
                    pick = Some((s, q));
                }
            }
            let Some((s, q)) = pick else {
                break super::PathEnd::DeadEnd;
            };
            let step = graph.step(s);
            steps.push(super::PathStep {
                situation: at,
                step: s,
                actor: step.actor,
                move_: step.move_,
                result: step.result,
                probability: q,
                tied: Vec::new(),
                other_movers: Vec::new(),
            });
            at = graph.target(s);
        };
        (out, super::Path { steps, end })
    }
}

/// A node of the tree read off the graph.
#[derive(Clone, Debug)]
enum Node {
    /// Payoffs of the two players, of every actor, and the outcome met.
    Leaf([f64; 2], Vec<f64>, Option<OutcomeIndex>),
    /// Children with probabilities.
    Chance(Vec<(usize, f64)>),
    /// A player's decision: set index, a child per action of the set.
    Decision {
        player: usize,
        set: usize,
        children: Vec<usize>,
        situation: SituationId,
    },
}

/// Where one step of a move leads: the target, its probability, and
/// whether it is a chance result.
type Branch = (SituationId, f64, bool);

struct Tree {
    nodes: Vec<Node>,
    /// Per set: player, situations, actions.
    sets: Vec<(usize, Vec<SituationId>, Vec<MoveIndex>)>,
    players: Vec<ActorIndex>,
    n_actors: usize,
    n_outcomes: usize,
}

/// How payoffs spread over a tree: per leaf, the chance probability of
/// its path and each player's last own sequence.
struct Reach {
    /// Per node: (chance probability, sequence of player 0, of player 1).
    at: Vec<(f64, usize, usize)>,
}

/// Solves the game from `from` by the sequence form and Lemke's
/// algorithm. `information_sets` lists the sets of two or more nodes (each
/// one actor's situations); every other decision node is a set of its own.
/// See the module documentation for the method, the arithmetic and the
/// cost.
pub fn sequence_equilibrium(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    information_sets: &[Vec<SituationId>],
) -> Result<BehaviourEquilibrium, SequenceError> {
    let judgements = Judgements::of(scenario);
    let tree = read_tree(scenario, graph, from, information_sets, &judgements)?;
    solve_tree(scenario, &tree)
}

fn situations_text(s: &[SituationId]) -> String {
    let shown: Vec<String> = s.iter().take(4).map(ToString::to_string).collect();
    let mut text = shown.join(", ");
    if s.len() > 4 {
        text.push_str(&format!(" and {} more", s.len() - 4));
    }
    text
}

fn read_tree(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    information_sets: &[Vec<SituationId>],
    judgements: &Judgements,
) -> Result<Tree, SequenceError> {
    let n_actors = scenario.actors.len();
    let mut set_of: FxHashMap<SituationId, usize> = FxHashMap::default();
    for (k, set) in information_sets.iter().enumerate() {
        for s in set {
            set_of.insert(*s, k);
        }
    }
    // Given sets first (numbered as given), singletons after.
    let mut sets: Vec<(usize, Vec<SituationId>, Vec<MoveIndex>)> = Vec::new();
    let mut given_index: Vec<Option<usize>> = vec![None; information_sets.len()];
    let mut players: Vec<ActorIndex> = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut seen: FxHashMap<SituationId, ()> = FxHashMap::default();
    // Explicit stack: (situation, node slot to fill).
    nodes.push(Node::Chance(Vec::new()));
    let mut stack = vec![(from, 0usize)];
    while let Some((situation, slot)) = stack.pop() {
        if seen.insert(situation, ()).is_some() {
            return Err(SequenceError::NotATree(format!(
                "{situation} is reached along two paths"
            )));
        }
        let payoff_leaf = |p: &[f64]| {
            let mut all = vec![0.0; n_actors];
            for (a, v) in all.iter_mut().zip(p) {
                *a = *v;
            }
            all
        };
        match graph.status(situation) {
            Status::Outcome(o) => {
                nodes[slot] = Node::Leaf(
                    [0.0; 2],
                    payoff_leaf(judgements.outcome_payoffs(o)),
                    Some(o),
                );
                continue;
            }
            Status::DeadEnd | Status::Frontier(_) => {
                nodes[slot] = Node::Leaf([0.0; 2], vec![0.0; n_actors], None);
                continue;
            }
            Status::Open => {}
        }
        let steps: Vec<_> = graph.steps(situation).collect();
        if steps.is_empty() {
            nodes[slot] = Node::Leaf([0.0; 2], vec![0.0; n_actors], None);
            continue;
        }
        let actor = graph.step(steps[0]).actor;
        if steps.iter().any(|s| graph.step(*s).actor != actor) {
            return Err(SequenceError::NotATree(format!(
                "at {situation} several actors may move (a free turn)"
            )));
        }
        // Group the steps by move, in order.
        let mut moves: Vec<(MoveIndex, Vec<Branch>)> = Vec::new();
        for s in &steps {
            let step = graph.step(*s);
            if moves.last().map(|m| m.0) != Some(step.move_) {
                moves.push((step.move_, Vec::new()));
            }
            if let Some(last) = moves.last_mut() {
                last.1.push((
                    graph.target(*s),
                    judgements.step_probability(step),
                    step.result.is_some(),
                ));
            }
        }
        // One move with chance results only: a chance node.
        if moves.len() == 1 && moves[0].1.iter().all(|r| r.2) && !set_of.contains_key(&situation) {
            let mut children = Vec::new();
            let mut next = Vec::new();
            for (target, p, _) in &moves[0].1 {
                let k = nodes.len();
                nodes.push(Node::Chance(Vec::new()));
                children.push((k, *p));
                next.push((*target, k));
            }
            // Visit the first child first: preorder, as in the file.
            stack.extend(next.into_iter().rev());
            nodes[slot] = Node::Chance(children);
            continue;
        }
        let player = match players.iter().position(|p| *p == actor) {
            Some(p) => p,
            None => {
                players.push(actor);
                players.len() - 1
            }
        };
        if players.len() > 2 {
            // Count every actor that decides, for the message.
            let mut deciding: Vec<ActorIndex> = Vec::new();
            for id in graph.situations() {
                let mut movers: Vec<ActorIndex> = graph
                    .steps(id)
                    .map(|s| graph.step(s))
                    .filter(|st| st.result.is_none())
                    .map(|st| st.actor)
                    .collect();
                movers.dedup();
                for m in movers {
                    if !deciding.contains(&m) {
                        deciding.push(m);
                    }
                }
            }
            deciding.sort();
            let names: Vec<&str> = deciding
                .iter()
                .map(|a| scenario.actor(*a).name.as_str())
                .collect();
            return Err(SequenceError::TooManyPlayers {
                n: deciding.len().max(3),
                names: names.join(", "),
            });
        }
        let actions: Vec<MoveIndex> = moves.iter().map(|m| m.0).collect();
        let set = match set_of.get(&situation) {
            Some(&g) => match given_index[g] {
                Some(k) => {
                    let (p, members, acts) = &mut sets[k];
                    if *p != player {
                        return Err(SequenceError::UnequalSet {
                            at: situations_text(&information_sets[g]),
                            what: format!("{} moves at {situation}", scenario.actor(actor).name),
                        });
                    }
                    if *acts != actions {
                        let names = |m: &[MoveIndex]| {
                            m.iter()
                                .map(|m| scenario.move_(*m).label.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        return Err(SequenceError::UnequalSet {
                            at: situations_text(&information_sets[g]),
                            what: format!(
                                "{} has {}, {} has {}",
                                members[0],
                                names(acts),
                                situation,
                                names(&actions)
                            ),
                        });
                    }
                    members.push(situation);
                    k
                }
                None => {
                    sets.push((player, vec![situation], actions.clone()));
                    given_index[g] = Some(sets.len() - 1);
                    sets.len() - 1
                }
            },
            None => {
                sets.push((player, vec![situation], actions.clone()));
                sets.len() - 1
            }
        };
        let mut children = Vec::new();
        let mut next = Vec::new();
        for (_, results) in &moves {
            let k = nodes.len();
            nodes.push(Node::Chance(Vec::new()));
            children.push(k);
            if results.len() == 1 && !results[0].2 {
                next.push((results[0].0, k));
            } else {
                let mut sub = Vec::new();
                for (target, p, _) in results {
                    let c = nodes.len();
                    nodes.push(Node::Chance(Vec::new()));
                    sub.push((c, *p));
                    next.push((*target, c));
                }
                nodes[k] = Node::Chance(sub);
            }
        }
        stack.extend(next.into_iter().rev());
        nodes[slot] = Node::Decision {
            player,
            set,
            children,
            situation,
        };
    }
    // The two players' payoffs at the leaves.
    for node in &mut nodes {
        if let Node::Leaf(two, all, _) = node {
            for (p, actor) in players.iter().enumerate() {
                two[p] = all.get(actor.index()).copied().unwrap_or(0.0);
            }
        }
    }
    // Sets of the caller's that the tree never met with all their nodes
    // are fine: only the part met matters from here.
    Ok(Tree {
        nodes,
        sets,
        players,
        n_actors,
        n_outcomes: scenario.outcomes.len(),
    })
}

/// Sequence numbering of one player: sequence 0 is empty; per set, its
/// first sequence (one per action follows).
struct Sequences {
    /// Per set of this player (by global set index): first sequence id.
    first: FxHashMap<usize, usize>,
    /// Per set of this player: the sequence it follows (its parent).
    parent: FxHashMap<usize, usize>,
    /// Sets of this player in order; row k + 1 of E is the k-th.
    order: Vec<usize>,
    n: usize,
}

fn solve_tree(scenario: &Scenario, tree: &Tree) -> Result<BehaviourEquilibrium, SequenceError> {
    // Own histories: per node, each player's last sequence on the way.
    let n_nodes = tree.nodes.len();
    let mut seqs = [
        Sequences {
            first: FxHashMap::default(),
            parent: FxHashMap::default(),
            order: Vec::new(),
            n: 1,
        },
        Sequences {
            first: FxHashMap::default(),
            parent: FxHashMap::default(),
            order: Vec::new(),
            n: 1,
        },
    ];
    let mut reach = Reach {
        at: vec![(1.0, 0, 0); n_nodes],
    };
    // Nodes were pushed parents first, so a forward pass sees parents
    // before children.
    for k in 0..n_nodes {
        let (p, s0, s1) = reach.at[k];
        match &tree.nodes[k] {
            Node::Leaf(..) => {}
            Node::Chance(children) => {
                for (c, q) in children {
                    reach.at[*c] = (p * q, s0, s1);
                }
            }
            Node::Decision {
                player,
                set,
                children,
                situation,
            } => {
                let own = if *player == 0 { s0 } else { s1 };
                let sq = &mut seqs[*player];
                let first = match sq.first.get(set) {
                    Some(f) => {
                        let before = sq.parent.get(set).copied().unwrap_or(0);
                        if before != own {
                            return Err(no_recall(
                                scenario,
                                tree,
                                &seqs[*player],
                                *player,
                                tree.sets[*set].1[0],
                                *situation,
                                before,
                                own,
                            ));
                        }
                        *f
                    }
                    None => {
                        let f = sq.n;
                        sq.first.insert(*set, f);
                        sq.parent.insert(*set, own);
                        sq.order.push(*set);
                        sq.n += children.len();
                        f
                    }
                };
                for (a, c) in children.iter().enumerate() {
                    reach.at[*c] = if *player == 0 {
                        (p, first + a, s1)
                    } else {
                        (p, s0, first + a)
                    };
                }
            }
        }
    }

    let n1 = seqs[0].n;
    let n2 = seqs[1].n;
    let k1 = seqs[0].order.len() + 1;
    let k2 = seqs[1].order.len() + 1;
    let n = n1 + n2 + k1 + k2;
    let cols = 2 * n + 2;
    let bytes = (n as u64) * (cols as u64) * 8;
    let budget = memory_budget();
    if bytes > budget {
        return Err(SequenceError::TooLarge { n, bytes, budget });
    }

    // Costs: max + 1 - payoff, times the chance probability.
    let mut max_pay = f64::NEG_INFINITY;
    let mut min_pay = f64::INFINITY;
    for node in &tree.nodes {
        if let Node::Leaf(two, _, _) = node {
            for v in two {
                max_pay = max_pay.max(*v);
                min_pay = min_pay.min(*v);
            }
        }
    }
    if !max_pay.is_finite() {
        max_pay = 0.0;
        min_pay = 0.0;
    }
    let shift = max_pay + 1.0;
    let mut c1: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    let mut c2: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    for (k, node) in tree.nodes.iter().enumerate() {
        if let Node::Leaf(two, _, _) = node {
            let (p, s0, s1) = reach.at[k];
            if p > 0.0 {
                *c1.entry((s0, s1)).or_insert(0.0) += p * (shift - two[0]);
                *c2.entry((s0, s1)).or_insert(0.0) += p * (shift - two[1]);
            }
        }
    }

    // Variable layout: x (n1), y (n2), u (k1), v (k2). Row r holds
    // w_r = q_r + sum M[r][j] z_j + d_r z0.
    let ox = 0;
    let oy = n1;
    let ou = n1 + n2;
    let ov = n1 + n2 + k1;
    let mut m = vec![0.0f64; n * n];
    let at = |r: usize, c: usize| r * n + c;
    for (&(s0, s1), &c) in &c1 {
        m[at(ox + s0, oy + s1)] += c;
    }
    for (&(s0, s1), &c) in &c2 {
        m[at(oy + s1, ox + s0)] += c;
    }
    // E: row 0 is x_0 = 1; row k+1: sum of the set's actions - parent = 0.
    for (p, (o_seq, o_row)) in [(0usize, (ox, ou)), (1, (oy, ov))] {
        let sq = &seqs[p];
        // (row, column, coefficient) of E.
        let mut e: Vec<(usize, usize, f64)> = vec![(0, 0, 1.0)];
        for (k, set) in sq.order.iter().enumerate() {
            let first = sq.first.get(set).copied().unwrap_or(0);
            let parent = sq.parent.get(set).copied().unwrap_or(0);
            e.push((k + 1, parent, -1.0));
            for a in 0..tree.sets[*set].2.len() {
                e.push((k + 1, first + a, 1.0));
            }
        }
        for (row, col, coef) in e {
            // w_x = C y - E^T u; w_u = E x - e.
            m[at(o_seq + col, o_row + row)] -= coef;
            m[at(o_row + row, o_seq + col)] += coef;
        }
    }
    let mut q = vec![0.0; n];
    q[ou] = -1.0;
    q[ov] = -1.0;
    let mut d = vec![1.0; n];
    for r in 1..k1 {
        d[ou + r] = 0.0;
    }
    for r in 1..k2 {
        d[ov + r] = 0.0;
    }
    let free: Vec<bool> = (0..n).map(|j| j >= ou).collect();
    let (z, n_pivots) = lemke(n, &m, &q, &d, &free)?;

    // Behaviour strategies from the plans.
    let mut behaviour: Vec<Vec<f64>> = vec![Vec::new(); tree.sets.len()];
    let mut own_unreached = vec![false; tree.sets.len()];
    for (p, o_seq) in [(0usize, ox), (1, oy)] {
        let sq = &seqs[p];
        for set in &sq.order {
            let first = sq.first.get(set).copied().unwrap_or(0);
            let parent = sq.parent.get(set).copied().unwrap_or(0);
            let n_act = tree.sets[*set].2.len();
            let xs: Vec<f64> = (0..n_act).map(|a| z[o_seq + first + a].max(0.0)).collect();
            let total: f64 = xs.iter().sum();
            let parent_mass = z[o_seq + parent];
            behaviour[*set] = if total > 1e-12 && parent_mass > 1e-12 {
                xs.iter().map(|x| x / total).collect()
            } else {
                own_unreached[*set] = true;
                vec![1.0 / n_act.max(1) as f64; n_act]
            };
        }
    }

    // Verify: expected payoffs and best responses on the tree.
    let values = expected(tree, &behaviour);
    let scale = (max_pay - min_pay).abs().max(1.0);
    let mut regret = Vec::new();
    for p in 0..tree.players.len() {
        let best = best_response(tree, &behaviour, &reach, p);
        let gap = best - values.0[p];
        if gap > 1e-9 * scale {
            return Err(SequenceError::Failed(format!(
                "{} could gain {gap:e} by deviating; the floating-point pivots lost precision on this game",
                scenario.actor(tree.players[p]).name
            )));
        }
        regret.push(gap.max(0.0));
    }
    let reach_set = set_reach(tree, &behaviour);
    let sets = tree
        .sets
        .iter()
        .enumerate()
        .map(|(k, (player, situations, actions))| SetStrategy {
            actor: tree.players[*player],
            situations: situations.clone(),
            moves: actions
                .iter()
                .zip(&behaviour[k])
                .map(|(m, p)| (*m, *p))
                .collect(),
            reach: reach_set[k],
            unreached_by_own_play: own_unreached[k],
        })
        .collect();
    Ok(BehaviourEquilibrium {
        players: tree.players.clone(),
        sets,
        payoffs: values.1,
        by_outcome: values.2,
        no_outcome: values.3,
        regret,
        n_pivots,
        n_rows: n,
    })
}

#[allow(clippy::too_many_arguments)]
fn no_recall(
    scenario: &Scenario,
    tree: &Tree,
    sq: &Sequences,
    player: usize,
    first_at: SituationId,
    here: SituationId,
    before: usize,
    own: usize,
) -> SequenceError {
    let label = |seq: usize| -> String {
        if seq == 0 {
            return "no move of its own yet".to_owned();
        }
        for (set, first) in &sq.first {
            let acts = &tree.sets[*set].2;
            if seq >= *first && seq < first + acts.len() {
                let m = scenario.move_(acts[seq - first]);
                return format!("after {} at {}", m.label, tree.sets[*set].1[0]);
            }
        }
        "an earlier move".to_owned()
    };
    SequenceError::NoPerfectRecall {
        who: scenario.actor(tree.players[player]).name.clone(),
        at: format!("{first_at} and {here}"),
        first: label(before),
        second: label(own),
    }
}

/// Lemke's algorithm on `w = q + M z + d z0`, `z, w >= 0`, `z ⊥ w`, with
/// `free` variables unrestricted in sign (their rows of `w` must be zero).
/// Returns `z` and the number of pivots. Dense tableau, lexicographic
/// ratio test.
fn lemke(
    n: usize,
    m: &[f64],
    q: &[f64],
    d: &[f64],
    free: &[bool],
) -> Result<(Vec<f64>, usize), SequenceError> {
    // Columns: w (0..n), z (n..2n), z0 (2n), rhs (2n+1). Rows hold
    // I w - M z - d z0 = q.
    let cols = 2 * n + 2;
    let z0 = 2 * n;
    let rhs = 2 * n + 1;
    let mut t = vec![0.0f64; n * cols];
    for r in 0..n {
        t[r * cols + r] = 1.0;
        for c in 0..n {
            t[r * cols + n + c] = -m[r * n + c];
        }
        t[r * cols + z0] = -d[r];
        t[r * cols + rhs] = q[r];
    }
    let mut basis: Vec<usize> = (0..n).collect();
    // First pivot: z0 enters where q / d is most negative.
    let mut row = None;
    let mut most = 0.0;
    for r in 0..n {
        if q[r] < 0.0 && d[r] > 0.0 {
            let need = -q[r] / d[r];
            if need > most {
                most = need;
                row = Some(r);
            }
        }
    }
    let Some(mut r) = row else {
        // z = 0 solves it already (cannot happen here: E x = e needs x).
        return Ok((vec![0.0; n], 0));
    };
    let mut pivots = 0;
    pivot(&mut t, cols, r, z0);
    let mut leaving = basis[r];
    basis[r] = z0;
    pivots += 1;
    let max_pivots = 50 * n + 1000;
    let eps = 1e-11;
    loop {
        let entering = if leaving < n {
            leaving + n
        } else {
            leaving - n
        };
        // Ratio test over rows whose basic variable is sign-restricted.
        let mut best: Option<usize> = None;
        for i in 0..n {
            let b = basis[i];
            if b >= n && b < 2 * n && free[b - n] {
                continue;
            }
            let a = t[i * cols + entering];
            if a <= eps {
                continue;
            }
            best = Some(match best {
                None => i,
                Some(j) => {
                    if lex_less(&t, cols, n, i, j, entering, rhs) {
                        i
                    } else {
                        j
                    }
                }
            });
        }
        // Prefer z0 leaving on a tie in the ratio itself.
        if let Some(j) = best {
            let ratio = t[j * cols + rhs] / t[j * cols + entering];
            if let Some(iz) = basis.iter().position(|b| *b == z0) {
                let a = t[iz * cols + entering];
                if a > eps {
                    let rz = t[iz * cols + rhs] / a;
                    if (rz - ratio).abs() <= 1e-12 * (1.0 + ratio.abs()) {
                        best = Some(iz);
                    }
                }
            }
        }
        let Some(i) = best else {
            return Err(SequenceError::Failed(
                "the path ended on a ray (no pivot row)".to_owned(),
            ));
        };
        r = i;
        pivot(&mut t, cols, r, entering);
        leaving = basis[r];
        basis[r] = entering;
        pivots += 1;
        if leaving == z0 {
            break;
        }
        if pivots > max_pivots {
            return Err(SequenceError::Failed(format!(
                "no equilibrium after {pivots} pivots"
            )));
        }
    }
    let mut z = vec![0.0; n];
    for (i, b) in basis.iter().enumerate() {
        if *b >= n && *b < 2 * n {
            z[b - n] = t[i * cols + rhs];
        }
    }
    Ok((z, pivots))
}

/// Whether row `i` comes before row `j` in the lexicographic ratio test
/// for column `c`: compare (rhs, then the w columns) divided by the pivot
/// entry.
fn lex_less(t: &[f64], cols: usize, n: usize, i: usize, j: usize, c: usize, rhs: usize) -> bool {
    let ai = t[i * cols + c];
    let aj = t[j * cols + c];
    let key = |row: usize, a: f64, k: usize| t[row * cols + k] / a;
    let order = std::iter::once(rhs).chain(0..n);
    for k in order {
        let x = key(i, ai, k);
        let y = key(j, aj, k);
        let tol = 1e-12 * (1.0 + x.abs().max(y.abs()));
        if x < y - tol {
            return true;
        }
        if x > y + tol {
            return false;
        }
    }
    false
}

fn pivot(t: &mut [f64], cols: usize, r: usize, c: usize) {
    let p = t[r * cols + c];
    for k in 0..cols {
        t[r * cols + k] /= p;
    }
    let (before, rest) = t.split_at_mut(r * cols);
    let (prow, after) = rest.split_at_mut(cols);
    // The sequence form is sparse, and its tableau stays mostly so: update
    // only the pivot row's nonzero columns.
    let nonzero: Vec<usize> = (0..cols).filter(|k| prow[*k] != 0.0).collect();
    for row in before
        .chunks_exact_mut(cols)
        .chain(after.chunks_exact_mut(cols))
    {
        let f = row[c];
        if f != 0.0 {
            for &k in &nonzero {
                row[k] -= f * prow[k];
            }
            // Exactly zero in the pivot column, not a rounding residue.
            row[c] = 0.0;
        }
    }
}

/// Expected payoffs under a behaviour profile: (the two players', every
/// actor's).
fn expected(tree: &Tree, behaviour: &[Vec<f64>]) -> ([f64; 2], Vec<f64>, Vec<f64>, f64) {
    let mut two = [0.0; 2];
    let mut all = vec![0.0; tree.n_actors];
    let mut by_outcome = vec![0.0; tree.n_outcomes];
    let mut dead_end = 0.0;
    let mut stack = vec![(0usize, 1.0f64)];
    while let Some((k, p)) = stack.pop() {
        if p == 0.0 {
            continue;
        }
        match &tree.nodes[k] {
            Node::Leaf(v, a, o) => {
                match o {
                    Some(o) => {
                        if let Some(x) = by_outcome.get_mut(o.index()) {
                            *x += p;
                        }
                    }
                    None => dead_end += p,
                }
                two[0] += p * v[0];
                two[1] += p * v[1];
                for (x, y) in all.iter_mut().zip(a) {
                    *x += p * y;
                }
            }
            Node::Chance(children) => {
                for (c, q) in children {
                    stack.push((*c, p * q));
                }
            }
            Node::Decision { set, children, .. } => {
                for (c, q) in children.iter().zip(&behaviour[*set]) {
                    stack.push((*c, p * q));
                }
            }
        }
    }
    (two, all, by_outcome, dead_end)
}

/// How likely play reaches each set.
fn set_reach(tree: &Tree, behaviour: &[Vec<f64>]) -> Vec<f64> {
    let mut out = vec![0.0; tree.sets.len()];
    let mut stack = vec![(0usize, 1.0f64)];
    while let Some((k, p)) = stack.pop() {
        match &tree.nodes[k] {
            Node::Leaf(..) => {}
            Node::Chance(children) => {
                for (c, q) in children {
                    stack.push((*c, p * q));
                }
            }
            Node::Decision { set, children, .. } => {
                out[*set] += p;
                for (c, q) in children.iter().zip(&behaviour[*set]) {
                    stack.push((*c, p * q));
                }
            }
        }
    }
    out
}

/// The best a player can get against the other's behaviour: each of its
/// sets takes the action best for the weighted sum over the set's nodes
/// (weights: the chance and opponent probability of reaching each node),
/// its later sets decided first. With perfect recall a later set's choice
/// does not depend on earlier ones, so this is the best response's value.
fn best_response(tree: &Tree, behaviour: &[Vec<f64>], _reach: &Reach, player: usize) -> f64 {
    let n = tree.nodes.len();
    // Opponent-and-chance reach of each node.
    let mut weight = vec![0.0; n];
    weight[0] = 1.0;
    for k in 0..n {
        let w = weight[k];
        match &tree.nodes[k] {
            Node::Leaf(..) => {}
            Node::Chance(children) => {
                for (c, q) in children {
                    weight[*c] = w * q;
                }
            }
            Node::Decision {
                player: p,
                set,
                children,
                ..
            } => {
                for (a, c) in children.iter().enumerate() {
                    weight[*c] = if *p == player {
                        w
                    } else {
                        w * behaviour[*set][a]
                    };
                }
            }
        }
    }
    // Values bottom-up need each own set decided once all its nodes'
    // subtrees are valued. Sets deeper in the player's own history come
    // first: sort the player's sets by own depth, deepest first, and
    // value the tree repeatedly? Instead, value nodes in reverse order
    // (children were pushed after parents), deciding a set when the last
    // of its nodes is met. With perfect recall no node of a set lies
    // below another node of the same set, and every node below a set's
    // node that belongs to a later own set is decided from nodes below
    // the same action, so by the time the reverse pass reaches the first
    // (lowest index) node of a set... that is not guaranteed, so decide
    // lazily with memoised recursion instead.
    let mut value: Vec<Option<f64>> = vec![None; n];
    let mut decided: Vec<Option<usize>> = vec![None; tree.sets.len()];
    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (k, node) in tree.nodes.iter().enumerate() {
        if let Node::Decision { player: p, set, .. } = node
            && *p == player
        {
            members.entry(*set).or_default().push(k);
        }
    }
    node_value(
        0,
        tree,
        behaviour,
        player,
        &weight,
        &members,
        &mut value,
        &mut decided,
    )
}

/// The value to `player` of the subtree at `k`, unweighted (as if reached
/// with probability one by the others), under its best choices below.
#[allow(clippy::too_many_arguments)]
fn node_value(
    k: usize,
    tree: &Tree,
    behaviour: &[Vec<f64>],
    player: usize,
    weight: &[f64],
    members: &FxHashMap<usize, Vec<usize>>,
    value: &mut Vec<Option<f64>>,
    decided: &mut Vec<Option<usize>>,
) -> f64 {
    if let Some(v) = value[k] {
        return v;
    }
    let v = match &tree.nodes[k] {
        Node::Leaf(two, _, _) => two[player],
        Node::Chance(children) => {
            let mut s = 0.0;
            for (c, q) in children {
                s += q * node_value(*c, tree, behaviour, player, weight, members, value, decided);
            }
            s
        }
        Node::Decision {
            player: p,
            set,
            children,
            ..
        } if *p != player => {
            let mut s = 0.0;
            for (c, q) in children.iter().zip(&behaviour[*set]) {
                s += q * node_value(*c, tree, behaviour, player, weight, members, value, decided);
            }
            s
        }
        Node::Decision { set, children, .. } => {
            let a = match decided[*set] {
                Some(a) => a,
                None => {
                    let nodes = members.get(set).cloned().unwrap_or_default();
                    let mut best = (0usize, f64::NEG_INFINITY);
                    for a in 0..children.len() {
                        let mut s = 0.0;
                        for h in &nodes {
                            if let Node::Decision { children: ch, .. } = &tree.nodes[*h] {
                                let c = ch[a];
                                s += weight[*h]
                                    * node_value(
                                        c, tree, behaviour, player, weight, members, value, decided,
                                    );
                            }
                        }
                        if s > best.1 {
                            best = (a, s);
                        }
                    }
                    decided[*set] = Some(best.0);
                    best.0
                }
            };
            node_value(
                children[a],
                tree,
                behaviour,
                player,
                weight,
                members,
                value,
                decided,
            )
        }
    };
    value[k] = Some(v);
    v
}
