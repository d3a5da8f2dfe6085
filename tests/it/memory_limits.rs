//! The memory budget follows the machine: under an address-space limit
//! (`ulimit -v`, set in a shell that then runs the real binary) a scenario
//! whose limits allow 10^12 situations stops with exit 1 and a message
//! naming the limit, for `check`, `solve`, `stats` and `export`; and when
//! the budget is set above what the limit allows, the allocation the
//! system refuses is the same clean error, not an abort.
//!
//! Each run grows a graph of about 700,000 situations before it stops
//! (the limits are small so the debug build gets there in seconds), so
//! the runs go in parallel, one thread each.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{run_limited, said};

const GROW: &str = "tests/data/limits/situations_1e12.ron";

#[test]
fn every_command_stops_cleanly_at_the_address_space_limit() {
    let runs: Vec<(u64, Vec<&str>)> = vec![
        (300_000, vec!["solve", GROW]),
        (300_000, vec!["check", GROW]),
        (300_000, vec!["stats", GROW]),
        (300_000, vec!["export", GROW, "--format", "dot"]),
    ];
    let handles: Vec<_> = runs
        .into_iter()
        .map(|(kib, args)| {
            std::thread::spawn(move || (kib, args.clone(), run_limited(Some(kib), None, &args)))
        })
        .collect();
    for handle in handles {
        let (kib, args, out) = handle.join().unwrap();
        let err = said(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(kib, 300_000);
        let shown = "293 MiB";
        assert!(
            err.contains(&format!(
                "past the budget under the process's address-space limit (ulimit -v, {shown}); lower limits.max_situations (now 1000000000000) to at most "
            )),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("error: the situation graph would need more than "),
            "{err}"
        );
        assert!(!err.contains("memory allocation"), "{err}");
    }
}

#[test]
fn a_refused_allocation_is_the_same_clean_error() {
    // A budget of 4 GiB under a limit of about 300 MiB: the budget never
    // stops the graph, the system does, and the tables that grow ask first.
    let out = run_limited(Some(300_000), Some("4096"), &["check", GROW]);
    let err = said(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("so far, when the system refused more), past the budget set for this run (DEMARCHE_MEMORY_MIB); lower limits.max_situations (now 1000000000000) to at most "), "{err}");
    assert!(!err.contains("memory allocation"), "{err}");
}
