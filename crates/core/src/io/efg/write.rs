//! Writing a scenario's unfolding as a Gambit `.efg` game tree.
//!
//! The graph may merge and cycle; a game tree may not. So the tree is the
//! unfolding from the start that analysis solves (see [`crate::analysis`]):
//! every path is followed, a situation reached along two paths is written
//! twice, and where a cycle can still be reached moves are counted and a
//! path is cut after `limits.max_depth` of them. Each written node is one
//! of:
//!
//! - an outcome: a terminal node with the outcome (numbered from 1 in the
//!   order outcomes are first written, with its label and every player's
//!   payoff);
//! - a dead end, the frontier or a cut: a terminal node with no outcome
//!   (every payoff 0, as analysis counts them), its name saying why, e.g.
//!   `s12: frontier (depth limit)`;
//! - a situation where one actor moves: a personal node with the actor's
//!   moves as actions, in file order, each in an information set of its own
//!   (perfect information) unless the graph came from a `.efg` file whose
//!   information set holds it; a move with chance results leads to a chance
//!   node with the results and their probabilities;
//! - a free turn (anyone may move): a chance node "Who moves" picking each
//!   actor with an available move with equal probability (as analysis
//!   does), then that actor's personal node;
//! - a move of the actor with id `chance` (Gambit's chance player when a
//!   game was read from a `.efg`): a chance node, when that actor has no
//!   payoffs and exactly one move wherever it moves; otherwise it is an
//!   ordinary player.
//!
//! Nodes keep the names a game file gave them; the others are named after
//! their situation (`s4`) so the file can be read beside `demarche tree`.
//! Numbers are written exactly (the shortest decimal that reads back as the
//! same number). Cost: linear in the written tree, which is refused beyond
//! [`MAX_EXPORT_NODES`] nodes.

use std::collections::VecDeque;
use std::fmt::Write;

use rustc_hash::FxHashMap;

use crate::engine::{
    FrontierReason, InformationSet, SituationGraph, SituationId, SituationNames, Status, Turn,
};
use crate::io::GameFile;
use crate::model::{Actor, ActorIndex, MoveIndex, Scenario};

/// The most nodes an exported tree may have.
pub const MAX_EXPORT_NODES: usize = 5_000_000;

/// The longest exported text, in bytes: every node repeats its move's
/// labels, so long labels can make a tree of few nodes far too long to
/// hold (the fuzzer found a 300 kB label growing past 1.7 GB).
pub const MAX_EXPORT_BYTES: usize = 512 << 20;

/// Why a scenario could not be written as a `.efg` file.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EfgExportError {
    /// The unfolding is too large to write.
    #[error(
        "the game tree (the unfolding from the start) has more than {limit} nodes; lower limits.max_depth, or export a smaller scenario"
    )]
    TooLarge { limit: usize },
    /// The text would be too long to hold.
    #[error(
        "the game tree as text would be longer than {}; shorten the labels, lower limits.max_depth, or export a smaller scenario",
        crate::engine::format_bytes(*.limit_bytes as u64)
    )]
    TooLong { limit_bytes: usize },
    /// A payoff or probability is not a finite number.
    #[error("{what} is not a finite number")]
    NotFinite { what: String },
}

/// The scenario's unfolding from the start as `.efg` text (see
/// [`crate::io::efg`] for what is written). `information_sets` are those of
/// a game read from a `.efg` (empty otherwise), so its imperfect
/// information survives. Linear in the written tree.
pub fn scenario_to_efg(
    scenario: &Scenario,
    graph: &SituationGraph,
    game: GameFile<'_>,
) -> Result<String, EfgExportError> {
    scenario_to_efg_within(scenario, graph, game, MAX_EXPORT_NODES)
}

/// Like [`scenario_to_efg`], refusing trees of more than `max_nodes` nodes
/// and text longer than [`MAX_EXPORT_BYTES`] or a quarter of the memory
/// budget.
pub fn scenario_to_efg_within(
    scenario: &Scenario,
    graph: &SituationGraph,
    game: GameFile<'_>,
    max_nodes: usize,
) -> Result<String, EfgExportError> {
    // The text, while it doubles, takes up to twice its length: keep it
    // within the memory budget too.
    let budget = usize::try_from(crate::engine::memory_budget() / 4).unwrap_or(usize::MAX);
    scenario_to_efg_limited(
        scenario,
        graph,
        game,
        max_nodes,
        MAX_EXPORT_BYTES.min(budget),
    )
}

/// Like [`scenario_to_efg_within`], refusing text longer than `max_bytes`.
fn scenario_to_efg_limited(
    scenario: &Scenario,
    graph: &SituationGraph,
    game: GameFile<'_>,
    max_nodes: usize,
    max_bytes: usize,
) -> Result<String, EfgExportError> {
    let information_sets = game.information_sets;
    let nature = nature_actor(scenario, graph);
    let mut player_of = vec![0u32; scenario.actors.len()];
    let mut players = Vec::new();
    for (i, number) in player_of.iter_mut().enumerate() {
        if Some(ActorIndex(i as u16)) != nature {
            players.push(i);
            *number = players.len() as u32;
        }
    }
    let mut set_of: FxHashMap<SituationId, usize> = FxHashMap::default();
    for (k, set) in information_sets.iter().enumerate() {
        for s in &set.situations {
            set_of.insert(*s, k);
        }
    }
    let mut writer = Writer {
        scenario,
        graph,
        names: game.names,
        out: String::new(),
        nature,
        player_of,
        players,
        information_sets,
        set_of,
        set_number: FxHashMap::default(),
        outcome_number: FxHashMap::default(),
        outcome_text: Vec::new(),
        next_infoset: vec![0; scenario.actors.len()],
        next_event: 0,
        n_nodes: 0,
        max_nodes,
        max_bytes,
        cyclic: reaches_cycle(graph),
    };
    writer.header();
    writer.tree()?;
    Ok(writer.out)
}

/// The actor written as Gambit's chance player: the one with id `chance`,
/// if it has no payoffs and exactly one move wherever it moves.
fn nature_actor(scenario: &Scenario, graph: &SituationGraph) -> Option<ActorIndex> {
    let a = scenario.actor_by_id(Actor::CHANCE_ID)?;
    let no_payoffs = scenario
        .outcomes
        .iter()
        .all(|o| o.payoffs.get(a.index()).is_none_or(|p| *p == 0.0));
    let one_move = graph.situations().all(|s| {
        let mut moves = graph
            .steps(s)
            .filter(|st| graph.step(*st).actor == a)
            .map(|st| graph.step(st).move_);
        match moves.next() {
            None => true,
            Some(first) => moves.all(|m| m == first),
        }
    });
    (no_payoffs && one_move).then_some(a)
}

/// For every situation, whether a cycle can be reached from it: the
/// situations not removed by repeatedly removing those whose steps all
/// lead to removed ones. O(situations + steps).
fn reaches_cycle(graph: &SituationGraph) -> Vec<bool> {
    let n = graph.n_situations();
    let mut out_degree: Vec<u32> = graph
        .situations()
        .map(|s| graph.steps(s).len() as u32)
        .collect();
    // Steps into each situation, by source, as one array.
    let mut first_in = vec![0u32; n + 1];
    for s in graph.situations() {
        for st in graph.steps(s) {
            first_in[graph.target(st).index() + 1] += 1;
        }
    }
    for i in 0..n {
        first_in[i + 1] += first_in[i];
    }
    let mut fill = first_in.clone();
    let mut sources = vec![0u32; graph.n_steps()];
    for s in graph.situations() {
        for st in graph.steps(s) {
            let t = graph.target(st).index();
            sources[fill[t] as usize] = s.0;
            fill[t] += 1;
        }
    }
    let mut finite = vec![false; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|i| out_degree[*i] == 0).collect();
    for &i in &queue {
        finite[i] = true;
    }
    while let Some(t) = queue.pop_front() {
        for &s in &sources[first_in[t] as usize..first_in[t + 1] as usize] {
            let s = s as usize;
            out_degree[s] -= 1;
            if out_degree[s] == 0 && !finite[s] {
                finite[s] = true;
                queue.push_back(s);
            }
        }
    }
    finite.into_iter().map(|f| !f).collect()
}

/// A node still to write.
#[derive(Clone, Copy, Debug)]
enum Item {
    /// A situation, with the moves left where a cycle can be reached.
    Situation { id: SituationId, left: u32 },
    /// One actor's choice in a situation.
    Mover {
        id: SituationId,
        actor: ActorIndex,
        left: u32,
    },
    /// The chance results of a move taken in a situation.
    Results {
        id: SituationId,
        move_: MoveIndex,
        left: u32,
    },
}

struct Writer<'a> {
    scenario: &'a Scenario,
    graph: &'a SituationGraph,
    /// The names a game file gave its nodes.
    names: Option<&'a SituationNames>,
    out: String,
    nature: Option<ActorIndex>,
    /// Per actor: its player number from 1 (0 for nature).
    player_of: Vec<u32>,
    /// The actors written as players, in order.
    players: Vec<usize>,
    information_sets: &'a [InformationSet],
    set_of: FxHashMap<SituationId, usize>,
    /// Numbers given to `information_sets` so far.
    set_number: FxHashMap<usize, u32>,
    /// Numbers given to outcomes so far, in the order they are first
    /// written, so the text depends only on the tree.
    outcome_number: FxHashMap<usize, u32>,
    /// Per outcome, once written: its number, name and payoffs as text.
    outcome_text: Vec<Option<String>>,
    /// Per actor: the last information set number given.
    next_infoset: Vec<u32>,
    next_event: u32,
    n_nodes: usize,
    max_nodes: usize,
    max_bytes: usize,
    cyclic: Vec<bool>,
}

impl Writer<'_> {
    fn header(&mut self) {
        let names: Vec<String> = self
            .players
            .iter()
            .map(|&i| quote(&self.scenario.actors[i].name))
            .collect();
        let _ = writeln!(
            self.out,
            "EFG 2 R {} {{ {} }}\n{}\n",
            quote(&self.scenario.title),
            names.join(" "),
            quote(&self.scenario.summary)
        );
    }

    fn tree(&mut self) -> Result<(), EfgExportError> {
        let mut stack = vec![Item::Situation {
            id: self.graph.start(),
            left: self.scenario.limits.max_depth,
        }];
        let mut children: Vec<Item> = Vec::new();
        while let Some(item) = stack.pop() {
            self.n_nodes += 1;
            if self.n_nodes > self.max_nodes {
                return Err(EfgExportError::TooLarge {
                    limit: self.max_nodes,
                });
            }
            if self.out.len() > self.max_bytes {
                return Err(EfgExportError::TooLong {
                    limit_bytes: self.max_bytes,
                });
            }
            children.clear();
            self.node(item, &mut children)?;
            stack.extend(children.drain(..).rev());
        }
        Ok(())
    }

    /// The item's situation and moves left for a step to `target`.
    fn child(&self, target: SituationId, left: u32) -> Item {
        let cyclic = self.cyclic.get(target.index()).copied().unwrap_or(false);
        Item::Situation {
            id: target,
            left: if cyclic { left.saturating_sub(1) } else { left },
        }
    }

    /// Writes one node and lists its children in order.
    fn node(&mut self, item: Item, children: &mut Vec<Item>) -> Result<(), EfgExportError> {
        match item {
            Item::Situation { id, left } => self.situation(id, left, children),
            Item::Mover { id, actor, left } => self.mover(id, actor, left, children),
            Item::Results { id, move_, left } => self.results(id, move_, left, "", children),
        }
    }

    fn situation(
        &mut self,
        id: SituationId,
        left: u32,
        children: &mut Vec<Item>,
    ) -> Result<(), EfgExportError> {
        let why = match self.graph.status(id) {
            Status::Outcome(o) => {
                if self.outcome_text.len() <= o.index() {
                    self.outcome_text.resize(o.index() + 1, None);
                }
                if self.outcome_text[o.index()].is_none() {
                    let text = self.outcome_suffix(o.index())?;
                    self.outcome_text[o.index()] = Some(text);
                }
                let suffix = self.outcome_text[o.index()].as_deref().unwrap_or("0");
                let name = quote(&self.node_name(id));
                let _ = writeln!(self.out, "t {name} {suffix}");
                return Ok(());
            }
            Status::DeadEnd => "dead end, no one can move".to_owned(),
            Status::Frontier(reason) => format!(
                "frontier ({})",
                match reason {
                    FrontierReason::Depth => "depth limit",
                    FrontierReason::SituationLimit => "situation limit",
                    FrontierReason::NotExpanded => "not expanded",
                }
            ),
            Status::Open if left == 0 && self.cyclic.get(id.index()).copied().unwrap_or(false) => {
                format!(
                    "cut after {} moves in a cycle",
                    self.scenario.limits.max_depth
                )
            }
            Status::Open => match self.graph.turn(id) {
                Turn::Actor(actor) => return self.mover(id, actor, left, children),
                Turn::Anyone => {
                    let mut movers: Vec<ActorIndex> = self
                        .graph
                        .steps(id)
                        .map(|s| self.graph.step(s).actor)
                        .collect();
                    movers.sort();
                    movers.dedup();
                    if let [only] = movers[..] {
                        return self.mover(id, only, left, children);
                    }
                    let k = movers.len();
                    let actions: Vec<String> = movers
                        .iter()
                        .map(|a| format!("{} 1/{k}", quote(&self.scenario.actor(*a).name)))
                        .collect();
                    self.next_event += 1;
                    let _ = writeln!(
                        self.out,
                        "c {} {} \"Who moves\" {{ {} }} 0",
                        quote(&self.node_name(id)),
                        self.next_event,
                        actions.join(" ")
                    );
                    children.extend(movers.into_iter().map(|actor| Item::Mover {
                        id,
                        actor,
                        left,
                    }));
                    return Ok(());
                }
            },
        };
        let _ = writeln!(
            self.out,
            "t {} 0",
            quote(&format!("{}: {why}", self.node_name(id)))
        );
        Ok(())
    }

    /// `3 "Deal" { 8 5 }`: an outcome's number (given now if it has none),
    /// name and payoffs to the players.
    fn outcome_suffix(&mut self, o: usize) -> Result<String, EfgExportError> {
        let Some(outcome) = self.scenario.outcomes.get(o) else {
            return Ok("0".to_owned());
        };
        let next = self.outcome_number.len() as u32 + 1;
        let number = *self.outcome_number.entry(o).or_insert(next);
        let mut text = format!("{number} ");
        push_quoted(&mut text, &outcome.label);
        text.push_str(" {");
        for &a in &self.players {
            let p = outcome.payoffs.get(a).copied().unwrap_or(0.0);
            let p = number_text(p, || {
                format!(
                    "the payoff of outcome \"{}\" to \"{}\"",
                    outcome.id, self.scenario.actors[a].id
                )
            })?;
            text.push(' ');
            text.push_str(&p);
        }
        text.push_str(" }");
        Ok(text)
    }

    /// A node's name: the one its game file gave it, else its situation's
    /// (`s4`).
    fn node_name(&self, id: SituationId) -> std::borrow::Cow<'_, str> {
        match self.names.and_then(|names| names.name(id)) {
            Some(name) => std::borrow::Cow::Borrowed(name),
            None => std::borrow::Cow::Owned(id.to_string()),
        }
    }

    /// One actor's choice: a personal node, or a chance node for nature.
    fn mover(
        &mut self,
        id: SituationId,
        actor: ActorIndex,
        left: u32,
        children: &mut Vec<Item>,
    ) -> Result<(), EfgExportError> {
        let mut moves: Vec<MoveIndex> = Vec::new();
        for s in self.graph.steps(id) {
            let step = self.graph.step(s);
            if step.actor == actor && !moves.contains(&step.move_) {
                moves.push(step.move_);
            }
        }
        if Some(actor) == self.nature
            && let [only] = moves[..]
        {
            let name = self.node_name(id).into_owned();
            return self.results(id, only, left, &name, children);
        }
        let labels = unique_labels(moves.iter().map(|m| {
            let m = self.scenario.move_(*m);
            (m.label.as_str(), m.id.as_str())
        }));
        let player = self.player_of.get(actor.index()).copied().unwrap_or(0);
        let (number, name) = self.infoset(id, actor);
        let node = quote(&self.node_name(id));
        let _ = write!(self.out, "p {node} {player} {number} ");
        push_quoted(&mut self.out, &name);
        self.out.push_str(" {");
        for label in &labels {
            self.out.push(' ');
            push_quoted(&mut self.out, label);
        }
        self.out.push_str(" } 0\n");
        for m in moves {
            if self.scenario.move_(m).results.is_empty() {
                if let Some(s) = self.graph.find_step(id, m, None) {
                    children.push(self.child(self.graph.target(s), left));
                }
            } else {
                children.push(Item::Results { id, move_: m, left });
            }
        }
        Ok(())
    }

    /// The information set number and name of a personal node.
    fn infoset(&mut self, id: SituationId, actor: ActorIndex) -> (u32, String) {
        let counter = &mut self.next_infoset[actor.index()];
        let set = if self.set_of.is_empty() {
            None
        } else {
            self.set_of.get(&id)
        };
        match set {
            Some(&k)
                if self
                    .information_sets
                    .get(k)
                    .is_some_and(|s| s.actor == actor) =>
            {
                let number = *self.set_number.entry(k).or_insert_with(|| {
                    *counter += 1;
                    *counter
                });
                let name = self
                    .information_sets
                    .get(k)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                (number, name)
            }
            _ => {
                *counter += 1;
                (*counter, String::new())
            }
        }
    }

    /// A chance node with a move's results.
    fn results(
        &mut self,
        id: SituationId,
        move_: MoveIndex,
        left: u32,
        name: &str,
        children: &mut Vec<Item>,
    ) -> Result<(), EfgExportError> {
        let m = self.scenario.move_(move_);
        self.next_event += 1;
        let mut actions = Vec::new();
        if m.results.is_empty() {
            actions.push(format!("{} 1", quote(&m.label)));
            if let Some(s) = self.graph.find_step(id, move_, None) {
                children.push(self.child(self.graph.target(s), left));
            }
        } else {
            let labels = unique_labels(m.results.iter().map(|r| (r.label.as_str(), r.id.as_str())));
            for s in self.graph.steps(id) {
                let step = self.graph.step(s);
                if step.move_ != move_ {
                    continue;
                }
                let Some(r) = step.result else { continue };
                let Some(result) = m.results.get(r.index()) else {
                    continue;
                };
                let p = number_text(result.probability, || {
                    format!(
                        "the probability of result \"{}\" of move \"{}\"",
                        result.id, m.id
                    )
                })?;
                let label = labels
                    .get(r.index())
                    .map_or(result.id.as_str(), String::as_str);
                actions.push(format!("{} {p}", quote(label)));
                children.push(self.child(self.graph.target(s), left));
            }
        }
        let _ = writeln!(
            self.out,
            "c {} {} {} {{ {} }} 0",
            quote(name),
            self.next_event,
            quote(&m.label),
            actions.join(" ")
        );
        Ok(())
    }
}

/// Labels, with an empty one replaced by its id and a repeated one marked
/// with its id, so the actions of one node differ.
fn unique_labels<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let items: Vec<(&str, &str)> = items.collect();
    // Few labels are compared with each other, many counted in a map.
    let mut count: FxHashMap<&str, usize> = FxHashMap::default();
    if items.len() > 16 {
        for (label, _) in &items {
            *count.entry(label).or_default() += 1;
        }
    }
    items
        .iter()
        .map(|(label, id)| {
            let repeated = if items.len() > 16 {
                count.get(label).copied().unwrap_or(0) > 1
            } else {
                items.iter().filter(|(l, _)| l == label).count() > 1
            };
            if label.trim().is_empty() {
                (*id).to_owned()
            } else if repeated {
                format!("{label} [{id}]")
            } else {
                (*label).to_owned()
            }
        })
        .collect()
}

/// A number as the shortest decimal that reads back the same.
fn number_text(x: f64, what: impl FnOnce() -> String) -> Result<String, EfgExportError> {
    if x.is_finite() {
        Ok(format!("{}", x + 0.0))
    } else {
        Err(EfgExportError::NotFinite { what: what() })
    }
}

/// A label in quotes, with quotes and backslashes escaped and line breaks
/// made spaces.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_quoted(&mut out, text);
    out
}

/// Appends `text` quoted, as [`quote`] does.
fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_quoted_and_escaped() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c d\"");
    }

    #[test]
    fn numbers_read_back_exactly() {
        for x in [0.7, 1.0 / 3.0, -2.0, 1e-7, 123456.125] {
            let text = number_text(x, String::new).unwrap();
            assert_eq!(super::super::parse::parse_number(&text), Some(x), "{text}");
        }
        assert_eq!(number_text(-0.0, String::new).unwrap(), "0");
        assert!(number_text(f64::NAN, || "x".to_owned()).is_err());
    }

    #[test]
    fn long_labels_stop_the_text_at_its_limit() {
        let label = "x".repeat(10_000);
        let text =
            crate::synthetic::SMALL.replace("label: \"Stall\"", &format!("label: \"{label}\""));
        let scenario = crate::model::load_str(&text, "small.ron").unwrap();
        let graph = crate::engine::expand(&scenario);
        let e = scenario_to_efg_limited(
            &scenario,
            &graph,
            GameFile::default(),
            MAX_EXPORT_NODES,
            15_000,
        );
        assert_eq!(
            e.err().map(|e| e.to_string()).as_deref(),
            Some(
                "the game tree as text would be longer than 14.6 KiB; shorten the labels, lower limits.max_depth, or export a smaller scenario"
            )
        );
        assert!(scenario_to_efg(&scenario, &graph, GameFile::default()).is_ok());
    }

    #[test]
    fn repeated_labels_are_told_apart() {
        let labels = unique_labels([("Go", "go"), ("Go", "go_b"), ("", "stay")].into_iter());
        assert_eq!(labels, ["Go [go]", "Go [go_b]", "stay"]);
    }
}
