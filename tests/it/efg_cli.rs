//! Gambit games on the command line as a user runs it: `check`, `tree`,
//! `play`, `solve` and `stats` open `.efg` files; `export` writes DOT, SVG,
//! Markdown and `.efg`; the commands that change a scenario's rules refuse
//! games with a clear message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;

use crate::common::{demarche, stderr, stdout};

#[test]
fn check_reads_games_and_prints_errors_like_for_scenarios() {
    let out = demarche(&[
        "check",
        "tests/data/efg/entry.efg",
        "tests/data/efg/hidden_pennies.efg",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "tests/data/efg/entry.efg: ok: \"Entry deterrence\", 5 situations, 4 steps, 3 ending in an outcome\n\
         tests/data/efg/hidden_pennies.efg: ok: \"Matching pennies, the first coin hidden\", 7 situations, 6 steps, 4 ending in an outcome\n\
         tests/data/efg/hidden_pennies.efg: note: Guesser's information set 1 \"guess\" (s1 at line 5, s4 at line 8) is not a singleton; backward induction needs perfect information\n"
    );
    for name in ["err_probabilities", "err_player", "err_incomplete"] {
        let file = format!("tests/data/efg/{name}.efg");
        let out = demarche(&["check", &file]);
        let expected = fs::read_to_string(format!("tests/data/efg/{name}.expected")).unwrap();
        assert_eq!(stdout(&out), expected, "{name}");
        assert_eq!(out.status.code(), Some(1), "{name}");
    }
}

#[test]
fn tree_shows_a_game() {
    let out = demarche(&["tree", "tests/data/efg/entry.efg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Entry deterrence (5 situations, 4 steps)\n\
         s0 (Entrant to move)\n\
         ├─ Entrant: Stay out [stay_out] -> s1 OUTCOME Monopoly [monopoly]: Entrant 0, Incumbent 5\n\
         └─ Entrant: Enter [enter] -> s2 (Incumbent to move)\n   \
            ├─ Incumbent: Fight [fight] -> s3 OUTCOME Price war [price_war]: Entrant -1, Incumbent -1\n   \
            └─ Incumbent: Accommodate [accommodate] -> s4 OUTCOME Shared market [shared_market]: Entrant 2, Incumbent 2\n"
    );
}

#[test]
fn play_follows_actions_and_chance_results() {
    let out = demarche(&[
        "play",
        "tests/data/efg/ultimatum.efg",
        "--moves",
        "offer_1,accept",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("outcome: Keeps 2 [keeps_2]; payoffs: Proposer 2, Responder 1\n"),
        "{}",
        stdout(&out)
    );
    let out = demarche(&[
        "play",
        "tests/data/efg/venture.efg",
        "--moves",
        "invest,market:bust",
    ]);
    assert!(
        stdout(&out).ends_with("outcome: Bust [bust]; payoffs: Investor -2, Partner 0, Chance 0\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn solve_solves_perfect_information_and_games_with_information_sets() {
    let out = demarche(&["solve", "tests/data/efg/venture.efg", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["payoffs"]["investor"], 2.5);
    assert_eq!(json["payoffs"]["partner"], 2.25);
    assert_eq!(json["path"][1]["result"], "boom");
    assert_eq!(json["end"]["outcome"], "shared");

    // With an information set, solve gives the sequence-form equilibrium
    // (tests/games.rs checks it); from inside the game it refuses.
    let out = demarche(&["solve", "tests/data/efg/hidden_pennies.efg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out)
            .contains("  Guesser, information set 1 \"guess\" (s1, s4): Heads 50 %, Tails 50 %\n"),
        "{}",
        stdout(&out)
    );
    let out = demarche(&[
        "solve",
        "tests/data/efg/hidden_pennies.efg",
        "--from",
        "heads",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot solve tests/data/efg/hidden_pennies.efg from where --from leads: the game has information sets of two or more nodes, so a situation inside it is not a subgame of its own; solve from the start for the equilibrium of the whole game\n"
    );
}

#[test]
fn stats_times_reading_a_game() {
    let out = demarche(&["stats", "tests/data/efg/coalition.efg", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["situations"], 9);
    assert_eq!(json["outcomes_reached"], 5);
    assert_eq!(json["depth"], 3);
}

#[test]
fn rule_changing_commands_refuse_games() {
    for command in ["stability", "sensitivity"] {
        let out = demarche(&[command, "tests/data/efg/entry.efg"]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert_eq!(
            stderr(&out),
            "error: tests/data/efg/entry.efg is a Gambit game (.efg); this command reads RON scenarios only; use check, tree, play, solve, stats or export\n",
            "{command}"
        );
    }
}

#[test]
fn export_writes_every_format() {
    let harbour = "tests/data/ok/harbour.ron";
    let out = demarche(&[
        "export",
        harbour,
        "--format",
        "dot",
        "--moves",
        "offer_shared_use:accepted",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("digraph \"harbour-talks\" {"));
    assert!(stdout(&out).contains("penwidth=2.5"));

    let out = demarche(&[
        "export",
        harbour,
        "--format",
        "md",
        "--moves",
        "offer_shared_use:accepted",
    ]);
    assert!(
        stdout(&out).starts_with("# Debrief: Harbour talks\n"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("Agreement"));

    let out = demarche(&["export", harbour, "--format", "svg"]);
    assert!(stdout(&out).starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(stdout(&out).matches("<rect x=").count(), 13);
    // A game's node names are in its picture, as on the map.
    let out = demarche(&[
        "export",
        "tests/data/efg/named_offer.efg",
        "--format",
        "svg",
    ]);
    assert!(
        stdout(&out).contains("<title>Buyer offers: Buyer to move</title>"),
        "{}",
        stdout(&out)
    );
    // And in its DOT graph and its .efg, where the nodes keep their names;
    // the DOT's node ids (`s1`) are Graphviz's own and never drawn.
    let out = demarche(&[
        "export",
        "tests/data/efg/named_offer.efg",
        "--format",
        "dot",
    ]);
    assert!(
        stdout(&out)
            .contains("  s1 [label=\"Seller weighs a \\\"low\\\" offer\\nSeller to move\"];\n"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("label=\"s"), "{}", stdout(&out));
    let out = demarche(&[
        "export",
        "tests/data/efg/named_offer.efg",
        "--format",
        "efg",
    ]);
    let exported = stdout(&out);
    let original = std::fs::read_to_string("tests/data/efg/named_offer.efg").unwrap();
    let node_names = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("p ") || l.starts_with("t ") || l.starts_with("c "))
            .map(|l| l.split('"').nth(1).unwrap_or_default().to_owned())
            .collect()
    };
    // The named nodes keep their names; the two unnamed ends are called
    // after their situation, as `demarche tree` calls them.
    let expected: Vec<String> = node_names(&original)
        .into_iter()
        .enumerate()
        .map(|(k, name)| {
            if name.is_empty() {
                format!("s{k}")
            } else {
                name
            }
        })
        .collect();
    assert_eq!(node_names(&exported), expected, "{exported}");

    let out = demarche(&["export", "tests/data/efg/entry.efg", "--format", "efg"]);
    assert_eq!(
        stdout(&out),
        "EFG 2 R \"Entry deterrence\" { \"Entrant\" \"Incumbent\" }\n\
         \"The chain-store stage game: the entrant stays out or enters; the incumbent fights a price war or accommodates.\"\n\
         \n\
         p \"s0\" 1 1 \"\" { \"Stay out\" \"Enter\" } 0\n\
         t \"s1\" 1 \"Monopoly\" { 0 5 }\n\
         p \"s2\" 2 1 \"\" { \"Fight\" \"Accommodate\" } 0\n\
         t \"s3\" 2 \"Price war\" { -1 -1 }\n\
         t \"s4\" 3 \"Shared market\" { 2 2 }\n"
    );

    let out = demarche(&[
        "export",
        "tests/data/efg/entry.efg",
        "--format",
        "efg",
        "--moves",
        "enter",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--moves and --results do not apply to efg"));
}

#[test]
fn exported_games_open_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("harbour.efg");
    let file = file.to_str().unwrap();
    let out = demarche(&[
        "export",
        "tests/data/ok/harbour.ron",
        "--format",
        "efg",
        "--output",
        file,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let solved_ron = demarche(&["solve", "tests/data/ok/harbour.ron", "--json"]);
    let solved_efg = demarche(&["solve", file, "--json"]);
    let ron: serde_json::Value = serde_json::from_str(&stdout(&solved_ron)).unwrap();
    let efg: serde_json::Value = serde_json::from_str(&stdout(&solved_efg)).unwrap();
    assert_eq!(ron["payoffs"]["east"], efg["payoffs"]["east"]);
    assert_eq!(ron["payoffs"]["west"], efg["payoffs"]["west"]);
    let out = demarche(&["check", file]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// A centipede-like game `depth` moves deep: at each node the mover stops
/// (an outcome) or goes on; the last "go" ends in "end".
fn deep_game(depth: usize) -> String {
    let mut text = String::from("EFG 2 R \"Deep\" { \"A\" \"B\" }\n\n");
    for i in 0..depth {
        let player = 1 + i % 2;
        let k = i % 50;
        text.push_str(&format!(
            "p \"\" {player} {} \"\" {{ \"stop\" \"go\" }} 0\nt \"\" {} \"stop {k}\" {{ {k} {} }}\n",
            i / 2 + 1,
            k + 1,
            50 - k
        ));
    }
    text.push_str("t \"\" 51 \"end\" { 7 7 }\n");
    text
}

#[test]
fn tree_prints_a_game_deeper_than_the_stack_would_allow_recursion() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.efg");
    fs::write(&path, deep_game(1500)).unwrap();
    let file = path.display().to_string();
    // On a small stack, as a deep game would find the main thread's.
    let printed = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            use clap::Parser;
            let cli = demarche::cli::Cli::try_parse_from(["demarche", "tree", &file]).unwrap();
            let mut out = Vec::new();
            demarche::cli::run(cli, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        })
        .unwrap()
        .join()
        .unwrap();
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines[0], "Deep (3001 situations, 3000 steps)");
    // The root, then two lines per node: stop, then go; and the note where
    // indentation stops growing.
    assert_eq!(lines.len(), 2 + 2 * 1500 + 1);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.trim_start().starts_with("(more than 50 moves deep"))
            .count(),
        1
    );
    assert_eq!(
        lines[2].trim_start(),
        "├─ A: stop [stop] -> s1 OUTCOME stop 0 [stop_0]: A 0, B 50"
    );
    assert_eq!(
        lines.last().unwrap().trim_start(),
        "└─ B: go [go_b] -> s3000 OUTCOME end [end]: A 7, B 7"
    );
}
