//! Hostile input as an attacker or a careless script gives it, through the
//! real binary: limits and arguments that ask for more memory than there
//! is, huge ids, very deep games, and exports aimed at things that are not
//! regular files. Each gets a clear error, never a crash or an abort, and
//! nothing is destroyed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary with a 16 MiB memory budget, so the limits are reached
/// in a moment.
fn demarche(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(args)
        .env("DEMARCHE_MEMORY_MIB", "16")
        .output()
        .unwrap_or_else(|e| panic!("cannot run demarche: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const CYCLE: &str = "tests/data/analysis/cycle.ron";
const HARBOUR: &str = "tests/data/ok/harbour.ron";

#[test]
fn each_limits_fixture_stops_with_its_exact_error() {
    let mut n = 0;
    for entry in fs::read_dir("tests/data/limits").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "ron") {
            continue;
        }
        let shown = path.to_string_lossy().into_owned();
        let command = fs::read_to_string(path.with_extension("args")).unwrap();
        let out = demarche(&[command.trim(), &shown]);
        let expected = fs::read_to_string(path.with_extension("expected")).unwrap();
        assert_eq!(
            format!("{}{}", stdout(&out), stderr(&out)),
            expected,
            "{shown}"
        );
        assert_eq!(out.status.code(), Some(1), "{shown}");
        n += 1;
    }
    assert_eq!(n, 3);
}

#[test]
fn a_horizon_of_four_billion_is_refused_before_any_allocation() {
    let out = demarche(&["solve", CYCLE, "--horizon", "4294967295"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the analysis inside cycles would need more than 16 MiB of memory (1 situation that can reach a cycle, each counted for up to 4294967296 moves), past the budget set for this run (DEMARCHE_MEMORY_MIB); lower the horizon (now 4294967295; --horizon, or limits.max_depth by default) to at most 209714\n"
    );
    // Just under the limit it runs.
    let out = demarche(&["solve", CYCLE, "--horizon", "209714"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn sweep_points_are_bounded() {
    for (points, why) in [
        ("4294967296", "4294967296 is not in 2..=100000"),
        (
            "18446744073709551615",
            "18446744073709551615 is not in 2..=100000",
        ),
        ("1", "1 is not in 2..=100000"),
    ] {
        let out = demarche(&["sensitivity", CYCLE, "--points", points]);
        assert_eq!(out.status.code(), Some(2), "{points}");
        assert_eq!(
            stderr(&out),
            format!(
                "error: invalid value '{points}' for '--points <N>': {why}\n\nFor more information, try '--help'.\n"
            )
        );
    }
}

#[test]
fn a_ten_megabyte_unknown_id_is_rejected_without_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let id = "x".repeat(10_000_000);
    let text = format!(
        r#"Scenario(id: "h", title: "H",
    actors: [Actor(id: "a", name: "A")],
    variables: [Variable(id: "v", domain: Flag, initial: false)],
    moves: [Move(id: "m", actor: "{id}", label: "M", effects: ["v = true"])],
    outcomes: [Outcome(id: "o", label: "O", when: "v", payoffs: {{"a": 1}})],
)
"#
    );
    fs::write(&path, text).unwrap();
    let out = demarche(&["check", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let shown = stdout(&out);
    let first = shown.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "{}:4:34: error: unknown actor \"{id}\" in move \"m\"",
            path.display()
        )
    );
    assert!(!shown.contains("did you mean"));
    assert!(shown.ends_with("= in: moves[0].actor\n\n1 error, 0 warnings\n"));
}

/// A game `depth` moves deep: one move at a time until the counter is full.
fn chain(depth: u32) -> String {
    format!(
        r#"Scenario(id: "deep", title: "Deep",
    actors: [Actor(id: "a", name: "A")],
    variables: [Variable(id: "n", domain: Integer(min: 0, max: {depth}), initial: 0)],
    moves: [Move(id: "step", actor: "a", label: "Step", when: "n < {depth}", effects: ["n + 1"])],
    outcomes: [Outcome(id: "end", label: "End", when: "n == {depth}", payoffs: {{"a": 1}})],
    turns: Free,
    limits: Limits(max_depth: {}, max_situations: 1000000),
)
"#,
        depth + 1
    )
}

#[test]
fn tree_output_grows_with_the_depth_not_its_square() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.ron");
    fs::write(&path, chain(10_000)).unwrap();
    let out = demarche(&["tree", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // The title, the start, one line per move, and the note.
    assert_eq!(lines.len(), 10_003);
    let note = "(more than 50 moves deep: the lines below are not indented further)";
    assert_eq!(lines.iter().filter(|l| l.trim() == note).count(), 1);
    // Indented 50 levels at most, three characters each.
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap();
    assert_eq!(longest, 50 * 3 + note.chars().count());
    assert!(text.len() < 2_500_000, "{} bytes", text.len());
    assert!(lines[10_002].ends_with("-> s10000 OUTCOME End [end]: A 1"));
}

#[test]
fn export_to_standard_output_with_a_dash() {
    let out = demarche(&["export", HARBOUR, "--format", "dot", "-o", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("digraph"), "{}", stdout(&out));
    assert!(!Path::new("-").exists());
}

#[cfg(unix)]
#[test]
fn export_follows_a_symbolic_link_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("graph.dot");
    fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.dot");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = demarche(&[
        "export",
        HARBOUR,
        "--format",
        "dot",
        "-o",
        &link.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&target).unwrap().starts_with("digraph"));
}

#[cfg(unix)]
#[test]
fn export_never_replaces_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let shown = fifo.to_string_lossy().into_owned();
    let out = demarche(&["export", HARBOUR, "--format", "dot", "-o", &shown]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot write {shown}: it is a FIFO, not a regular file; only a regular file or a new path is written (use `-o -` for standard output)\n"
        )
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    // Nothing was left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn exports_get_the_permissions_any_new_file_gets() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // The test and the binary share the umask.
    let probe = dir.path().join("probe");
    fs::write(&probe, "").unwrap();
    let usual = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    let path = dir.path().join("graph.svg");
    let out = demarche(&[
        "export",
        HARBOUR,
        "--format",
        "svg",
        "-o",
        &path.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(format!("{mode:o}"), format!("{usual:o}"));
}

#[test]
fn ids_longer_than_the_formatter_can_pad_are_printed_unpadded() {
    // Found by the fuzzer: a 70,000-character outcome id made `solve` panic
    // with "Formatting argument out of range".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ron");
    let id = "o".repeat(70_000);
    let actor = "a".repeat(70_000);
    let text = format!(
        r#"Scenario(id: "l", title: "L",
    actors: [Actor(id: "{actor}", name: "A")],
    variables: [Variable(id: "v", domain: Flag, initial: false)],
    moves: [Move(id: "m", actor: "{actor}", label: "M", effects: ["v = true"])],
    outcomes: [Outcome(id: "{id}", label: "O", when: "v", payoffs: {{"{actor}": 1}})],
    priorities: {{"{actor}": ["v"]}},
)
"#
    );
    fs::write(&path, text).unwrap();
    let file = path.to_string_lossy().into_owned();
    for command in [
        &["solve", &file][..],
        &["solve", &file, "--model", "uniform"],
        &["stability", &file],
        &["sensitivity", &file],
    ] {
        let out = demarche(command);
        assert_eq!(out.status.code(), Some(0), "{command:?}: {}", stderr(&out));
        assert!(
            stdout(&out).contains(&id) || command[0] == "stability",
            "{command:?}"
        );
    }
}
