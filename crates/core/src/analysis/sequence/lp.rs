//! Zero-sum two-player games by the sequence-form linear program (Koller,
//! Megiddo and von Stengel 1994; von Stengel 1996, section 4): a max-min
//! realisation plan for each player from one sparse LP each, solved by
//! `microlp`'s simplex.
//!
//! With `A` player 1's payoff over sequence pairs (each leaf adds its payoff
//! times the chance probability of its path), `E x = e` and `F y = f` the
//! players' plan constraints, player 2's best reply to a plan `x` is
//! `min { xᵀA y : F y = f, y ≥ 0 }`, whose dual is
//! `max { fᵀq : Fᵀq ≤ Aᵀx }`. Player 1 maximises it over its plans:
//!
//! ```text
//! max q₀   s.t.   Fᵀq − Aᵀx ≤ 0,   E x = e,   x ≥ 0,   q free
//! ```
//!
//! and player 2, symmetrically, minimises `e₀ᵀp` subject to
//! `Eᵀp − A y ≥ 0`, `F y = f`, `y ≥ 0`. Both optima are the game's value.
//! Each LP has one variable per sequence and per information set of a
//! player and one row per sequence and set: linear in the tree and sparse,
//! and with no path that can cycle or stop on a ray. The plans are checked by the caller by best response on the tree
//! (the exploitability must be ~0), as Lemke's are.

use microlp::{
    ComparisonOp, LinearExpr, OptimizationDirection, Problem, SolveOptions, SolveOutcome,
};
use rustc_hash::FxHashMap;

/// A player's sequences in the layout of [`super::form`]: how many, and per
/// information set row `k + 1` of its plan constraints, the set's first
/// sequence, its number of actions and the sequence it follows.
pub(super) struct PlanRows {
    /// Sequences, the empty one (0) included.
    pub n: usize,
    /// Per set: (first sequence, actions, parent sequence).
    pub sets: Vec<(usize, usize, usize)>,
}

impl PlanRows {
    /// The plan constraints as rows of (sequence, coefficient): row 0 says
    /// the empty sequence has 1, row `k + 1` that set `k`'s actions share
    /// its parent's probability.
    fn rows(&self) -> Vec<Vec<(usize, f64)>> {
        let mut rows = vec![vec![(0, 1.0)]];
        for &(first, n_actions, parent) in &self.sets {
            let mut row = vec![(parent, -1.0)];
            row.extend((first..first + n_actions).map(|s| (s, 1.0)));
            rows.push(row);
        }
        rows
    }
}

/// Both players' realisation plans of a zero-sum game: `x` (player 1's,
/// `plans[0].n` long) then `y`. `payoff` is player 1's payoff per
/// (sequence of player 1, sequence of player 2), chance included.
/// Simplex time, in practice a small multiple of the LP's size per pivot.
pub(super) fn zero_sum_plans(
    plans: [&PlanRows; 2],
    payoff: &FxHashMap<(usize, usize), f64>,
) -> Result<Vec<f64>, String> {
    let x = max_min_plan(
        plans[0],
        plans[1],
        payoff.iter().map(|(&(i, j), &a)| (i, j, a)),
    )
    .map_err(|e| format!("player 1's linear program: {e}"))?;
    // Player 2 maximises the negated payoff: the same program with the
    // players' roles swapped.
    let y = max_min_plan(
        plans[1],
        plans[0],
        payoff.iter().map(|(&(i, j), &a)| (j, i, -a)),
    )
    .map_err(|e| format!("player 2's linear program: {e}"))?;
    let mut z = x;
    z.extend(y);
    Ok(z)
}

/// The plan of the maximising player `me` against `other` (who minimises
/// `me`'s payoff), for payoff entries `(my sequence, other's sequence,
/// value)`: `max q₀ s.t. Fᵀq − Aᵀx ≤ 0, E x = e, x ≥ 0`.
fn max_min_plan(
    me: &PlanRows,
    other: &PlanRows,
    payoff: impl Iterator<Item = (usize, usize, f64)>,
) -> Result<Vec<f64>, microlp::Error> {
    let mut lp = Problem::new(OptimizationDirection::Maximize);
    let x: Vec<_> = (0..me.n)
        .map(|_| lp.add_var(0.0, (0.0, f64::INFINITY)))
        .collect();
    let other_rows = other.rows();
    let q: Vec<_> = (0..other_rows.len())
        .map(|k| {
            let objective = if k == 0 { 1.0 } else { 0.0 };
            lp.add_var(objective, (f64::NEG_INFINITY, f64::INFINITY))
        })
        .collect();
    for (k, row) in me.rows().into_iter().enumerate() {
        let rhs = if k == 0 { 1.0 } else { 0.0 };
        let expr: LinearExpr = row.iter().map(|&(s, c)| (x[s], c)).collect();
        lp.add_constraint(expr, ComparisonOp::Eq, rhs);
    }
    // One row per sequence j of the other player: (Fᵀq)_j − (Aᵀx)_j ≤ 0.
    let mut column: Vec<LinearExpr> = (0..other.n).map(|_| LinearExpr::empty()).collect();
    for (k, row) in other_rows.iter().enumerate() {
        for &(j, c) in row {
            column[j].add(q[k], c);
        }
    }
    for (i, j, a) in payoff {
        if a != 0.0 {
            column[j].add(x[i], -a);
        }
    }
    for expr in column {
        lp.add_constraint(expr, ComparisonOp::Le, 0.0);
    }
    // The tightest feasibility the crate takes (its default, 1e-7, leaves
    // plans that a best response beats by about that much).
    let mut options = SolveOptions::default();
    options.tolerances.feasibility = 1e-10;
    match lp.solve_with(options)? {
        SolveOutcome::Solution(solution) => Ok(x.iter().map(|v| solution.var_value(*v)).collect()),
        SolveOutcome::Interrupted(_) => Err(microlp::Error::InternalError(
            "the solve stopped before an answer".to_owned(),
        )),
    }
}
