//! The game tree read off the situation graph for the sequence form: decision
//! nodes grouped into information sets, chance nodes, leaves with payoffs.

use rustc_hash::FxHashMap;

use super::{SequenceError, situations_text};
use crate::analysis::judgements::Judgements;
use crate::engine::{SituationGraph, SituationId, Status};
use crate::model::{ActorIndex, MoveIndex, OutcomeIndex, Scenario};

/// A node of the tree read off the graph.
#[derive(Clone, Debug)]
pub(super) enum Node {
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

pub(super) struct Tree {
    pub(super) nodes: Vec<Node>,
    /// Per set: player, situations, actions.
    pub(super) sets: Vec<(usize, Vec<SituationId>, Vec<MoveIndex>)>,
    pub(super) players: Vec<ActorIndex>,
    pub(super) n_actors: usize,
    pub(super) n_outcomes: usize,
}

/// How payoffs spread over a tree: per leaf, the chance probability of
/// its path and each player's last own sequence.
pub(super) struct Reach {
    /// Per node: (chance probability, sequence of player 0, of player 1).
    pub(super) at: Vec<(f64, usize, usize)>,
}

pub(super) fn read_tree(
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
