//! The scenario library in `scenarios/`: every scenario loads without
//! warnings, cites its sources, reaches each of its outcomes, has a rational
//! path that `demarche play` follows to the outcome `solve` predicts, and
//! carries instructor notes that apply somewhere in its graph; the
//! free-move scenario has meaningful equilibria; and `demarche new` writes a
//! starter that passes `check --deny-warnings` and is never overwritten by
//! accident.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use demarche::analysis::{Concept, PathEnd, solve, stability};
use demarche::engine::{SituationGraph, Status, expand, lint};
use demarche::io::load_file;
use demarche::model::{Diagnostics, Scenario, TurnRule};

use crate::common::{demarche, run_cli, shipped_scenarios as library};

/// Each scenario with its expanded graph.
fn loaded() -> Vec<(PathBuf, Scenario, SituationGraph)> {
    library()
        .into_iter()
        .map(|path| {
            let scenario = load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let graph = expand(&scenario);
            (path, scenario, graph)
        })
        .collect()
}

/// `move` or `move:result` for one step of the graph, as `play` takes it.
fn step_arg(scenario: &Scenario, graph: &SituationGraph, step: demarche::engine::StepId) -> String {
    let step = graph.step(step);
    let m = scenario.move_(step.move_);
    match step.result {
        Some(r) => format!("{}:{}", m.id, m.results[r.index()].id),
        None => m.id.clone(),
    }
}

/// Plays `moves` with the command line (in this process) and returns its
/// last line of output.
fn play_last_line(path: &Path, moves: &[String]) -> String {
    let ran = run_cli(&["play", &path.to_string_lossy(), "--moves", &moves.join(",")]);
    assert_eq!(
        (ran.code, &ran.error),
        (0, &None),
        "{}: play {moves:?}",
        path.display()
    );
    ran.stdout.lines().last().unwrap_or("").to_owned()
}

#[test]
fn the_library_has_the_five_scenarios() {
    let names: Vec<String> = library()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "vienna-2021.ron",
        "jcpoa-2015.ron",
        "cuban-missile-crisis-1962.ron",
        "maximum-pressure-2018.ron",
        "cuban-missile-crisis-gmcr.ron",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
}

#[test]
fn every_scenario_loads_without_warnings_and_stays_small() {
    for (path, scenario, graph) in loaded() {
        let warnings = lint(&scenario, &graph);
        assert!(
            warnings.is_empty(),
            "{}:\n{}",
            path.display(),
            Diagnostics(warnings)
        );
        assert!(
            graph.n_situations() <= 5000,
            "{}: {} situations",
            path.display(),
            graph.n_situations()
        );
    }
}

/// What an author runs before shipping: `check --deny-warnings` passes on
/// every file of the library.
#[test]
fn check_deny_warnings_passes_on_every_shipped_scenario() {
    // One run of the binary over every file, as `.ci/run` used to do.
    let paths: Vec<String> = library()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["check", "--deny-warnings"];
    args.extend(paths.iter().map(String::as_str));
    let out = demarche(&args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for path in &paths {
        assert!(
            text.lines()
                .any(|l| l.starts_with(path.as_str()) && l.contains(": ok: ")),
            "{path}: {text}"
        );
    }
}

#[test]
fn every_move_result_and_outcome_cites_short_quotes_from_listed_sources() {
    for (path, scenario, _) in loaded() {
        let shown = path.display();
        let mut cited = vec![false; scenario.sources.len()];
        let mut check = |c: &demarche::model::Citation, what: &str| {
            let words = c.quote.split_whitespace().count();
            assert!(
                (1..=25).contains(&words),
                "{shown}: {what}: a quote of {words} words: {:?}",
                c.quote
            );
            cited[c.source.index()] = true;
        };
        for m in &scenario.moves {
            let n = m.citations.len() + m.results.iter().map(|r| r.citations.len()).sum::<usize>();
            assert!(n > 0, "{shown}: move {} cites nothing", m.id);
            for c in &m.citations {
                check(c, &m.id);
            }
            for r in &m.results {
                // Each result cites its own: a move's quote supports the
                // move, not what chance makes of it.
                assert!(
                    !r.citations.is_empty(),
                    "{shown}: result {} of move {} cites nothing",
                    r.id,
                    m.id
                );
                for c in &r.citations {
                    check(c, &r.id);
                }
            }
        }
        for o in &scenario.outcomes {
            assert!(
                !o.citations.is_empty(),
                "{shown}: outcome {} cites nothing",
                o.id
            );
            for c in &o.citations {
                check(c, &o.id);
            }
        }
        for f in &scenario.source_forecasts {
            check(&f.citation, "a source forecast");
        }
        for (source, used) in scenario.sources.iter().zip(&cited) {
            // Sources behind `priorities` are named in comments only.
            if scenario.turns != TurnRule::Free {
                assert!(used, "{shown}: source {} is never cited", source.id);
            }
            assert!(
                !source.title.is_empty() && !source.publisher.is_empty(),
                "{shown}: source {} needs a title and a publisher",
                source.id
            );
        }
    }
}

/// Year, month and day as far as a date gives them.
fn date_parts(date: &str) -> Vec<u32> {
    date.split('-').map(|p| p.parse().unwrap()).collect()
}

/// No hindsight: every dated source is published on or before the
/// scenario's `as_of`, with no exception for later accounts.
#[test]
fn every_source_is_dated_on_or_before_the_scenario_as_of_date() {
    for (path, scenario, _) in loaded() {
        let shown = path.display();
        assert!(!scenario.as_of.is_empty(), "{shown}: no as_of date");
        let as_of = date_parts(&scenario.as_of);
        for source in &scenario.sources {
            if source.date.is_empty() {
                continue;
            }
            let date = date_parts(&source.date);
            let n = date.len().min(as_of.len());
            assert!(
                date[..n] <= as_of[..n],
                "{shown}: source {} is dated {}, after as_of {}",
                source.id,
                source.date,
                scenario.as_of
            );
        }
    }
}

#[test]
fn every_outcome_is_reached_by_a_path_found_in_the_graph() {
    for (path, scenario, graph) in loaded() {
        let parents = graph.shortest_path_tree();
        for (o, outcome) in scenario.outcomes.iter().enumerate() {
            let target = graph
                .situations()
                .find(|id| matches!(graph.status(*id), Status::Outcome(x) if x.index() == o))
                .unwrap_or_else(|| {
                    panic!(
                        "{}: outcome {} is never reached",
                        path.display(),
                        outcome.id
                    )
                });
            let steps = graph.path_to(&parents, target);
            let moves: Vec<String> = steps
                .iter()
                .map(|s| step_arg(&scenario, &graph, *s))
                .collect();
            let last = play_last_line(&path, &moves);
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
fn the_rational_path_is_meaningful_and_play_ends_where_solve_says() {
    for (path, scenario, graph) in loaded() {
        let shown = path.display();
        // Not every actor is indifferent between every outcome.
        let distinct = scenario.outcomes.iter().any(|a| {
            scenario.outcomes.iter().any(|b| {
                a.payoffs
                    .iter()
                    .zip(&b.payoffs)
                    .any(|(x, y)| (x - y).abs() > 1e-9)
            })
        });
        assert!(distinct, "{shown}: every outcome pays the same");

        let solution = solve(&scenario, &graph);
        let rational = solution.path(&graph);
        let PathEnd::Outcome(o) = rational.end else {
            panic!("{shown}: the rational path ends in {:?}", rational.end);
        };
        let moves: Vec<String> = rational
            .steps
            .iter()
            .map(|s| step_arg(&scenario, &graph, s.step))
            .collect();
        assert!(!moves.is_empty(), "{shown}: an empty rational path");
        let outcome = &scenario.outcomes[o.index()];
        let last = play_last_line(&path, &moves);
        assert!(
            last.starts_with(&format!(
                "outcome: {} [{}]; payoffs: ",
                outcome.label, outcome.id
            )),
            "{shown}: playing the rational path {moves:?} ended with {last:?}"
        );
        // The outcome solve predicts is the one rational play most often meets.
        let probabilities = solution.outcome_probabilities(&graph);
        assert!(
            probabilities.by_outcome[o.index()] > 0.0,
            "{shown}: {} has probability 0",
            outcome.id
        );
    }
}

#[test]
fn every_scenario_has_teaching_notes_that_apply_somewhere() {
    for (path, scenario, graph) in loaded() {
        let shown = path.display();
        let teaching = &scenario.teaching;
        assert!(!teaching.goals.is_empty(), "{shown}: no learning goals");
        assert!(teaching.notes.len() >= 4, "{shown}: fewer than four notes");
        assert!(
            teaching.notes.iter().any(|n| n.when_text.trim().is_empty()),
            "{shown}: no note for the opening"
        );
        let situations: Vec<Vec<i64>> = graph.situations().map(|id| graph.values(id)).collect();
        for note in &teaching.notes {
            assert!(
                !note.questions.is_empty(),
                "{shown}: note {:?} asks nothing",
                note.when_text
            );
            if note.when_text.trim().is_empty() {
                continue;
            }
            assert!(
                situations.iter().any(|values| note.when.holds(values)),
                "{shown}: the note for {:?} holds in no situation",
                note.when_text
            );
        }
        // The opening note is shown at the opening.
        let start = graph.values(graph.start());
        assert!(!teaching.notes_for(&start, true).is_empty(), "{shown}");
    }
}

/// The Analysis view shows a stability table for every scenario, not an
/// author's error: each actor ranks every state, by priorities or by the
/// outcome the state meets.
#[test]
fn stability_works_on_every_scenario() {
    for (path, scenario, graph) in loaded() {
        let shown = path.display();
        let table = stability(&scenario, &graph).unwrap_or_else(|e| panic!("{shown}: {e}"));
        assert!(table.n_states() >= graph.n_situations().min(2), "{shown}");
        let nash = table.equilibria(Concept::Nash);
        assert!(
            nash.len() < table.n_states(),
            "{shown}: every state is Nash"
        );
    }
}

#[test]
fn the_free_move_scenario_has_meaningful_equilibria() {
    let free: Vec<_> = loaded()
        .into_iter()
        .filter(|(_, s, _)| s.turns == TurnRule::Free)
        .collect();
    assert!(!free.is_empty(), "no free-move scenario in the library");
    for (path, scenario, graph) in free {
        let shown = path.display();
        assert!(
            scenario.priorities.iter().all(|p| !p.is_empty()),
            "{shown}: every actor needs priorities"
        );
        let table = stability(&scenario, &graph).unwrap_or_else(|e| panic!("{shown}: {e}"));
        let states = table.n_states();
        for concept in Concept::ALL {
            let equilibria = table.equilibria(concept);
            assert!(
                !equilibria.is_empty(),
                "{shown}: no {} equilibrium",
                concept.id()
            );
            assert!(
                equilibria.len() < states,
                "{shown}: every state is a {} equilibrium",
                concept.id()
            );
        }
        // Nash is the strictest concept here: fewer equilibria than GMR.
        assert!(table.equilibria(Concept::Nash).len() < table.equilibria(Concept::Gmr).len());
    }
}

#[test]
fn the_gmcr_crisis_settlement_is_an_equilibrium_and_war_is_not() {
    let path = Path::new("scenarios/cuban-missile-crisis-gmcr.ron");
    let scenario = load_file(path).unwrap();
    let graph = expand(&scenario);
    let table = stability(&scenario, &graph).unwrap();
    let outcome = |id: &str| scenario.outcomes.iter().position(|o| o.id == id).unwrap();
    let (settlement, war) = (outcome("settlement"), outcome("war"));
    let nash = table.equilibria(Concept::Nash);
    assert!(
        nash.iter()
            .any(|s| table.outcome(*s).is_some_and(|o| o.index() == settlement))
    );
    for concept in Concept::ALL {
        for s in table.equilibria(concept) {
            assert!(
                table.outcome(s).is_none_or(|o| o.index() != war),
                "war state {s} is a {} equilibrium",
                concept.id()
            );
        }
    }
}

#[test]
fn demarche_new_writes_a_starter_that_passes_check_and_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Suez 1956.ron");
    let shown = file.to_string_lossy().into_owned();

    let out = demarche(&["new", &shown]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.starts_with(&format!("wrote {shown}")), "{said}");
    assert!(said.contains("demarche check --deny-warnings"), "{said}");
    assert!(said.contains("scenarios/README.md"), "{said}");
    let written = fs::read_to_string(&file).unwrap();
    assert!(written.contains("id: \"suez-1956\""), "{written}");

    let check = demarche(&["check", "--deny-warnings", &shown]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let scenario = load_file(&file).unwrap();
    assert!(!scenario.teaching.notes.is_empty());

    // A second `new` refuses and leaves the author's edits alone.
    fs::write(&file, "// my edits\n").unwrap();
    let again = demarche(&["new", &shown]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "// my edits\n");

    // --force replaces it, and leaves no temporary file behind.
    let forced = demarche(&["new", "--force", &shown]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&file).unwrap(), written);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

/// The broken examples in the authoring guide (`scenarios/README.md`): each
/// is the starter with one change, in `tests/data/new`, and `check
/// --deny-warnings` prints exactly its `.expected` file, which the guide
/// quotes. The unchanged starter is `river.ron`, so a change to the starter
/// shows up here and the guide's line numbers can be refreshed.
#[test]
fn the_guide_examples_print_what_the_guide_shows() {
    let dir = Path::new("tests/data/new");
    let dir_abs = fs::canonicalize(dir).unwrap();

    // The starter the examples were made from is what `new` writes today.
    let temp = tempfile::tempdir().unwrap();
    let river = temp.path().join("river.ron");
    let out = demarche(&["new", &river.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(&river).unwrap(),
        fs::read_to_string(dir.join("river.ron")).unwrap(),
        "the starter changed: regenerate tests/data/new and the outputs in scenarios/README.md"
    );

    let guide = fs::read_to_string("scenarios/README.md").unwrap();
    let mut n = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "expected") {
            continue;
        }
        n += 1;
        let ron = path.with_extension("ron");
        let name = ron.file_name().unwrap().to_string_lossy().into_owned();
        let out = Command::new(env!("CARGO_BIN_EXE_demarche"))
            .current_dir(&dir_abs)
            .args(["check", "--deny-warnings", &name])
            .output()
            .unwrap();
        let expected = fs::read_to_string(&path).unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{name}");
        assert_eq!(out.status.code(), Some(1), "{name}");
        let first = expected.lines().next().unwrap();
        assert!(guide.contains(first), "the guide does not show {first:?}");
    }
    assert!(n >= 8, "{n} examples");
}
