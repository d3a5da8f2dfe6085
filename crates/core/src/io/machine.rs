//! What the machine allows the process to use, read from `/proc` and
//! `/sys/fs/cgroup` (Linux), for the memory budget
//! ([`crate::engine::machine_budget`]). Elsewhere, or where a file cannot
//! be read, that limit is simply unknown and the others decide.

use std::path::Path;

use crate::engine::{Budget, MachineMemory, machine_budget};

/// The memory budget this machine allows the process now (see
/// [`crate::engine::machine_budget`]). Reads a handful of small files.
pub fn machine_memory_budget() -> Budget {
    machine_budget(&machine_memory())
}

/// The machine's limits as this process sees them.
pub fn machine_memory() -> MachineMemory {
    let read = |path: &str| std::fs::read_to_string(path).ok();
    let address_space = read("/proc/self/limits").and_then(|t| address_space_limit(&t));
    let address_space_used = read("/proc/self/status").and_then(|t| kib_field(&t, "VmSize:"));
    let available = read("/proc/meminfo").and_then(|t| kib_field(&t, "MemAvailable:"));
    let (cgroup, cgroup_used) = read("/proc/self/cgroup")
        .map(|t| cgroup_limit(&t, &|p| std::fs::read_to_string(p).ok()))
        .unwrap_or((None, None));
    MachineMemory {
        address_space,
        address_space_used,
        cgroup,
        cgroup_used,
        available,
    }
}

/// The soft `Max address space` of `/proc/self/limits`, in bytes; `None`
/// when unlimited.
fn address_space_limit(limits: &str) -> Option<u64> {
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    let soft = line
        .trim_start_matches("Max address space")
        .split_whitespace()
        .next()?;
    soft.parse().ok()
}

/// A `Name:   1234 kB` field of `/proc/self/status` or `/proc/meminfo`, in
/// bytes.
fn kib_field(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(name))?;
    let kib: u64 = line[name.len()..].split_whitespace().next()?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// A cgroup file's number: `max` (v2) or an absurd v1 value means no
/// limit.
fn cgroup_number(text: &str) -> Option<u64> {
    let n: u64 = text.trim().parse().ok()?;
    (n < 1 << 60).then_some(n)
}

/// The tightest memory limit of the process's control group and what it
/// charges now, given `/proc/self/cgroup` and a way to read files. Both
/// hierarchies are tried (v2 `0::/path`, v1 `N:memory:/path`), at the
/// group's own path and at the mount's root (a container sees its own
/// group there).
fn cgroup_limit(
    cgroup: &str,
    read: &dyn Fn(&Path) -> Option<String>,
) -> (Option<u64>, Option<u64>) {
    let mut best: (Option<u64>, Option<u64>) = (None, None);
    for line in cgroup.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(id), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (root, limit_file, used_file) = if id == "0" && controllers.is_empty() {
            ("/sys/fs/cgroup", "memory.max", "memory.current")
        } else if controllers.split(',').any(|c| c == "memory") {
            (
                "/sys/fs/cgroup/memory",
                "memory.limit_in_bytes",
                "memory.usage_in_bytes",
            )
        } else {
            continue;
        };
        let own = Path::new(root).join(path.trim_start_matches('/'));
        for dir in [own.as_path(), Path::new(root)] {
            let Some(limit) = read(&dir.join(limit_file)).and_then(|t| cgroup_number(&t)) else {
                continue;
            };
            if best.0.is_none_or(|b| limit < b) {
                let used = read(&dir.join(used_file)).and_then(|t| cgroup_number(&t));
                best = (Some(limit), used);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_space_limit_is_read_from_proc_limits() {
        let unlimited = "Limit                     Soft Limit           Hard Limit           Units     \nMax address space         unlimited            unlimited            bytes     \n";
        assert_eq!(address_space_limit(unlimited), None);
        let limited = "Max stack size            8388608              unlimited            bytes     \nMax address space         2048000000           unlimited            bytes     \n";
        assert_eq!(address_space_limit(limited), Some(2_048_000_000));
    }

    #[test]
    fn kib_fields_are_read_in_bytes() {
        let meminfo = "MemTotal:       24683520 kB\nMemFree:        22192128 kB\nMemAvailable:   23744512 kB\n";
        assert_eq!(kib_field(meminfo, "MemAvailable:"), Some(23_744_512 * 1024));
        assert_eq!(kib_field(meminfo, "VmSize:"), None);
    }

    #[test]
    fn cgroup_limits_are_found_in_either_hierarchy() {
        let files = |p: &Path| -> Option<String> {
            match p.to_str()? {
                "/sys/fs/cgroup/box/memory.max" => Some("2147483648\n".to_owned()),
                "/sys/fs/cgroup/box/memory.current" => Some("1073741824\n".to_owned()),
                "/sys/fs/cgroup/memory.max" => Some("max\n".to_owned()),
                "/sys/fs/cgroup/memory/memory.limit_in_bytes" => {
                    Some("9223372036854771712\n".to_owned())
                }
                "/sys/fs/cgroup/memory/job/memory.limit_in_bytes" => {
                    Some("1073741824\n".to_owned())
                }
                _ => None,
            }
        };
        assert_eq!(
            cgroup_limit("0::/box\n", &files),
            (Some(2 << 30), Some(1 << 30))
        );
        assert_eq!(
            cgroup_limit("4:memory:/job\n1:cpu:/\n", &files),
            (Some(1 << 30), None)
        );
        // No limit anywhere.
        assert_eq!(cgroup_limit("4:memory:/\n0::/\n", &files), (None, None));
    }
}
