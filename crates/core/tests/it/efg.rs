//! Gambit games (`.efg`): five textbook games written as fixtures, each
//! solved by hand here and checked against `solve`; bad files give their
//! exact messages; a game with a non-trivial information set opens, can be
//! explored, and is refused by backward induction by name; and export then
//! import gives the same game, for every fixture and for the shipped
//! scenario and `tests/data/ok/harbour.ron`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use demarche_core::analysis::{PathEnd, solve};
use demarche_core::engine::{SituationGraph, SituationId, Status, expand};
use demarche_core::io::{
    EfgError, Expanded, GameFile, LoadError, load_file, open_scenario, read_efg, scenario_to_efg,
};
use demarche_core::model::Scenario;
use demarche_core::session::{Action, Session};

const FIXTURES: [&str; 5] = ["centipede", "entry", "ultimatum", "venture", "coalition"];

fn open(name: &str) -> (Expanded, SituationGraph) {
    let path = format!("../../tests/data/efg/{name}.efg");
    let opened = open_scenario(Path::new(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let graph = opened
        .game_graph()
        .expect("a game comes with its graph")
        .clone();
    (opened.expand(), graph)
}

/// What an opened game file adds to its scenario, for an export.
fn game_file(opened: &Expanded) -> GameFile<'_> {
    GameFile {
        information_sets: &opened.information_sets,
        names: Some(&opened.names),
    }
}

/// What rational play does from the start, in ids and numbers.
#[derive(Debug, PartialEq)]
struct Solved {
    /// `actor move` or `actor move:result` per step.
    path: Vec<String>,
    /// The tied moves of each step, by id.
    tied: Vec<Vec<String>>,
    /// The outcome's label at the end.
    end: String,
    payoffs: Vec<f64>,
    probability: f64,
}

fn solved(scenario: &Scenario, graph: &SituationGraph) -> Solved {
    let solution = solve(scenario, graph);
    let path = solution.path(graph);
    let end = match path.end {
        PathEnd::Outcome(o) => scenario.outcome(o).label.clone(),
        other => format!("{other:?}"),
    };
    Solved {
        path: path
            .steps
            .iter()
            .map(|s| {
                let m = scenario.move_(s.move_);
                let actor = &scenario.actor(s.actor).id;
                match s.result.and_then(|r| m.results.get(r.index())) {
                    Some(r) => format!("{actor} {}:{}", m.id, r.id),
                    None => format!("{actor} {}", m.id),
                }
            })
            .collect(),
        tied: path
            .steps
            .iter()
            .map(|s| {
                s.tied
                    .iter()
                    .map(|t| scenario.move_(*t).id.clone())
                    .collect()
            })
            .collect(),
        end,
        payoffs: solution.root_payoffs(),
        probability: path.probability(),
    }
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
}

#[test]
fn centipede_ends_at_once() {
    // Four stages; the mover takes (ending the game) or passes.
    //   stage 1, player 1: take (1, 0)
    //   stage 2, player 2: take (0, 2)
    //   stage 3, player 1: take (3, 1)
    //   stage 4, player 2: take (2, 4), pass (5, 3)
    // Backward: at 4, player 2 takes (4 > 3): (2, 4). At 3, player 1 takes
    // (3 > 2): (3, 1). At 2, player 2 takes (2 > 1): (0, 2). At 1, player 1
    // takes (1 > 0): (1, 0). The subgame-perfect equilibrium takes at every
    // stage, and play ends at once with (1, 0).
    let (opened, graph) = open("centipede");
    let s = solved(&opened.scenario, &graph);
    assert_eq!(s.path, ["player_1 take"]);
    assert_eq!(s.tied, [Vec::<String>::new()]);
    assert_eq!(s.end, "1 takes at stage 1");
    assert!(close(&s.payoffs, &[1.0, 0.0]), "{:?}", s.payoffs);
    // Every decision node takes, not only the first.
    let solution = solve(&opened.scenario, &graph);
    for id in graph.situations() {
        if graph.status(id) == Status::Open {
            let choice = &solution.choices(id)[0];
            assert!(
                opened
                    .scenario
                    .move_(choice.moves[0])
                    .id
                    .starts_with("take")
            );
        }
    }
    // Player 2's "Take" is its own move, told apart by the player's id.
    assert!(opened.scenario.move_by_id("take_player_2").is_some());
}

#[test]
fn entry_is_accommodated() {
    // Entrant: stay out (0, 5) or enter; then incumbent: fight (-1, -1) or
    // accommodate (2, 2). The incumbent accommodates (2 > -1), so entering
    // is worth 2 > 0 to the entrant. The threat to fight is not credible:
    // (stay out, fight) is a Nash equilibrium but not subgame perfect.
    let (opened, graph) = open("entry");
    let s = solved(&opened.scenario, &graph);
    assert_eq!(s.path, ["entrant enter", "incumbent accommodate"]);
    assert_eq!(s.end, "Shared market");
    assert!(close(&s.payoffs, &[2.0, 2.0]));
    assert!((s.probability - 1.0).abs() < 1e-12);
}

#[test]
fn ultimatum_offers_nothing_and_is_accepted() {
    // The proposer offers k of 3 coins, k = 0..3; the responder accepts
    // (3 - k, k) or rejects (0, 0). For k >= 1 accepting is strictly better
    // (k > 0). At k = 0 the responder is indifferent: both moves are best
    // and listed, and rational play takes the first in file order,
    // "Accept". So offering 0 is worth 3 to the proposer, more than
    // 2, 1 or 0: the equilibrium is (offer 0, accept), payoffs (3, 0).
    // (The other subgame-perfect equilibrium, rejecting 0 and so offering
    // 1, shows as the tie.)
    let (opened, graph) = open("ultimatum");
    let s = solved(&opened.scenario, &graph);
    assert_eq!(s.path, ["proposer offer_0", "responder accept"]);
    assert_eq!(s.tied, [vec![], vec!["reject".to_owned()]]);
    assert_eq!(s.end, "Keeps 3");
    assert!(close(&s.payoffs, &[3.0, 0.0]));
    // The rejection outcome is declared once and reused four times.
    let rejected = opened.scenario.outcome_by_id("rejected").unwrap();
    let n = graph
        .situations()
        .filter(|id| graph.status(*id) == Status::Outcome(rejected))
        .count();
    assert_eq!(n, 4);
}

#[test]
fn venture_takes_the_expectation_at_the_chance_node() {
    // The investor invests or keeps cash (1, 1). Investing costs 1, an
    // outcome at the chance node added to every payoff below it. Chance:
    // boom 3/4, bust 1/4 (-1 - 1, 0) = (-2, 0). After a boom the partner
    // shares (5 - 1, 3) = (4, 3) or grabs (2 - 1, 2) = (1, 2), and shares
    // (3 > 2). Investing is worth 3/4 (4, 3) + 1/4 (-2, 0) = (2.5, 2.25),
    // more than 1 to the investor. The path follows the likelier result,
    // the boom, with probability 3/4.
    let (opened, graph) = open("venture");
    let s = solved(&opened.scenario, &graph);
    assert_eq!(
        s.path,
        ["investor invest", "chance market:boom", "partner share"]
    );
    assert_eq!(s.end, "Shared");
    assert!(close(&s.payoffs, &[2.5, 2.25, 0.0]), "{:?}", s.payoffs);
    assert!((s.probability - 0.75).abs() < 1e-12);
    let scenario = &opened.scenario;
    let shared = scenario.outcome_by_id("shared").unwrap();
    assert_eq!(scenario.outcome(shared).payoffs, [4.0, 3.0, 0.0]);
    let probabilities = solve(scenario, &graph).outcome_probabilities(&graph);
    assert!((probabilities.by_outcome[shared.index()] - 0.75).abs() < 1e-12);
    let bust = scenario.outcome_by_id("bust").unwrap();
    assert!((probabilities.by_outcome[bust.index()] - 0.25).abs() < 1e-12);
    assert_eq!(scenario.actors.last().unwrap().id, "chance");
}

#[test]
fn coalition_of_three_is_formed() {
    // Alice proposes or passes (1, 1, 1). Bob supports or opposes. After
    // support Carol joins (3, 2, 2) or vetoes (0, 1, 1): joins (2 > 1).
    // After opposition Carol mediates (2, 1, 3) or walks out (0, 3, 2):
    // mediates (3 > 2). Bob compares support (2) with opposition (1) and
    // supports; Alice compares proposing (3) with passing (1) and proposes.
    let (opened, graph) = open("coalition");
    let s = solved(&opened.scenario, &graph);
    assert_eq!(s.path, ["alice propose", "bob support", "carol join"]);
    assert_eq!(s.end, "Coalition");
    assert!(close(&s.payoffs, &[3.0, 2.0, 2.0]));
    let solution = solve(&opened.scenario, &graph);
    // Off the path: after opposition Carol mediates.
    let after_oppose = graph
        .situations()
        .find(|id| {
            graph
                .steps_into(*id)
                .iter()
                .any(|s| opened.scenario.move_(graph.step(*s).move_).id == "oppose")
        })
        .unwrap();
    let choice = &solution.choices(after_oppose)[0];
    assert_eq!(opened.scenario.move_(choice.moves[0]).id, "mediate");
}

#[test]
fn bad_files_give_their_exact_messages() {
    for name in ["err_probabilities", "err_player", "err_incomplete"] {
        let path = format!("../../tests/data/efg/{name}.efg");
        let expected = fs::read_to_string(format!("../../tests/data/efg/{name}.expected")).unwrap();
        match open_scenario(Path::new(&path)) {
            Err(LoadError::Invalid(d)) => {
                assert_eq!(
                    crate::as_from_the_top(&format!("{d}\n")),
                    expected,
                    "{name}"
                )
            }
            Err(e) => panic!("{name}: {e}"),
            Ok(_) => panic!("{name} should not open"),
        }
    }
    assert!(matches!(
        open_scenario(Path::new("../../tests/data/efg/missing.efg")),
        Err(LoadError::Read { .. })
    ));
}

#[test]
fn ron_scenarios_open_through_the_same_door() {
    let opened = open_scenario(Path::new("../../tests/data/ok/harbour.ron")).unwrap();
    assert!(!opened.is_game() && opened.notes.is_empty());
    let scenario = load_file(Path::new("../../tests/data/ok/harbour.ron")).unwrap();
    assert!(opened.expand().graph.same_as(&expand(&scenario)));
}

#[test]
fn hidden_information_is_explored_but_not_solved() {
    // The guesser cannot see the coin: its two nodes are one information
    // set, which backward induction cannot model.
    let (opened, graph) = open("hidden_pennies");
    assert_eq!(
        opened.notes,
        [
            "Guesser's information set 1 \"guess\" (s1 at line 5, s4 at line 8) is not a singleton; backward induction needs perfect information"
        ]
    );
    let set = &opened.information_sets[0];
    assert_eq!(set.situations, [SituationId(1), SituationId(4)]);
    assert_eq!(opened.information_sets_from(graph.start()).len(), 1);
    // From one of its nodes the set is still met; from a leaf it is not.
    assert_eq!(opened.information_sets_from(SituationId(1)).len(), 1);
    assert_eq!(opened.information_sets_from(SituationId(2)).len(), 0);

    // The game can be played.
    let scenario = Arc::new(opened.scenario.clone());
    let mut session = Session::with_graph(Arc::clone(&scenario), graph.clone());
    for id in ["heads", "tails_guesser"] {
        let move_ = scenario
            .move_by_id(id)
            .unwrap_or_else(|| panic!("no move {id}"));
        session
            .apply(Action::Take {
                move_,
                result: None,
            })
            .unwrap();
    }
    match session.graph().status(session.current()) {
        Status::Outcome(o) => assert_eq!(scenario.outcome(o).label, "Mismatch"),
        other => panic!("{other:?}"),
    }

    // Written out, both nodes keep one information set.
    let text = scenario_to_efg(&opened.scenario, &graph, game_file(&opened)).unwrap();
    assert_eq!(text.matches("p \"s1\" 2 1 \"guess\"").count(), 1);
    assert_eq!(text.matches("p \"s4\" 2 1 \"guess\"").count(), 1);
    let again = read_efg(&text, "again.efg").unwrap();
    assert_eq!(again.information_sets(), opened.information_sets);
}

/// The game as text: each node in preorder with whose turn it is, its
/// actions (labels and probabilities) or its payoffs to the players.
fn dump(scenario: &Scenario, graph: &SituationGraph) -> String {
    let players: Vec<usize> = (0..scenario.actors.len())
        .filter(|a| scenario.actors[*a].id != "chance")
        .collect();
    let mut out = String::new();
    let names: Vec<&str> = players
        .iter()
        .map(|a| scenario.actors[*a].name.as_str())
        .collect();
    let _ = writeln!(out, "{} {:?}", scenario.title, names);
    let mut stack = vec![(graph.start(), 0usize)];
    while let Some((id, depth)) = stack.pop() {
        let indent = "  ".repeat(depth);
        match graph.status(id) {
            Status::Open => {
                let mut actions = Vec::new();
                for s in graph.steps(id) {
                    let step = graph.step(s);
                    let m = scenario.move_(step.move_);
                    match step.result.and_then(|r| m.results.get(r.index())) {
                        Some(r) => actions.push(format!("{} {}", r.label, r.probability)),
                        None => actions.push(m.label.clone()),
                    }
                }
                let who = &scenario
                    .actor(graph.step(graph.steps(id).next().unwrap()).actor)
                    .name;
                let _ = writeln!(out, "{indent}{who}: {}", actions.join(" | "));
                let children: Vec<SituationId> = graph.steps(id).map(|s| graph.target(s)).collect();
                stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
            }
            Status::Outcome(o) => {
                let outcome = scenario.outcome(o);
                let payoffs: Vec<f64> = players.iter().map(|a| outcome.payoffs[*a]).collect();
                let _ = writeln!(out, "{indent}{} {payoffs:?}", outcome.label);
            }
            other => {
                let _ = writeln!(out, "{indent}{other:?} {:?}", vec![0.0; players.len()]);
            }
        }
    }
    out
}

/// `.efg` text with every node's name left empty: names say which
/// situation a node came from, which differs between a graph and its tree.
fn without_node_names(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut parts = line.splitn(2, ' ');
            match (parts.next(), parts.next()) {
                (Some(kind @ ("p" | "c" | "t")), Some(rest)) if rest.starts_with('"') => {
                    let close = rest[1..].find('"').map_or(0, |i| i + 2);
                    format!("{kind} \"\"{}", &rest[close..])
                }
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_fixture_survives_export_then_import() {
    for name in FIXTURES.iter().chain(&["hidden_pennies"]) {
        let (opened, graph) = open(name);
        let text = scenario_to_efg(&opened.scenario, &graph, game_file(&opened)).unwrap();
        let again = read_efg(&text, &format!("{name}.efg"))
            .unwrap_or_else(|d| panic!("{name}:\n{d}\n{text}"));
        let again_graph = again.game_graph().unwrap();
        assert_eq!(
            dump(&opened.scenario, &graph),
            dump(&again.scenario, again_graph),
            "{name}"
        );
        assert_eq!(
            again.scenario.actors.len(),
            opened.scenario.actors.len(),
            "{name}"
        );
        // Written again, the text is the same to the byte.
        let twice = scenario_to_efg(
            &again.scenario,
            again_graph,
            GameFile {
                information_sets: again.information_sets(),
                names: Some(&again.names),
            },
        )
        .unwrap();
        assert_eq!(text, twice, "{name}");
        if *name != "hidden_pennies" {
            assert_eq!(
                solved(&opened.scenario, &graph),
                solved(&again.scenario, again_graph),
                "{name}"
            );
        }
    }
}

#[test]
fn scenarios_survive_export_then_import() {
    for path in [
        "../../tests/data/ok/harbour.ron",
        "../../scenarios/vienna-2021.ron",
    ] {
        let scenario = load_file(Path::new(path)).unwrap();
        let graph = expand(&scenario);
        let text = scenario_to_efg(&scenario, &graph, GameFile::default()).unwrap();
        let game = read_efg(&text, "exported.efg").unwrap_or_else(|d| panic!("{path}:\n{d}"));
        let game_graph = game.game_graph().unwrap();
        assert!(game.notes.is_empty(), "{path}: {:?}", game.notes);

        // The same players, and the same tree: writing the game read back
        // gives the same text, but for node names.
        let names: Vec<&str> = scenario.actors.iter().map(|a| a.name.as_str()).collect();
        let game_names: Vec<&str> = game
            .scenario
            .actors
            .iter()
            .filter(|a| a.id != "chance")
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, game_names, "{path}");
        let again = scenario_to_efg(&game.scenario, game_graph, GameFile::default()).unwrap();
        assert_eq!(
            without_node_names(&text),
            without_node_names(&again),
            "{path}"
        );

        // And the same solution: expected payoffs and the rational path,
        // move by move (a move with chance results is a move, then a
        // chance node, in the game).
        let solution = solve(&scenario, &graph);
        let game_solution = solve(&game.scenario, game_graph);
        let n = scenario.actors.len();
        assert!(
            close(&solution.root_payoffs(), &game_solution.root_payoffs()[..n]),
            "{path}: {:?} vs {:?}",
            solution.root_payoffs(),
            game_solution.root_payoffs()
        );
        let labels = |scenario: &Scenario, path: &demarche_core::analysis::Path| -> Vec<String> {
            let mut out = Vec::new();
            for step in &path.steps {
                let m = scenario.move_(step.move_);
                if scenario.actor(step.actor).id != "chance" {
                    out.push(m.label.clone());
                }
                if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
                    out.push(r.label.clone());
                }
            }
            out
        };
        assert_eq!(
            labels(&scenario, &solution.path(&graph)),
            labels(&game.scenario, &game_solution.path(game_graph)),
            "{path}"
        );
        let end = |scenario: &Scenario, end: PathEnd| match end {
            PathEnd::Outcome(o) => scenario.outcome(o).label.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(
            end(&scenario, solution.path(&graph).end),
            end(&game.scenario, game_solution.path(game_graph).end),
            "{path}"
        );
    }
}

#[test]
fn seventy_thousand_named_outcomes_are_all_kept() {
    // 70,000 leaves under two nodes of 35,000 actions, each leaf its own
    // named outcome, with 2 distinct payoffs: more than a 16-bit index
    // held, so they were once merged by payoffs; now each is kept.
    let mut text = String::from("EFG 2 R \"Wide\" { \"A\" }\np \"\" 1 1 \"\" { \"x\" \"y\" } 0\n");
    for half in 0..2 {
        let _ = write!(text, "p \"\" 1 {} \"\" {{", half + 2);
        for k in 0..35_000 {
            let _ = write!(text, " \"a{k}\"");
        }
        text.push_str(" } 0\n");
        for k in 0..35_000 {
            let n = half * 35_000 + k + 1;
            let _ = writeln!(text, "t \"\" {n} \"Outcome {n}\" {{ {} }}", k % 2);
        }
    }
    let game = read_efg(&text, "wide.efg").unwrap();
    assert_eq!(game.scenario.outcomes.len(), 70_000);
    assert_eq!(game.scenario.outcomes[69_999].label, "Outcome 70000");
    assert!(game.notes.is_empty(), "{:?}", game.notes);
    let graph = game.game_graph().unwrap().clone();
    let solution = solve(&game.scenario, &graph);
    assert!(close(&solution.root_payoffs(), &[1.0]));
}

#[test]
fn no_prefix_or_mangling_of_a_fixture_panics() {
    // Every cut of every fixture, and each with one byte changed to a
    // character that matters to the format, reads or gives diagnostics.
    for name in FIXTURES.iter().chain(&["hidden_pennies"]) {
        let text = fs::read_to_string(format!("../../tests/data/efg/{name}.efg")).unwrap();
        for cut in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
            match read_efg(&text[..cut], "cut.efg") {
                Err(EfgError::Invalid(d)) => assert!(d.has_errors(), "{name} cut at {cut}"),
                Err(EfgError::TooLarge(e)) => panic!("{name} cut at {cut}: {e}"),
                Ok(_) => {}
            }
        }
        for (at, _) in text.char_indices().step_by(3) {
            for replacement in [
                "\"",
                "{",
                "}",
                "0",
                "-",
                "/",
                "\\",
                " ",
                "p",
                "t",
                "c",
                "9999999999",
            ] {
                let mut mangled = text.clone();
                let end = at + text[at..].chars().next().map_or(0, char::len_utf8);
                mangled.replace_range(at..end, replacement);
                if let Ok(game) = read_efg(&mangled, "mangled.efg") {
                    let graph = game.game_graph().unwrap().clone();
                    assert!(graph.n_situations() > 0);
                    let file = GameFile {
                        information_sets: game.information_sets(),
                        names: Some(&game.names),
                    };
                    let _ = scenario_to_efg(&game.scenario, &graph, file);
                }
            }
        }
    }
}
