//! A Gambit game too large for the machine's memory ends in a clean error
//! naming the limit, never an abort: under an address-space limit
//! (`ulimit -v`, set in a shell that then runs the real binary) the
//! million-node tree stops with exit 1 before its graph is built, for
//! `check`, `solve`, `stats` and `export`; a file larger than the budget
//! is refused before it is read; and the app keeps the scenario it has
//! open and says why.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Output;

use crate::common::{run_limited, said};
use std::path::Path;

use demarche_core::synthetic_efg::{EfgTreeSpec, binary_tree};

/// A generated binary tree of `2^(depth+1) - 1` nodes written to `dir`.
fn tree_file(dir: &Path, depth: u32) -> String {
    let path = dir.join(format!("tree_{depth}.efg"));
    let text = binary_tree(&EfgTreeSpec {
        depth,
        payoff_range: 10,
        seed: 2021,
    });
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// Each command on `file`, one thread each (the runs are independent).
fn every_command(
    kib: Option<u64>,
    budget_mib: Option<&'static str>,
    file: &str,
) -> Vec<(String, Output)> {
    let runs = [
        vec!["solve", file],
        vec!["check", file],
        vec!["stats", file],
        vec!["export", file, "--format", "dot"],
    ];
    let handles: Vec<_> = runs
        .into_iter()
        .map(|args| {
            let args: Vec<String> = args.into_iter().map(str::to_owned).collect();
            std::thread::spawn(move || {
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                (args[0].clone(), run_limited(kib, budget_mib, &refs))
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

#[test]
fn the_million_node_tree_stops_cleanly_at_the_address_space_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = tree_file(dir.path(), 19);
    for (command, out) in every_command(Some(300_000), None, &file) {
        let text = said(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {text}");
        // A problem of the whole file, at no line of it: said as `check`
        // says a file's problem, or as every other command does.
        let start = match command.as_str() {
            "check" => format!("{file}: error: "),
            _ => format!("error: {file}: "),
        };
        assert!(
            text.starts_with(&format!(
                "{start}not enough memory to build the game: its 1048575 nodes would need about 108 MiB, more than "
            )),
            "{command}: {text}"
        );
        assert_eq!(text.lines().count(), 1, "{command}: {text}");
        assert!(
            text.contains(
                "past the budget under the process's address-space limit (ulimit -v, 293 MiB); open a smaller game, or give demarche more memory"
            ),
            "{command}: {text}"
        );
        assert!(!text.contains("memory allocation"), "{command}: {text}");
    }
}

#[test]
fn a_file_larger_than_the_budget_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // 131,071 nodes: 3.5 MiB of text against a budget of 2 MiB.
    let file = tree_file(dir.path(), 16);
    let problem = "the file is 3.5 MiB, more than the 2 MiB of memory demarche may use, past the budget set for this run (DEMARCHE_MEMORY_MIB); open a smaller file, or give demarche more memory";
    for (command, out) in every_command(None, Some("2"), &file) {
        assert_eq!(out.status.code(), Some(1), "{command}: {}", said(&out));
        // `check` reports a file's problem as `file: error: ...`, as it
        // reports every file it checks.
        let expected = match command.as_str() {
            "check" => format!("{file}: error: {problem}\n"),
            _ => format!("error: {file}: {problem}\n"),
        };
        assert_eq!(said(&out), expected, "{command}");
    }
}

#[test]
fn a_game_whose_graph_passes_the_budget_stops_before_it_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let file = tree_file(dir.path(), 16);
    for (command, out) in every_command(None, Some("5"), &file) {
        let problem = "not enough memory to build the game: its 131071 nodes would need about 13.5 MiB, more than 5 MiB, past the budget set for this run (DEMARCHE_MEMORY_MIB); open a smaller game, or give demarche more memory";
        let expected = match command.as_str() {
            "check" => format!("{file}: error: {problem}\n"),
            _ => format!("error: {file}: {problem}\n"),
        };
        assert_eq!(said(&out), expected, "{command}");
    }
}

/// The app: a game or a scenario too large for the budget leaves the
/// scenario open before on screen, and the error panel says why.
#[cfg(feature = "gui")]
mod app {
    use demarche::engine::scoped_memory_budget;
    use demarche::ui::ScenarioSource;
    use egui_kittest::kittest::Queryable;

    use crate::common::app::{loaded, options};

    fn entry() -> ScenarioSource {
        ScenarioSource::File("tests/data/efg/entry.efg".into())
    }

    #[test]
    fn a_game_too_large_for_memory_leaves_the_last_good_one_open() {
        let dir = tempfile::tempdir().unwrap();
        // 16,383 nodes: half a megabyte of text, about 1.7 MiB of graph.
        let file = super::tree_file(dir.path(), 13);
        let mut harness = loaded(options(Some(entry())));
        harness.run();
        let _budget = scoped_memory_budget(1 << 20);
        crate::common::app::open(&mut harness, ScenarioSource::File(file.clone().into()));
        harness.get_by_label(&format!("Could not open {file}"));
        harness.get_by_label(&format!(
            "{file}: not enough memory to build the game: its 16383 nodes would need about 1.7 MiB, more than 1 MiB, past the budget set for this run (DEMARCHE_MEMORY_MIB); open a smaller game, or give demarche more memory",
        ));
        harness.get_by_label("— Entry deterrence stays open.");
        let document = harness.state().state.document.as_ref().unwrap();
        assert_eq!(document.session.scenario().title, "Entry deterrence");
    }

    #[test]
    fn a_scenario_too_large_for_memory_leaves_the_last_good_one_open() {
        let mut harness = loaded(options(Some(entry())));
        harness.run();
        let _budget = scoped_memory_budget(16 << 20);
        let file = "tests/data/limits/situations_1e12.ron";
        crate::common::app::open(&mut harness, ScenarioSource::File(file.into()));
        harness.get_by_label(&format!("Could not open {file}"));
        harness
            .get_by_label_contains("the situation graph would need more than 16 MiB of memory (");
        harness.get_by_label_contains(
            "past the budget set for this run (DEMARCHE_MEMORY_MIB); lower limits.max_situations (now 1000000000000) to at most ",
        );
        harness.get_by_label("— Entry deterrence stays open.");
        let document = harness.state().state.document.as_ref().unwrap();
        assert_eq!(document.session.scenario().title, "Entry deterrence");
    }

    #[test]
    fn the_map_shows_a_games_node_names() {
        let path = "tests/data/efg/named_offer.efg";
        let mut harness = loaded(options(Some(ScenarioSource::File(path.into()))));
        harness.run();
        let document = harness.state().state.document.as_ref().unwrap();
        let (scenario, graph) = (document.session.scenario(), document.session.graph());
        let label = |id| demarche::engine::situation_label(scenario, graph, &document.layout, id);
        assert_eq!(label(graph.start()), "Buyer offers");
        let first = graph.target(graph.steps(graph.start()).next().unwrap());
        assert_eq!(label(first), "Seller weighs a \"low\" offer");
    }
}
