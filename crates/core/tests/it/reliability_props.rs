//! Property tests for hostile input beyond scenario files: damaged Gambit
//! games, damaged session files and integer domains of any width. None may
//! panic; what loads must keep the engine's invariants (the start holds
//! the initial values, each move's results sum to 1, outcome
//! probabilities sum to 1).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use demarche_core::analysis::{PlayModel, check_horizon, outcome_probabilities, solve};
use demarche_core::engine::{SituationGraph, expand, scoped_memory_budget};
use demarche_core::io::{EfgError, read_efg};
use demarche_core::model::{Domain, load_str};
use demarche_core::session::{Action, Session};
use proptest::prelude::*;

const GAMES: [&str; 6] = [
    include_str!("../../../../tests/data/efg/centipede.efg"),
    include_str!("../../../../tests/data/efg/coalition.efg"),
    include_str!("../../../../tests/data/efg/entry.efg"),
    include_str!("../../../../tests/data/efg/hidden_pennies.efg"),
    include_str!("../../../../tests/data/efg/ultimatum.efg"),
    include_str!("../../../../tests/data/efg/venture.efg"),
];

/// One edit of a text: what a careless script or a bad disk does.
#[derive(Clone, Debug)]
enum Edit {
    Truncate(usize),
    Delete(usize, usize),
    Insert(usize, &'static str),
    FlipByte(usize, u8),
    Duplicate(usize, usize),
}

const SNIPPETS: &[&str] = &[
    "\"",
    "{",
    "}",
    "p",
    "c",
    "t",
    " 0 ",
    " -1 ",
    " 4294967296 ",
    " 18446744073709551616 ",
    " 1e999 ",
    " NaN ",
    "1/0",
    "\u{2028}",
    "\n",
    "é",
    "(",
    ")",
    ",",
    ":",
    "Some(",
    "version: 2,",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), 1usize..30).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), proptest::sample::select(SNIPPETS)).prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::FlipByte(i, b)),
        (any::<usize>(), 1usize..60).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

/// Applies an edit to bytes; the result may not be UTF-8.
fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let len = bytes.len().max(1);
    match edit {
        Edit::Truncate(at) => bytes.truncate(at % len),
        Edit::Delete(at, n) => {
            let a = at % len;
            let b = (a + n).min(bytes.len());
            if a < b {
                bytes.drain(a..b);
            }
        }
        Edit::Insert(at, s) => {
            let a = (at % len).min(bytes.len());
            bytes.splice(a..a, s.bytes());
        }
        Edit::FlipByte(at, mask) => {
            if let Some(b) = bytes.get_mut(at % len) {
                *b ^= mask;
            }
        }
        Edit::Duplicate(at, n) => {
            let a = (at % len).min(bytes.len());
            let b = (a + n).min(bytes.len());
            let copy = bytes[a..b].to_vec();
            bytes.splice(b..b, copy);
        }
    }
}

/// Each move's results sum to 1, and outcome probabilities from the start
/// sum to 1 under both play models, where the horizon can be solved.
fn check_graph(
    scenario: &demarche_core::model::Scenario,
    graph: &SituationGraph,
) -> Result<(), TestCaseError> {
    for id in graph.situations() {
        let steps: Vec<_> = graph.steps(id).collect();
        let mut k = 0;
        while k < steps.len() {
            let m = graph.step(steps[k]).move_;
            let mut total = 0.0;
            while k < steps.len() && graph.step(steps[k]).move_ == m {
                total += graph.step(steps[k]).probability;
                k += 1;
            }
            prop_assert!((total - 1.0).abs() < 1e-6, "{id}: results sum to {total}");
        }
    }
    if check_horizon(
        graph,
        graph.start(),
        scenario.limits.max_depth,
        scenario.actors.len(),
    )
    .is_ok()
    {
        let rational = solve(scenario, graph).outcome_probabilities(graph);
        let uniform = outcome_probabilities(scenario, graph, graph.start(), PlayModel::Uniform);
        for p in [rational, uniform] {
            prop_assert!((p.total() - 1.0).abs() < 1e-6, "sum {}", p.total());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn damaged_games_give_positioned_errors_or_sound_graphs(
        game in 0..GAMES.len(),
        edits in proptest::collection::vec(edit(), 1..=3),
    ) {
        let _budget = scoped_memory_budget(64 << 20);
        let mut bytes = GAMES[game].as_bytes().to_vec();
        for e in &edits {
            apply(&mut bytes, e);
        }
        // As `open_scenario` reads a file that is not UTF-8.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match read_efg(&text, "game.efg") {
            Err(EfgError::TooLarge(e)) => prop_assert!(false, "a small game within 64 MiB: {}", e),
            Err(EfgError::Invalid(diagnostics)) => {
                prop_assert!(diagnostics.has_errors());
                let n_lines = text.lines().count();
                for d in &diagnostics.0 {
                    prop_assert!(d.line >= 1 && d.line <= n_lines + 1, "{}", d);
                    let shown = d.to_string();
                    prop_assert!(shown.starts_with(&format!("game.efg:{}:{}: ", d.line, d.column)), "{}", shown);
                }
            }
            Ok(opened) => {
                let graph = opened.game_graph().expect("a game has its graph").clone();
                check_graph(&opened.scenario, &graph)?;
            }
        }
    }

    #[test]
    fn damaged_session_files_load_or_say_why(
        edits in proptest::collection::vec(edit(), 1..=3),
        walk in 0usize..8,
    ) {
        let _budget = scoped_memory_budget(64 << 20);
        let scenario = Arc::new(load_str(include_str!("../../../../scenarios/vienna-2021.ron"), "vienna-2021.ron").unwrap());
        let mut session = Session::new(Arc::clone(&scenario));
        for k in 0..walk {
            let steps: Vec<_> = session.graph().steps(session.current()).collect();
            let Some(step) = steps.get(k % steps.len().max(1)) else { break };
            let step = *session.graph().step(*step);
            session.apply(Action::Take { move_: step.move_, result: step.result }).unwrap();
        }
        session.apply(Action::Note { text: "a note".to_owned() }).unwrap();
        let mut bytes = session.to_ron().unwrap().into_bytes();
        for e in &edits {
            apply(&mut bytes, e);
        }
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            // Garbage bytes get their own message before any parsing.
            let why = demarche_core::io::not_text_reason(&bytes);
            prop_assert!(why.is_some_and(|w| w.starts_with("the file is not text: ")));
            return Ok(());
        };
        match Session::from_ron(&text, Arc::clone(&scenario)) {
            Ok((loaded, _notes)) => {
                // Wherever it ends up, it is a situation of the graph, and
                // it saves and reads back to the same place.
                prop_assert!(loaded.graph().contains(loaded.current()));
                let again = loaded.to_ron().unwrap();
                let (back, _) = Session::from_ron(&again, Arc::clone(&scenario)).unwrap();
                prop_assert_eq!(back.graph().values(back.current()), loaded.graph().values(loaded.current()));
            }
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn integer_domains_of_any_width_are_exact_or_refused(
        min in any::<i64>(),
        width in prop_oneof![0u64..10, any::<u64>(), (u64::MAX / 2 - 3)..=(u64::MAX / 2 + 3)],
        at in any::<u64>(),
        step in prop_oneof![Just(1i64), Just(-1), Just(i64::MAX), Just(i64::MIN + 1)],
    ) {
        let _budget = scoped_memory_budget(64 << 20);
        let max = (i128::from(min) + i128::from(width)).min(i128::from(i64::MAX)) as i64;
        let size = (i128::from(max) - i128::from(min) + 1) as u128;
        let initial = (i128::from(min) + i128::from(at % (size.min(u128::from(u64::MAX)) as u64).max(1))) as i64;
        let sign = if step < 0 { "-" } else { "+" };
        let amount = step.unsigned_abs();
        let text = format!(
            r#"Scenario(id: "w", title: "W",
    actors: [Actor(id: "a", name: "A")],
    variables: [Variable(id: "n", domain: Integer(min: {min}, max: {max}), initial: {initial})],
    moves: [Move(id: "m", actor: "a", label: "M", effects: ["n {sign} {amount}"])],
    outcomes: [Outcome(id: "o", label: "O", when: "n == {max}", payoffs: {{"a": 1}})],
    limits: Limits(max_depth: 5),
)"#
        );
        match load_str(&text, "w.ron") {
            Ok(scenario) => {
                // Only ranges the 64-bit situation key can hold load.
                prop_assert!(size < 1u128 << 63, "size {} loaded", size);
                prop_assert_eq!(&scenario.variables[0].domain, &Domain::Integer { min, max });
                let graph = expand(&scenario);
                prop_assert_eq!(graph.values(graph.start()), vec![initial]);
                for id in graph.situations() {
                    let v = graph.values(id)[0];
                    prop_assert!((min..=max).contains(&v), "{} outside {}..{}", v, min, max);
                }
                check_graph(&scenario, &graph)?;
            }
            Err(d) => {
                let shown = d.to_string();
                prop_assert!(size >= 1u128 << 63, "size {} refused: {}", size, shown);
                prop_assert!(shown.starts_with("w.ron:3:43: error: the range "), "{}", shown);
            }
        }
    }
}
