//! From a parsed Gambit game tree to what the rest of demarche works on: a
//! [`Scenario`] (players as actors, chance as one more actor, actions as
//! moves, terminal payoffs as outcomes) and its [`SituationGraph`] built
//! directly from the tree, one situation per node, with no expansion.
//!
//! See the module documentation of [`super`] for the mapping. Building is
//! linear in the nodes: a few table look-ups per node, most of them in
//! arrays.

use std::fmt::Write;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use thiserror::Error;

use super::names::Ids;
use super::parse::{ActionList, End, Kind, NONE, Tree};
use crate::engine::{
    Budget, InformationSet, SituationGraph, SituationId, Status, Step, Turn, current_budget,
    format_bytes, graph_bytes, memory_granted,
};
use crate::model::{
    ACTOR_PALETTE, Actor, ActorIndex, ChanceResult, Condition, Diagnostic, Diagnostics, Domain,
    Limits, Move, MoveIndex, Origin, Outcome, OutcomeIndex, ResultIndex, Scenario, Severity,
    TurnRule, Variable,
};

/// A game read and built.
pub(super) struct Built {
    pub scenario: Scenario,
    pub graph: SituationGraph,
    pub information_sets: Vec<InformationSet>,
    /// Named sets of one node, in a game with information sets.
    pub named_singletons: Vec<InformationSet>,
    /// Things the user should know about how the game was read.
    pub notes: Vec<String>,
}

/// Why a game read from a file could not be built, or read.
#[derive(Debug, Error)]
pub enum EfgError {
    /// Errors in the text, each at its line and column.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// The game is well formed, but its graph would not fit in memory: a
    /// problem of the whole file, at no line of it.
    #[error("{0}")]
    TooLarge(GameTooLarge),
}

impl From<Diagnostics> for EfgError {
    fn from(diagnostics: Diagnostics) -> EfgError {
        EfgError::Invalid(diagnostics)
    }
}

/// A game whose situation graph would pass the memory budget, or whose
/// memory the system refused, found before the graph is built.
#[derive(Clone, Copy, Debug, Error)]
#[error("{}", self.problem())]
pub struct GameTooLarge {
    /// The game's nodes, one situation each.
    pub nodes: usize,
    /// The bytes its graph would hold.
    pub need: u64,
    /// The budget it was checked against, and where that comes from.
    pub budget: Budget,
    /// Whether the system refused the memory (rather than the graph
    /// being larger than the budget).
    pub refused: bool,
}

impl GameTooLarge {
    fn problem(&self) -> String {
        let GameTooLarge {
            nodes,
            need,
            budget,
            refused,
        } = *self;
        if refused {
            format!(
                "not enough memory to build the game: the system refused the {} its {nodes} nodes need, under {}; open a smaller game, or give demarche more memory",
                format_bytes(need),
                budget.limit
            )
        } else {
            format!(
                "not enough memory to build the game: its {nodes} nodes would need about {}, more than {}, past {}; open a smaller game, or give demarche more memory",
                format_bytes(need),
                format_bytes(budget.bytes),
                budget.limit
            )
        }
    }
}

/// Builds the scenario and graph of a parsed tree. `file` names the file
/// in messages and gives the scenario's id. The tree's ends are taken
/// (their names and payoffs become the outcomes'); the rest is only read.
pub(super) fn build(tree: &mut Tree<'_>, file: &str) -> Result<Built, EfgError> {
    let (ends, outcome_of_end) = outcome_table(tree);
    let tree: &Tree<'_> = tree;
    let fail = |at: usize, message: String| {
        EfgError::Invalid(Diagnostics(vec![Diagnostic::at(
            Severity::Error,
            file,
            tree.text,
            at..at + 1,
            message,
        )]))
    };
    let mut notes = Vec::new();
    if ends.len() > OutcomeIndex::MAX_COUNT {
        return Err(fail(
            0,
            format!(
                "the game has {} distinct payoff vectors at its terminal nodes; demarche holds at most {} outcomes",
                ends.len(),
                OutcomeIndex::MAX_COUNT
            ),
        ));
    }
    if let Some(n_named) = outcome_of_end.merged_from {
        notes.push(format!(
            "the game's terminal nodes have {} distinct named outcomes, more than demarche's {}, so outcomes with equal payoffs are one outcome ({} in all)",
            n_named,
            OutcomeIndex::MAX_COUNT,
            ends.len()
        ));
    }

    let n_players = tree.players.len();
    let mut actor_ids = Ids::default();
    let mut actors: Vec<Actor> = tree
        .players
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = if name.trim().is_empty() {
                format!("Player {}", i + 1)
            } else {
                name.clone()
            };
            let fallback = format!("player_{}", i + 1);
            // Keep "chance" free for the chance player.
            let id = actor_ids.unique_from(
                &super::names::slug(&name)
                    .filter(|s| s != Actor::CHANCE_ID)
                    .unwrap_or(fallback.clone()),
                &[fallback],
            );
            Actor {
                id,
                name,
                description: format!("Player {} of the Gambit game", i + 1),
                colour: ACTOR_PALETTE[i % ACTOR_PALETTE.len()],
            }
        })
        .collect();
    let chance_actor = tree.has_chance.then(|| {
        actors.push(Actor {
            id: Actor::CHANCE_ID.to_owned(),
            name: "Chance".to_owned(),
            description: "Gambit's chance player: picks each action with its probability"
                .to_owned(),
            colour: [120, 120, 120],
        });
        ActorIndex(n_players as u16)
    });
    let n_actors = actors.len();

    // Lists equal in value (written differently) are one list.
    let mut canonical: Vec<u32> = Vec::with_capacity(tree.lists.len());
    let mut by_value: FxHashMap<(Vec<String>, Vec<u64>), u32> = FxHashMap::default();
    for (i, list) in tree.lists.iter().enumerate() {
        let key = (
            list.labels.clone(),
            list.probabilities.iter().map(|p| p.to_bits()).collect(),
        );
        canonical.push(*by_value.entry(key).or_insert(i as u32));
    }

    let mut moves: Vec<Move> = Vec::new();
    let mut move_ids = Ids::default();
    // Personal moves by (player, label), and each (player, list)'s moves.
    let mut personal: FxHashMap<(u32, String), MoveIndex> = FxHashMap::default();
    let mut tables: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut move_table: Vec<MoveIndex> = Vec::new();
    let mut chance_moves: FxHashMap<(String, u32), MoveIndex> = FxHashMap::default();
    // Per information set: for a player, where its moves start in
    // `move_table`; for chance, its move.
    let mut infoset_moves: Vec<u32> = Vec::with_capacity(tree.infosets.len());
    let mut last: Option<((u32, u32), u32)> = None;
    for set in &tree.infosets {
        let list_id = canonical
            .get(set.actions as usize)
            .copied()
            .unwrap_or(set.actions);
        let Some(list) = tree.lists.get(list_id as usize) else {
            infoset_moves.push(0);
            continue;
        };
        if set.player == 0 {
            let Some(chance) = chance_actor else {
                infoset_moves.push(0);
                continue;
            };
            let name = set.name.text(tree.text).into_owned();
            let key = (name, list_id);
            let index = match chance_moves.get(&key) {
                Some(m) => *m,
                None => {
                    let m = MoveIndex(moves.len() as u32);
                    moves.push(chance_move(&key.0, list, chance, &mut move_ids));
                    chance_moves.insert(key, m);
                    m
                }
            };
            infoset_moves.push(index.0);
            continue;
        }
        let key = (set.player, list_id);
        if let Some((k, start)) = last
            && k == key
        {
            infoset_moves.push(start);
            continue;
        }
        let start = match tables.get(&key) {
            Some(start) => *start,
            None => {
                let start = move_table.len() as u32;
                let actor = ActorIndex((set.player - 1) as u16);
                for label in effective_labels(&list.labels, "Action") {
                    let m = *personal
                        .entry((set.player, label.clone()))
                        .or_insert_with(|| {
                            let index = MoveIndex(moves.len() as u32);
                            let actor_id = &actors[actor.index()].id;
                            let base =
                                super::names::slug(&label).unwrap_or_else(|| "move".to_owned());
                            let id = move_ids.unique_from(&base, &[format!("{base}_{actor_id}")]);
                            moves.push(plain_move(id, actor, label));
                            index
                        });
                    move_table.push(m);
                }
                tables.insert(key, start);
                start
            }
        };
        last = Some((key, start));
        infoset_moves.push(start);
    }

    let mut outcome_ids = Ids::default();
    let mut fallback = String::new();
    let outcomes: Vec<Outcome> = ends
        .into_iter()
        .enumerate()
        .map(|(i, end)| {
            fallback.clear();
            let _ = write!(fallback, "outcome_{}", i + 1);
            let id = outcome_ids.unique(&end.name, &fallback);
            let label = if end.name.trim().is_empty() {
                payoff_label(&end.payoffs)
            } else {
                end.name
            };
            let mut payoffs = end.payoffs;
            payoffs.resize(n_actors, 0.0);
            Outcome {
                id,
                label,
                description: String::new(),
                when_text: String::new(),
                when: Condition::Constant(false),
                payoffs,
                citations: Vec::new(),
            }
        })
        .collect();

    let n = tree.nodes.len();
    let root_turn = tree.nodes.first().map_or(Turn::Anyone, |root| {
        turn_of(tree, root.kind, root.info, chance_actor)
    });
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let max_depth = tree.nodes.iter().map(|n| n.depth).max().unwrap_or(0).max(1);
    let scenario = Scenario {
        id: super::names::slug(&stem).unwrap_or_else(|| "game".to_owned()),
        title: if tree.title.trim().is_empty() {
            stem.clone()
        } else {
            tree.title.clone()
        },
        summary: tree.comment.clone(),
        as_of: String::new(),
        sources: Vec::new(),
        actors,
        variables: vec![Variable {
            id: "node".to_owned(),
            label: "Gambit node".to_owned(),
            description: "The node's place in the .efg file, counting from 1 in file order"
                .to_owned(),
            domain: Domain::Integer {
                min: 1,
                max: n as i64,
            },
            initial: 1,
            level_labels: Vec::new(),
        }],
        moves,
        outcomes,
        source_forecasts: Vec::new(),
        turns: TurnRule::ByMove {
            first: match root_turn {
                Turn::Actor(a) => a,
                Turn::Anyone => ActorIndex(0),
            },
        },
        opening: String::new(),
        limits: Limits {
            max_depth,
            max_situations: n as u64,
        },
        priorities: vec![Vec::new(); n_actors],
        conflict: None,
        teaching: Default::default(),
        origin: Origin {
            file: file.to_owned(),
            text: Arc::from(""),
            spans: Arc::default(),
        },
    };

    // The graph is built with the engine's own (infallible) tables, so
    // its size is checked against the budget, and asked of the system,
    // before it is built.
    let need = graph_bytes(n as u64, n.saturating_sub(1) as u64);
    let budget = current_budget();
    let too_large = |refused| {
        EfgError::TooLarge(GameTooLarge {
            nodes: n,
            need,
            budget,
            refused,
        })
    };
    if need > budget.bytes {
        return Err(too_large(false));
    }
    if !memory_granted(need) {
        return Err(too_large(true));
    }
    let internal = |e: crate::engine::ExplicitGraphError| {
        fail(0, format!("internal error building the graph: {e}"))
    };
    let mut given = SituationGraph::explicit(&scenario, n, n.saturating_sub(1));
    for (i, node) in tree.nodes.iter().enumerate() {
        let status = match node.kind {
            Kind::Terminal if node.info == NONE => Status::DeadEnd,
            Kind::Terminal => Status::Outcome(OutcomeIndex(outcome_of_end.of(node.info))),
            _ => Status::Open,
        };
        let turn = turn_of(tree, node.kind, node.info, chance_actor);
        given
            .add_situation(&scenario, &[i as i64 + 1], turn, node.depth, status)
            .map_err(internal)?;
    }
    let mut steps: Vec<(SituationId, Step)> = Vec::new();
    for (i, node) in tree.nodes.iter().enumerate() {
        if node.kind == Kind::Terminal {
            continue;
        }
        let Some(set) = tree.infosets.get(node.info as usize) else {
            continue;
        };
        let list_id = canonical
            .get(set.actions as usize)
            .copied()
            .unwrap_or(set.actions);
        let Some(list) = tree.lists.get(list_id as usize) else {
            continue;
        };
        let at = infoset_moves.get(node.info as usize).copied().unwrap_or(0);
        steps.clear();
        let mut child = i as u32 + 1;
        for k in 0..list.labels.len() {
            let step = if node.kind == Kind::Chance {
                Step {
                    actor: chance_actor.unwrap_or(ActorIndex(0)),
                    move_: MoveIndex(at),
                    result: Some(ResultIndex(k as u16)),
                    probability: list.probabilities.get(k).copied().unwrap_or(0.0),
                }
            } else {
                Step {
                    actor: ActorIndex((set.player - 1) as u16),
                    move_: move_table
                        .get(at as usize + k)
                        .copied()
                        .unwrap_or(MoveIndex(0)),
                    result: None,
                    probability: 1.0,
                }
            };
            steps.push((SituationId(child), step));
            // The next child starts where this one's subtree ends (not
            // looked up after the last: that node may be far away).
            if k + 1 < list.labels.len() {
                child = tree.nodes.get(child as usize).map_or(NONE, |c| c.end);
            }
        }
        given
            .set_steps(&scenario, SituationId(i as u32), &steps)
            .map_err(internal)?;
    }
    let graph = given.finish().map_err(internal)?;
    let (information_sets, named_singletons) = information_sets(tree);
    Ok(Built {
        scenario,
        graph,
        information_sets,
        named_singletons,
        notes,
    })
}

/// Which outcome each end of the tree is.
struct OutcomeOfEnd {
    /// Per end, when ends were merged; empty when each end is its own
    /// outcome, as it is unless there are more than an outcome index holds.
    merged: Vec<u32>,
    /// How many distinct named ends there were, when they were merged.
    merged_from: Option<usize>,
}

impl OutcomeOfEnd {
    fn of(&self, end: u32) -> u32 {
        if self.merged_from.is_none() {
            return end;
        }
        self.merged.get(end as usize).copied().unwrap_or(0)
    }
}

/// The outcomes: one per distinct (name, payoffs) end, taken from the
/// tree; or, when there are more of those than an outcome index holds, one
/// per distinct payoffs (named by its first end's name when all its ends
/// share it). Returns them with each end's outcome.
fn outcome_table(tree: &mut Tree<'_>) -> (Vec<End>, OutcomeOfEnd) {
    if tree.ends.len() <= OutcomeIndex::MAX_COUNT {
        let identity = OutcomeOfEnd {
            merged: Vec::new(),
            merged_from: None,
        };
        return (std::mem::take(&mut tree.ends), identity);
    }
    let mut groups: Vec<End> = Vec::new();
    let mut by_payoffs: FxHashMap<Vec<u64>, usize> = FxHashMap::default();
    let mut of_end = Vec::with_capacity(tree.ends.len());
    for end in &tree.ends {
        let bits = end.payoffs.iter().map(|x| (x + 0.0).to_bits()).collect();
        let k = *by_payoffs.entry(bits).or_insert_with(|| {
            groups.push(end.clone());
            groups.len() - 1
        });
        if let Some(group) = groups.get_mut(k)
            && group.name != end.name
        {
            group.name.clear();
        }
        of_end.push(u32::try_from(k).unwrap_or(u32::MAX));
    }
    let merged = OutcomeOfEnd {
        merged: of_end,
        merged_from: Some(tree.ends.len()),
    };
    (groups, merged)
}

fn turn_of(tree: &Tree<'_>, kind: Kind, info: u32, chance: Option<ActorIndex>) -> Turn {
    match kind {
        Kind::Terminal => Turn::Anyone,
        Kind::Chance => chance.map_or(Turn::Anyone, Turn::Actor),
        Kind::Personal => tree.infosets.get(info as usize).map_or(Turn::Anyone, |s| {
            Turn::Actor(ActorIndex((s.player - 1) as u16))
        }),
    }
}

/// Labels made usable as move or result labels: an empty one becomes
/// "`word` k", a repeated one gets " (k)" (k counting from 1).
fn effective_labels(labels: &[String], word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(labels.len());
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    for (k, label) in labels.iter().enumerate() {
        let mut label = if label.trim().is_empty() {
            format!("{word} {}", k + 1)
        } else {
            label.clone()
        };
        if seen.contains(&label) {
            label = format!("{label} ({})", k + 1);
        }
        seen.insert(label.clone());
        out.push(label);
    }
    out
}

/// A move with no chance results.
fn plain_move(id: String, actor: ActorIndex, label: String) -> Move {
    Move {
        id,
        actor,
        label,
        description: String::new(),
        when_text: String::new(),
        when: Condition::Constant(false),
        effects: Vec::new(),
        narrative: String::new(),
        citations: Vec::new(),
        next: None,
        results: Vec::new(),
        likelihood: None,
    }
}

/// The chance player's one move at an event, its actions as results.
fn chance_move(name: &str, list: &ActionList, actor: ActorIndex, ids: &mut Ids) -> Move {
    let label = if name.trim().is_empty() {
        "Chance".to_owned()
    } else {
        name.to_owned()
    };
    let mut result_ids = Ids::default();
    let results = effective_labels(&list.labels, "Result")
        .into_iter()
        .enumerate()
        .map(|(k, label)| ChanceResult {
            id: result_ids.unique(&label, &format!("result_{}", k + 1)),
            label,
            probability: list.probabilities.get(k).copied().unwrap_or(0.0),
            likelihood: None,
            effects: Vec::new(),
            narrative: String::new(),
            citations: Vec::new(),
            next: None,
        })
        .collect();
    let mut m = plain_move(ids.unique(name, Actor::CHANCE_ID), actor, label);
    m.results = results;
    m
}

/// `Payoffs 3, 0` for an outcome without a name, written in one string
/// (a game may have an outcome per leaf).
fn payoff_label(payoffs: &[f64]) -> String {
    let mut label = String::with_capacity(8 + 6 * payoffs.len());
    label.push_str("Payoffs ");
    for (k, x) in payoffs.iter().enumerate() {
        if k > 0 {
            label.push_str(", ");
        }
        let x = x + 0.0;
        // A whole number as an integer: the same text as a float's
        // (`3`, not `3.0`), without the float's shortest-digits search.
        if x.fract() == 0.0 && x.abs() < 1e15 {
            let _ = write!(label, "{}", x as i64);
        } else {
            let _ = write!(label, "{x}");
        }
    }
    label
}

/// The information sets of players with two or more nodes, with their
/// situations and lines; and, in a game that has such sets (solved by the
/// sequence form, whose answer names each set), the sets of one node that
/// have a name. O(nodes + length of the text).
fn information_sets(tree: &Tree<'_>) -> (Vec<InformationSet>, Vec<InformationSet>) {
    let mut index_of: FxHashMap<u32, usize> = FxHashMap::default();
    let mut out: Vec<InformationSet> = Vec::new();
    let with_sets = tree
        .infosets
        .iter()
        .any(|set| set.player != 0 && set.n_nodes >= 2);
    for (i, set) in tree.infosets.iter().enumerate() {
        let named_singleton = with_sets && set.n_nodes == 1 && !set.name.text(tree.text).is_empty();
        if set.player == 0 || (set.n_nodes < 2 && !named_singleton) {
            continue;
        }
        index_of.insert(i as u32, out.len());
        out.push(InformationSet {
            actor: ActorIndex((set.player - 1) as u16),
            number: set.number,
            name: set.name.text(tree.text).into_owned(),
            situations: Vec::new(),
            lines: Vec::new(),
        });
    }
    if out.is_empty() {
        return (out, Vec::new());
    }
    let bytes = tree.text.as_bytes();
    let (mut line, mut scanned) = (1usize, 0usize);
    for (i, node) in tree.nodes.iter().enumerate() {
        if node.kind != Kind::Personal {
            continue;
        }
        let Some(&k) = index_of.get(&node.info) else {
            continue;
        };
        let at = (node.at as usize).min(bytes.len());
        line += bytes[scanned..at].iter().filter(|b| **b == b'\n').count();
        scanned = at;
        if let Some(set) = out.get_mut(k) {
            set.situations.push(SituationId(i as u32));
            set.lines.push(line);
        }
    }
    out.into_iter().partition(|set| set.situations.len() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_made_usable() {
        let labels = ["".to_owned(), "a".to_owned(), "a".to_owned()];
        assert_eq!(
            effective_labels(&labels, "Action"),
            ["Action 1", "a", "a (3)"]
        );
        assert_eq!(payoff_label(&[3.0, -0.0, 0.5]), "Payoffs 3, 0, 0.5");
        assert_eq!(
            payoff_label(&[-7.0, 1e14, 1e15, 2.5e-3, -123456789.0]),
            "Payoffs -7, 100000000000000, 1000000000000000, 0.0025, -123456789"
        );
    }
}
