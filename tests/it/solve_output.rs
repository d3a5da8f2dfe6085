//! Two small things `solve` printed wrong: an interval of a judged move's
//! probability 1 read "[0 %, -0 %]", and `--json` gave `name: null` for an
//! information set of one node that has a name in the `.efg` file.

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
