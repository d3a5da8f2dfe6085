//! The sequence form of a two-player tree (Koller, Megiddo and von Stengel
//! 1996) as a linear complementarity problem, solved by [`super::lemke`],
//! and the behaviour strategies read back from the realisation plans.

use rustc_hash::FxHashMap;

use super::lemke::{Exact, Lcp, LemkeError, Scalar, lemke};
use super::lp::{PlanRows, zero_sum_plans};
use super::tree::{Node, Reach, Tree};
use super::verify::{best_response, expected, set_reach};
use super::{BehaviourEquilibrium, SequenceError, SequenceMethod, SetStrategy};
use crate::engine::{SituationId, memory_budget};
use crate::model::Scenario;

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

pub(super) fn solve_tree(
    scenario: &Scenario,
    tree: &Tree,
) -> Result<BehaviourEquilibrium, SequenceError> {
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
    let scale = (max_pay - min_pay).abs().max(1.0);

    // The method is chosen here, once: a zero-sum game by the sequence-form
    // linear program, any other by Lemke's algorithm.
    let lp_error = if is_zero_sum(tree, &reach, scale) {
        let mut payoff: FxHashMap<(usize, usize), f64> = FxHashMap::default();
        for (k, node) in tree.nodes.iter().enumerate() {
            if let Node::Leaf(two, _, _) = node {
                let (p, s0, s1) = reach.at[k];
                if p > 0.0 {
                    *payoff.entry((s0, s1)).or_insert(0.0) += p * two[0];
                }
            }
        }
        let rows = |sq: &Sequences| PlanRows {
            n: sq.n,
            sets: sq
                .order
                .iter()
                .map(|set| {
                    (
                        sq.first.get(set).copied().unwrap_or(0),
                        tree.sets[*set].2.len(),
                        sq.parent.get(set).copied().unwrap_or(0),
                    )
                })
                .collect(),
        };
        let (rows1, rows2) = (rows(&seqs[0]), rows(&seqs[1]));
        let solved = zero_sum_plans([&rows1, &rows2], &payoff)
            .map_err(SequenceError::Failed)
            .and_then(|z| verified(scenario, tree, &seqs, &reach, &z, [0, n1], scale, 0, n));
        match solved {
            Ok(mut found) => {
                found.method = SequenceMethod::ZeroSumLp;
                return Ok(found);
            }
            // Lemke's algorithm solves zero-sum games too: it is the
            // fallback should the LP fail.
            Err(e) => Some(e),
        }
    } else {
        None
    };

    // Costs: max + 1 - payoff, times the chance probability.
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
    let mut m: Vec<(usize, usize, f64)> = Vec::with_capacity(c1.len() + c2.len() + 4 * n);
    for (&(s0, s1), &c) in &c1 {
        m.push((ox + s0, oy + s1, c));
    }
    for (&(s0, s1), &c) in &c2 {
        m.push((oy + s1, ox + s0, c));
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
            m.push((o_seq + col, o_row + row, -coef));
            m.push((o_row + row, o_seq + col, coef));
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
    let lcp = Lcp {
        n,
        m,
        q,
        d,
        free: (0..n).map(|j| j >= ou).collect(),
    };
    let max_pivots = 50 * n + 1000;
    let check = |z: &[f64], pivots: usize| {
        verified(scenario, tree, &seqs, &reach, z, [ox, oy], scale, pivots, n)
    };
    // Floating point first; where its path fails or its answer fails the
    // check, the same path in exact rationals, which cannot misjudge a tie.
    let budget = memory_budget();
    let too_large = || {
        lp_error.clone().unwrap_or(SequenceError::TooLarge {
            n,
            budget,
            applies: crate::engine::memory_limit(),
        })
    };
    let float = match lemke::<f64>(
        &lcp,
        max_pivots,
        entries_within(budget, FLOAT_ENTRY_BYTES, n),
    ) {
        Ok(solved) => check(&solved.z, solved.pivots),
        Err(LemkeError::TooLarge(_)) => return Err(too_large()),
        Err(e) => Err(SequenceError::Failed(e.to_string())),
    };
    let float_error = match float {
        Ok(found) => return Ok(found),
        Err(e) => e,
    };
    match lemke::<Exact>(
        &lcp,
        max_pivots,
        entries_within(budget, EXACT_ENTRY_BYTES, n),
    ) {
        Ok(solved) => {
            let z: Vec<f64> = solved.z.iter().map(Scalar::to_f64).collect();
            check(&z, solved.pivots)
        }
        // Floating point's answer was wrong and the exact path does not
        // fit: say both.
        Err(LemkeError::TooLarge(_)) => Err(SequenceError::Failed(format!(
            "{float_error}; the exact path, which would settle it, does not fit in the memory budget"
        ))),
        Err(e) => Err(SequenceError::Failed(format!(
            "{e} (in floating point: {float_error}; in exact arithmetic: {e})"
        ))),
    }
}

/// Below this, an entry of a realisation plan is rounding left of a zero.
const PLAN_RESIDUE: f64 = 1e-12;

/// Bytes an entry of the basis inverse takes in floating point: its row,
/// its value, and its column in the row index, which may hold as many
/// again before it is rebuilt.
const FLOAT_ENTRY_BYTES: u64 = 24;
/// In exact rationals: the row, a `BigRational` (two big integers) and the
/// digits they hold on the heap, which grow along the path.
const EXACT_ENTRY_BYTES: u64 = 160;

/// How many entries of the basis inverse fit in `budget`, after the
/// problem's dense working columns (a few per row).
fn entries_within(budget: u64, entry_bytes: u64, n: usize) -> usize {
    let fixed = (n as u64).saturating_mul(8 * entry_bytes);
    usize::try_from(budget.saturating_sub(fixed) / entry_bytes).unwrap_or(usize::MAX)
}

/// The behaviour profile read from the realisation plans `z`, checked on
/// the tree: every player's best response gains at most 1e-9 of the
/// payoff range.
#[allow(clippy::too_many_arguments)]
fn verified(
    scenario: &Scenario,
    tree: &Tree,
    seqs: &[Sequences; 2],
    reach: &Reach,
    z: &[f64],
    offsets: [usize; 2],
    scale: f64,
    n_pivots: usize,
    n: usize,
) -> Result<BehaviourEquilibrium, SequenceError> {
    // Behaviour strategies from the plans.
    let mut behaviour: Vec<Vec<f64>> = vec![Vec::new(); tree.sets.len()];
    let mut own_unreached = vec![false; tree.sets.len()];
    for (p, o_seq) in [(0usize, offsets[0]), (1, offsets[1])] {
        let sq = &seqs[p];
        for set in &sq.order {
            let first = sq.first.get(set).copied().unwrap_or(0);
            let parent = sq.parent.get(set).copied().unwrap_or(0);
            let n_act = tree.sets[*set].2.len();
            // A plan's entries are probabilities; what rounding leaves of
            // a zero along the path (a residue far below any probability
            // a game of this size can need) is read as zero, so that a
            // set the equilibrium does not reach is seen as unreached. The
            // check below is made on the profile as read.
            let xs: Vec<f64> = (0..n_act)
                .map(|a| z[o_seq + first + a])
                .map(|x| if x > PLAN_RESIDUE { x } else { 0.0 })
                .collect();
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
    let mut regret = Vec::new();
    for p in 0..tree.players.len() {
        let best = best_response(tree, &behaviour, reach, p);
        let gap = best - values.0[p];
        if gap > 1e-9 * scale {
            return Err(SequenceError::Failed(format!(
                "{} could gain {gap:e} by deviating",
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
        method: SequenceMethod::Lemke,
    })
}

/// Whether the two players' payoffs add up to the same constant at every
/// leaf play can reach (within 1e-12 of the payoff range): then what one
/// gains the other loses, and the game is solved as zero-sum. Leaves with
/// no outcome count as 0 to both.
fn is_zero_sum(tree: &Tree, reach: &Reach, scale: f64) -> bool {
    let mut sum: Option<f64> = None;
    for (k, node) in tree.nodes.iter().enumerate() {
        if let Node::Leaf(two, _, _) = node
            && reach.at[k].0 > 0.0
        {
            let here = two[0] + two[1];
            match sum {
                None => sum = Some(here),
                Some(s) if (s - here).abs() <= 1e-12 * scale => {}
                Some(_) => return false,
            }
        }
    }
    tree.players.len() == 2
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
