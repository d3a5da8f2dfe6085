//! Lemke's algorithm for the linear complementarity problem (Lemke 1965),
//! with the lexicographic ratio test that makes it finite on degenerate
//! problems (Cottle, Pang and Stone, *The Linear Complementarity Problem*,
//! 4.4-4.9), in floating point or in exact rationals.
//!
//! The problem: find `z >= 0` with `w = q + M z >= 0` and `z . w = 0`,
//! where some variables may be *free* (any sign; their row of `w` must be
//! 0). Lemke's path starts where an artificial variable `z0`, times a
//! covering vector `d`, makes `w = q + d z0` nonnegative, then follows
//! complementary pivots: the complement of the variable that left the
//! basis enters, the ratio test picks the row that leaves, until `z0`
//! leaves (a solution) or no row limits the entering column (a ray: no
//! solution on this path). A free variable, once basic, never leaves.
//!
//! Ties in the ratio test are broken lexicographically: among rows with
//! the least `rhs / a`, the least `B⁻¹ row / a`, column by column, where
//! `B⁻¹` is read from the tableau's `w` columns (the basis started as the
//! identity). Its rows are independent, so the rule always picks one row
//! and no basis repeats: the path cannot cycle. In floating point the
//! comparisons carry a tolerance, which can misjudge a near tie; in exact
//! arithmetic ([`Exact`]) they cannot, which is why the caller falls back
//! to it when the floating-point answer fails its check.
//!
//! Cost: a dense tableau of n x (2n + 2) entries for n rows; each pivot
//! O(n x nonzeros of the pivot row), the ratio test O(n) (more on ties).

use std::cmp::Ordering;

use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

/// The numbers the tableau holds.
pub(crate) trait Scalar: Clone {
    /// Zero.
    fn zero() -> Self;
    /// From a float (exactly, for the rationals); `None` if not finite.
    fn from_f64(x: f64) -> Option<Self>;
    /// To a float (nearest).
    fn to_f64(&self) -> f64;
    /// Whether it is zero (exactly: the pivot skips zero entries).
    fn is_zero(&self) -> bool;
    /// Whether it counts as positive in the ratio test.
    fn is_positive(&self) -> bool;
    /// `self / p`.
    fn over(&self, p: &Self) -> Self;
    /// `self -= f * p`.
    fn sub_mul(&mut self, f: &Self, p: &Self);
    /// Compares two ratios' values, with the tolerance of the arithmetic.
    fn compare(a: &Self, b: &Self) -> Ordering;
}

/// Floating point: entries below this are not positive.
const F64_PIVOT_TOLERANCE: f64 = 1e-11;

impl Scalar for f64 {
    fn zero() -> Self {
        0.0
    }
    fn from_f64(x: f64) -> Option<Self> {
        x.is_finite().then_some(x)
    }
    fn to_f64(&self) -> f64 {
        *self
    }
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
    fn is_positive(&self) -> bool {
        *self > F64_PIVOT_TOLERANCE
    }
    fn over(&self, p: &Self) -> Self {
        self / p
    }
    fn sub_mul(&mut self, f: &Self, p: &Self) {
        *self -= f * p;
    }
    fn compare(a: &Self, b: &Self) -> Ordering {
        let tol = 1e-12 * (1.0 + a.abs().max(b.abs()));
        if *a < b - tol {
            Ordering::Less
        } else if *a > b + tol {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }
}

/// Exact rationals (arbitrary precision): every comparison is exact.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Exact(pub BigRational);

impl Scalar for Exact {
    fn zero() -> Self {
        Exact(BigRational::zero())
    }
    fn from_f64(x: f64) -> Option<Self> {
        BigRational::from_float(x).map(Exact)
    }
    fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }
    fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
    fn is_positive(&self) -> bool {
        self.0.is_positive()
    }
    fn over(&self, p: &Self) -> Self {
        Exact(&self.0 / &p.0)
    }
    fn sub_mul(&mut self, f: &Self, p: &Self) {
        self.0 -= &f.0 * &p.0;
    }
    fn compare(a: &Self, b: &Self) -> Ordering {
        a.0.cmp(&b.0)
    }
}

/// A linear complementarity problem `w = q + M z + d z0`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lcp {
    /// Rows (and variables).
    pub n: usize,
    /// The nonzero entries of `M`: (row, column, value); repeats add up.
    pub m: Vec<(usize, usize, f64)>,
    /// The constant column.
    pub q: Vec<f64>,
    /// The covering vector.
    pub d: Vec<f64>,
    /// Which variables are free (any sign).
    pub free: Vec<bool>,
}

/// Why Lemke's path gave no solution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LemkeError {
    /// The entering column had no positive entry.
    Ray(usize),
    /// The path was longer than the pivot limit.
    TooLong(usize),
    /// A number in the problem was not finite.
    NotFinite,
}

impl std::fmt::Display for LemkeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LemkeError::Ray(pivots) => {
                write!(f, "the path ended on a ray after {pivots} pivots")
            }
            LemkeError::TooLong(pivots) => write!(f, "no solution after {pivots} pivots"),
            LemkeError::NotFinite => write!(f, "a payoff or probability is not finite"),
        }
    }
}

/// A solution: `z` and the number of pivots taken.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Solved<T> {
    /// The variables, in the problem's order.
    pub z: Vec<T>,
    /// Pivots taken.
    pub pivots: usize,
}

/// Follows Lemke's path on `lcp` in the arithmetic `T`, for at most
/// `max_pivots` pivots.
pub(crate) fn lemke<T: Scalar>(lcp: &Lcp, max_pivots: usize) -> Result<Solved<T>, LemkeError> {
    let n = lcp.n;
    // Columns: w (0..n), z (n..2n), z0 (2n), rhs (2n + 1). Rows hold
    // I w - M z - d z0 = q.
    let cols = 2 * n + 2;
    let z0 = 2 * n;
    let rhs = 2 * n + 1;
    let scalar = |x: f64| T::from_f64(x).ok_or(LemkeError::NotFinite);
    let mut t: Vec<T> = vec![T::zero(); n * cols];
    let mut dense_m = vec![0.0f64; 0];
    // Sum repeated entries in floating point first, as the problem states
    // them, then convert once.
    dense_m.resize(n * n, 0.0);
    for &(r, c, v) in &lcp.m {
        if r < n && c < n {
            dense_m[r * n + c] += v;
        }
    }
    for r in 0..n {
        t[r * cols + r] = scalar(1.0)?;
        for c in 0..n {
            let v = dense_m[r * n + c];
            if v != 0.0 {
                t[r * cols + n + c] = scalar(-v)?;
            }
        }
        t[r * cols + z0] = scalar(-lcp.d.get(r).copied().unwrap_or(0.0))?;
        t[r * cols + rhs] = scalar(lcp.q.get(r).copied().unwrap_or(0.0))?;
    }
    drop(dense_m);
    let mut basis: Vec<usize> = (0..n).collect();
    // First pivot: z0 enters where q / d is most negative (the first such
    // row on a tie).
    let mut row = None;
    let mut most = 0.0;
    for r in 0..n {
        let (q, d) = (lcp.q[r], lcp.d.get(r).copied().unwrap_or(0.0));
        if q < 0.0 && d > 0.0 && -q / d > most {
            most = -q / d;
            row = Some(r);
        }
    }
    let Some(first) = row else {
        // z = 0 already solves it.
        return Ok(Solved {
            z: vec![T::zero(); n],
            pivots: 0,
        });
    };
    pivot(&mut t, cols, first, z0);
    let mut leaving = basis[first];
    basis[first] = z0;
    let mut pivots = 1;
    loop {
        let entering = if leaving < n {
            leaving + n
        } else {
            leaving - n
        };
        let Some(r) = ratio_test(&t, cols, n, &basis, &lcp.free, entering, z0) else {
            return Err(LemkeError::Ray(pivots));
        };
        pivot(&mut t, cols, r, entering);
        leaving = basis[r];
        basis[r] = entering;
        pivots += 1;
        if leaving == z0 {
            break;
        }
        if pivots > max_pivots {
            return Err(LemkeError::TooLong(pivots));
        }
    }
    let mut z = vec![T::zero(); n];
    for (i, b) in basis.iter().enumerate() {
        if *b >= n && *b < 2 * n {
            z[b - n] = t[i * cols + rhs].clone();
        }
    }
    Ok(Solved { z, pivots })
}

/// The row that leaves when column `c` enters: the lexicographic minimum
/// of (rhs, then the `w` columns) over the entry in `c`, among rows whose
/// basic variable is sign-restricted and whose entry is positive; `z0`
/// leaves whenever it ties for the minimum ratio, which ends the path.
fn ratio_test<T: Scalar>(
    t: &[T],
    cols: usize,
    n: usize,
    basis: &[usize],
    free: &[bool],
    c: usize,
    z0: usize,
) -> Option<usize> {
    let rhs = 2 * n + 1;
    let mut candidates: Vec<usize> = (0..n)
        .filter(|&i| {
            let b = basis[i];
            let is_free = b >= n && b < 2 * n && free.get(b - n).copied().unwrap_or(false);
            !is_free && t[i * cols + c].is_positive()
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    // The least ratio on the right-hand side first.
    let ratios: Vec<T> = candidates
        .iter()
        .map(|&i| t[i * cols + rhs].over(&t[i * cols + c]))
        .collect();
    let least = least_of(&ratios);
    let mut kept: Vec<usize> = Vec::new();
    for (k, &i) in candidates.iter().enumerate() {
        if T::compare(&ratios[k], &least) == Ordering::Equal {
            kept.push(i);
        }
    }
    candidates = kept;
    if let Some(&i) = candidates.iter().find(|&&i| basis[i] == z0) {
        return Some(i);
    }
    // Then the w columns, one after the other.
    let mut column = 0;
    while candidates.len() > 1 && column < n {
        let ratios: Vec<T> = candidates
            .iter()
            .map(|&i| t[i * cols + column].over(&t[i * cols + c]))
            .collect();
        let least = least_of(&ratios);
        candidates = candidates
            .iter()
            .zip(&ratios)
            .filter(|(_, r)| T::compare(r, &least) == Ordering::Equal)
            .map(|(i, _)| *i)
            .collect();
        column += 1;
    }
    candidates.first().copied()
}

fn least_of<T: Scalar>(values: &[T]) -> T {
    let mut least = values[0].clone();
    for v in &values[1..] {
        if T::compare(v, &least) == Ordering::Less {
            least = v.clone();
        }
    }
    least
}

/// Pivots the tableau on row `r`, column `c`.
fn pivot<T: Scalar>(t: &mut [T], cols: usize, r: usize, c: usize) {
    let p = t[r * cols + c].clone();
    for k in 0..cols {
        if !t[r * cols + k].is_zero() {
            t[r * cols + k] = t[r * cols + k].over(&p);
        }
    }
    let (before, rest) = t.split_at_mut(r * cols);
    let (prow, after) = rest.split_at_mut(cols);
    // The sequence form is sparse, and its tableau stays mostly so: update
    // only the pivot row's nonzero columns.
    let nonzero: Vec<usize> = (0..cols).filter(|k| !prow[*k].is_zero()).collect();
    for row in before
        .chunks_exact_mut(cols)
        .chain(after.chunks_exact_mut(cols))
    {
        let f = row[c].clone();
        if !f.is_zero() {
            for &k in &nonzero {
                row[k].sub_mul(&f, &prow[k]);
            }
            // Exactly zero in the pivot column, not a rounding residue.
            row[c] = T::zero();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(m: &[&[f64]], q: &[f64]) -> Lcp {
        let n = q.len();
        let mut entries = Vec::new();
        for (r, row) in m.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if *v != 0.0 {
                    entries.push((r, c, *v));
                }
            }
        }
        Lcp {
            n,
            m: entries,
            q: q.to_vec(),
            d: vec![1.0; n],
            free: vec![false; n],
        }
    }

    fn check(lcp: &Lcp, z: &[f64]) {
        let mut w = lcp.q.clone();
        for &(r, c, v) in &lcp.m {
            w[r] += v * z[c];
        }
        for (a, b) in z.iter().zip(&w) {
            assert!(*a >= -1e-12 && *b >= -1e-12, "z {z:?} w {w:?}");
            assert!((a * b).abs() < 1e-12, "z {z:?} w {w:?}");
        }
    }

    #[test]
    fn a_positive_definite_problem_is_solved_in_both_arithmetics() {
        // Cottle, Pang and Stone's 2 x 2 example: M = [[2, 1], [1, 2]],
        // q = (-5, -6): z = (4/3, 7/3), w = 0.
        let lcp = problem(&[&[2.0, 1.0], &[1.0, 2.0]], &[-5.0, -6.0]);
        let float = lemke::<f64>(&lcp, 100).unwrap();
        check(&lcp, &float.z);
        assert!((float.z[0] - 4.0 / 3.0).abs() < 1e-12);
        assert!((float.z[1] - 7.0 / 3.0).abs() < 1e-12);
        let exact = lemke::<Exact>(&lcp, 100).unwrap();
        let three = BigRational::from_integer(3.into());
        assert_eq!(exact.z[0].0, BigRational::from_integer(4.into()) / &three);
        assert_eq!(exact.z[1].0, BigRational::from_integer(7.into()) / &three);
    }

    #[test]
    fn a_nonnegative_q_is_solved_by_zero() {
        let lcp = problem(&[&[1.0, -1.0], &[-1.0, 1.0]], &[1.0, 2.0]);
        let solved = lemke::<f64>(&lcp, 100).unwrap();
        assert_eq!(solved.z, [0.0, 0.0]);
        assert_eq!(solved.pivots, 0);
    }

    #[test]
    fn an_infeasible_problem_ends_on_a_ray() {
        // w = -1 + 0 z can never be nonnegative.
        let lcp = problem(&[&[0.0]], &[-1.0]);
        assert_eq!(lemke::<f64>(&lcp, 100), Err(LemkeError::Ray(1)));
        assert_eq!(lemke::<Exact>(&lcp, 100), Err(LemkeError::Ray(1)));
    }

    #[test]
    fn a_degenerate_problem_is_solved_by_the_lexicographic_rule() {
        // A cyclic P-matrix (every principal minor positive, so exactly
        // one solution) with q = -1: at the start every row ties in the
        // ratio test. By symmetry z = (1/3, 1/3, 1/3) and w = 0.
        let lcp = problem(
            &[&[1.0, 2.0, 0.0], &[0.0, 1.0, 2.0], &[2.0, 0.0, 1.0]],
            &[-1.0, -1.0, -1.0],
        );
        let float = lemke::<f64>(&lcp, 100).unwrap();
        check(&lcp, &float.z);
        let exact = lemke::<Exact>(&lcp, 100).unwrap();
        let third = BigRational::new(1.into(), 3.into());
        for (f, e) in float.z.iter().zip(&exact.z) {
            assert!((f - 1.0 / 3.0).abs() < 1e-12, "{:?}", float.z);
            assert_eq!(e.0, third);
        }
        assert_eq!(float.pivots, exact.pivots);
    }

    #[test]
    fn the_pivot_limit_stops_a_long_path() {
        let lcp = problem(
            &[&[1.0, 2.0, 0.0], &[0.0, 1.0, 2.0], &[2.0, 0.0, 1.0]],
            &[-1.0, -1.0, -1.0],
        );
        assert!(matches!(lemke::<f64>(&lcp, 1), Err(LemkeError::TooLong(2))));
    }
}
