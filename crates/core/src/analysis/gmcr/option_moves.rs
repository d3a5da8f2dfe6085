//! The moves of a conflict in option form, never stored: a state is a bit
//! set of options, and an actor's moves from it are the feasible subsets
//! of the options it may change (see `options.rs`). Below the conflict
//! model, which holds them; imports no other GMCR file.

use crate::model::Scenario;

/// A combination of options that is not a state (it is infeasible).
pub(super) const NONE: u32 = u32::MAX;

/// The labels of the options taken in these stored values, in order.
pub(crate) fn taken_labels<'a>(scenario: &'a Scenario, values: &[i64]) -> Vec<&'a str> {
    scenario
        .variables
        .iter()
        .zip(values)
        .filter(|(_, x)| **x != 0)
        .map(|(v, _)| v.display_name())
        .collect()
}

/// Stored values (options in order, 0 or 1) as a bit set.
pub(super) fn mask_of(values: &[i64]) -> u32 {
    values
        .iter()
        .enumerate()
        .fold(0u32, |m, (k, &v)| m | (u32::from(v != 0) << k))
}

/// The moves of an option-form conflict, enumerated when asked for.
#[derive(Clone, Debug)]
pub(crate) struct OptionMoves {
    /// Per state, its options as bits (option `k` is bit `k`).
    pub(super) masks: Vec<u32>,
    /// Per combination of options, its state, or [`NONE`].
    pub(super) index: Vec<u32>,
    /// Per actor, the bits of the options it owns.
    pub(super) owned: Vec<u32>,
    /// The options that may be taken up.
    pub(super) can_take: u32,
    /// The options that may be dropped.
    pub(super) can_drop: u32,
}

impl OptionMoves {
    /// The states `actor` reaches from `state` in one move.
    pub(crate) fn moves(&self, actor: usize, state: usize) -> SubsetMoves<'_> {
        let x = self.masks.get(state).copied().unwrap_or(0);
        let own = self.owned.get(actor).copied().unwrap_or(0);
        let free = own & ((!x & self.can_take) | (x & self.can_drop));
        SubsetMoves {
            index: &self.index,
            x,
            base: x & !free,
            free,
            next: Some(free),
        }
    }

    /// Calls `f` with each state `actor` reaches from `state` in one move,
    /// until it returns false.
    #[inline]
    pub(crate) fn for_each_move(&self, actor: usize, state: usize, mut f: impl FnMut(u32) -> bool) {
        let x = self.masks.get(state).copied().unwrap_or(0);
        let own = self.owned.get(actor).copied().unwrap_or(0);
        let free = own & ((!x & self.can_take) | (x & self.can_drop));
        let base = x & !free;
        let mut s = free;
        loop {
            let y = base | s;
            if y != x
                && let Some(&t) = self.index.get(y as usize)
                && t != NONE
                && !f(t)
            {
                return;
            }
            if s == 0 {
                return;
            }
            s = (s - 1) & free;
        }
    }

    /// The state with these stored values (options in order, 0 or 1), if
    /// it is feasible.
    pub(crate) fn state_with(&self, values: &[i64]) -> Option<usize> {
        self.state(mask_of(values))
    }

    /// The state with these options, if it is feasible.
    pub(crate) fn state(&self, mask: u32) -> Option<usize> {
        match self.index.get(mask as usize) {
            Some(&t) if t != NONE => Some(t as usize),
            _ => None,
        }
    }

    /// A state's options as bits.
    pub(crate) fn mask(&self, state: usize) -> u32 {
        self.masks.get(state).copied().unwrap_or(0)
    }

    /// The options one actor owns, as bits.
    pub(crate) fn owned(&self, actor: usize) -> u32 {
        self.owned.get(actor).copied().unwrap_or(0)
    }
}

/// The states reached by changing a subset of the free options.
pub(crate) struct SubsetMoves<'a> {
    index: &'a [u32],
    x: u32,
    base: u32,
    free: u32,
    /// The next subset to try, from `free` down to the empty set.
    next: Option<u32>,
}

impl Iterator for SubsetMoves<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        while let Some(s) = self.next {
            self.next = (s != 0).then(|| (s - 1) & self.free);
            let y = self.base | s;
            if y == self.x {
                continue;
            }
            match self.index.get(y as usize) {
                Some(&t) if t != NONE => return Some(t),
                _ => {}
            }
        }
        None
    }
}
