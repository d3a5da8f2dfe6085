//! Likelihood words are ranges: the interval of each outcome's probability
//! when every probability stated as an ICD 203 word (a chance result's, or
//! a move's judged likelihood) may take any value in its word's range.
//!
//! Numbers written as numbers are points. The results of one move still
//! sum to 1. A judged move's probability ranges over its word's range and
//! the forecast's rule applies to whatever value it takes (judgements
//! adding up to more than 1, or less with nothing to share, are scaled),
//! so the point forecast is one of the values allowed and the interval
//! always contains it.
//!
//! Unjudged moves beside judged ones share what the judgements leave: in
//! the point forecast equally, but nobody stated that split, so in the
//! interval each may take anything from 0 to the whole remainder. The
//! lowest chance of an outcome then gives the whole remainder to the
//! unjudged move worth least, the highest to the one worth most (the
//! extremes of a split are its vertices). A decision with no judgement at
//! all is uniform play, a point, as under the uniform model.
//!
//! # Method
//!
//! Dynamic programming over the bounded unfolding, children first, in one
//! pass for every outcome: each state gets, for each outcome it can still
//! reach (the union of its children's, as a bit set), the lowest and the
//! highest probability of reaching that outcome from it, and holds nothing
//! for the others (both bounds are 0 there). A state's parameters (its moves' results,
//! its judged moves) are chosen apart from every other state's, so the
//! extremes of its children combine exactly: at a chance move, the lowest
//! `sum p_i v_i` with each `p_i` in `[l_i, u_i]` and `sum p_i = 1` is a
//! small linear program solved greedily (every `p_i` at `l_i`, then what
//! is left to the smallest `v_i` first, each up to `u_i`; the highest
//! likewise, largest first). At a judged decision the forecast's rule is
//! linear where the judgements sum to at most 1 (a fractional knapsack,
//! greedy) and a ratio `sum q_j v_j / sum q_j` where they are scaled (a
//! linear-fractional program, whose optimum over the box is a vertex with
//! the lowest values at their upper bounds, or lies on `sum q_j = 1`);
//! every candidate is a value the rule can take, and the best of them is
//! exact.
//!
//! Each outcome's bounds are those of a pass for that outcome alone, to
//! the bit: every sum and every greedy runs in the same order. What
//! depends only on the ranges is worked out once per move, not once per
//! outcome: for two chance results (the usual case) the greedy's
//! probabilities for either order of the two values, and a single judged
//! move's constants; more results or judged moves sort per outcome.
//! Scenarios with more than 64 outcomes take one pass per 64.
//!
//! The same move met in two situations (or a situation met again with
//! fewer moves left) gets its probabilities chosen twice, independently,
//! although the author wrote one word for both: the bounds are outer
//! bounds, exact when every ranged probability is met once, and otherwise
//! possibly wider than the truth. The output says so.
//!
//! Under rational play and quantal response the actors' choices depend on
//! the chance probabilities themselves; there the interval holds every
//! decision's move probabilities at their point values and ranges only
//! the chance results ([`Intervals::choices_fixed`]).
//!
//! Cost: one reading of the unfolding, O(states x steps per situation),
//! and O(steps per situation x log(steps)) per state and outcome it can
//! reach: with K outcomes reachable from a state on average, about K times
//! the work of one play model's pass, twice (low and high), where every
//! step is a small linear program rather than a product. No memory beyond
//! a bit set and an index per state and two numbers per state and
//! reachable outcome.

use super::forward::{Policy, Scratch};
use super::judgements::Judgements;
use super::unfold::{NONE, Unfolding};
use crate::engine::{SituationGraph, Status};
use crate::model::{ActorIndex, MoveIndex, Scenario};

/// The lowest and highest probability of every outcome, with the
/// likelihood words ranging over their ICD 203 ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct Intervals {
    /// `(low, high)` per outcome, indexed like the scenario's; each holds
    /// the point probability.
    pub by_outcome: Vec<(f64, f64)>,
    /// The actors' move probabilities were held at their point values
    /// (rational play and quantal response); only chance results ranged.
    pub choices_fixed: bool,
}

/// The range of every stated probability: each chance result's and each
/// judged move's.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ranges {
    /// `results[move][result]`.
    results: Vec<Vec<(f64, f64)>>,
    /// `judged[move]`, `None` for a move without a judgement.
    judged: Vec<Option<(f64, f64)>>,
}

impl Ranges {
    /// The range of move `m`'s result `r`, or the point `p` where none is
    /// stated.
    fn result(&self, m: MoveIndex, r: crate::model::ResultIndex, p: f64) -> (f64, f64) {
        self.results
            .get(m.index())
            .and_then(|x| x.get(r.index()))
            .copied()
            .unwrap_or((p, p))
    }

    /// The ranges the scenario states, widened to hold the points of
    /// `judgements` (should they differ from the file's).
    pub(crate) fn of(scenario: &Scenario, judgements: &Judgements) -> Ranges {
        let widen = |(l, u): (f64, f64), p: f64| (l.min(p), u.max(p));
        Ranges {
            results: scenario
                .moves
                .iter()
                .enumerate()
                .map(|(m, mv)| {
                    mv.results
                        .iter()
                        .enumerate()
                        .map(|(r, result)| {
                            let p = judgements
                                .probabilities
                                .get(m)
                                .and_then(|x| x.get(r))
                                .copied()
                                .unwrap_or(result.probability);
                            let range = match result.likelihood {
                                Some(word) => word.range(),
                                None => (result.probability, result.probability),
                            };
                            widen(range, p)
                        })
                        .collect()
                })
                .collect(),
            judged: scenario
                .moves
                .iter()
                .enumerate()
                .map(|(m, mv)| {
                    let p = judgements.judged.get(m).copied().flatten();
                    match (mv.likelihood, p) {
                        (Some(stated), Some(p)) => Some(widen(stated.range(), p)),
                        (None, Some(p)) => Some((p, p)),
                        (_, None) => None,
                    }
                })
                .collect(),
        }
    }
}

/// One probability and the value it weighs: `(low, high, value)`.
type Item = (f64, f64, f64);

/// The lowest `sum p_i v_i` with `p_i` in `[l_i, u_i]` and `sum p_i = 1`:
/// every `p_i` at its lower bound, then what is left to the smallest
/// values first. Sorts `items`. O(n log n).
fn lowest_mix(items: &mut [Item]) -> f64 {
    if items.iter().all(|(l, u, _)| l == u) {
        return items.iter().map(|(l, _, v)| l * v).sum();
    }
    items.sort_unstable_by(|a, b| a.2.total_cmp(&b.2));
    let mut left = 1.0 - items.iter().map(|i| i.0).sum::<f64>();
    let mut total = 0.0;
    for (l, u, v) in items.iter() {
        let add = left.min(u - l).max(0.0);
        left -= add;
        total += (l + add) * v;
    }
    total
}

/// The lowest probability the forecast's rule can give over `judged`
/// (each judged move's range and the value it weighs) and the value the
/// unjudged moves' share is worth: the mean of their values when nothing
/// is judged, otherwise the least of them, the whole remainder going
/// there (`None` when every move is judged). Sorts `judged`. O(n log n);
/// see the module documentation.
fn lowest_forecast(judged: &mut [Item], unjudged_mean: Option<f64>) -> f64 {
    let sum_low: f64 = judged.iter().map(|i| i.0).sum();
    let sum_high: f64 = judged.iter().map(|i| i.1).sum();
    let mut best = f64::INFINITY;
    if let Some(mean) = unjudged_mean
        && sum_low <= 1.0
    {
        // Not scaled: the unjudged moves take 1 - sum q at their mean.
        judged.sort_unstable_by(|a, b| a.2.total_cmp(&b.2));
        let mut left = 1.0 - sum_low;
        let mut total = mean;
        for (l, u, v) in judged.iter() {
            let gain = v - mean;
            let add = if gain < 0.0 {
                left.min(u - l).max(0.0)
            } else {
                0.0
            };
            left -= add;
            total += (l + add) * gain;
        }
        best = best.min(total);
        if sum_high >= 1.0 {
            // Judgements summing to exactly 1: the unjudged get 0.
            best = best.min(lowest_mix(judged));
        }
    }
    // Scaled: vertices with the k lowest values at their upper bounds.
    judged.sort_unstable_by(|a, b| a.2.total_cmp(&b.2));
    let mut weight: f64 = sum_low;
    let mut weighted: f64 = judged.iter().map(|(l, _, v)| l * v).sum();
    for k in 0..=judged.len() {
        if k > 0 {
            let (l, u, v) = judged[k - 1];
            weight += u - l;
            weighted += (u - l) * v;
        }
        let allowed = if unjudged_mean.is_some() {
            weight >= 1.0
        } else {
            true
        };
        if !allowed {
            continue;
        }
        if weight > 0.0 {
            best = best.min(weighted / weight);
        } else if !judged.is_empty() {
            // Nothing judged above 0 and nothing to share: uniform.
            let mean = judged.iter().map(|i| i.2).sum::<f64>() / judged.len() as f64;
            best = best.min(mean);
        }
    }
    if best.is_finite() {
        best
    } else {
        unjudged_mean.unwrap_or(0.0)
    }
}

/// A move with two chance results: [`lowest_mix`] of their values, with
/// what depends only on the ranges worked out once. The greedy gives the
/// same probabilities whenever the values come in the same order, so both
/// orders' are kept; the sum is then taken as [`lowest_mix`] takes it, to
/// the bit (its sort keeps equal values in place).
#[derive(Clone, Copy, Debug)]
struct TwoResults {
    /// Both probabilities are points: these.
    points: Option<[f64; 2]>,
    /// The greedy's probabilities when the first result's value is the
    /// lower (or they are equal), first result first.
    ordered: [f64; 2],
    /// When the second's is lower, second result first.
    swapped: [f64; 2],
}

impl TwoResults {
    fn new((l0, u0): (f64, f64), (l1, u1): (f64, f64)) -> TwoResults {
        let greedy = |(la, ua): (f64, f64), (lb, ub): (f64, f64)| {
            let mut left = 1.0 - (la + lb);
            let add = left.min(ua - la).max(0.0);
            left -= add;
            [la + add, lb + left.min(ub - lb).max(0.0)]
        };
        TwoResults {
            points: (l0 == u0 && l1 == u1).then_some([l0, l1]),
            ordered: greedy((l0, u0), (l1, u1)),
            swapped: greedy((l1, u1), (l0, u0)),
        }
    }

    /// The lowest chance of the outcome, the results' states giving `a`
    /// and `b`.
    fn lowest(&self, a: f64, b: f64) -> f64 {
        if let Some([p, q]) = self.points {
            return p * a + q * b;
        }
        if b.total_cmp(&a).is_lt() {
            0.0 + self.swapped[0] * b + self.swapped[1] * a
        } else {
            0.0 + self.ordered[0] * a + self.ordered[1] * b
        }
    }
}

/// [`lowest_forecast`] of one judged move with range `[l, u]`, without
/// the slice and with what depends only on the range worked out once: the
/// same operations in the same order, so the same value to the bit.
#[derive(Clone, Copy, Debug)]
struct OneJudged {
    l: f64,
    u: f64,
    /// What the greedy adds to `l`, the move's value being the lower.
    add: f64,
    /// The scaled vertex with the move at its upper bound: its weight.
    weight: f64,
    /// Whether the range and the weight are below 1, so that only the
    /// unscaled rule applies when some moves are unjudged (the usual case).
    below_one: bool,
}

impl OneJudged {
    fn new((l, u): (f64, f64)) -> OneJudged {
        let weight = l + (u - l);
        OneJudged {
            l,
            u,
            add: (1.0 - l).min(u - l).max(0.0),
            weight,
            below_one: l < 1.0 && u < 1.0 && weight < 1.0,
        }
    }

    /// The lowest chance of the outcome, the judged move giving `v` and the
    /// unjudged ones `unjudged_mean` on average (`None`: there are none).
    fn lowest(&self, v: f64, unjudged_mean: Option<f64>) -> f64 {
        let OneJudged {
            l,
            u,
            add,
            weight,
            below_one,
        } = *self;
        if below_one && let Some(mean) = unjudged_mean {
            // What the general case below comes to: the one candidate.
            let gain = v - mean;
            let add_here = if gain < 0.0 { add } else { 0.0 };
            let only = mean + (l + add_here) * gain;
            return if only.is_finite() { only } else { mean };
        }
        let mut best = f64::INFINITY;
        if let Some(mean) = unjudged_mean
            && l <= 1.0
        {
            let gain = v - mean;
            let add_here = if gain < 0.0 { add } else { 0.0 };
            best = best.min(mean + (l + add_here) * gain);
            if u >= 1.0 {
                // `lowest_mix` of the judged move alone.
                let alone = if l == u { l * v } else { 0.0 + (l + add) * v };
                best = best.min(alone);
            }
        }
        // Scaled: the move at its lower bound, then at its upper.
        let allowed = |weight: f64| unjudged_mean.is_none() || weight >= 1.0;
        let candidate = |weight: f64, weighted: f64| {
            if weight > 0.0 { weighted / weight } else { v }
        };
        if allowed(l) {
            best = best.min(candidate(l, l * v));
        }
        if allowed(weight) {
            best = best.min(candidate(weight, l * v + (u - l) * v));
        }
        if best.is_finite() {
            best
        } else {
            unjudged_mean.unwrap_or(0.0)
        }
    }
}

/// Negates the values of items, for a maximum through a minimum.
fn negate(items: &mut [Item]) {
    for i in items.iter_mut() {
        i.2 = -i.2;
    }
}

/// Each state's bounds for the outcomes of one block (up to 64): those it
/// can reach, as a bit set, and their `[low, high]`, lowest outcome first.
struct Bounds {
    /// Per state id: the outcomes of the block it can reach.
    reach: Vec<u64>,
    /// Per state id: where its bounds start in `values`.
    base: Vec<u32>,
    values: Vec<[f64; 2]>,
}

/// How a move's chance of an outcome follows from the chances of the
/// states it leads to.
#[derive(Clone, Copy)]
enum Mix {
    /// No chance results: the state it leads to (or [`NONE`]).
    Certain(u32),
    /// Two chance results: where they lie in [`Work::children`].
    Two(usize),
    /// Any other number: where they lie in [`Work::children`].
    Many(usize, usize),
}

/// One available move of the state being bounded.
#[derive(Clone, Copy)]
struct StateMove {
    mix: Mix,
    /// Its judged range, under the forecast (`None`: unjudged).
    judged: Option<(f64, f64)>,
}

/// Space reused from state to state.
#[derive(Default)]
struct Work {
    moves: Vec<(MoveIndex, ActorIndex)>,
    shares: Vec<f64>,
    scratch: Scratch,
    planned: Vec<StateMove>,
    /// `(low, high, state reached or NONE)` of each chance result.
    children: Vec<(f64, f64, u32)>,
    /// One move's lowest and highest chance of each outcome, for
    /// [`Mix::Many`].
    row: Vec<[f64; 2]>,
    /// The judged move's row, under the forecast with one judged move.
    judged_row: Vec<[f64; 2]>,
    /// Every move's row, under the forecast with several judged moves.
    worth: Vec<[f64; 2]>,
    /// Per chance result, then per outcome, for [`Mix::Many`].
    reached: Vec<[f64; 2]>,
    items_low: Vec<Item>,
    items_high: Vec<Item>,
    judged_low: Vec<Item>,
    judged_high: Vec<Item>,
}

/// The interval of every outcome's probability from `start`, moves chosen
/// as `policy` says (judged moves ranging under [`Policy::Judged`]). One
/// pass over the unfolding, children first, per block of 64 outcomes (one
/// block but for the rarest scenarios); see the module documentation.
/// O(states x steps per situation + outcomes reachable x states x steps per
/// situation x log(steps)).
pub(crate) fn intervals(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    ranges: &Ranges,
    start: u32,
    policy: Policy<'_>,
) -> Intervals {
    let n_outcomes = judgements.payoffs.len();
    let choices_fixed = matches!(policy, Policy::Rational(_) | Policy::Logit(_));
    let n_ids = unfolding.n_state_ids();
    let mut by_outcome = vec![(0.0, 0.0); n_outcomes];
    let mut bounds = Bounds {
        reach: vec![0; n_ids],
        base: vec![0; n_ids],
        values: Vec::new(),
    };
    let mut work = Work::default();
    for first in (0..n_outcomes).step_by(64) {
        let block = first..n_outcomes.min(first + 64);
        bound_block(
            graph,
            unfolding,
            judgements,
            ranges,
            policy,
            block,
            &mut bounds,
            &mut work,
        );
        let s = start as usize;
        let Some(&reach) = bounds.reach.get(s) else {
            continue;
        };
        let mut next = bounds.base[s] as usize;
        let mut bits = reach;
        while bits != 0 {
            let o = first + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let [l, h] = bounds.values[next];
            next += 1;
            by_outcome[o] = (l.clamp(0.0, 1.0), h.clamp(0.0, 1.0));
        }
    }
    Intervals {
        by_outcome,
        choices_fixed,
    }
}

/// One pass over the unfolding, children first, for the outcomes of
/// `block`: each state's reachable outcomes (the union of its children's)
/// and their bounds, into `bounds`.
#[allow(clippy::too_many_arguments)]
fn bound_block(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    ranges: &Ranges,
    policy: Policy<'_>,
    block: std::ops::Range<usize>,
    bounds: &mut Bounds,
    work: &mut Work,
) {
    let forecast = matches!(policy, Policy::Judged);
    bounds.values.clear();
    // Room for a few outcomes per state, so that it seldom grows.
    bounds
        .values
        .reserve(unfolding.order().len() * block.len().min(8));
    for &state in unfolding.order() {
        let s = state as usize;
        bounds.reach[s] = 0;
        let situation = unfolding.situation(state);
        match graph.status(situation) {
            Status::Outcome(o) => {
                if block.contains(&o.index()) {
                    bounds.reach[s] = 1 << (o.index() - block.start);
                    bounds.base[s] = bounds.values.len() as u32;
                    bounds.values.push([1.0, 1.0]);
                }
                continue;
            }
            // Play ends without an outcome: both bounds stay 0.
            Status::DeadEnd | Status::Frontier(_) => continue,
            Status::Open if unfolding.is_cut(state) => continue,
            Status::Open => {}
        }
        // The state's moves, their results' ranges and the states they
        // lead to, in one reading of its steps; what it can reach is what
        // they can. The other models' policies read the moves as
        // `available_moves` lists them.
        work.moves.clear();
        work.planned.clear();
        work.children.clear();
        let mut reach = 0u64;
        let child_reach = |child: u32| bounds.reach.get(child as usize).copied().unwrap_or(0);
        let mut current = None;
        let mut certain = NONE;
        let mut from = 0;
        for step_id in graph.steps(situation) {
            let step = graph.step(step_id);
            let m = step.move_;
            if current != Some(m) {
                if let Some(previous) = current {
                    work.planned.push(planned_move(
                        previous,
                        certain,
                        from,
                        &work.children,
                        ranges,
                        forecast,
                    ));
                }
                if !forecast {
                    work.moves.push((m, step.actor));
                }
                current = Some(m);
                certain = NONE;
                from = work.children.len();
            }
            let child = unfolding.child(state, graph.target(step_id));
            reach |= child_reach(child);
            match step.result {
                None => certain = child,
                Some(r) => {
                    let p = judgements.step_probability(step);
                    let (l, u) = ranges.result(m, r, p);
                    work.children.push((l, u, child));
                }
            }
        }
        let Some(last) = current else {
            continue;
        };
        work.planned.push(planned_move(
            last,
            certain,
            from,
            &work.children,
            ranges,
            forecast,
        ));
        // From a state that cannot reach an outcome both bounds are 0.
        if reach == 0 {
            continue;
        }
        bounds.reach[s] = reach;
        if !forecast {
            policy.fill(
                state,
                &work.moves,
                judgements,
                &mut work.scratch,
                &mut work.shares,
            );
        }
        bounds.base[s] = bounds.values.len() as u32;
        bound_state(reach, forecast, bounds, work);
    }
}

/// A move as [`bound_state`] reads it: `certain` is the state it leads
/// to without chance results, its results are `children[from..]`.
fn planned_move(
    m: MoveIndex,
    certain: u32,
    from: usize,
    children: &[(f64, f64, u32)],
    ranges: &Ranges,
    forecast: bool,
) -> StateMove {
    let mix = match children.len() - from {
        0 => Mix::Certain(certain),
        2 => Mix::Two(from),
        _ => Mix::Many(from, children.len()),
    };
    StateMove {
        mix,
        judged: if forecast {
            ranges.judged.get(m.index()).copied().flatten()
        } else {
            None
        },
    }
}

/// The bounds of the state `work` holds, for each of its reachable
/// outcomes `reach`, pushed onto `bounds.values`. Each move's bounds for
/// every outcome (a row), added to the sums move by move: every sum is
/// taken in the moves' order, as the per-outcome method takes it, so the
/// bounds are the same to the bit.
fn bound_state(reach: u64, forecast: bool, bounds: &mut Bounds, work: &mut Work) {
    let Work {
        planned,
        children,
        row,
        judged_row,
        worth,
        reached,
        shares,
        items_low,
        items_high,
        judged_low,
        judged_high,
        ..
    } = work;
    let n = reach.count_ones() as usize;
    let n_judged = planned.iter().filter(|m| m.judged.is_some()).count();
    // Beside a judgement, the unjudged moves' extremes, not their sum: the
    // remainder may go wholly to any one of them.
    let extremes = forecast && n_judged > 0;
    // The non-forecast sum is an iterator's sum, which starts at -0.0.
    let zero = if extremes {
        [f64::INFINITY, f64::NEG_INFINITY]
    } else if forecast {
        [0.0; 2]
    } else {
        [-0.0; 2]
    };
    let start = bounds.values.len();
    bounds.values.resize(start + n, zero);
    // The children's bounds, all before this state's, and this state's.
    let (done, sums) = bounds.values.split_at_mut(start);
    let column = |child: u32| Column::of(&bounds.reach, &bounds.base, done, reach, child);
    let several_judged = n_judged > 1;
    let mut judged_range = (0.0, 0.0);
    worth.clear();
    for (k, m) in planned.iter().enumerate() {
        // Where the move's row goes: added to the sums (with a weight),
        // kept as the judged move's, or kept with every move's.
        let into = if several_judged {
            worth.resize(worth.len() + n, [0.0; 2]);
            let end = worth.len();
            Row::Keep(&mut worth[end - n..])
        } else if !forecast {
            Row::Add(sums, shares.get(k).copied().unwrap_or(0.0))
        } else if let Some(range) = m.judged {
            judged_range = range;
            judged_row.clear();
            judged_row.resize(n, [0.0; 2]);
            Row::Keep(judged_row)
        } else if extremes {
            Row::Extremes(sums)
        } else {
            // A sum of `1 x value` is the sum of the values.
            Row::Add(sums, 1.0)
        };
        match m.mix {
            Mix::Certain(child) => into.take(column(child)),
            Mix::Two(from) => {
                let (l0, u0, c0) = children[from];
                let (l1, u1, c1) = children[from + 1];
                let two = TwoResults::new((l0, u0), (l1, u1));
                into.take(column(c0).zip(column(c1)).map(|(a, b)| {
                    // The high value is carried negated.
                    [two.lowest(a[0], b[0]), -two.lowest(-a[1], -b[1])]
                }));
            }
            Mix::Many(from, to) => {
                reached.clear();
                reached.resize((to - from) * n, [0.0; 2]);
                for (&(_, _, child), out) in
                    children[from..to].iter().zip(reached.chunks_exact_mut(n))
                {
                    Row::Keep(out).take(column(child));
                }
                row.clear();
                for o in 0..n {
                    items_low.clear();
                    items_high.clear();
                    for (c, &(l, u, _)) in children[from..to].iter().enumerate() {
                        let [low, high] = reached[c * n + o];
                        items_low.push((l, u, low));
                        items_high.push((l, u, -high));
                    }
                    row.push([lowest_mix(items_low), -lowest_mix(items_high)]);
                }
                into.take(row.iter().copied());
            }
        }
    }
    if !forecast {
        return;
    }
    let n_unjudged = planned.len() - n_judged;
    let count = n_unjudged as f64;
    if n_judged == 0 {
        // The rule below with nothing judged: the moves' mean.
        for sum in sums.iter_mut() {
            *sum = [sum[0] / count, sum[1] / count];
        }
    } else if n_judged == 1 {
        let judged = OneJudged::new(judged_range);
        for (sum, [low, high]) in sums.iter_mut().zip(judged_row.iter()) {
            // The least and the most an unjudged move is worth.
            let mean_low = (n_unjudged > 0).then_some(sum[0]);
            let mean_high = (n_unjudged > 0).then_some(-sum[1]);
            *sum = [
                judged.lowest(*low, mean_low),
                -judged.lowest(-high, mean_high),
            ];
        }
    } else {
        for (o, sum) in sums.iter_mut().enumerate() {
            judged_low.clear();
            judged_high.clear();
            // The least and the most an unjudged move is worth.
            let (mut least, mut most) = (f64::INFINITY, f64::NEG_INFINITY);
            for (m, row) in planned.iter().zip(worth.chunks_exact(n)) {
                let [low, high] = row[o];
                match m.judged {
                    Some((l, u)) => {
                        judged_low.push((l, u, low));
                        judged_high.push((l, u, high));
                    }
                    None => {
                        least = least.min(low);
                        most = most.max(high);
                    }
                }
            }
            let mean_low = (n_unjudged > 0).then_some(least);
            let mean_high = (n_unjudged > 0).then_some(-most);
            let l = lowest_forecast(judged_low, mean_low);
            negate(judged_high);
            let h = -lowest_forecast(judged_high, mean_high);
            *sum = [l, h];
        }
    }
}

/// Where a move's row of bounds goes.
enum Row<'a> {
    /// Added to these sums, times the weight.
    Add(&'a mut [[f64; 2]], f64),
    /// Kept as the least low and the most high in these.
    Extremes(&'a mut [[f64; 2]]),
    /// Written here.
    Keep(&'a mut [[f64; 2]]),
}

impl Row<'_> {
    /// Takes the row, one value per outcome.
    fn take(self, values: impl Iterator<Item = [f64; 2]>) {
        match self {
            Row::Add(sums, weight) => {
                for (sum, [l, h]) in sums.iter_mut().zip(values) {
                    sum[0] += weight * l;
                    sum[1] += weight * h;
                }
            }
            Row::Extremes(sums) => {
                for (sum, [l, h]) in sums.iter_mut().zip(values) {
                    sum[0] = sum[0].min(l);
                    sum[1] = sum[1].max(h);
                }
            }
            Row::Keep(out) => {
                for (slot, value) in out.iter_mut().zip(values) {
                    *slot = value;
                }
            }
        }
    }
}

/// The bounds of one child for each outcome its parent can reach, lowest
/// outcome first: 0 where the child cannot reach it (the child can reach
/// none its parent cannot).
struct Column<'a> {
    /// The child's bounds not yet read.
    values: &'a [[f64; 2]],
    /// The child's outcomes.
    reach: u64,
    /// The parent's outcomes not yet read.
    bits: u64,
    /// The parent's outcomes.
    parent: u64,
}

impl<'a> Column<'a> {
    /// Reads `child`'s bounds from the states' `reach`, `base` and
    /// `values` (as in [`Bounds`]).
    fn of(
        reach: &[u64],
        base: &[u32],
        values: &'a [[f64; 2]],
        parent: u64,
        child: u32,
    ) -> Column<'a> {
        let reach = reach.get(child as usize).copied().unwrap_or(0);
        let values = if reach == 0 {
            &[]
        } else {
            // It ends where the parent's outcomes do.
            let base = base[child as usize] as usize;
            values.get(base..).unwrap_or(&[])
        };
        Column {
            values,
            reach,
            bits: parent,
            parent,
        }
    }
}

impl Iterator for Column<'_> {
    type Item = [f64; 2];

    fn next(&mut self) -> Option<[f64; 2]> {
        // A child that reaches every outcome its parent does (the usual
        // case) has its bounds in the parent's order, one per outcome.
        if self.reach != self.parent {
            let bit = self.bits & self.bits.wrapping_neg();
            self.bits ^= bit;
            if self.reach & bit == 0 {
                return Some([0.0; 2]);
            }
        }
        let (first, rest) = self.values.split_first()?;
        self.values = rest;
        Some(*first)
    }
}

/// The bounds computed the straightforward way, one pass per outcome
/// over a plan of the unfolding, as the tests' reference for the
/// one-pass method.
#[cfg(test)]
mod reference {
    use super::super::forward::available_moves;
    use super::*;
    use crate::model::OutcomeIndex;

    /// One available move of a state, as the dynamic programme reads it.
    #[derive(Clone, Copy)]
    struct PlannedMove {
        /// Where its results lie in [`Plan::results`]; an empty range for a
        /// move without chance results.
        results: (u32, u32),
        /// The state it leads to, for a move without chance results.
        certain: u32,
        /// Its judged range, under the forecast (`None`: unjudged).
        judged: Option<(f64, f64)>,
        /// Its share of the state's probability, under the other models.
        share: f64,
    }

    /// What one state of the unfolding is to the dynamic programme.
    #[derive(Clone, Copy)]
    enum Planned {
        /// An outcome.
        Outcome(OutcomeIndex),
        /// A decision: its moves lie in [`Plan::moves`].
        Moves(u32, u32),
    }

    /// The unfolding read once for every outcome's pass: each state where
    /// play goes on, its moves, their results' ranges and the states they
    /// lead to, children first. States where play ends without an outcome
    /// are left out (both bounds stay 0).
    struct Plan {
        states: Vec<(u32, Planned)>,
        moves: Vec<PlannedMove>,
        /// `(low, high, state reached or NONE)`.
        results: Vec<(f64, f64, u32)>,
    }

    impl Plan {
        fn new(
            graph: &SituationGraph,
            unfolding: &Unfolding,
            judgements: &Judgements,
            ranges: &Ranges,
            policy: Policy<'_>,
        ) -> Plan {
            let mut plan = Plan {
                states: Vec::with_capacity(unfolding.order().len()),
                moves: Vec::new(),
                results: Vec::new(),
            };
            let forecast = matches!(policy, Policy::Judged);
            let mut moves: Vec<(MoveIndex, ActorIndex)> = Vec::new();
            let mut shares: Vec<f64> = Vec::new();
            let mut scratch = Scratch::default();
            for &state in unfolding.order() {
                let situation = unfolding.situation(state);
                match graph.status(situation) {
                    Status::Outcome(o) => {
                        plan.states.push((state, Planned::Outcome(o)));
                        continue;
                    }
                    Status::DeadEnd | Status::Frontier(_) => continue,
                    Status::Open if unfolding.is_cut(state) => continue,
                    Status::Open => {}
                }
                available_moves(graph, situation, &mut moves);
                if moves.is_empty() {
                    continue;
                }
                if !forecast {
                    policy.fill(state, &moves, judgements, &mut scratch, &mut shares);
                }
                let first = plan.moves.len() as u32;
                let mut steps = graph.steps(situation).peekable();
                for (k, &(m, _)) in moves.iter().enumerate() {
                    let from = plan.results.len() as u32;
                    let mut certain = NONE;
                    while let Some(&step_id) = steps.peek() {
                        let step = graph.step(step_id);
                        if step.move_ != m {
                            break;
                        }
                        steps.next();
                        let child = unfolding.child(state, graph.target(step_id));
                        match step.result {
                            None => certain = child,
                            Some(r) => {
                                let p = judgements.step_probability(step);
                                let (l, u) = ranges.result(m, r, p);
                                plan.results.push((l, u, child));
                            }
                        }
                    }
                    plan.moves.push(PlannedMove {
                        results: (from, plan.results.len() as u32),
                        certain,
                        judged: if forecast {
                            ranges.judged.get(m.index()).copied().flatten()
                        } else {
                            None
                        },
                        share: shares.get(k).copied().unwrap_or(0.0),
                    });
                }
                plan.states
                    .push((state, Planned::Moves(first, plan.moves.len() as u32)));
            }
            plan
        }
    }

    /// The interval of every outcome's probability from `start`, moves chosen
    /// as `policy` says (judged moves ranging under [`Policy::Judged`]).
    /// The unfolding is read once ([`Plan`]); then one pass per outcome over
    /// the plan, skipping the states that cannot reach it. O(outcomes x
    /// states x steps per situation x log(steps)).
    pub(super) fn per_outcome(
        graph: &SituationGraph,
        unfolding: &Unfolding,
        judgements: &Judgements,
        ranges: &Ranges,
        start: u32,
        policy: Policy<'_>,
    ) -> Intervals {
        let n_outcomes = judgements.payoffs.len();
        let choices_fixed = matches!(policy, Policy::Rational(_) | Policy::Logit(_));
        let forecast = matches!(policy, Policy::Judged);
        let plan = Plan::new(graph, unfolding, judgements, ranges, policy);
        let reach = reachable_outcome_sets(graph, unfolding, n_outcomes);
        let n_ids = unfolding.n_state_ids();
        let mut low = vec![0.0; n_ids];
        let mut high = vec![0.0; n_ids];
        let mut worth_low: Vec<f64> = Vec::new();
        let mut worth_high: Vec<f64> = Vec::new();
        let mut items_low: Vec<Item> = Vec::new();
        let mut items_high: Vec<Item> = Vec::new();
        let mut judged_low: Vec<Item> = Vec::new();
        let mut judged_high: Vec<Item> = Vec::new();
        let mut by_outcome = Vec::with_capacity(n_outcomes);
        let value = |values: &[f64], state: u32| {
            if state == NONE {
                0.0
            } else {
                values[state as usize]
            }
        };

        for o in 0..n_outcomes {
            let target = OutcomeIndex(o as u32);
            let bit = if o < 64 { 1u64 << o } else { 0 };
            for &(state, planned) in &plan.states {
                let s = state as usize;
                let (first, last) = match planned {
                    Planned::Outcome(reached) => {
                        let v = if reached == target { 1.0 } else { 0.0 };
                        low[s] = v;
                        high[s] = v;
                        continue;
                    }
                    Planned::Moves(first, last) => (first as usize, last as usize),
                };
                // From a state that cannot reach the outcome both bounds are 0.
                if bit != 0 && reach.get(s).is_some_and(|r| r & bit == 0) {
                    low[s] = 0.0;
                    high[s] = 0.0;
                    continue;
                }
                let moves = &plan.moves[first..last];

                // Each move's lowest and highest chance of the outcome.
                worth_low.clear();
                worth_high.clear();
                for m in moves {
                    let (from, to) = (m.results.0 as usize, m.results.1 as usize);
                    if from == to {
                        worth_low.push(value(&low, m.certain));
                        worth_high.push(value(&high, m.certain));
                        continue;
                    }
                    items_low.clear();
                    items_high.clear();
                    for &(l, u, child) in &plan.results[from..to] {
                        // The high value is carried negated in a second list.
                        items_low.push((l, u, value(&low, child)));
                        items_high.push((l, u, -value(&high, child)));
                    }
                    worth_low.push(lowest_mix(&mut items_low));
                    worth_high.push(-lowest_mix(&mut items_high));
                }

                // Combine the moves as the play model does.
                let (l, h) = if forecast {
                    judged_low.clear();
                    judged_high.clear();
                    let (mut sum_low, mut sum_high, mut n_unjudged) = (0.0, 0.0, 0usize);
                    let (mut least, mut most) = (f64::INFINITY, f64::NEG_INFINITY);
                    for (k, m) in moves.iter().enumerate() {
                        match m.judged {
                            Some((l, u)) => {
                                judged_low.push((l, u, worth_low[k]));
                                judged_high.push((l, u, worth_high[k]));
                            }
                            None => {
                                sum_low += worth_low[k];
                                sum_high += worth_high[k];
                                least = least.min(worth_low[k]);
                                most = most.max(worth_high[k]);
                                n_unjudged += 1;
                            }
                        }
                    }
                    // Nothing judged: uniform, the mean. Beside a
                    // judgement: the remainder wholly to one unjudged move.
                    let n = n_unjudged as f64;
                    let (mean_low, mean_high) = if judged_low.is_empty() {
                        (sum_low / n, -sum_high / n)
                    } else {
                        (least, -most)
                    };
                    let mean_low = (n_unjudged > 0).then_some(mean_low);
                    let mean_high = (n_unjudged > 0).then_some(mean_high);
                    let l = lowest_forecast(&mut judged_low, mean_low);
                    negate(&mut judged_high);
                    let h = -lowest_forecast(&mut judged_high, mean_high);
                    (l, h)
                } else {
                    let l = moves.iter().zip(&worth_low).map(|(m, v)| m.share * v).sum();
                    let h = moves
                        .iter()
                        .zip(&worth_high)
                        .map(|(m, v)| m.share * v)
                        .sum();
                    (l, h)
                };
                low[s] = l;
                high[s] = h;
            }
            by_outcome.push(
                low.get(start as usize)
                    .zip(high.get(start as usize))
                    .map_or((0.0, 0.0), |(l, h)| (l.clamp(0.0, 1.0), h.clamp(0.0, 1.0))),
            );
        }
        Intervals {
            by_outcome,
            choices_fixed,
        }
    }

    /// For each state of the unfolding, the outcomes (the first 64) play can
    /// still reach from it, as a bit set; empty when the scenario has more than
    /// 64 outcomes (then no state is skipped). One pass, children first.
    fn reachable_outcome_sets(
        graph: &SituationGraph,
        unfolding: &Unfolding,
        n_outcomes: usize,
    ) -> Vec<u64> {
        if n_outcomes > 64 {
            return Vec::new();
        }
        let mut reach = vec![0u64; unfolding.n_state_ids()];
        for &state in unfolding.order() {
            let situation = unfolding.situation(state);
            let set = match graph.status(situation) {
                Status::Outcome(o) => 1u64 << o.index(),
                Status::Open if !unfolding.is_cut(state) => graph
                    .steps(situation)
                    .map(|step| unfolding.child(state, graph.target(step)))
                    .filter(|child| *child != NONE)
                    .fold(0, |set, child| set | reach[child as usize]),
                _ => 0,
            };
            reach[state as usize] = set;
        }
        reach
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chance_move_fills_the_cheapest_first() {
        // likely (55-80 %) to 1, unlikely (20-45 %) to 0: 0.55 at lowest.
        let mut items = vec![(0.55, 0.8, 1.0), (0.2, 0.45, 0.0)];
        assert!((lowest_mix(&mut items) - 0.55).abs() < 1e-15);
        let mut items = vec![(0.55, 0.8, -1.0), (0.2, 0.45, 0.0)];
        assert!((-lowest_mix(&mut items) - 0.8).abs() < 1e-15);
        // Points stay points.
        let mut items = vec![(0.25, 0.25, 1.0), (0.75, 0.75, 0.0)];
        assert_eq!(lowest_mix(&mut items), 0.25);
    }

    #[test]
    fn a_judged_move_ranges_and_the_rest_is_shared() {
        // "likely" leads to the outcome (1), one unjudged move does not
        // (0): the likely move's probability, 0.55 to 0.80.
        let mut judged = vec![(0.55, 0.8, 1.0)];
        assert!((lowest_forecast(&mut judged, Some(0.0)) - 0.55).abs() < 1e-15);
        let mut judged = vec![(0.55, 0.8, -1.0)];
        assert!((-lowest_forecast(&mut judged, Some(-0.0)) - 0.8).abs() < 1e-15);
        // Two "likely" moves, one to the outcome: always scaled, q1 / (q1
        // + q2) from 0.55 / 1.35 to 0.8 / 1.35.
        let mut judged = vec![(0.55, 0.8, 1.0), (0.55, 0.8, 0.0)];
        let low = lowest_forecast(&mut judged, None);
        assert!((low - 0.55 / 1.35).abs() < 1e-15, "{low}");
        let mut judged = vec![(0.55, 0.8, -1.0), (0.55, 0.8, -0.0)];
        let high = -lowest_forecast(&mut judged, None);
        assert!((high - 0.8 / 1.35).abs() < 1e-15, "{high}");
        // "likely" to the outcome, "unlikely" not, one unjudged move also
        // to the outcome. Lowest: likely at 0.55 and unlikely at 0.45
        // (sum 1, the unjudged move gets nothing): 0.55. Highest: likely
        // at 0.8, unlikely at 0.2, the unjudged move 0 (sum 1): 0.8.
        let mut judged = vec![(0.55, 0.8, 1.0), (0.2, 0.45, 0.0)];
        let low = lowest_forecast(&mut judged, Some(1.0));
        assert!((low - 0.55).abs() < 1e-15, "{low}");
        let mut judged = vec![(0.55, 0.8, -1.0), (0.2, 0.45, -0.0)];
        let high = -lowest_forecast(&mut judged, Some(-1.0));
        assert!((high - 0.8).abs() < 1e-15, "{high}");
    }

    #[test]
    fn scaled_judgements_are_bounded_exactly() {
        // Brute force over a fine grid of the box against the greedy
        // bound, for three judged moves (with and without an unjudged
        // one) whose ranges straddle a total of 1.
        let boxes = [(0.2, 0.45), (0.45, 0.55), (0.05, 0.2)];
        let values = [0.9, 0.1, 0.5];
        for unjudged in [None, Some(0.3)] {
            let mut lowest = f64::INFINITY;
            let mut shares = Vec::new();
            let n = 30;
            for a in 0..=n {
                for b in 0..=n {
                    for c in 0..=n {
                        let q = [a, b, c].map(|i| i as f64 / n as f64);
                        let judged: Vec<Option<f64>> = boxes
                            .iter()
                            .zip(q)
                            .map(|((l, u), t)| Some(l + (u - l) * t))
                            .chain(unjudged.map(|_| None))
                            .collect();
                        crate::model::forecast_shares(&judged, &mut shares);
                        let v: f64 = shares
                            .iter()
                            .zip(values.iter().copied().chain(unjudged))
                            .map(|(p, v)| p * v)
                            .sum();
                        lowest = lowest.min(v);
                    }
                }
            }
            let mut items: Vec<Item> = boxes
                .iter()
                .zip(values)
                .map(|((l, u), v)| (*l, *u, v))
                .collect();
            let exact = lowest_forecast(&mut items, unjudged);
            // The grid holds every vertex, so it finds the exact bound.
            assert!((exact - lowest).abs() < 1e-12, "{exact} vs {lowest}");
        }
    }

    /// Every play model's policy on `unfolding`, with its name.
    fn policies(
        scenario: &Scenario,
        graph: &SituationGraph,
        unfolding: &std::sync::Arc<Unfolding>,
        judgements: &Judgements,
    ) -> (crate::analysis::solve::Solution, super::super::qre::Logit) {
        let n_actors = scenario.actors.len();
        let rational = crate::analysis::solve::solve_unfolding(
            n_actors,
            graph,
            std::sync::Arc::clone(unfolding),
            judgements.clone(),
        );
        let logit = super::super::qre::logit(n_actors, graph, unfolding, judgements, 1.0);
        (rational, logit)
    }

    /// The one-pass bounds equal the per-outcome reference's, to the bit,
    /// from every situation of `text` (the first `max_roots`) under every
    /// play model, at the scenario's horizon and at a short one.
    fn one_pass_agrees(text: &str, max_roots: usize) -> usize {
        let scenario = crate::model::load_str(text, "test.ron").unwrap();
        let graph = crate::engine::expand(&scenario);
        let judgements = Judgements::of(&scenario);
        let ranges = Ranges::of(&scenario, &judgements);
        let mut compared = 0;
        for root in graph.situations().take(max_roots) {
            for horizon in [scenario.limits.max_depth, 3] {
                let unfolding = std::sync::Arc::new(Unfolding::build(&graph, root, horizon));
                let start = unfolding.root_state();
                if start == NONE {
                    continue;
                }
                let (rational, logit) = policies(&scenario, &graph, &unfolding, &judgements);
                for policy in [
                    Policy::Uniform,
                    Policy::Judged,
                    Policy::Rational(&rational),
                    Policy::Logit(&logit),
                ] {
                    let fast = intervals(&graph, &unfolding, &judgements, &ranges, start, policy);
                    let slow = reference::per_outcome(
                        &graph,
                        &unfolding,
                        &judgements,
                        &ranges,
                        start,
                        policy,
                    );
                    assert_eq!(fast, slow, "from {root:?}, horizon {horizon}");
                    compared += 1;
                }
            }
        }
        compared
    }

    #[test]
    fn one_pass_equals_one_pass_per_outcome_on_the_library() {
        for built_in in crate::LIBRARY {
            assert!(one_pass_agrees(built_in.text, 300) > 0, "{}", built_in.name);
        }
        for text in [
            include_str!("../../../../tests/data/analysis/chance.ron"),
            include_str!("../../../../tests/data/analysis/cycle.ron"),
            include_str!("../../../../tests/data/analysis/free_turn_judged.ron"),
            include_str!("../../../../tests/data/analysis/frontier.ron"),
            include_str!("../../../../tests/data/analysis/judged.ron"),
            include_str!("../../../../tests/data/analysis/judged_cycle.ron"),
            include_str!("../../../../tests/data/analysis/three_actors.ron"),
            include_str!("../../../../tests/data/ok/harbour.ron"),
        ] {
            assert!(one_pass_agrees(text, 300) > 0);
        }
    }

    #[test]
    fn one_pass_equals_one_pass_per_outcome_on_the_synthetic_shape() {
        // The benchmarks' shape, small: chance every second move, the
        // first move judged.
        let spec = crate::synthetic::SyntheticSpec {
            n_levels: 5,
            chance_every: 2,
            ..crate::synthetic::SyntheticSpec::MILLION
        };
        let text = crate::synthetic::generate(&spec).replacen(
            "Move(id: \"m0\",",
            "Move(id: \"m0\", likelihood: \"likely\",",
            1,
        );
        assert!(text.contains("likelihood: \"likely\""));
        assert!(one_pass_agrees(&text, 40) > 0);
    }

    #[test]
    fn more_than_64_outcomes_are_bounded_in_blocks() {
        // 70 outcomes, v == 1 to 70; each move a chance between two of
        // them, every third move judged, one unjudged move leading on.
        let n = 70;
        let mut moves = String::new();
        for k in 0..n {
            let judged = if k % 3 == 0 {
                ", likelihood: \"unlikely\""
            } else {
                ""
            };
            moves.push_str(&format!(
                "Move(id: \"m{k}\", actor: \"a\", label: \"M{k}\", when: \"w == 1\"{judged}, results: [Result(id: \"r0\", probability: \"likely\", effects: [\"v = {}\"]), Result(id: \"r1\", probability: \"unlikely\", effects: [\"v = {}\"])]),\n",
                k + 1,
                (k + 7) % n + 1
            ));
        }
        moves.push_str(
            "Move(id: \"on\", actor: \"a\", label: \"On\", when: \"w == 0\", effects: [\"w = 1\"]),\n",
        );
        let outcomes: Vec<String> = (1..=n)
            .map(|k| format!("Outcome(id: \"o{k}\", label: \"O{k}\", when: \"v == {k}\", payoffs: {{\"a\": {k}}})"))
            .collect();
        let text = format!(
            "Scenario(id: \"many\", title: \"Many\", actors: [Actor(id: \"a\", name: \"A\")], variables: [Variable(id: \"v\", domain: Integer(min: 0, max: {n}), initial: 0), Variable(id: \"w\", domain: Integer(min: 0, max: 1), initial: 0)], moves: [{moves}], outcomes: [{}], turns: ByMove(first: \"a\"))",
            outcomes.join(", ")
        );
        assert!(one_pass_agrees(&text, 3) > 0);
        // And the bounds themselves: from the start, outcome 70 is reached
        // by "likely" from m69 and by "unlikely" from m62, each chosen
        // with probability from the forecast's rule.
        let scenario = crate::model::load_str(&text, "many.ron").unwrap();
        let graph = crate::engine::expand(&scenario);
        let i = crate::analysis::outcome_intervals(
            &scenario,
            &graph,
            graph.start(),
            crate::analysis::PlayModel::Uniform,
            10,
        );
        assert_eq!(i.by_outcome.len(), n);
        // Uniform: each move 1/70; o70 from m69 (likely, 55-80 %) and m62
        // (unlikely, 20-45 %).
        let (low, high) = i.by_outcome[69];
        assert!((low - (0.55 + 0.2) / 70.0).abs() < 1e-12, "{low}");
        assert!((high - (0.8 + 0.45) / 70.0).abs() < 1e-12, "{high}");
    }

    #[test]
    fn the_small_cases_are_the_general_ones_to_the_bit() {
        // Ranges of words and points, values with ties and signed zeros,
        // means on either side: every combination.
        let ranges = [
            (0.55, 0.8),
            (0.2, 0.45),
            (0.25, 0.25),
            (0.0, 0.05),
            (0.95, 1.0),
            (0.4, 0.6),
        ];
        let values = [0.0, -0.0, 1.0, -1.0, 0.3, -0.3, 0.7];
        let means = [
            None,
            Some(0.0),
            Some(-0.0),
            Some(0.5),
            Some(-0.5),
            Some(1.0),
        ];
        let bits = |x: f64| x.to_bits();
        for &(l0, u0) in &ranges {
            for &v0 in &values {
                for &mean in &means {
                    let one = (l0, u0, v0);
                    assert_eq!(
                        bits(OneJudged::new((l0, u0)).lowest(v0, mean)),
                        bits(lowest_forecast(&mut [one], mean)),
                        "{one:?} {mean:?}"
                    );
                }
                for &(l1, u1) in &ranges {
                    for &v1 in &values {
                        let (a, b) = ((l0, u0, v0), (l1, u1, v1));
                        let two = TwoResults::new((l0, u0), (l1, u1));
                        assert_eq!(
                            bits(two.lowest(v0, v1)),
                            bits(lowest_mix(&mut [a, b])),
                            "{a:?} {b:?}"
                        );
                    }
                }
            }
        }
    }

    /// A random scenario's text: two variables, moves with a judged
    /// likelihood (a word or a number) or none, with two or three chance
    /// results (words or numbers) or none, outcomes on the variables' values,
    /// by move or free turns, a short horizon (cycles happen).
    fn random_scenario() -> impl proptest::strategy::Strategy<Value = String> {
        use crate::model::Likelihood;
        use proptest::prelude::*;
        let effect = (0..2usize, 0..3i64).prop_map(|(v, d)| {
            if d == 0 {
                format!("v{v} - 1")
            } else {
                format!("v{v} + {d}")
            }
        });
        let a_move = (
            0..3usize,
            proptest::option::of((0..2usize, any::<bool>(), 1..4i64)),
            effect.clone(),
            proptest::option::weighted(0.6, (0..7usize, 0..7usize, effect.clone(), effect)),
            proptest::option::weighted(0.6, 0..18usize),
        );
        (
            1..4usize,
            proptest::collection::vec(a_move, 1..7),
            proptest::collection::vec((0..2usize, 1..4i64, -3..6i64), 1..5),
            any::<bool>(),
            2..6u32,
        )
            .prop_map(|(n_actors, moves, outcomes, free, max_depth)| {
                let mut text = String::from("Scenario(id: \"r\", title: \"R\", actors: [");
                for a in 0..n_actors {
                    text.push_str(&format!("Actor(id: \"a{a}\", name: \"A{a}\"), "));
                }
                text.push_str("], variables: [Variable(id: \"v0\", domain: Integer(min: 0, max: 3), initial: 0), Variable(id: \"v1\", domain: Integer(min: 0, max: 3), initial: 0)], moves: [");
                for (i, (actor, when, first, chance, judged)) in moves.iter().enumerate() {
                    text.push_str(&format!(
                        "Move(id: \"m{i}\", actor: \"a{}\", label: \"M{i}\"",
                        actor % n_actors
                    ));
                    if let Some((v, lower, n)) = when {
                        let op = if *lower { "<" } else { ">=" };
                        text.push_str(&format!(", when: \"v{v} {op} {n}\""));
                    }
                    if let Some(j) = judged {
                        match Likelihood::ALL.get(*j) {
                            Some(w) => text.push_str(&format!(", likelihood: \"{}\"", w.word())),
                            None => text.push_str(&format!(", likelihood: {:?}", (j - 7) as f64 / 10.0)),
                        }
                    }
                    match chance {
                        None => text.push_str(&format!(", effects: [\"{first}\"]")),
                        Some((w0, w1, second, third)) => {
                            // A word, perhaps a second one, and a number for
                            // the rest (when anything is left).
                            let (p0, p1) = (Likelihood::ALL[*w0], Likelihood::ALL[*w1]);
                            let mut results = vec![(format!("{:?}", p0.word()), p0.probability(), first)];
                            if p0.probability() + p1.probability() <= 1.0 {
                                results.push((format!("{:?}", p1.word()), p1.probability(), second));
                            }
                            let rest = 1.0 - results.iter().map(|r| r.1).sum::<f64>();
                            if rest > 0.0 {
                                results.push((format!("{rest:?}"), rest, third));
                            }
                            let results: Vec<String> = results
                                .iter()
                                .enumerate()
                                .map(|(r, (p, _, e))| format!("Result(id: \"r{r}\", probability: {p}, effects: [\"{e}\"])"))
                                .collect();
                            text.push_str(&format!(", results: [{}]", results.join(", ")));
                        }
                    }
                    text.push_str("), ");
                }
                text.push_str("], outcomes: [");
                for (k, (v, n, payoff)) in outcomes.iter().enumerate() {
                    let payoffs: Vec<String> = (0..n_actors)
                        .map(|a| format!("\"a{a}\": {}", payoff + a as i64))
                        .collect();
                    text.push_str(&format!(
                        "Outcome(id: \"o{k}\", label: \"O{k}\", when: \"v{v} == {n}\", payoffs: {{{}}}), ",
                        payoffs.join(", ")
                    ));
                }
                let turns = if free { "Free" } else { "ByMove(first: \"a0\")" };
                text.push_str(&format!("], turns: {turns}, limits: Limits(max_depth: {max_depth}))"));
                text
            })
    }

    proptest::proptest! {
        #[test]
        fn one_pass_equals_one_pass_per_outcome_on_random_scenarios(text in random_scenario()) {
            proptest::prop_assert!(one_pass_agrees(&text, 50) > 0);
        }
    }
}
