//! The memory budget: how much the situation graph and the analyses built
//! on it may grow before they stop with [`TooLarge`] instead of asking the
//! system for more memory than it has (which aborts the process).
//!
//! A scenario's limits may allow far more situations than a machine can
//! hold (`max_situations: 1000000000000`, or nine variables of a hundred
//! levels each), and an analysis inside a cycle keeps one state per move
//! left (`max_depth: 4294967295`). So the work counts what it holds,
//! estimates the bytes, and stops past the budget with an error that names
//! the limit to lower. The estimate counts what is kept, not the
//! allocator's slack, so the process may briefly use up to about twice the
//! budget while a table grows.

use std::sync::atomic::{AtomicU64, Ordering};

/// The budget when nothing else is set: 4 GiB.
pub const DEFAULT_MEMORY_BUDGET: u64 = 4 << 30;

/// The process-wide budget in bytes. One number for the whole process, so
/// the command line, the app and a test harness can lower it without
/// threading it through every call.
static BUDGET: AtomicU64 = AtomicU64::new(DEFAULT_MEMORY_BUDGET);

/// The memory budget in bytes.
pub fn memory_budget() -> u64 {
    BUDGET.load(Ordering::Relaxed)
}

/// Sets the memory budget in bytes for everything that runs after (at
/// least 1 MiB, so a typo cannot make every scenario fail).
pub fn set_memory_budget(bytes: u64) {
    BUDGET.store(bytes.max(1 << 20), Ordering::Relaxed);
}

/// Bytes one situation of the graph holds: its node, its entry in the
/// table by key, the expansion queue and visited set.
pub(crate) const SITUATION_BYTES: u64 = 32 + 24 + 12;

/// Bytes one step of the graph holds (a petgraph edge with its [`Step`]).
///
/// [`Step`]: super::Step
pub(crate) const STEP_BYTES: u64 = 40;

/// The estimated bytes of a graph of this size.
pub(crate) fn graph_bytes(n_situations: u64, n_steps: u64) -> u64 {
    n_situations
        .saturating_mul(SITUATION_BYTES)
        .saturating_add(n_steps.saturating_mul(STEP_BYTES))
}

/// Some work would need more memory than the budget allows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} would need more than {} of memory ({reached}); lower {limit}",
    format_bytes(*.budget_bytes)
)]
pub struct TooLarge {
    /// What grew: "the situation graph", "the analysis inside cycles".
    pub what: String,
    /// How far it got or would get, e.g. "25000000 situations".
    pub reached: String,
    /// The limits to lower, as the user writes them, with their values.
    pub limit: String,
    /// The budget that was passed.
    pub budget_bytes: u64,
}

/// `4 GiB`, `512 MiB`, `1.5 GiB`: a byte count for messages.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else if (value - value.round()).abs() < 0.05 {
        format!("{} {}", value.round(), UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_read_naturally() {
        assert_eq!(format_bytes(4 << 30), "4 GiB");
        assert_eq!(format_bytes(3 << 29), "1.5 GiB");
        assert_eq!(format_bytes(512), "512 bytes");
        assert_eq!(format_bytes(64 << 20), "64 MiB");
    }

    #[test]
    fn the_message_names_the_limit_to_lower() {
        let e = TooLarge {
            what: "the situation graph".to_owned(),
            reached: "63161283 situations and 0 steps".to_owned(),
            limit: "limits.max_situations (now 1000000000000)".to_owned(),
            budget_bytes: 4 << 30,
        };
        assert_eq!(
            e.to_string(),
            "the situation graph would need more than 4 GiB of memory (63161283 situations and 0 steps); lower limits.max_situations (now 1000000000000)"
        );
    }
}
