//! `demarche generate`: the generated files are what the benchmarks use,
//! load and expand to the sizes the help promises, and bad sizes get an
//! error with the allowed range.

use demarche::io::load_file;

use crate::common::{demarche, run_cli, stderr};

#[test]
fn a_generated_scenario_has_levels_to_the_variables_situations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grid.ron");
    let shown = path.to_string_lossy().into_owned();
    let ran = run_cli(&[
        "generate",
        "scenario",
        "--variables",
        "3",
        "--levels",
        "5",
        "--moves",
        "3",
        "-o",
        &shown,
    ]);
    assert_eq!((ran.code, ran.error), (0, None));
    assert_eq!(
        ran.stdout,
        format!("wrote a scenario of 125 situations to {shown}\n")
    );
    let stats = run_cli(&["stats", &shown]);
    assert_eq!(stats.code, 0);
    let situations = stats.stdout.lines().find(|l| l.starts_with("situations:"));
    assert_eq!(
        situations.map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["situations:", "125"]),
        "{}",
        stats.stdout
    );
    // The same arguments give the same text, which is the generator's.
    let again = run_cli(&[
        "generate",
        "scenario",
        "--variables",
        "3",
        "--levels",
        "5",
        "--moves",
        "3",
    ]);
    assert_eq!(again.stdout, std::fs::read_to_string(&path).unwrap());
    assert!(load_file(&path).is_ok());
}

#[test]
fn a_generated_game_solves_and_its_seed_changes_its_payoffs() {
    let one = run_cli(&["generate", "game", "--depth", "4", "--seed", "1"]);
    let two = run_cli(&["generate", "game", "--depth", "4", "--seed", "2"]);
    assert_eq!(one.code, 0);
    assert_eq!(
        one.stdout.lines().filter(|l| l.starts_with("t ")).count(),
        16
    );
    assert_ne!(one.stdout, two.stdout);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tree.efg");
    std::fs::write(&path, &one.stdout).unwrap();
    let solved = run_cli(&["solve", &path.to_string_lossy()]);
    assert_eq!((solved.code, solved.error), (0, None));
}

#[test]
fn sizes_out_of_range_name_the_range() {
    let out = demarche(&["generate", "game", "--depth", "40"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("40 is not in 1..=25"), "{text}");
    let out = demarche(&["generate", "scenario", "--levels", "1"]);
    assert!(
        stderr(&out).contains("1 is not in 2..=1000"),
        "{}",
        stderr(&out)
    );
}
