//! What `solve` prints: an interval of a judged move's probability 1 reads
//! "[0 %, 0 %]" (it read "[0 %, -0 %]"), `--json` names an information set
//! of one node as the `.efg` file does (it gave `name: null`), and a game
//! with thousands of outcomes lists only those play can end in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{demarche, stderr, stdout};

#[test]
fn an_interval_of_nothing_reads_zero_without_a_minus_sign() {
    let args = [
        "solve",
        "tests/data/scale/judged_certain.ron",
        "--model",
        "forecast",
        "--intervals",
    ];
    let out = demarche(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  Stalemate        0 %  [0 %, 0 %]\n"),
        "{text}"
    );
    assert!(!text.contains("-0"), "{text}");
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let out = demarche(&json_args);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let bounds = v["intervals"]["stalemate"].as_array().unwrap();
    for b in bounds {
        let b = b.as_f64().unwrap();
        assert!(b == 0.0 && b.is_sign_positive(), "{bounds:?}");
    }
    assert!(!stdout(&out).contains("-0.0"), "{}", stdout(&out));
}

#[test]
fn json_names_information_sets_of_one_node_as_the_file_does() {
    // Beer or quiche: the sender's two sets have one node each ("Strong
    // sender", "Weak sender"), the receiver's two sets two nodes each.
    let out = demarche(&["solve", "tests/data/efg/beer_quiche.efg", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut names: Vec<(String, usize)> = v["information_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("(null)").to_owned(),
                s["situations"].as_array().unwrap().len(),
            )
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ("Saw beer".to_owned(), 2),
            ("Saw quiche".to_owned(), 2),
            ("Strong sender".to_owned(), 1),
            ("Weak sender".to_owned(), 1),
        ]
    );
    // The text names them too.
    let out = demarche(&["solve", "tests/data/efg/beer_quiche.efg"]);
    let text = stdout(&out);
    assert!(
        text.contains("  Sender, information set 1 \"Strong sender\" (s1): "),
        "{text}"
    );
}

/// The lines of `text`'s list of outcome probabilities, after `heading`,
/// up to the next blank line or note.
fn outcome_lines<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect()
}

/// The outcomes `--json` gives at probability 0, and those above.
fn zero_and_above(json: &str) -> (usize, usize) {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let outcomes = v["outcomes"].as_object().unwrap();
    let zero = outcomes
        .values()
        .filter(|p| p.as_f64() == Some(0.0))
        .count();
    (zero, outcomes.len() - zero)
}

#[test]
fn a_game_with_many_outcomes_lists_those_play_can_end_in_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    // 64 leaves with payoffs up to 1000: dozens of distinct outcomes, one
    // of them reached under rational play.
    let tree = dir.path().join("tree.efg");
    let text =
        demarche_core::synthetic_efg::binary_tree(&demarche_core::synthetic_efg::EfgTreeSpec {
            depth: 6,
            payoff_range: 1000,
            seed: 5,
        });
    std::fs::write(&tree, text).unwrap();
    // A game with information sets, solved by the sequence form.
    let hidden = dir.path().join("hidden.efg");
    std::fs::write(
        &hidden,
        demarche_core::synthetic_games::imperfect_game(7, 200),
    )
    .unwrap();
    for (file, heading) in [
        (&tree, "outcome probabilities (rational play):"),
        (&hidden, "outcome probabilities:"),
    ] {
        let file = file.to_str().unwrap();
        let out = demarche(&["solve", file]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        let json = stdout(&demarche(&["solve", file, "--json"]));
        let (zero, above) = zero_and_above(&json);
        assert!(zero + above > 20 && zero > 0 && above > 0, "{zero} {above}");
        let lines = outcome_lines(&text, heading);
        // Each outcome play can end in, one line for the rest, and (for
        // backward induction) the unresolved and dead-end lines.
        let listed: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| {
                !l.contains(" other outcome")
                    && !l.contains("unresolved")
                    && !l.contains("dead end")
            })
            .collect();
        assert_eq!(listed.len(), above, "{text}");
        assert!(listed.iter().all(|l| !l.ends_with(" 0 %")), "{text}");
        let count = format!("  {zero} other outcomes");
        let line = lines
            .iter()
            .find(|l| l.starts_with(&count))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(line.ends_with(" 0 %"), "{line}");
        // The column holds the count's words: every percentage lines up.
        let column = line.len();
        assert!(listed.iter().all(|l| l.len() == column), "{text}");
    }
    // Twenty outcomes or fewer are all listed, as before.
    let out = demarche(&["solve", "scenarios/vienna-2021.ron"]);
    let text = stdout(&out);
    assert!(
        text.contains("  Deal restored                     0 %\n"),
        "{text}"
    );
    assert!(!text.contains("other outcome"), "{text}");
}
