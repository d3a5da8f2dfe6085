//! The analysis subcommands as a user runs them: `solve`, `stability` and
//! `sensitivity`, their text, their JSON and their errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::common::demarche;

#[track_caller]
fn success(args: &[&str]) -> String {
    let out = demarche(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[track_caller]
fn failure(args: &[&str]) -> String {
    let out = demarche(args);
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stderr).unwrap()
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&success(args)).unwrap()
}

const CHANCE: &str = "tests/data/analysis/chance.ron";
const CYCLE: &str = "tests/data/analysis/cycle.ron";
const FREE_TURN: &str = "tests/data/analysis/free_turn.ron";
const DILEMMA: &str = "tests/data/analysis/prisoners_dilemma.ron";

#[test]
fn solve_prints_the_path_payoffs_and_probabilities() {
    assert_eq!(
        success(&["solve", CHANCE]),
        "\
Safe or gamble
from: the start

rational path:
  1. A: Play safe [safe]
  ends in: Safe [safe_end]; this exact path has probability 100 %
  1 pure subgame-perfect equilibrium

expected payoffs (rational play):
  A  3
  B  0

outcome probabilities (rational play):
  Safe           100 %
  Won              0 %
  Punished         0 %
  Forgiven         0 %
  unresolved       0 %
  dead end         0 %
"
    );
}

#[test]
fn solve_from_a_path_with_the_uniform_model_and_a_cycle() {
    assert_eq!(
        success(&["solve", CYCLE, "--model", "uniform"]),
        "\
Try again
from: the start

expected payoffs (every available move equally likely):
  A  6.5625

outcome probabilities (every available move equally likely):
  Done         32.81 %
  Quit         65.63 %
  unresolved    1.56 %
  dead end         0 %
note: the horizon cuts paths in cycles after 3 moves; under this model 1.56 % of the probability is cut there (counted as unresolved)

for comparison, the rational path:
  1. A: Try [try] -> succeed [succeed], 50 %
  ends in: Done [done]; this exact path has probability 50 %
"
    );
    let text = success(&["solve", CHANCE, "--from", "gamble:lose"]);
    assert!(text.starts_with(
        "Safe or gamble\nfrom: after a gamble -> lose\n\nrational path:\n  1. B: Punish [punish]\n"
    ));
    // --results works as in `play`.
    assert_eq!(
        text,
        success(&["solve", CHANCE, "--from", "gamble", "--results", "lose"])
    );
}

#[test]
fn solve_json_has_stable_fields() {
    assert_eq!(
        json_of(&["solve", FREE_TURN, "--json"]),
        json!({
            "scenario": "free-turn",
            "from": [],
            "model": "rational",
            "horizon": 30,
            "path": [{
                "actor": "a", "move": "a_go", "result": null, "probability": 0.5,
                "tied": [], "other_movers": ["b"]
            }],
            "end": {"kind": "outcome", "outcome": "a_wins"},
            "path_probability": 0.5,
            "best_moves": [
                {"actor": "a", "moves": ["a_go"]},
                {"actor": "b", "moves": ["b_go"]}
            ],
            "payoffs": {"a": 2.0, "b": 1.0},
            "outcomes": {"a_wins": 0.5, "b_wins": 0.5, "shared": 0.0},
            "unresolved": 0.0,
            "beyond_horizon": 0.0,
            "dead_end": 0.0,
            "equilibria_count": 1,
            "equilibria_complete": true
        })
    );
    let uniform = json_of(&[
        "solve",
        CYCLE,
        "--model",
        "uniform",
        "--horizon",
        "1",
        "--json",
    ]);
    assert_eq!(uniform["model"], "uniform");
    assert_eq!(uniform["horizon"], 1);
    // One move: quit 1/2, done 1/4, the rest cut.
    assert_eq!(uniform["outcomes"], json!({"done": 0.25, "quit": 0.5}));
    assert_eq!(uniform["unresolved"], 0.25);
    assert_eq!(uniform["beyond_horizon"], 0.25);
}

#[test]
fn solve_under_the_forecast_with_intervals() {
    // tests/data/analysis/judged.ron works the numbers out by hand.
    assert_eq!(
        success(&[
            "solve",
            "tests/data/analysis/judged.ron",
            "--model",
            "forecast",
            "--intervals"
        ]),
        "\
Talk, threaten or wait
from: the start

expected payoffs (the author's judged likelihoods):
  A  1.755
  B  1.605

outcome probabilities (the author's judged likelihoods), with intervals:
  Deal            49 %  [30.25 %, 64 %]
  Stalemate       36 %  [11 %, 69.75 %]
  Concession     7.5 %  [0 %, 26.67 %]
  War            7.5 %  [0 %, 26.67 %]
  unresolved       0 %
  dead end         0 %
note: intervals: each likelihood word ranges over its ICD 203 range, numbers are points; a move met in several situations varies independently in each, so these are outer bounds; an unjudged move beside judged ones takes anything from 0 to all the judgements leave

for comparison, the rational path:
  1. A: Threaten [threaten]
  2. B: Concede [concede]
  ends in: Concession [concession]; this exact path has probability 100 %
"
    );
    let v = json_of(&[
        "solve",
        "tests/data/analysis/judged.ron",
        "--model",
        "forecast",
        "--intervals",
        "--json",
    ]);
    assert_eq!(v["model"], "forecast");
    assert_eq!(v.get("lambda"), None);
    let deal: Vec<f64> = v["intervals"]["deal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!((deal[0] - 0.3025).abs() < 1e-12 && (deal[1] - 0.64).abs() < 1e-12);
    assert!(
        v["intervals_note"]
            .as_str()
            .unwrap()
            .contains("outer bounds")
    );
}

#[test]
fn solve_under_quantal_response() {
    let v = json_of(&["solve", FREE_TURN, "--model", "qre", "--json"]);
    assert_eq!(v["model"], "qre");
    assert_eq!(v["lambda"], 1.0);
    assert_eq!(v.get("intervals"), None);
    // Weights 1, 1 and e^-1 (B's second move is worth 1 less to B).
    let total = 2.0 + (-1.0f64).exp();
    let shared = v["outcomes"]["shared"].as_f64().unwrap();
    assert!((shared - (-1.0f64).exp() / total).abs() < 1e-12);
    let v = json_of(&[
        "solve", FREE_TURN, "--model", "qre", "--lambda", "inf", "--json",
    ]);
    assert_eq!(v["lambda"], "inf");
    assert_eq!(
        v["outcomes"],
        json!({"a_wins": 0.5, "b_wins": 0.5, "shared": 0.0})
    );
    let text = success(&[
        "solve",
        CHANCE,
        "--model",
        "qre",
        "--lambda",
        "0",
        "--intervals",
    ]);
    assert!(text.contains("expected payoffs (quantal response, lambda 0):\n"));
    assert!(text.contains("the actors' choices are held at their point values"));
    assert_eq!(
        failure(&["solve", CHANCE, "--model", "uniform", "--lambda", "2"]),
        "error: --lambda applies to --model qre only\n"
    );
    assert_eq!(
        failure(&["solve", CHANCE, "--model", "qre", "--lambda=-1"]),
        "error: --lambda -1 is not allowed: write 0 (uniform play) or more, or inf\n"
    );
}

#[test]
fn solve_explains_a_bad_path() {
    assert_eq!(
        failure(&["solve", CHANCE, "--from", "gamble"]),
        "error: the last move of --from, \"gamble\", has chance results; pick one as gamble:RESULT, one of \"win\", \"lose\"\n"
    );
    assert_eq!(
        failure(&["solve", CHANCE, "--from", "gambel"]),
        "error: step 1: unknown move \"gambel\" (did you mean \"gamble\"?); the moves available here are \"safe\", \"gamble\"\n"
    );
}

#[test]
fn stability_prints_the_table_and_the_equilibria() {
    assert_eq!(
        success(&["stability", DILEMMA]),
        "\
Prisoner's dilemma
4 states, 2 actors; preferences: Prisoner A by payoffs, Prisoner B by payoffs

state  Prisoner A  Prisoner B  the state
    1  . G S Q     . G S Q     a_defects = no, b_defects = no (Both cooperate) [status quo]
    2  R G S Q     . . . .     a_defects = yes, b_defects = no (A defects alone)
    3  . . . .     R G S Q     a_defects = no, b_defects = yes (B defects alone)
    4  R G S Q     R G S Q     a_defects = yes, b_defects = yes (Both defect)
(R: Nash, G: GMR, S: SMR, Q: SEQ; \".\": not stable for that actor)

equilibria (stable for every actor):
  Nash stability (R)                4
  general metarationality (GMR)     1, 4
  symmetric metarationality (SMR)   1, 4
  sequential stability (SEQ)        1, 4

from the status quo (state 1) by unilateral improvements, no actor twice in a row:
  1: the status quo itself
  4: 2 steps: Prisoner A moves to 2, then Prisoner B moves to 4
"
    );
}

#[test]
fn stability_json_has_stable_fields() {
    let v = json_of(&["stability", DILEMMA, "--json"]);
    assert_eq!(v["scenario"], "prisoners-dilemma");
    assert_eq!(v["preferences"], json!({"a": "payoffs", "b": "payoffs"}));
    assert_eq!(v["turns_ignored"], false);
    assert_eq!(v["chance_moves"], 0);
    assert_eq!(
        v["equilibria"],
        json!({"nash": [4], "gmr": [1, 4], "smr": [1, 4], "seq": [1, 4]})
    );
    assert_eq!(v["status_quo"], 1);
    assert_eq!(
        v["from_status_quo"],
        json!({"1": [], "4": [["a", 2], ["b", 4]]})
    );
    assert_eq!(
        v["states"][1],
        json!({
            "id": 2,
            "values": {"a_defects": "true", "b_defects": "false"},
            "outcome": "a_exploits",
            "situation": null,
            "preference": {"a": 4.0, "b": 1.0},
            "stable": {
                "a": {"nash": true, "gmr": true, "smr": true, "seq": true},
                "b": {"nash": false, "gmr": false, "smr": false, "seq": false}
            }
        })
    );
}

#[test]
fn stability_without_preferences_fails_with_a_hint() {
    assert_eq!(
        failure(&["stability", CHANCE]),
        "error: actor \"a\" has no preference over the situation stage = start: it meets no outcome, so there is no payoff to rank it by; add `priorities` for \"a\" (conditions it wants to hold, most important first) or an outcome that covers this situation\n"
    );
}

#[test]
fn sensitivity_sweeps_one_parameter() {
    assert_eq!(
        success(&[
            "sensitivity",
            CHANCE,
            "--param",
            "payoff:safe_end:a",
            "--range",
            "-5..5",
            "--points",
            "11"
        ]),
        "\
Safe or gamble
sweep of A's payoff for Safe [payoff:safe_end:a] from -5 to 5 (11 points); in the scenario: 3

at -5:
  rational path: A: Gamble (lose); B: Punish -> Punished
  expected payoffs: A 1, B 1.75

threshold at 1: the rational path changes
  below: A: Gamble (lose); B: Punish -> Punished
  above: A: Play safe -> Safe
  expected payoffs above: A 1, B 0

at 5:
  rational path: A: Play safe -> Safe
  expected payoffs: A 5, B 0

note: equilibria not followed: actor \"a\" has no preference over the situation stage = start: it meets no outcome, so there is no payoff to rank it by; add `priorities` for \"a\" (conditions it wants to hold, most important first) or an outcome that covers this situation
"
    );
    let v = json_of(&[
        "sensitivity",
        CHANCE,
        "--param",
        "probability:gamble:win",
        "--points",
        "5",
        "--json",
    ]);
    assert_eq!(v["parameter"], "probability:gamble:win");
    assert_eq!(v["base"], 0.25);
    assert_eq!(v["range"], json!([0.0, 1.0]));
    assert_eq!(v["points"].as_array().unwrap().len(), 5);
    assert_eq!(
        v["points"][0]["end"],
        json!({"kind": "outcome", "outcome": "safe_end"})
    );
    assert_eq!(v["points"][0]["equilibria"], Value::Null);
    let thresholds = v["thresholds"].as_array().unwrap();
    assert_eq!(thresholds.len(), 2);
    assert_eq!(thresholds[0]["change"], "path");
    assert_eq!(
        (
            thresholds[0]["below"].clone(),
            thresholds[0]["above"].clone()
        ),
        (json!(1), json!(2))
    );
    assert!((thresholds[0]["value"].as_f64().unwrap() - 5.0 / 12.0).abs() < 1e-8);
    assert_eq!(
        v["stability_note"],
        "equilibria do not depend on probabilities"
    );
}

#[test]
fn sensitivity_follows_equilibria_in_json() {
    let v = json_of(&[
        "sensitivity",
        DILEMMA,
        "--param",
        "payoff:cooperation:a",
        "--range",
        "0..5",
        "--points",
        "6",
        "--json",
    ]);
    assert_eq!(
        v["points"][0]["equilibria"],
        json!({"nash": [3], "gmr": [3], "smr": [3], "seq": [3]})
    );
    let changes: Vec<&str> = v["thresholds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        changes,
        ["equilibria:gmr", "equilibria:smr", "equilibria:seq"]
    );
}

#[test]
fn sensitivity_without_a_parameter_is_a_tornado() {
    assert_eq!(
        success(&["sensitivity", CHANCE]),
        "\
Safe or gamble
one-way tornado: each parameter alone at the low and high end of its range; payoffs are expected payoffs at the start under rational play
ranges: payoffs +/- 1; probabilities across their likelihood word's ICD 203 range, or +/- 0.1
base expected payoffs: A 3, B 0

 1. A's payoff for Safe      2 .. 4         swing 2        A 2 .. 4                  [payoff:safe_end:a]
 2. B's payoff for Safe      -1 .. 1        swing 2        B -1 .. 1                 [payoff:safe_end:b]
 3. A's payoff for Won       9 .. 11        swing 0                                  [payoff:won:a]
 4. B's payoff for Won       0 .. 2         swing 0                                  [payoff:won:b]
 5. A's payoff for Punished  -3 .. -1       swing 0                                  [payoff:punished:a]
 6. B's payoff for Punished  1 .. 3         swing 0                                  [payoff:punished:b]
 7. A's payoff for Forgiven  0 .. 2         swing 0                                  [payoff:forgiven:a]
 8. B's payoff for Forgiven  0 .. 2         swing 0                                  [payoff:forgiven:b]
 9. Chance of win (Gamble)   0.15 .. 0.35   swing 0                                  [probability:gamble:win]
10. Chance of lose (Gamble)  0.65 .. 0.85   swing 0                                  [probability:gamble:lose]
"
    );
    let v = json_of(&["sensitivity", CHANCE, "--json"]);
    assert_eq!(v["base_payoffs"], json!({"a": 3.0, "b": 0.0}));
    assert_eq!(
        v["bars"][0],
        json!({
            "parameter": "payoff:safe_end:a", "base": 3.0, "low": 2.0, "high": 4.0,
            "payoffs_low": {"a": 2.0, "b": 0.0}, "payoffs_high": {"a": 4.0, "b": 0.0},
            "swing": 2.0, "path_changes": false
        })
    );
}

#[test]
fn sensitivity_explains_bad_arguments() {
    assert_eq!(
        failure(&["sensitivity", CHANCE, "--param", "payoff:safe:a"]),
        "error: parameter \"payoff:safe:a\": unknown outcome \"safe\"; expected one of \"safe_end\", \"won\", \"punished\", \"forgiven\"\n"
    );
    assert_eq!(
        failure(&[
            "sensitivity",
            CHANCE,
            "--param",
            "probability:gamble:win",
            "--range",
            "0.5..2"
        ]),
        "error: range 0.5..2 is not valid for probability:gamble:win: a probability stays within 0..1\n"
    );
    assert_eq!(
        failure(&["sensitivity", CHANCE, "--range", "0..1"]),
        "error: --range needs --param: it sets the range of the one parameter swept\n"
    );
    assert_eq!(
        failure(&[
            "sensitivity",
            CHANCE,
            "--param",
            "payoff:won:a",
            "--range",
            "1-2"
        ]),
        "error: range \"1-2\" is not of the form LOW..HIGH, e.g. 0.2..0.8\n"
    );
}

#[test]
fn vienna_solves_to_the_long_slog() {
    let v = json_of(&["solve", "scenarios/vienna-2021.ron", "--json"]);
    let moves: Vec<String> = v["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["actor"].as_str().unwrap(),
                s["move"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            "iran table_new_demands",
            "us relief_for_compliance",
            "e3 table_synchronised_roadmap",
            "khamenei hold_out_for_more",
            "e3 table_synchronised_roadmap",
            "khamenei hold_out_for_more",
        ]
    );
    assert_eq!(v["end"], json!({"kind": "outcome", "outcome": "long_slog"}));
    assert_eq!(v["outcomes"]["long_slog"], 1.0);
}

const ELMIRA: &str = "tests/data/ok/elmira-options.ron";

#[test]
fn check_counts_the_states_and_moves_of_a_conflict_in_option_form() {
    assert_eq!(
        success(&["check", ELMIRA]),
        "tests/data/ok/elmira-options.ron: ok: \"The Elmira groundwater conflict (option form)\", a conflict in option form: 12 feasible states of 32 combinations, 30 moves\n"
    );
}

#[test]
fn stability_of_a_conflict_in_option_form_names_the_options_taken() {
    let text = success(&["stability", ELMIRA]);
    assert!(text.contains(
        "12 states, 3 actors; preferences: Ministry of the Environment by ranking, Uniroyal by ranking, Local governments by ranking\n"
    ));
    assert!(text.contains(
        "    1  R G S Q M                    R G S Q M  . G S . .          Options taken: Delay the appeal [status quo]\n"
    ));
    // Numbered as GMCR+ numbers them: feasible states in increasing order
    // of their decimal code, from 1 (Delay + Insist is code 2 + 16 = 18,
    // the seventh feasible state).
    assert!(text.contains("  Nash stability (R)                5, 6, 7, 10, 11, 12\n"));
    assert!(text.contains("  simultaneous stability (SIM)      5, 6, 7, 10, 11, 12\n"));
    assert!(text.contains("(R: Nash, G: GMR, S: SMR, Q: SEQ, M: SIM;"));
    assert!(text.contains("    7  R G S Q M                    R G S Q M  R G S Q M          Options taken: Delay the appeal, Insist on the original order\n"));
    assert!(text.contains("  7: 1 step: Local governments moves to 7\n"));
    assert!(text.contains("  10: not reached\n"));
    let v = json_of(&["stability", ELMIRA, "--json"]);
    assert_eq!(v["status_quo"], 1);
    assert_eq!(v["from_status_quo"]["7"], json!([["lg", 7]]));
    assert_eq!(v["from_status_quo"]["10"], Value::Null);
    assert_eq!(v["preferences"]["ur"], "ranking");
    assert_eq!(v["states"][1]["stable"]["lg"]["sim"], true);
    assert_eq!(v["states"][1]["stable"]["ur"]["sim"], false);
}

#[test]
fn solve_and_sensitivity_point_a_conflict_in_option_form_to_stability() {
    for command in ["solve", "sensitivity"] {
        assert_eq!(
            failure(&[command, ELMIRA]),
            format!(
                "error: tests/data/ok/elmira-options.ron is a conflict in option form: decision makers move freely, with no turns or outcomes for `{command}` to play to; `demarche stability tests/data/ok/elmira-options.ron` analyses it\n"
            )
        );
    }
}
