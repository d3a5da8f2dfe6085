//! The command line as a user runs it: the real binary, its output and its
//! exit status.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use crate::common::{demarche, stderr, stdout};

const HARBOUR: &str = "tests/data/ok/harbour.ron";

#[test]
fn check_accepts_a_valid_scenario() {
    let out = demarche(&["check", HARBOUR]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "tests/data/ok/harbour.ron: ok: \"Harbour talks\", 13 situations, 13 steps, 8 ending in an outcome\n"
    );
}

#[test]
fn check_prints_each_error_fixture_exactly_and_fails() {
    for entry in fs::read_dir("tests/data/err").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "ron") {
            continue;
        }
        let shown = path.to_string_lossy().into_owned();
        let out = demarche(&["check", &shown]);
        let expected = fs::read_to_string(path.with_extension("expected")).unwrap();
        assert_eq!(stdout(&out), expected, "{shown}");
        assert_eq!(out.status.code(), Some(1), "{shown}");
    }
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let file = "tests/data/warn/dead_end.ron";
    let out = demarche(&["check", file]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with(
        "tests/data/warn/dead_end.ron:24:17: warning: dead end: West has no available move and no outcome is met\n"
    ));
    assert!(stdout(&out).contains(
        "= note: path: east offer_shared_use -> rejected, west return_to_table, east offer_shared_use -> rejected"
    ));
    let out = demarche(&["check", "--deny-warnings", file]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_reports_every_file_and_fails_if_any_fails() {
    let out = demarche(&["check", HARBOUR, "tests/data/err/unknown_actor.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with("tests/data/ok/harbour.ron: ok:"), "{text}");
    assert!(text.contains("tests/data/err/unknown_actor.ron:40:38: error: unknown actor \"eats\""));
}

#[test]
fn check_of_a_missing_file_says_so_once() {
    let out = demarche(&["check", "tests/data/no-such-file.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "tests/data/no-such-file.ron: error: no such file\n"
    );
    let out = demarche(&["play", "tests/data/no-such-file.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: tests/data/no-such-file.ron: no such file\n"
    );
}

#[test]
fn an_empty_file_is_called_empty_with_no_doubled_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.ron");
    fs::write(&path, "\n  \n").unwrap();
    let shown = path.to_string_lossy().into_owned();
    let expected = format!(
        "{shown}:1:1: error: the file is empty\n  |\n1 | \n  | ^\n  = hint: a scenario starts with `Scenario(`; `demarche new FILE` writes a commented starter\n\n1 error, 0 warnings\n"
    );
    let out = demarche(&["check", &shown]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), expected);
    // The diagnostics carry their own `error:`; nothing is put before them.
    let out = demarche(&["play", &shown]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), expected);
    let game = dir.path().join("empty.efg");
    fs::write(&game, "").unwrap();
    let out = demarche(&["tree", &game.to_string_lossy()]);
    assert!(
        stderr(&out).starts_with(&format!(
            "{}:1:1: error: the file is empty\n",
            game.display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("= hint: a Gambit game starts with `EFG 2 R`"));
}

#[test]
fn a_folder_is_named_a_folder_once() {
    let dir = tempfile::tempdir().unwrap();
    let shown = dir.path().to_string_lossy().into_owned();
    let out = demarche(&["check", &shown]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!("{shown}: error: this is a folder, not a scenario file\n")
    );
    let out = demarche(&["play", &shown]);
    assert_eq!(
        stderr(&out),
        format!("error: {shown}: this is a folder, not a scenario file\n")
    );
}

#[test]
fn a_binary_file_is_refused_without_printing_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // Bytes of no text: an image header and control characters.
    let bytes: Vec<u8> = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(2000))
        .collect();
    for name in ["game.efg", "scenario.ron"] {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        let shown = path.to_string_lossy().into_owned();
        let sentence = format!(
            "{shown}: not a text file; a scenario is RON text (.ron) or a Gambit game (.efg)"
        );
        let out = demarche(&["check", &shown]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stdout(&out),
            format!(
                "{shown}: error: not a text file; a scenario is RON text (.ron) or a Gambit game (.efg)\n"
            )
        );
        let out = demarche(&["tree", &shown]);
        assert_eq!(stderr(&out), format!("error: {sentence}\n"));
        assert!(out.stdout.is_empty());
    }
    // A RON file in Latin-1 is text, but not UTF-8.
    let latin1 = dir.path().join("latin1.ron");
    fs::write(&latin1, b"Scenario(title: \"Caf\xe9\")").unwrap();
    let out = demarche(&["check", &latin1.to_string_lossy()]);
    assert_eq!(
        stdout(&out),
        format!(
            "{}: error: the text is not UTF-8; save the file as UTF-8\n",
            latin1.display()
        )
    );
}

#[test]
fn a_misspelt_subcommand_gets_the_real_one_suggested() {
    let out = demarche(&["chek", "x.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: there is no command `chek`; did you mean `demarche check`?\n"
    );
    let out = demarche(&["slove"]);
    assert_eq!(
        stderr(&out),
        "error: there is no command `slove`; did you mean `demarche solve`?\n"
    );
    let out = demarche(&["frobnicate", HARBOUR]);
    assert_eq!(
        stderr(&out),
        "error: there is no command `frobnicate`; the commands are check, tree, play, stats, solve, stability, sensitivity, export, new, generate (`demarche --help` says what each does)\n"
    );
}

#[test]
fn tree_prints_the_branches_with_probabilities_and_payoffs() {
    let out = demarche(&["tree", HARBOUR]);
    assert_eq!(out.status.code(), Some(0));
    let expected = fs::read_to_string("tests/data/ok/harbour.tree").unwrap();
    assert_eq!(stdout(&out), expected);
}

#[test]
fn tree_depth_cuts_the_tree() {
    let out = demarche(&["tree", HARBOUR, "--depth", "1"]);
    let text = stdout(&out);
    assert!(text.contains("└─ unlikely (30 %): West rejects [rejected] -> s2 (West to move)\n"));
    assert!(text.contains("└─ ... (deeper than --depth 1)"));
    assert!(!text.contains("Send patrols"));
}

#[test]
fn play_prints_steps_changes_and_the_outcome() {
    let out = demarche(&[
        "play",
        HARBOUR,
        "--moves",
        "offer_shared_use,send_patrols",
        "--results",
        "rejected",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Harbour talks\n\
         1. East: Offer shared use [offer_shared_use] -> West rejects [rejected], unlikely (30 %)\n\
         \x20  Talks: open -> stalled\n\
         \x20  Tension: 2 -> 3\n\
         \x20  East puts a shared-use plan on the table. West walks out of the room.\n\
         2. West: Send patrols [send_patrols]\n\
         \x20  Naval patrols: no -> yes\n\
         \x20  Tension: 3 -> 5\n\
         \x20  West sends warships.\n\
         outcome: Crisis [crisis]; payoffs: East -2, West -1\n"
    );
}

#[test]
fn play_names_variables_and_values_by_their_labels() {
    let out = demarche(&[
        "play",
        "scenarios/vienna-2021.ron",
        "--moves",
        "table_new_demands",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // Not `on_table: nothing -> new_demands`.
    assert!(
        text.contains("\n   On the table: Nothing yet -> Tehran's new list of demands\n"),
        "{text}"
    );
    // The actor of each available move by name, not id.
    assert!(
        text.contains("  Demand perfect sequencing [demand_perfect_sequencing] (United States)\n"),
        "{text}"
    );
}

#[test]
fn play_lists_available_moves_where_the_path_stops() {
    let out = demarche(&["play", HARBOUR, "--moves", "offer_shared_use:rejected"]);
    let text = stdout(&out);
    assert!(
        text.ends_with(
            "West to move; available moves:\n  Send patrols [send_patrols] (West)\n  Return to the table [return_to_table] (West)\n"
        ),
        "{text}"
    );
}

#[test]
fn play_lists_chance_results_when_none_is_picked() {
    let out = demarche(&["play", HARBOUR, "--moves", "offer_shared_use"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).ends_with(
        "move \"offer_shared_use\" has chance results; pick one with --results:\n  West accepts [accepted]: likely (70 %)\n  West rejects [rejected]: unlikely (30 %)\n"
    ));
}

#[test]
fn play_json_has_steps_and_end() {
    let out = demarche(&[
        "play",
        HARBOUR,
        "--moves",
        "offer_shared_use:accepted",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["scenario"], "harbour-talks");
    assert_eq!(json["steps"][0]["actor"], "east");
    assert_eq!(json["steps"][0]["move"], "offer_shared_use");
    assert_eq!(json["steps"][0]["result"], "accepted");
    assert_eq!(json["steps"][0]["probability"], 0.7);
    assert_eq!(json["steps"][0]["changes"][0]["variable"], "talks");
    assert_eq!(json["steps"][0]["changes"][0]["to"], "agreed");
    assert_eq!(json["end"]["outcome"]["id"], "agreement");
    assert_eq!(json["end"]["outcome"]["payoffs"]["west"], 3.0);
}

#[test]
fn play_errors_name_the_step_and_the_choices() {
    let out = demarche(&["play", HARBOUR, "--moves", "offer_shared_use,send_patrols"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: step 1: move \"offer_shared_use\" has chance results; pick one of \"accepted\", \"rejected\" with --results or as offer_shared_use:RESULT\n"
    );
    let out = demarche(&[
        "play",
        HARBOUR,
        "--moves",
        "offer_shared_use:rejected,break_off",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: step 2: "),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("break_off"), "{}", stderr(&out));
    // An unknown move: the moves available at that step, not every move.
    let out = demarche(&["play", HARBOUR, "--moves", "nope"]);
    assert_eq!(
        stderr(&out),
        "error: step 1: unknown move \"nope\"; the moves available here are \"offer_shared_use\", \"break_off\"\n"
    );
    let out = demarche(&[
        "play",
        HARBOUR,
        "--moves",
        "offer_shared_use:rejected,send_patrol",
    ]);
    assert_eq!(
        stderr(&out),
        "error: step 2: unknown move \"send_patrol\" (did you mean \"send_patrols\"?); the moves available here are \"send_patrols\", \"return_to_table\"\n"
    );
    // A move of the scenario that cannot be taken at this step.
    let out = demarche(&["play", HARBOUR, "--moves", "send_patrols"]);
    assert_eq!(
        stderr(&out),
        "error: step 1: move \"send_patrols\" is not available here; the moves available here are \"offer_shared_use\", \"break_off\"\n"
    );
}

#[test]
fn play_with_no_moves_shows_the_opening_and_the_moves() {
    let out = demarche(&["play", HARBOUR]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "Harbour talks\nEast and West meet in a neutral capital to settle who may use the harbour.\nEast to move; available moves:\n  Offer shared use [offer_shared_use] (East)\n    West accepts [accepted]: likely (70 %)\n    West rejects [rejected]: unlikely (30 %)\n  Break off talks [break_off] (East)\n"
    );
}

#[test]
fn play_of_a_broken_file_prints_its_errors() {
    let out = demarche(&[
        "play",
        "tests/data/err/unknown_actor.ron",
        "--moves",
        "break_off",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("tests/data/err/unknown_actor.ron:40:38: error: unknown actor \"eats\"")
    );
}

#[test]
fn stats_reports_the_graph() {
    let out = demarche(&["stats", HARBOUR, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["situations"], 13);
    assert_eq!(json["steps"], 13);
    assert_eq!(json["outcomes_reached"], 3);
    assert_eq!(json["dead_ends"], 0);
    assert_eq!(json["depth"], 5);
    assert_eq!(json["frontier"], 0);
    assert_eq!(json["outcomes"][1]["id"], "crisis");
    assert_eq!(json["outcomes"][1]["situations"], 2);
    let text = stdout(&demarche(&["stats", "tests/data/warn/depth_limit.ron"]));
    assert!(
        text.contains("frontier:         1 (depth limit 1, situation limit 0)"),
        "{text}"
    );
}

#[test]
fn help_lists_the_subcommands() {
    let out = demarche(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for word in ["check", "tree", "play", "stats"] {
        assert!(text.contains(word), "{text}");
    }
}

#[test]
fn format_reference_example_is_the_harbour_fixture_and_passes_check() {
    let doc = fs::read_to_string("docs/scenario-format.md").unwrap();
    let start = doc
        .find("```ron\n")
        .expect("the format reference has a ron example")
        + "```ron\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let example = &doc[start..end];
    let fixture = fs::read_to_string(HARBOUR).unwrap();
    assert_eq!(
        example, fixture,
        "the format reference's example and {HARBOUR} differ"
    );
    assert!(Path::new(HARBOUR).exists());
}

/// Vienna's path to the synchronised roadmap, whose notes ask a question
/// with Markdown in it (`solve`).
const VIENNA_ROADMAP: [&str; 7] = [
    "export",
    "scenarios/vienna-2021.ron",
    "--moves",
    "table_new_demands,demand_perfect_sequencing,table_synchronised_roadmap",
    "--results",
    "khamenei_tolerates_sequencing",
    "--format",
];

#[test]
fn export_audience_students_leaves_out_the_instructors_notes_and_questions() {
    let notes = [
        "Instructor",
        "Question:",
        "Each side knows what a return to the deal means",
        "What does holding out cost Tehran",
        "Check",
    ];
    for format in ["md", "html"] {
        let mut args = VIENNA_ROADMAP.to_vec();
        args.extend([format, "--audience", "students"]);
        let out = demarche(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let handout = stdout(&out);
        assert!(
            handout.contains("Table a synchronised roadmap"),
            "{handout}"
        );
        for note in notes {
            assert!(
                !handout.contains(note),
                "{format}: the handout has {note:?}:\n{handout}"
            );
        }
        // The instructor's record keeps them, the default too.
        for audience in [Some("instructor"), None] {
            let mut args = VIENNA_ROADMAP.to_vec();
            args.push(format);
            if let Some(a) = audience {
                args.extend(["--audience", a]);
            }
            let out = demarche(&args);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let record = stdout(&out);
            for note in notes {
                assert!(record.contains(note), "{format}: the record lacks {note:?}");
            }
            if format == "html" {
                // Markdown rendered, never shown raw.
                assert!(!record.contains('`'), "a backtick in the HTML:\n{record}");
                assert!(
                    record.contains("Check <code>solve</code> from here"),
                    "{record}"
                );
            }
        }
    }
}

#[test]
fn debrief_percentages_are_rounded_as_people_read_them() {
    let mut args = VIENNA_ROADMAP.to_vec();
    args.push("md");
    let out = demarche(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // No percentage with two decimals anywhere.
    let two_decimals = text
        .split(" %")
        .filter_map(|before| {
            before
                .rsplit(|c: char| !(c.is_ascii_digit() || c == '.'))
                .next()
        })
        .find(|n| n.split('.').nth(1).is_some_and(|d| d.len() > 1));
    assert_eq!(two_decimals, None, "{text}");
    // Every table has a heading over every column.
    let lines: Vec<&str> = text.lines().collect();
    let mut n_tables = 0;
    for pair in lines.windows(2) {
        if pair[1].starts_with("|---|") {
            n_tables += 1;
            let cells: Vec<&str> = pair[0].trim_matches('|').split(" | ").collect();
            assert!(
                cells.iter().all(|c| !c.trim().is_empty()),
                "a column with no heading: {}",
                pair[0]
            );
        }
    }
    assert!(n_tables >= 2, "{text}");
}

#[test]
fn huge_payoffs_print_in_scientific_notation_not_three_hundred_digits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let text = std::fs::read_to_string(HARBOUR).unwrap();
    let first = text.find("payoffs: {\"east\": ").unwrap();
    let start = first + "payoffs: {\"east\": ".len();
    let end = start + text[start..].find(',').unwrap();
    let huge = format!("{}1.7e308{}", &text[..start], &text[end..]);
    std::fs::write(&path, huge).unwrap();
    let shown = path.to_string_lossy().into_owned();
    for args in [vec!["solve", &shown], vec!["tree", &shown]] {
        let out = demarche(&args);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(text.contains("e308"), "{args:?}: {text}");
        let longest = text.lines().map(str::len).max().unwrap_or(0);
        assert!(longest < 200, "{args:?}: a line of {longest} characters");
    }
}
