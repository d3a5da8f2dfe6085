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
//! # Sparse: the basis inverse only
//!
//! The tableau `B⁻¹ [I, -M, -d, q]` is not stored. Only `B⁻¹` is, by
//! sparse columns (its `w` columns), with the right-hand side `B⁻¹ q`;
//! the column of the variable that enters is computed from it and from
//! `M`'s sparse column when it enters. On the sequence form `B⁻¹` stays
//! sparse along the path (a few percent of its entries; `B⁻¹ M` does not),
//! so a pivot touches only the columns of `B⁻¹` with an entry in the
//! leaving row, each merged with the entering column. A row index (the
//! columns that may hold an entry in each row) finds those columns, and
//! the rows the lexicographic test compares, without a search of every
//! column. In floating point a difference that is only rounding left of
//! two equal terms is made exactly zero, as the exact arithmetic would
//! have it, so residues do not fill `B⁻¹`.
//!
//! Cost: memory linear in the entries of `B⁻¹`, refused past the budget
//! the caller gives; each pivot O(n) for the entering column and the
//! ratio test, plus the merges (entries of the leaving row times the
//! entering column's). On generated games of 10,000 nodes (10,635 rows,
//! 2,141 pivots) about a second and 130 MB, where the dense tableau took
//! half a minute and 1.2 GB.

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
    /// `-self`.
    fn negated(&self) -> Self;
    /// `self -= f * p`, where a result that is only what rounding left of
    /// the two terms cancelling is made exactly zero: the basis inverse
    /// stays as sparse as its exact value, instead of filling with
    /// residues that every later pivot would carry along.
    fn sub_mul_cancelling(&mut self, f: &Self, p: &Self) {
        self.sub_mul(f, p);
    }
    /// Compares two ratios' values, with the tolerance of the arithmetic.
    fn compare(a: &Self, b: &Self) -> Ordering;
}

/// Floating point: entries below this are not positive.
const F64_PIVOT_TOLERANCE: f64 = 1e-11;

/// Floating point: a difference this small against its terms is what
/// rounding leaves of an exact cancellation (each pivot's rounding is near
/// 1e-16 of its terms; this leaves room for a path's worth of it).
const F64_CANCELLED: f64 = 1e-12;

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
    fn negated(&self) -> Self {
        -*self
    }
    fn sub_mul_cancelling(&mut self, f: &Self, p: &Self) {
        let product = f * p;
        let result = *self - product;
        *self = if result.abs() <= F64_CANCELLED * self.abs().max(product.abs()) {
            0.0
        } else {
            result
        };
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
    fn negated(&self) -> Self {
        Exact(-&self.0)
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
    /// The basis inverse grew past the entries the memory budget allows.
    TooLarge(usize),
}

impl std::fmt::Display for LemkeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LemkeError::Ray(pivots) => {
                write!(f, "the path ended on a ray after {pivots} pivots")
            }
            LemkeError::TooLong(pivots) => write!(f, "no solution after {pivots} pivots"),
            LemkeError::NotFinite => write!(f, "a payoff or probability is not finite"),
            LemkeError::TooLarge(entries) => write!(
                f,
                "the basis inverse grew to {entries} nonzero entries, past the memory budget"
            ),
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
/// `max_pivots` pivots, holding at most `max_entries` nonzero entries of
/// the basis inverse.
pub(crate) fn lemke<T: Scalar>(
    lcp: &Lcp,
    max_pivots: usize,
    max_entries: usize,
) -> Result<Solved<T>, LemkeError> {
    let n = lcp.n;
    let z0 = 2 * n;
    let scalar = |x: f64| T::from_f64(x).ok_or(LemkeError::NotFinite);
    let m = Columns::of(lcp)?;
    // The basis starts as the identity (every w basic in its own row).
    let mut inverse = Inverse::<T>::identity(n);
    let mut rhs: Vec<T> = (0..n)
        .map(|r| scalar(lcp.q.get(r).copied().unwrap_or(0.0)))
        .collect::<Result<_, _>>()?;
    let cover: Vec<(u32, T)> = (0..n)
        .filter_map(|r| {
            let d = lcp.d.get(r).copied().unwrap_or(0.0);
            (d != 0.0).then(|| scalar(-d).map(|v| (r as u32, v)))
        })
        .collect::<Result<_, _>>()?;
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
    let mut column = Column::new(n);
    column.fill(&inverse, &cover);
    inverse.pivot(&column, first, &mut rhs, max_entries)?;
    let mut leaving = basis[first];
    basis[first] = z0;
    let mut pivots = 1;
    loop {
        let entering = if leaving < n {
            leaving + n
        } else {
            leaving - n
        };
        if entering < n {
            column.fill(&inverse, &[(entering as u32, scalar(1.0)?)]);
        } else {
            column.fill(&inverse, m.column(entering - n));
        }
        let Some(r) = ratio_test(&inverse, &column, &rhs, &basis, &lcp.free, n, z0) else {
            return Err(LemkeError::Ray(pivots));
        };
        inverse.pivot(&column, r, &mut rhs, max_entries)?;
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
            z[b - n] = rhs[i].clone();
        }
    }
    Ok(Solved { z, pivots })
}

/// The columns of `-M` (what the tableau `I w - M z - d z0 = q` holds
/// for `z`), each sorted by row, repeated entries summed in floating point
/// as the problem states them before any conversion.
struct Columns<T> {
    /// Where each column's entries start in `entries`; one more than the
    /// columns.
    starts: Vec<usize>,
    entries: Vec<(u32, T)>,
}

impl<T: Scalar> Columns<T> {
    fn of(lcp: &Lcp) -> Result<Self, LemkeError> {
        let n = lcp.n;
        let mut sorted: Vec<(usize, usize, f64)> = lcp
            .m
            .iter()
            .copied()
            .filter(|&(r, c, _)| r < n && c < n)
            .collect();
        sorted.sort_unstable_by_key(|&(r, c, _)| (c, r));
        let mut starts = vec![0usize; n + 1];
        let mut entries: Vec<(u32, T)> = Vec::with_capacity(sorted.len());
        let mut k = 0;
        while k < sorted.len() {
            let (r, c, mut v) = sorted[k];
            k += 1;
            while k < sorted.len() && sorted[k].0 == r && sorted[k].1 == c {
                v += sorted[k].2;
                k += 1;
            }
            if v != 0.0 {
                entries.push((r as u32, T::from_f64(-v).ok_or(LemkeError::NotFinite)?));
                starts[c + 1] += 1;
            }
        }
        for c in 0..n {
            starts[c + 1] += starts[c];
        }
        Ok(Columns { starts, entries })
    }

    fn column(&self, c: usize) -> &[(u32, T)] {
        &self.entries[self.starts[c]..self.starts[c + 1]]
    }
}

/// The basis inverse `B⁻¹`, by sparse columns sorted by row: the `w`
/// columns of the tableau. The sequence form's basis inverse stays sparse
/// along the path (a few percent of its entries), where the whole tableau
/// `B⁻¹ [I, -M, -d, q]` does not; any other column of the tableau is
/// computed from it when it enters.
struct Inverse<T> {
    rows: Vec<Vec<u32>>,
    values: Vec<Vec<T>>,
    /// Nonzero entries in all.
    entries: usize,
    /// For each row, the columns that may hold an entry in it: each column
    /// that gained one there since the index was last built (a column that
    /// lost it again is found out by `at`). A pivot reads its row, and the
    /// lexicographic ratio test the tied rows, from here instead of
    /// searching every column.
    in_row: Vec<Vec<u32>>,
    /// The index's length in all, rebuilt when it passes twice the entries.
    indexed: usize,
}

impl<T: Scalar> Inverse<T> {
    fn identity(n: usize) -> Self {
        let one = T::from_f64(1.0).unwrap_or_else(T::zero);
        Inverse {
            rows: (0..n).map(|j| vec![j as u32]).collect(),
            values: (0..n).map(|_| vec![one.clone()]).collect(),
            entries: n,
            in_row: (0..n).map(|i| vec![i as u32]).collect(),
            indexed: n,
        }
    }

    /// Row `i`: its entries by column, in column order.
    fn row(&self, i: usize) -> Vec<(u32, T)> {
        let mut columns = self.in_row[i].clone();
        columns.sort_unstable();
        columns.dedup();
        columns
            .into_iter()
            .filter_map(|j| self.at(i, j as usize).map(|v| (j, v.clone())))
            .collect()
    }

    /// Builds the row index again from the columns, without the columns
    /// that have lost their entry.
    fn reindex(&mut self) {
        for list in &mut self.in_row {
            list.clear();
        }
        for (j, rows) in self.rows.iter().enumerate() {
            for &i in rows {
                self.in_row[i as usize].push(j as u32);
            }
        }
        self.indexed = self.entries;
    }

    /// `B⁻¹[i, j]`, zero where no entry is stored.
    fn at(&self, i: usize, j: usize) -> Option<&T> {
        let rows = &self.rows[j];
        rows.binary_search(&(i as u32))
            .ok()
            .map(|k| &self.values[j][k])
    }

    /// Replaces the basic variable of row `r` by the one whose tableau
    /// column is `a` (`a[r]` nonzero): row `r` of `B⁻¹` and of `rhs` is
    /// divided by `a[r]`, and `a[i]` times it taken from every other row.
    fn pivot(
        &mut self,
        a: &Column<T>,
        r: usize,
        rhs: &mut [T],
        max_entries: usize,
    ) -> Result<(), LemkeError> {
        let p = a.values[r].clone();
        let theta = rhs[r].over(&p);
        for &i in &a.support {
            let i = i as usize;
            if i != r {
                rhs[i].sub_mul(&a.values[i], &theta);
            }
        }
        rhs[r] = theta;
        for (j, beta) in self.row(r) {
            let j = j as usize;
            let scaled = beta.over(&p);
            let (rows, values, new) = merged(&self.rows[j], &self.values[j], a, r, &scaled);
            // Rows the column did not reach before go into the index.
            for &i in &new {
                self.in_row[i as usize].push(j as u32);
            }
            self.indexed += new.len();
            self.entries = self.entries - self.rows[j].len() + rows.len();
            self.rows[j] = rows;
            self.values[j] = values;
        }
        if self.indexed > 2 * self.entries + self.rows.len() {
            self.reindex();
        }
        if self.entries > max_entries {
            return Err(LemkeError::TooLarge(self.entries));
        }
        Ok(())
    }
}

/// Column `j` of `B⁻¹` after a pivot on row `r` with tableau column `a`:
/// `scaled` (its old entry in row `r` over the pivot) in row `r`, and
/// every other row less `a[i]` times `scaled`. Both lists are sorted, so
/// one merge. Also gives the rows that have an entry now and had none.
fn merged<T: Scalar>(
    rows: &[u32],
    values: &[T],
    a: &Column<T>,
    r: usize,
    scaled: &T,
) -> (Vec<u32>, Vec<T>, Vec<u32>) {
    let mut new = Vec::new();
    // Sized exactly afterwards: the columns are what the path's memory is.
    let mut out_rows = Vec::with_capacity(rows.len() + a.support.len());
    let mut out_values = Vec::with_capacity(rows.len() + a.support.len());
    let (mut k, mut l) = (0, 0);
    while k < rows.len() || l < a.support.len() {
        let i = match (rows.get(k), a.support.get(l)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => break,
        };
        let had = rows.get(k) == Some(&i);
        let mut v = if had {
            k += 1;
            values[k - 1].clone()
        } else {
            T::zero()
        };
        if a.support.get(l) == Some(&i) {
            l += 1;
            if i as usize != r {
                v.sub_mul_cancelling(&a.values[i as usize], scaled);
            }
        }
        if i as usize == r {
            v = scaled.clone();
        }
        if !v.is_zero() {
            out_rows.push(i);
            out_values.push(v);
            if !had {
                new.push(i);
            }
        }
    }
    out_rows.shrink_to_fit();
    out_values.shrink_to_fit();
    (out_rows, out_values, new)
}

/// The entering variable's column of the tableau, `B⁻¹` times its column
/// of the problem, dense, with the rows where it is nonzero.
struct Column<T> {
    values: Vec<T>,
    support: Vec<u32>,
    /// Which rows are in `support` while it is gathered.
    seen: Vec<bool>,
}

impl<T: Scalar> Column<T> {
    fn new(n: usize) -> Self {
        Column {
            values: vec![T::zero(); n],
            support: Vec::new(),
            seen: vec![false; n],
        }
    }

    /// `B⁻¹ b` for the sparse column `b`.
    fn fill(&mut self, inverse: &Inverse<T>, b: &[(u32, T)]) {
        for &i in &self.support {
            self.values[i as usize] = T::zero();
        }
        self.support.clear();
        for (k, bk) in b {
            let k = *k as usize;
            for (i, v) in inverse.rows[k].iter().zip(&inverse.values[k]) {
                let i = *i as usize;
                self.values[i].sub_mul_cancelling(&bk.negated(), v);
                if !self.seen[i] {
                    self.seen[i] = true;
                    self.support.push(i as u32);
                }
            }
        }
        for &i in &self.support {
            self.seen[i as usize] = false;
        }
        self.support.sort_unstable();
        let values = &self.values;
        self.support.retain(|&i| !values[i as usize].is_zero());
    }
}

/// The row that leaves when column `a` enters: the lexicographic minimum
/// of (rhs, then the `w` columns, that is `B⁻¹`) over the entry in `a`,
/// among rows whose basic variable is sign-restricted and whose entry is
/// positive; `z0` leaves whenever it ties for the minimum ratio, which
/// ends the path.
fn ratio_test<T: Scalar>(
    inverse: &Inverse<T>,
    a: &Column<T>,
    rhs: &[T],
    basis: &[usize],
    free: &[bool],
    n: usize,
    z0: usize,
) -> Option<usize> {
    let mut candidates: Vec<usize> = a
        .support
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| {
            let b = basis[i];
            let is_free = b >= n && b < 2 * n && free.get(b - n).copied().unwrap_or(false);
            !is_free && a.values[i].is_positive()
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    // The least ratio on the right-hand side first.
    let ratios: Vec<T> = candidates
        .iter()
        .map(|&i| rhs[i].over(&a.values[i]))
        .collect();
    candidates = tied_at_least(&candidates, &ratios);
    if let Some(&i) = candidates.iter().find(|&&i| basis[i] == z0) {
        return Some(i);
    }
    // Then the w columns (`B⁻¹`), one after the other: a column where no
    // tied row has an entry ties them all at 0, so only the columns the
    // rows have entries in are read, in order.
    let rows: Vec<Vec<(u32, T)>> = candidates.iter().map(|&i| inverse.row(i)).collect();
    let mut kept: Vec<usize> = (0..candidates.len()).collect();
    let mut next = vec![0usize; candidates.len()];
    let zero = T::zero();
    while kept.len() > 1 {
        let Some(column) = kept
            .iter()
            .filter_map(|&k| rows[k].get(next[k]).map(|e| e.0))
            .min()
        else {
            break;
        };
        let ratios: Vec<T> = kept
            .iter()
            .map(|&k| {
                let value = match rows[k].get(next[k]) {
                    Some((c, v)) if *c == column => v,
                    _ => &zero,
                };
                value.over(&a.values[candidates[k]])
            })
            .collect();
        kept = tied_at_least(&kept, &ratios);
        for &k in &kept {
            if rows[k].get(next[k]).is_some_and(|e| e.0 == column) {
                next[k] += 1;
            }
        }
    }
    kept.first().map(|&k| candidates[k])
}

/// The items whose ratio ties for the least (`ratios` in the items'
/// order, not empty), compared with the arithmetic's tolerance.
fn tied_at_least<T: Scalar>(items: &[usize], ratios: &[T]) -> Vec<usize> {
    let mut least = &ratios[0];
    for r in &ratios[1..] {
        if T::compare(r, least) == Ordering::Less {
            least = r;
        }
    }
    items
        .iter()
        .zip(ratios)
        .filter(|(_, r)| T::compare(r, least) == Ordering::Equal)
        .map(|(i, _)| *i)
        .collect()
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
        let float = lemke::<f64>(&lcp, 100, usize::MAX).unwrap();
        check(&lcp, &float.z);
        assert!((float.z[0] - 4.0 / 3.0).abs() < 1e-12);
        assert!((float.z[1] - 7.0 / 3.0).abs() < 1e-12);
        let exact = lemke::<Exact>(&lcp, 100, usize::MAX).unwrap();
        let three = BigRational::from_integer(3.into());
        assert_eq!(exact.z[0].0, BigRational::from_integer(4.into()) / &three);
        assert_eq!(exact.z[1].0, BigRational::from_integer(7.into()) / &three);
    }

    #[test]
    fn a_nonnegative_q_is_solved_by_zero() {
        let lcp = problem(&[&[1.0, -1.0], &[-1.0, 1.0]], &[1.0, 2.0]);
        let solved = lemke::<f64>(&lcp, 100, usize::MAX).unwrap();
        assert_eq!(solved.z, [0.0, 0.0]);
        assert_eq!(solved.pivots, 0);
    }

    #[test]
    fn an_infeasible_problem_ends_on_a_ray() {
        // w = -1 + 0 z can never be nonnegative.
        let lcp = problem(&[&[0.0]], &[-1.0]);
        assert_eq!(lemke::<f64>(&lcp, 100, usize::MAX), Err(LemkeError::Ray(1)));
        assert_eq!(
            lemke::<Exact>(&lcp, 100, usize::MAX),
            Err(LemkeError::Ray(1))
        );
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
        let float = lemke::<f64>(&lcp, 100, usize::MAX).unwrap();
        check(&lcp, &float.z);
        let exact = lemke::<Exact>(&lcp, 100, usize::MAX).unwrap();
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
        assert!(matches!(
            lemke::<f64>(&lcp, 1, usize::MAX),
            Err(LemkeError::TooLong(2))
        ));
    }
}
