//! Every fixture under `tests/data`: the valid ones load with no warnings;
//! each bad one gives exactly the text in its `.expected` file (errors from
//! loading, warnings from the expanded graph), with file, line and column.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use demarche_core::analysis::option_check;
use demarche_core::engine::{expand, lint};
use demarche_core::io::LoadError;
use demarche_core::io::load_file;
use demarche_core::model::{Diagnostic, Diagnostics, Scenario};

/// The `.ron` files of a fixture folder, sorted, with paths relative to the
/// package root as messages show them.
fn fixtures(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot list {folder}: {e}"))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {folder}");
    files
}

fn expected(path: &Path) -> String {
    let file = path.with_extension("expected");
    fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
}

/// What `check` finds in a loaded scenario: the graph's warnings, or for a
/// conflict in option form what the options show.
fn warnings(scenario: &Scenario) -> Vec<Diagnostic> {
    match option_check(scenario) {
        Some(check) => check.diagnostics,
        None => lint(scenario, &expand(scenario)),
    }
}

/// What `check` prints for a file: load errors, or the graph's warnings.
fn check_text(path: &Path) -> String {
    let text = match load_file(path) {
        Ok(scenario) => format!("{}\n", Diagnostics(warnings(&scenario))),
        Err(LoadError::Invalid(diagnostics)) => format!("{diagnostics}\n"),
        Err(e) => panic!("{}: {e}", path.display()),
    };
    crate::as_from_the_top(&text)
}

#[test]
fn every_error_fixture_gives_its_exact_message() {
    let mut failures = Vec::new();
    for path in fixtures("../../tests/data/err") {
        let text = check_text(&path);
        assert!(
            load_file(&path).is_err(),
            "{} should not load",
            path.display()
        );
        if text != expected(&path) {
            failures.push(format!(
                "== {}\n-- expected:\n{}\n-- got:\n{text}",
                path.display(),
                expected(&path)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_warning_fixture_gives_its_exact_message() {
    let mut failures = Vec::new();
    for path in fixtures("../../tests/data/warn") {
        let scenario = load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            !warnings(&scenario).is_empty(),
            "{} has no warning",
            path.display()
        );
        let text = check_text(&path);
        if text != expected(&path) {
            failures.push(format!(
                "== {}\n-- expected:\n{}\n-- got:\n{text}",
                path.display(),
                expected(&path)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn valid_fixtures_load_without_warnings() {
    for path in fixtures("../../tests/data/ok") {
        let scenario = load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let warnings = warnings(&scenario);
        assert!(
            warnings.is_empty(),
            "{}: {}",
            path.display(),
            Diagnostics(warnings)
        );
    }
}

#[test]
fn each_error_fixture_points_at_the_offending_value() {
    // A few spot checks of the column, independent of the rendering.
    let cases = [
        ("unknown_actor", 40, 38, "\"eats\""),
        ("condition_unknown_level", 40, 88, "opne"),
        ("effect_out_of_domain", 44, 53, "9"),
        ("payoff_unknown_actor", 55, 63, "\"wets\""),
        ("syntax_unknown_field", 4, 5, "sumary"),
    ];
    for (name, line, column, text) in cases {
        let path = PathBuf::from(format!("../../tests/data/err/{name}.ron"));
        let Err(LoadError::Invalid(diagnostics)) = load_file(&path) else {
            panic!("{name} should not load");
        };
        let d = &diagnostics.0[0];
        assert_eq!((d.line, d.column), (line, column), "{name}");
        let at: String = d
            .source_line
            .chars()
            .skip(column - 1)
            .take(d.caret_len)
            .collect();
        assert_eq!(at, text, "{name}");
    }
}

#[test]
fn several_errors_are_all_reported_in_one_pass_in_file_order() {
    let Err(LoadError::Invalid(diagnostics)) =
        load_file(Path::new("../../tests/data/err/several_errors.ron"))
    else {
        panic!("several_errors.ron should not load");
    };
    let lines: Vec<usize> = diagnostics.0.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![35, 40, 51, 53]);
    assert_eq!(diagnostics.n_errors(), 4);
}
