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
//!
//! The budget follows the machine ([`machine_budget`]): half the least
//! room left by the process's address-space limit, its control group's
//! memory limit and the memory available, capped at 4 GiB; the error says
//! which limit applies ([`MemoryLimit`]). The tables that grow with the
//! graph reserve their room fallibly, so an allocation the system refuses
//! is the same [`TooLarge`] error, never an abort.

use std::sync::RwLock;

/// The ceiling when nothing else is lower: 4 GiB.
pub const DEFAULT_MEMORY_BUDGET: u64 = 4 << 30;

/// What a machine allows, as [`machine_budget`] reads it: each limit in
/// bytes, `None` where there is none (or it could not be read).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MachineMemory {
    /// The process's address-space limit (`ulimit -v`, `RLIMIT_AS`).
    pub address_space: Option<u64>,
    /// Address space the process already uses (`VmSize`), counted
    /// against that limit.
    pub address_space_used: Option<u64>,
    /// The memory limit of the process's control group (cgroup v2
    /// `memory.max`, v1 `memory.limit_in_bytes`): a container's limit.
    pub cgroup: Option<u64>,
    /// Memory the control group already charges (`memory.current`, v1
    /// `memory.usage_in_bytes`).
    pub cgroup_used: Option<u64>,
    /// Memory the system reports available (`MemAvailable`).
    pub available: Option<u64>,
}

/// Which limit the memory budget comes from, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemoryLimit {
    /// demarche's own ceiling, [`DEFAULT_MEMORY_BUDGET`]: nothing on the
    /// machine is lower.
    Ceiling,
    /// The process's address-space limit, in bytes.
    AddressSpace(u64),
    /// The control group's (container's) memory limit, in bytes.
    Cgroup(u64),
    /// The memory available on the machine, in bytes.
    Available(u64),
    /// A budget set explicitly ([`set_memory_budget`], the environment
    /// variable `DEMARCHE_MEMORY_MIB`).
    Set,
}

impl std::fmt::Display for MemoryLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemoryLimit::Ceiling => write!(f, "demarche's ceiling"),
            MemoryLimit::AddressSpace(b) => write!(
                f,
                "the budget under the process's address-space limit (ulimit -v, {})",
                format_bytes(*b)
            ),
            MemoryLimit::Cgroup(b) => write!(
                f,
                "the budget under the container's memory limit (cgroup, {})",
                format_bytes(*b)
            ),
            MemoryLimit::Available(b) => write!(
                f,
                "the budget under the memory available on this machine ({})",
                format_bytes(*b)
            ),
            MemoryLimit::Set => write!(f, "the budget set for this run (DEMARCHE_MEMORY_MIB)"),
        }
    }
}

/// A memory budget and the limit it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Bytes the work may hold.
    pub bytes: u64,
    /// Where that number comes from.
    pub limit: MemoryLimit,
}

/// Room kept aside under a hard limit, for what the budget does not count
/// (the program, its threads' stacks, the allocator's own tables).
pub const MEMORY_MARGIN: u64 = 64 << 20;

/// The budget a machine allows: the least room any of its limits leaves
/// (the limit, less what is already in use and [`MEMORY_MARGIN`]), halved,
/// capped at [`DEFAULT_MEMORY_BUDGET`]. Halved because the budget counts
/// what is kept, and a table that doubles briefly holds its old and its
/// new copy; the fallible reservations catch what this estimate misses.
/// At least 1 MiB.
pub fn machine_budget(machine: &MachineMemory) -> Budget {
    let room = |limit: Option<u64>, used: Option<u64>| {
        limit.map(|l| {
            l.saturating_sub(used.unwrap_or(0))
                .saturating_sub(MEMORY_MARGIN)
                / 2
        })
    };
    let mut best = Budget {
        bytes: DEFAULT_MEMORY_BUDGET,
        limit: MemoryLimit::Ceiling,
    };
    let candidates = [
        machine.address_space.and_then(|l| {
            room(Some(l), machine.address_space_used).map(|b| (b, MemoryLimit::AddressSpace(l)))
        }),
        machine
            .cgroup
            .and_then(|l| room(Some(l), machine.cgroup_used).map(|b| (b, MemoryLimit::Cgroup(l)))),
        machine
            .available
            .and_then(|a| room(Some(a), None).map(|b| (b, MemoryLimit::Available(a)))),
    ];
    for (bytes, limit) in candidates.into_iter().flatten() {
        if bytes < best.bytes {
            best = Budget { bytes, limit };
        }
    }
    best.bytes = best.bytes.max(1 << 20);
    best
}

/// The process-wide budget. One for the whole process, so the command
/// line, the app and a test harness can set it without threading it
/// through every call.
static BUDGET: RwLock<Budget> = RwLock::new(Budget {
    bytes: DEFAULT_MEMORY_BUDGET,
    limit: MemoryLimit::Ceiling,
});

/// The memory budget in bytes.
pub fn memory_budget() -> u64 {
    current_budget().bytes
}

thread_local! {
    /// A budget for this thread only ([`with_memory_budget`]), read before
    /// the process's.
    static SCOPED: std::cell::Cell<Option<Budget>> = const { std::cell::Cell::new(None) };
}

/// Sets the memory budget to `bytes` (at least 1 MiB) on this thread only,
/// until the guard is dropped: tests that need a small budget do not change
/// it for the tests running beside them in the same process.
pub fn scoped_memory_budget(bytes: u64) -> ScopedBudget {
    let budget = Budget {
        bytes: bytes.max(1 << 20),
        limit: MemoryLimit::Set,
    };
    ScopedBudget(SCOPED.with(|s| s.replace(Some(budget))))
}

/// Sets `budget` on this thread only, until the guard is dropped: work
/// handed to another thread takes the budget of the thread that started
/// it ([`current_budget`] there) along.
pub fn scoped_budget(budget: Budget) -> ScopedBudget {
    let budget = Budget {
        bytes: budget.bytes.max(1 << 20),
        limit: budget.limit,
    };
    ScopedBudget(SCOPED.with(|s| s.replace(Some(budget))))
}

/// Puts back this thread's budget from before [`scoped_memory_budget`]
/// when dropped (also when a test fails).
#[must_use = "the budget holds only while the guard lives"]
pub struct ScopedBudget(Option<Budget>);

impl Drop for ScopedBudget {
    fn drop(&mut self) {
        SCOPED.with(|s| s.set(self.0));
    }
}

/// The memory budget with the limit it comes from.
pub fn current_budget() -> Budget {
    if let Some(scoped) = SCOPED.with(std::cell::Cell::get) {
        return scoped;
    }
    match BUDGET.read() {
        Ok(b) => *b,
        Err(poisoned) => *poisoned.into_inner(),
    }
}

/// The limit the current budget comes from, for a [`TooLarge`].
pub fn memory_limit() -> MemoryLimit {
    current_budget().limit
}

/// Sets the memory budget in bytes for everything that runs after (at
/// least 1 MiB, so a typo cannot make every scenario fail).
pub fn set_memory_budget(bytes: u64) {
    set_budget(Budget {
        bytes,
        limit: MemoryLimit::Set,
    });
}

/// Sets the budget and the limit it comes from (at least 1 MiB), e.g.
/// what [`machine_budget`] gives.
pub fn set_budget(budget: Budget) {
    let budget = Budget {
        bytes: budget.bytes.max(1 << 20),
        limit: budget.limit,
    };
    match BUDGET.write() {
        Ok(mut b) => *b = budget,
        Err(poisoned) => *poisoned.into_inner() = budget,
    }
}

/// Bytes one situation of the graph holds: its node, its entry in the
/// table by key, the expansion queue and visited set.
pub(crate) const SITUATION_BYTES: u64 = 32 + 24 + 12;

/// Bytes one step of the graph holds (a petgraph edge with its [`Step`]).
///
/// [`Step`]: super::Step
pub(crate) const STEP_BYTES: u64 = 40;

/// The estimated bytes of a graph of this size.
pub fn graph_bytes(n_situations: u64, n_steps: u64) -> u64 {
    n_situations
        .saturating_mul(SITUATION_BYTES)
        .saturating_add(n_steps.saturating_mul(STEP_BYTES))
}

/// Whether the system grants `bytes` of memory now: a buffer of that size
/// is asked for fallibly and given back at once. Work about to build
/// something that large with infallible allocations asks this first, so
/// that a refusal is an error it reports rather than an abort. Under an
/// address-space limit this is exact; with overcommit it only catches
/// what could never be mapped.
pub fn memory_granted(bytes: u64) -> bool {
    let Ok(bytes) = usize::try_from(bytes) else {
        return false;
    };
    let mut probe: Vec<u8> = Vec::new();
    probe.try_reserve_exact(bytes).is_ok()
}

/// Some work would need more memory than the budget allows, or the
/// system refused an allocation on the way.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} would need more than {} of memory ({reached}), past {applies}; lower {limit}",
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
    /// The limit the budget comes from.
    pub applies: MemoryLimit,
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
            applies: MemoryLimit::Ceiling,
        };
        assert_eq!(
            e.to_string(),
            "the situation graph would need more than 4 GiB of memory (63161283 situations and 0 steps), past demarche's ceiling; lower limits.max_situations (now 1000000000000)"
        );
    }

    #[test]
    fn the_machine_budget_is_half_the_least_room_capped_at_4_gib() {
        const GIB: u64 = 1 << 30;
        assert_eq!(
            machine_budget(&MachineMemory::default()),
            Budget {
                bytes: DEFAULT_MEMORY_BUDGET,
                limit: MemoryLimit::Ceiling
            }
        );
        // ulimit -v 2000000 (KiB), 100 MiB already mapped.
        let limited = MachineMemory {
            address_space: Some(2_000_000 << 10),
            address_space_used: Some(100 << 20),
            cgroup: Some(8 * GIB),
            cgroup_used: Some(GIB),
            available: Some(12 * GIB),
        };
        let budget = machine_budget(&limited);
        assert_eq!(budget.limit, MemoryLimit::AddressSpace(2_000_000 << 10));
        assert_eq!(
            budget.bytes,
            ((2_000_000 << 10) - (100 << 20) - MEMORY_MARGIN) / 2
        );
        assert_eq!(
            budget.limit.to_string(),
            "the budget under the process's address-space limit (ulimit -v, 1.9 GiB)"
        );
        // A 2 GiB container with half of it used.
        let container = MachineMemory {
            cgroup: Some(2 * GIB),
            cgroup_used: Some(GIB),
            available: Some(30 * GIB),
            ..MachineMemory::default()
        };
        assert_eq!(
            machine_budget(&container),
            Budget {
                bytes: (GIB - MEMORY_MARGIN) / 2,
                limit: MemoryLimit::Cgroup(2 * GIB)
            }
        );
        // A laptop with 3 GiB available.
        let laptop = MachineMemory {
            available: Some(3 * GIB),
            ..MachineMemory::default()
        };
        assert_eq!(
            machine_budget(&laptop).limit,
            MemoryLimit::Available(3 * GIB)
        );
        // A big machine keeps the ceiling; nothing goes below 1 MiB.
        let big = MachineMemory {
            available: Some(64 * GIB),
            ..MachineMemory::default()
        };
        assert_eq!(machine_budget(&big).limit, MemoryLimit::Ceiling);
        let full = MachineMemory {
            address_space: Some(10 << 20),
            address_space_used: Some(20 << 20),
            ..MachineMemory::default()
        };
        assert_eq!(machine_budget(&full).bytes, 1 << 20);
    }
}
