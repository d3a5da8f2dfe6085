//! Every shipped scenario loads, validates with no warnings, and each of its
//! outcomes is reached by a path found in the graph and played with `play`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::process::Command;

use demarche::engine::{SituationGraph, Status, expand, lint};
use demarche::io::load_file;
use demarche::model::{Diagnostics, Scenario, load_str};

mod common;
use common::shipped_scenarios as shipped;

/// `move` or `move:result` for each step of a shortest path to the first
/// situation that ends in outcome `o`.
fn path_to_outcome(scenario: &Scenario, graph: &SituationGraph, o: usize) -> Option<Vec<String>> {
    let parents = graph.shortest_path_tree();
    let target = graph
        .situations()
        .find(|id| matches!(graph.status(*id), Status::Outcome(x) if x.index() == o))?;
    let steps = graph.path_to(&parents, target);
    Some(
        steps
            .iter()
            .map(|s| {
                let step = graph.step(*s);
                let m = scenario.move_(step.move_);
                match step.result {
                    Some(r) => format!("{}:{}", m.id, m.results[r.index()].id),
                    None => m.id.clone(),
                }
            })
            .collect(),
    )
}

#[test]
fn there_is_a_shipped_scenario_and_it_is_the_default() {
    let files = shipped();
    assert!(
        files.iter().any(|f| f.ends_with("vienna-2021.ron")),
        "{files:?}"
    );
    let on_disk = fs::read_to_string("scenarios/vienna-2021.ron").unwrap();
    assert_eq!(demarche::DEFAULT_SCENARIO, on_disk);
    let scenario = load_str(demarche::DEFAULT_SCENARIO, demarche::DEFAULT_SCENARIO_NAME).unwrap();
    assert_eq!(scenario.id, "vienna-2021");
}

#[test]
fn every_shipped_scenario_validates_without_warnings() {
    for path in shipped() {
        let scenario = load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let graph = expand(&scenario);
        let warnings = lint(&scenario, &graph);
        assert!(warnings.is_empty(), "{}", Diagnostics(warnings));
        assert!(!scenario.outcomes.is_empty(), "{}", path.display());
    }
}

#[test]
fn every_outcome_of_every_shipped_scenario_is_reached_by_play() {
    for path in shipped() {
        let scenario = load_file(&path).unwrap();
        let graph = expand(&scenario);
        for (o, outcome) in scenario.outcomes.iter().enumerate() {
            let moves = path_to_outcome(&scenario, &graph, o).unwrap_or_else(|| {
                panic!("{}: no path reaches outcome {}", path.display(), outcome.id)
            });
            let output = Command::new(env!("CARGO_BIN_EXE_demarche"))
                .arg("play")
                .arg(&path)
                .arg("--moves")
                .arg(moves.join(","))
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&output.stdout);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let last = text.lines().last().unwrap_or("");
            assert!(
                last.starts_with(&format!(
                    "outcome: {} [{}]; payoffs: ",
                    outcome.label, outcome.id
                )),
                "{}: playing {moves:?} ended with {last:?}",
                path.display()
            );
        }
    }
}

#[test]
fn vienna_has_the_actors_and_variables_of_the_talks() {
    let scenario = load_file(std::path::Path::new("scenarios/vienna-2021.ron")).unwrap();
    for actor in ["us", "iran", "khamenei", "e3", "china", "iaea"] {
        assert!(scenario.actor_by_id(actor).is_some(), "actor {actor}");
    }
    let enrichment = &scenario.variables[scenario.variable_by_id("enrichment").unwrap().index()];
    assert_eq!(enrichment.domain.display(enrichment.initial), "60%");
    for (id, initial) in [
        ("access", "limited"),
        ("sanctions", "max_pressure"),
        ("talks", "open"),
        ("hardened", "false"),
    ] {
        let v = &scenario.variables[scenario.variable_by_id(id).unwrap().index()];
        assert_eq!(v.domain.display(v.initial), initial, "{id}");
    }
    // Every move (itself or through its results) and every outcome cites a
    // source with a quote.
    for m in &scenario.moves {
        let cited = m
            .citations
            .iter()
            .chain(m.results.iter().flat_map(|r| &r.citations));
        let quotes: Vec<&str> = cited.map(|c| c.quote.as_str()).collect();
        assert!(
            !quotes.is_empty() && quotes.iter().all(|q| !q.is_empty()),
            "move {}",
            m.id
        );
    }
    for o in &scenario.outcomes {
        assert!(!o.citations.is_empty(), "outcome {}", o.id);
    }
    // The article's hedges are likelihood words.
    assert!(
        scenario
            .moves
            .iter()
            .flat_map(|m| &m.results)
            .any(|r| r.likelihood.is_some())
    );
}
