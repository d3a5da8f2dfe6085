//! A Nash equilibrium in behaviour strategies of a two-player game with
//! imperfect information: the sequence form and Lemke's algorithm (Koller,
//! Megiddo and von Stengel 1996; von Stengel 1996), what Gambit's `lcp`
//! does for extensive games; a zero-sum game by the sequence-form linear
//! program, what Gambit's `lp` does.
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
//! # Zero-sum games: a linear program instead
//!
//! When the two players' payoffs add up to the same constant at every
//! leaf, the game is zero-sum and each player's max-min realisation plan
//! is the solution of a sparse linear program of the same size (Koller,
//! Megiddo and von Stengel 1994; `lp.rs`, solved by `microlp`'s simplex):
//! no path that can end on a ray. The choice is made
//! in one place, `form.rs`; its answer is checked by best response like
//! Lemke's, and should it fail, Lemke's algorithm runs as for any other
//! game.
//!
//! # Arithmetic: floating point, checked, then exact
//!
//! The pivots run in `f64` first. Floating point can go
//! wrong on a badly conditioned or degenerate game (a near tie misjudged
//! in the ratio test sends the path astray, onto a ray or round and round),
//! so the answer is not trusted as it comes out: the behaviour strategies
//! read from the plans are checked against the best-response condition
//! directly on the tree (each player's best response value against the
//! other's strategy, by a pass over its own information sets, must equal
//! its expected payoff within 1e-9 of the payoff range). When the float
//! path fails or its answer fails the check, the same path is followed in
//! exact rationals (`num-rational`'s `BigRational`, from the exact values
//! of the floats), where the lexicographic rule cannot misjudge a tie, and
//! that answer is checked the same way. Exact pivots cost a factor of tens
//! to hundreds in time and memory, so they run only when needed, and only
//! within the memory budget; an answer that fails both is an error, never
//! an answer.
//!
//! # The files
//!
//! `tree.rs` reads the tree off the graph, `form.rs` builds the sequence
//! form as a linear complementarity problem (or, zero-sum, hands it to
//! `lp.rs`) and reads the behaviour strategies back, `lemke.rs` is the
//! solver (either arithmetic), and `verify.rs` the check on the tree.
//!
//! Cost: building is linear in the tree. Lemke's algorithm keeps only the
//! basis inverse, in sparse columns (`lemke.rs` says why that is enough):
//! for n sequences and information sets each pivot costs O(n) plus the
//! merges of the columns it changes, and a path has a number of pivots
//! that in practice grows more slowly than n (2,141 at 10,635 rows). The
//! path stops with [`SequenceError::TooLarge`] when the inverse passes the
//! memory budget.

mod form;
mod lemke;
mod lp;
mod tree;
mod verify;

use rustc_hash::FxHashMap;

use super::judgements::Judgements;
use crate::engine::{SituationGraph, SituationId, Status};
use crate::model::{ActorIndex, MoveIndex, Scenario};

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
    /// Lemke's basis inverse grew past the memory budget.
    #[error(
        "the sequence form of this game has {n} rows; on Lemke's path its basis inverse grew past the {} of {applies}",
        crate::engine::format_bytes(*.budget),
    )]
    TooLarge {
        /// Rows.
        n: usize,
        /// The budget.
        budget: u64,
        /// The limit the budget comes from.
        applies: crate::engine::MemoryLimit,
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
    /// How it was found.
    pub method: SequenceMethod,
}

/// The method that found a [`BehaviourEquilibrium`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceMethod {
    /// Lemke's algorithm on the sequence form's complementarity problem
    /// (any two-player game).
    Lemke,
    /// The sequence-form linear program of a zero-sum game (no pivots of
    /// Lemke's are counted).
    ZeroSumLp,
}

impl SequenceMethod {
    /// How a person would name it.
    pub fn label(self) -> &'static str {
        match self {
            SequenceMethod::Lemke => "Lemke's algorithm",
            SequenceMethod::ZeroSumLp => "the zero-sum linear program",
        }
    }
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
    let tree = tree::read_tree(scenario, graph, from, information_sets, &judgements)?;
    form::solve_tree(scenario, &tree)
}

pub(super) fn situations_text(s: &[SituationId]) -> String {
    let shown: Vec<String> = s.iter().take(4).map(ToString::to_string).collect();
    let mut text = shown.join(", ");
    if s.len() > 4 {
        text.push_str(&format!(" and {} more", s.len() - 4));
    }
    text
}
