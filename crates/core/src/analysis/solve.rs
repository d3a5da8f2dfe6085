//! Rational play: backward induction on the bounded unfolding, with chance
//! as expectation; the result is a subgame-perfect equilibrium of the
//! unfolded game (Kuhn 1953; Selten 1965) and the path it predicts.
//!
//! Each state of the [`Unfolding`] gets every actor's expected payoff:
//!
//! - an outcome: its payoffs;
//! - a dead end, a situation on the graph's frontier, or a state cut by the
//!   horizon: 0 for every actor (their probability is reported apart, see
//!   [`super::OutcomeProbabilities`], so a value that leans on them shows);
//! - a situation where one actor moves: each move is worth the expectation
//!   of its results' states under their probabilities; the actor's best
//!   moves are those that tie with the highest worth to it ([`tied`], at
//!   the scale of the payoffs and probabilities in play), all listed; the
//!   state is worth what the first of them in file order is worth (a pure
//!   strategy, so the listed payoffs are those of one equilibrium and the
//!   path agrees with them);
//! - a situation where anyone may move (`Turn::Anyone`, a free turn): chance
//!   picks the mover, each actor with an available move equally likely, and
//!   that actor plays its best move as above; the state is worth the mean
//!   over those actors.
//!
//! States are visited once, children first, so solving costs O(states x
//! steps per situation x actors): linear in the size of the unfolding.

use std::sync::Arc;

use super::forward::{ChosenMoves, Policy, spread};
use super::judgements::Judgements;
use super::play_model::OutcomeProbabilities;
use super::unfold::{NONE, Unfolding};
use crate::engine::{SituationGraph, SituationId, Status, StepId};
use crate::model::{ActorIndex, MoveIndex, OutcomeIndex, ResultIndex, Scenario};

/// Two worths closer than this, relative to the scale they were computed
/// at, are a tie (see [`tied`]). There is no absolute floor: the rule is
/// the same for payoffs in units of 1e-10 and of 1e10.
pub const TIE_TOLERANCE: f64 = 1e-12;

/// The one tie rule of the analysis: whether worths `a` and `b` tie at
/// `scale`, the size of the numbers they were computed from.
///
/// `a` and `b` tie when `|a - b| <= TIE_TOLERANCE x max(scale, |a|, |b|)`.
/// For a move's worth (an expectation over chance of payoffs), the scale is
/// the same expectation of the payoffs' absolute values
/// ([`Solution::scales`] gives it per situation): the rounding error of the
/// sums is at most a few units in the last place of that, however much the
/// terms cancel, so a worth of 0 computed as `0.5 x 1 + 0.5 x -1` still
/// ties with an exact 0, while a 1e-10 chance of winning 1 does not tie with
/// a sure 0. Everything is relative: multiplying every payoff (or every
/// probability behind a comparison) by a power of ten changes no tie. With
/// nothing better known, pass `a.abs().max(b.abs())` (or the largest
/// absolute value among the numbers compared) as the scale.
///
/// Two probabilities are compared with their own size as the scale.
pub fn tied(a: f64, b: f64, scale: f64) -> bool {
    let scale = scale.abs().max(a.abs()).max(b.abs());
    (a - b).abs() <= TIE_TOLERANCE * scale
}

/// Whether two probabilities tie (at their own size).
pub(crate) fn probabilities_tie(p: f64, q: f64) -> bool {
    tied(p, q, 0.0)
}

/// Rational play on the bounded unfolding from one situation: every
/// state's expected payoffs and best moves.
#[derive(Clone, Debug)]
pub struct Solution {
    unfolding: Arc<Unfolding>,
    judgements: Judgements,
    n_actors: usize,
    /// `values[state * n_actors + actor]`.
    values: Vec<f64>,
    /// The scale of each value: the expectation, under the same play, of
    /// the absolute payoffs ([`tied`]); laid out as `values`.
    scales: Vec<f64>,
    /// Per state id: where its best moves start in `best`, and how many.
    best_at: Vec<(u32, u32)>,
    /// Best moves, grouped by state, then by actor in actor order, tied
    /// moves in file order.
    best: Vec<(ActorIndex, MoveIndex)>,
}

/// One actor's best moves in a situation.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The actor who may move.
    pub actor: ActorIndex,
    /// Every move as good for the actor as the best, in file order; the
    /// first is the one rational play takes.
    pub moves: Vec<MoveIndex>,
}

/// One step of the rational path.
#[derive(Clone, Debug, PartialEq)]
pub struct PathStep {
    /// Where the step is taken.
    pub situation: SituationId,
    /// The graph's step.
    pub step: StepId,
    /// Who moves.
    pub actor: ActorIndex,
    /// The move made.
    pub move_: MoveIndex,
    /// The chance result followed, for a move with results.
    pub result: Option<ResultIndex>,
    /// How likely this step is in its situation under rational play: the
    /// result's probability, divided by the number of possible movers on a
    /// free turn.
    pub probability: f64,
    /// Other moves as good for the actor, in file order.
    pub tied: Vec<MoveIndex>,
    /// On a free turn, the other actors who might have moved instead.
    pub other_movers: Vec<ActorIndex>,
}

/// Where the rational path stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathEnd {
    /// It meets an outcome.
    Outcome(OutcomeIndex),
    /// No one can move and no outcome is met.
    DeadEnd,
    /// The situation lies on the graph's frontier (not expanded).
    Frontier,
    /// The horizon cut it, inside a cycle.
    Horizon,
}

/// The rational path: the equilibrium moves, following the most likely
/// result of each chance move (the first in file order on a tie) and, on a
/// free turn, the first possible mover in actor order.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// The steps, from the situation solved from.
    pub steps: Vec<PathStep>,
    /// Where the path stops.
    pub end: PathEnd,
}

impl Path {
    /// The product of the steps' probabilities: how likely rational play
    /// follows exactly this path.
    pub fn probability(&self) -> f64 {
        self.steps.iter().map(|s| s.probability).product()
    }
}

/// Solves the scenario from its start, counting `limits.max_depth` moves
/// inside cycles (see the module documentation of [`crate::analysis`]).
/// O(states x steps per situation x actors).
pub fn solve(scenario: &Scenario, graph: &SituationGraph) -> Solution {
    solve_from(scenario, graph, graph.start(), scenario.limits.max_depth)
}

/// Solves from any situation, counting `horizon` moves inside cycles. To
/// look far past the start's limits, first expand the graph from `from`
/// (`SituationGraph::expand_from`). O(states x steps per situation x
/// actors).
pub fn solve_from(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    horizon: u32,
) -> Solution {
    let unfolding = Arc::new(Unfolding::build(graph, from, horizon));
    solve_unfolding(
        scenario.actors.len(),
        graph,
        unfolding,
        Judgements::of(scenario),
    )
}

/// Backward induction over an unfolding already built, with given
/// judgements (sensitivity analysis reuses one unfolding for many).
pub(crate) fn solve_unfolding(
    n_actors: usize,
    graph: &SituationGraph,
    unfolding: Arc<Unfolding>,
    judgements: Judgements,
) -> Solution {
    let n_ids = unfolding.n_state_ids();
    let mut values = vec![0.0; n_ids * n_actors];
    let mut scales = vec![0.0; n_ids * n_actors];
    let mut best_at = vec![(0u32, 0u32); n_ids];
    // One best move per state is the rule: room for that at once.
    let mut best: Vec<(ActorIndex, MoveIndex)> = Vec::with_capacity(unfolding.n_states());
    // Per move available in the state: (move, actor, offset of its worth).
    let mut moves: Vec<(MoveIndex, ActorIndex)> = Vec::new();
    let mut worth: Vec<f64> = Vec::new();
    let mut scale: Vec<f64> = Vec::new();
    let mut actors: Vec<ActorIndex> = Vec::new();

    for &state in unfolding.order() {
        let situation = unfolding.situation(state);
        let base = state as usize * n_actors;
        match graph.status(situation) {
            Status::Outcome(o) => {
                let payoffs = judgements.outcome_payoffs(o);
                for ((v, s), p) in values[base..base + n_actors]
                    .iter_mut()
                    .zip(&mut scales[base..base + n_actors])
                    .zip(payoffs)
                {
                    *v = *p;
                    *s = p.abs();
                }
                continue;
            }
            Status::DeadEnd | Status::Frontier(_) => continue,
            Status::Open if unfolding.is_cut(state) => continue,
            Status::Open => {}
        }

        moves.clear();
        worth.clear();
        scale.clear();
        for step_id in graph.steps(situation) {
            let step = graph.step(step_id);
            if moves.last().map(|m| m.0) != Some(step.move_) {
                moves.push((step.move_, step.actor));
                worth.extend(std::iter::repeat_n(0.0, n_actors));
                scale.extend(std::iter::repeat_n(0.0, n_actors));
            }
            let child = unfolding.child(state, graph.target(step_id));
            if child == NONE {
                continue;
            }
            let p = judgements.step_probability(step);
            let at = worth.len() - n_actors;
            let child_base = child as usize * n_actors;
            for a in 0..n_actors {
                worth[at + a] += p * values[child_base + a];
                scale[at + a] += p.abs() * scales[child_base + a];
            }
        }

        actors.clear();
        actors.extend(moves.iter().map(|m| m.1));
        actors.sort();
        actors.dedup();
        let start = best.len() as u32;
        let share = 1.0 / actors.len().max(1) as f64;
        for &actor in &actors {
            let a = actor.index();
            let top = moves
                .iter()
                .enumerate()
                .filter(|(_, m)| m.1 == actor)
                .map(|(k, _)| worth[k * n_actors + a])
                .fold(f64::NEG_INFINITY, f64::max);
            // The scale of the comparison: the largest among the actor's
            // moves, so that whether two moves tie does not depend on
            // which of them is the best.
            let top_scale = moves
                .iter()
                .enumerate()
                .filter(|(_, m)| m.1 == actor)
                .map(|(k, _)| scale[k * n_actors + a])
                .fold(0.0, f64::max);
            let mut first = None;
            for (k, m) in moves.iter().enumerate() {
                if m.1 == actor && tied(worth[k * n_actors + a], top, top_scale) {
                    best.push((actor, m.0));
                    first.get_or_insert(k);
                }
            }
            if let Some(k) = first {
                for b in 0..n_actors {
                    values[base + b] += share * worth[k * n_actors + b];
                    scales[base + b] += share * scale[k * n_actors + b];
                }
            }
        }
        best_at[state as usize] = (start, best.len() as u32 - start);
    }

    Solution {
        unfolding,
        judgements,
        n_actors,
        values,
        scales,
        best_at,
        best,
    }
}

impl Solution {
    /// The situation solved from.
    pub fn root(&self) -> SituationId {
        self.unfolding.root()
    }

    /// The horizon: moves counted inside cycles.
    pub fn horizon(&self) -> u32 {
        self.unfolding.horizon()
    }

    /// Whether the horizon cut some path (then some probability is
    /// unresolved because of cycles, not only the graph's frontier).
    pub fn is_cut_by_horizon(&self) -> bool {
        self.unfolding.is_cut_anywhere()
    }

    /// How many states the unfolding has.
    pub fn n_states(&self) -> usize {
        self.unfolding.n_states()
    }

    /// The judgements solved with.
    pub fn judgements(&self) -> &Judgements {
        &self.judgements
    }

    /// The unfolding solved on, for analyses that reuse it.
    pub(crate) fn unfolding(&self) -> &Unfolding {
        &self.unfolding
    }

    /// Every state's values and their scales, `[state * n_actors + actor]`,
    /// for the enumeration of every equilibrium to start from.
    pub(crate) fn value_tables(&self) -> (&[f64], &[f64]) {
        (&self.values, &self.scales)
    }

    /// How many actors the payoffs are for.
    pub(crate) fn n_actors(&self) -> usize {
        self.n_actors
    }

    /// Every actor's expected payoff in a situation under rational play
    /// (where the unfolding first meets it, with the most moves left), or
    /// `None` for a situation the unfolding does not reach.
    pub fn payoffs(&self, situation: SituationId) -> Option<&[f64]> {
        let state = self.unfolding.state_of(situation)?;
        Some(self.state_payoffs(state))
    }

    /// The scale of every actor's expected payoff in a situation (the
    /// expectation of the absolute payoffs under rational play), for
    /// [`tied`]; `None` for a situation the unfolding does not reach. A
    /// move's scale is the chance-weighted sum of its results' scales, as
    /// its worth is of their payoffs.
    pub fn scales(&self, situation: SituationId) -> Option<&[f64]> {
        let state = self.unfolding.state_of(situation)?;
        let base = state as usize * self.n_actors;
        self.scales.get(base..base + self.n_actors)
    }

    fn state_payoffs(&self, state: u32) -> &[f64] {
        let base = state as usize * self.n_actors;
        self.values.get(base..base + self.n_actors).unwrap_or(&[])
    }

    /// The best moves in a situation, one [`Choice`] per actor who may
    /// move there (several on a free turn); empty where no one moves.
    pub fn choices(&self, situation: SituationId) -> Vec<Choice> {
        self.unfolding
            .state_of(situation)
            .map(|state| self.state_choices(state))
            .unwrap_or_default()
    }

    /// The best moves in a state, grouped by actor in actor order, tied
    /// moves in file order.
    pub(crate) fn state_best(&self, state: u32) -> &[(ActorIndex, MoveIndex)] {
        let (start, len) = self.best_at.get(state as usize).copied().unwrap_or((0, 0));
        self.best
            .get(start as usize..(start + len) as usize)
            .unwrap_or(&[])
    }

    fn state_choices(&self, state: u32) -> Vec<Choice> {
        let mut out: Vec<Choice> = Vec::new();
        for &(actor, m) in self.state_best(state) {
            match out.last_mut() {
                Some(c) if c.actor == actor => c.moves.push(m),
                _ => out.push(Choice {
                    actor,
                    moves: vec![m],
                }),
            }
        }
        out
    }

    /// The moves rational play takes in a state: the first best move of
    /// each possible mover.
    pub(crate) fn chosen(&self, state: u32) -> impl Iterator<Item = MoveIndex> + '_ {
        let best = self.state_best(state);
        best.iter()
            .enumerate()
            .filter(move |(k, (actor, _))| *k == 0 || best[k - 1].0 != *actor)
            .map(|(_, (_, m))| *m)
    }

    /// The rational path from the root.
    pub fn path(&self, graph: &SituationGraph) -> Path {
        self.path_from(graph, self.root()).unwrap_or(Path {
            steps: Vec::new(),
            end: PathEnd::Frontier,
        })
    }

    /// The rational path from a situation the unfolding reaches (from its
    /// state with the most moves left); `None` for one it does not reach.
    /// `graph` is the graph solved (or a later expansion of it).
    pub fn path_from(&self, graph: &SituationGraph, from: SituationId) -> Option<Path> {
        let mut state = self.unfolding.state_of(from)?;
        let mut steps = Vec::new();
        for _ in 0..=self.unfolding.n_states() {
            let situation = self.unfolding.situation(state);
            let end = match graph.status(situation) {
                Status::Outcome(o) => Some(PathEnd::Outcome(o)),
                Status::DeadEnd => Some(PathEnd::DeadEnd),
                Status::Frontier(_) => Some(PathEnd::Frontier),
                Status::Open if self.unfolding.is_cut(state) => Some(PathEnd::Horizon),
                Status::Open => None,
            };
            if let Some(end) = end {
                return Some(Path { steps, end });
            }
            let choices = self.state_choices(state);
            let Some(choice) = choices.first() else {
                return Some(Path {
                    steps,
                    end: PathEnd::DeadEnd,
                });
            };
            let Some((&chosen, tied)) = choice.moves.split_first() else {
                break;
            };
            // The most likely result, the first on a tie.
            let mut pick: Option<(StepId, f64)> = None;
            for step_id in graph.steps(situation) {
                let step = graph.step(step_id);
                if step.move_ != chosen {
                    continue;
                }
                let p = self.judgements.step_probability(step);
                if pick.is_none_or(|(_, q)| p > q && !probabilities_tie(p, q)) {
                    pick = Some((step_id, p));
                }
            }
            let Some((step_id, p)) = pick else { break };
            let step = graph.step(step_id);
            steps.push(PathStep {
                situation,
                step: step_id,
                actor: step.actor,
                move_: step.move_,
                result: step.result,
                probability: p / choices.len() as f64,
                tied: tied.to_vec(),
                other_movers: choices[1..].iter().map(|c| c.actor).collect(),
            });
            state = self.unfolding.child(state, graph.target(step_id));
            if state == NONE {
                break;
            }
        }
        Some(Path {
            steps,
            end: PathEnd::Horizon,
        })
    }

    /// Outcome probabilities under rational play from the root.
    pub fn outcome_probabilities(&self, graph: &SituationGraph) -> OutcomeProbabilities {
        self.outcome_probabilities_from(graph, self.root())
            .unwrap_or_else(|| {
                OutcomeProbabilities::unresolved(self.judgements.payoffs.len(), self.n_actors)
            })
    }

    /// Outcome probabilities under rational play from a situation the
    /// unfolding reaches; `None` for one it does not reach.
    pub fn outcome_probabilities_from(
        &self,
        graph: &SituationGraph,
        from: SituationId,
    ) -> Option<OutcomeProbabilities> {
        let state = self.unfolding.state_of(from)?;
        Some(spread(
            graph,
            &self.unfolding,
            &self.judgements,
            self.n_actors,
            state,
            Policy::Rational(self),
        ))
    }

    /// The expected payoffs at the root.
    pub fn root_payoffs(&self) -> Vec<f64> {
        self.payoffs(self.root())
            .map_or_else(|| vec![0.0; self.n_actors], <[f64]>::to_vec)
    }
}

impl Solution {
    /// For each actor who may move at the root: its expected payoff for
    /// each of its available moves (the chance-weighted values of where
    /// the move's results lead, as backward induction weighed them), best
    /// first, file order on ties. O(steps at the root x actors).
    pub fn root_move_values(
        &self,
        graph: &SituationGraph,
    ) -> Vec<(ActorIndex, Vec<(MoveIndex, f64)>)> {
        let state = self.unfolding.root_state();
        let situation = self.unfolding.root();
        let mut out: Vec<(ActorIndex, Vec<(MoveIndex, f64)>)> = Vec::new();
        if state == NONE || graph.status(situation) != Status::Open {
            return out;
        }
        for step_id in graph.steps(situation) {
            let step = graph.step(step_id);
            let child = self.unfolding.child(state, graph.target(step_id));
            let value = if child == NONE {
                0.0
            } else {
                self.judgements.step_probability(step)
                    * self
                        .state_payoffs(child)
                        .get(step.actor.index())
                        .copied()
                        .unwrap_or(0.0)
            };
            let at = match out.iter().position(|(a, _)| *a == step.actor) {
                Some(at) => at,
                None => {
                    out.push((step.actor, Vec::new()));
                    out.len() - 1
                }
            };
            let values = &mut out[at].1;
            match values.last_mut() {
                Some((m, v)) if *m == step.move_ => *v += value,
                _ => values.push((step.move_, value)),
            }
        }
        out.sort_by_key(|(a, _)| *a);
        for (_, values) in &mut out {
            // A stable sort: file order among equal values.
            values.sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        out
    }
}

impl ChosenMoves for Solution {
    fn chosen_in(&self, state: u32) -> Vec<MoveIndex> {
        self.chosen(state).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    #[test]
    fn small_standoff_is_solved_by_hand() {
        // North arms or stalls, then South offers a deal (accepted 70 %) or,
        // if North is armed, threatens (war, -5 and -4). A refused offer
        // costs 2 points of score, and -2 is war. Unarmed, the offer is
        // worth 0.7 x (2, 3) + 0.3 x war = (-0.1, 0.9). Armed (score 1), a
        // refusal leaves score -1, North can only stall and South offers
        // again, worth (-0.1, 0.9); so the first offer is worth
        // 0.7 x (2, 3) + 0.3 x (-0.1, 0.9) = (1.37, 2.37) and North arms.
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let solution = solve(&scenario, &graph);
        let start = graph.start();
        let payoffs = solution.payoffs(start).unwrap();
        assert!((payoffs[0] - 1.37).abs() < 1e-12 && (payoffs[1] - 2.37).abs() < 1e-12);
        let choices = solution.choices(start);
        assert_eq!(choices.len(), 1);
        assert_eq!(choices[0].actor, ActorIndex(0));
        assert_eq!(choices[0].moves, vec![scenario.move_by_id("arm").unwrap()]);
        let path = solution.path(&graph);
        let moves: Vec<&str> = path
            .steps
            .iter()
            .map(|s| scenario.move_(s.move_).id.as_str())
            .collect();
        assert_eq!(moves, ["arm", "offer"]);
        assert_eq!(path.end, PathEnd::Outcome(OutcomeIndex(0)));
        assert!((path.probability() - 0.7).abs() < 1e-12);
        // Deal 0.7 + 0.3 x 0.7, war the rest.
        let probabilities = solution.outcome_probabilities(&graph);
        assert!((probabilities.by_outcome[0] - 0.91).abs() < 1e-12);
        assert!((probabilities.by_outcome[1] - 0.09).abs() < 1e-12);
        assert_eq!(probabilities.unresolved + probabilities.dead_end, 0.0);
        for (e, v) in probabilities.expected_payoffs.iter().zip(payoffs) {
            assert!((e - v).abs() < 1e-12);
        }
    }
}
