//! Session tests: (scenario, actions, expected) triples on the small
//! synthetic scenario, undo and redo, saving and loading (atomically, and
//! against a scenario that changed since), and malformed session files.
//!
//! Actions are written in a short script: `arm` or `offer:accepted` takes a
//! move (with a result), `back`, `forward`, `restart`, `undo`, `redo`,
//! `goto 3`, `reach deal` (the first situation that meets an outcome),
//! `bookmark LABEL`, `unbookmark 3`, `note TEXT`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use demarche_core::engine::{SituationId, Status};
use demarche_core::io::{SessionFileError, load_session, save_session};
use demarche_core::model::{Scenario, load_str};
use demarche_core::session::{Action, PersistError, Session, VisitId};
use demarche_core::synthetic::SMALL;

fn scenario(text: &str) -> Arc<Scenario> {
    Arc::new(load_str(text, "small.ron").expect("the test scenario loads"))
}

fn small() -> Session {
    Session::new(scenario(SMALL))
}

/// One line of the action script as an [`Action`].
fn parse(session: &Session, line: &str) -> Action {
    let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
    let number = || rest.parse::<u32>().expect("a number");
    match word {
        "back" => Action::Back,
        "forward" => Action::Forward,
        "restart" => Action::Restart,
        "undo" => Action::Undo,
        "redo" => Action::Redo,
        "goto" => Action::GoTo(VisitId(number())),
        "unbookmark" => Action::Unbookmark(VisitId(number())),
        "bookmark" => Action::Bookmark {
            label: rest.to_owned(),
        },
        "note" => Action::Note {
            text: rest.to_owned(),
        },
        "reach" => Action::Reach(outcome_situation(session, rest)),
        _ => {
            let (move_id, result_id) = match word.split_once(':') {
                Some((m, r)) => (m, Some(r)),
                None => (word, None),
            };
            Action::take_named(session.scenario(), move_id, result_id).expect("a known move")
        }
    }
}

/// The first situation, in id order, that meets the outcome `id`.
fn outcome_situation(session: &Session, id: &str) -> SituationId {
    let graph = session.graph();
    graph
        .situations()
        .find(|s| match graph.status(*s) {
            Status::Outcome(o) => session.scenario().outcome(o).id == id,
            _ => false,
        })
        .expect("the outcome is reached somewhere")
}

/// Applies every line of a script, failing the test on a refused action.
fn run(session: &mut Session, script: &[&str]) {
    for line in script {
        let action = parse(session, line);
        if let Err(e) = session.apply(action) {
            panic!("`{line}` was refused: {e}");
        }
    }
}

/// The current situation's values as `stage=talks, armed=false, score=0`.
fn values(session: &Session) -> String {
    let scenario = session.scenario();
    session
        .graph()
        .values(session.current())
        .iter()
        .zip(&scenario.variables)
        .map(|(v, var)| format!("{}={}", var.id, var.domain.display(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The outcome met at the current situation, by id.
fn outcome(session: &Session) -> Option<String> {
    match session.graph().status(session.current()) {
        Status::Outcome(o) => Some(session.scenario().outcome(o).id.clone()),
        _ => None,
    }
}

/// What a script should lead to.
struct Expected {
    values: &'static str,
    n_visits: usize,
    n_branches: usize,
    outcome: Option<&'static str>,
}

const START: &str = "stage=talks, armed=false, score=0";

/// (scenario, actions, expected): every case runs on `SMALL`.
const CASES: &[(&str, &[&str], Expected)] = &[
    (
        "nothing done",
        &[],
        Expected {
            values: START,
            n_visits: 1,
            n_branches: 1,
            outcome: None,
        },
    ),
    (
        "one move",
        &["arm"],
        Expected {
            values: "stage=talks, armed=true, score=1",
            n_visits: 2,
            n_branches: 1,
            outcome: None,
        },
    ),
    (
        "a threat ends in war",
        &["arm", "threaten"],
        Expected {
            values: "stage=crisis, armed=true, score=1",
            n_visits: 3,
            n_branches: 1,
            outcome: Some("war"),
        },
    ),
    (
        "an accepted offer ends in a deal",
        &["stall", "offer:accepted"],
        Expected {
            values: "stage=settled, armed=false, score=0",
            n_visits: 3,
            n_branches: 1,
            outcome: Some("deal"),
        },
    ),
    (
        "a refused offer after stalling ends in war",
        &["stall", "offer:refused"],
        Expected {
            values: "stage=talks, armed=false, score=-2",
            n_visits: 3,
            n_branches: 1,
            outcome: Some("war"),
        },
    ),
    (
        "a refused offer after arming goes on",
        &["arm", "offer:refused", "stall"],
        Expected {
            values: "stage=talks, armed=true, score=-1",
            n_visits: 4,
            n_branches: 1,
            outcome: None,
        },
    ),
    (
        "going back and trying the other move keeps both branches",
        &["arm", "back", "stall"],
        Expected {
            values: START,
            n_visits: 3,
            n_branches: 2,
            outcome: None,
        },
    ),
    (
        "taking the same move again reuses its visit",
        &["arm", "back", "arm"],
        Expected {
            values: "stage=talks, armed=true, score=1",
            n_visits: 2,
            n_branches: 1,
            outcome: None,
        },
    ),
    (
        "both chance results, then back to the start",
        &[
            "stall",
            "offer:accepted",
            "back",
            "offer:refused",
            "restart",
        ],
        Expected {
            values: START,
            n_visits: 4,
            n_branches: 2,
            outcome: None,
        },
    ),
    (
        "forward retraces the branch visited last",
        &["arm", "threaten", "restart", "forward", "forward"],
        Expected {
            values: "stage=crisis, armed=true, score=1",
            n_visits: 3,
            n_branches: 1,
            outcome: Some("war"),
        },
    ),
    (
        "a jump to a visit on another branch",
        &["arm", "threaten", "restart", "stall", "goto 2"],
        Expected {
            values: "stage=crisis, armed=true, score=1",
            n_visits: 4,
            n_branches: 2,
            outcome: Some("war"),
        },
    ),
    (
        "reaching a situation follows a shortest path",
        &["reach deal"],
        Expected {
            values: "stage=settled, armed=true, score=1",
            n_visits: 3,
            n_branches: 1,
            outcome: Some("deal"),
        },
    ),
    (
        "reaching a situation from another branch adds one",
        &["stall", "reach deal"],
        Expected {
            values: "stage=settled, armed=true, score=1",
            n_visits: 4,
            n_branches: 2,
            outcome: Some("deal"),
        },
    ),
    (
        "bookmarks and notes do not move",
        &[
            "arm",
            "bookmark armed",
            "note North arms first",
            "unbookmark 1",
        ],
        Expected {
            values: "stage=talks, armed=true, score=1",
            n_visits: 2,
            n_branches: 1,
            outcome: None,
        },
    ),
    (
        "undo takes back a move",
        &["arm", "threaten", "undo"],
        Expected {
            values: "stage=talks, armed=true, score=1",
            n_visits: 2,
            n_branches: 1,
            outcome: None,
        },
    ),
    (
        "redo gives it back",
        &["arm", "threaten", "undo", "undo", "redo", "redo"],
        Expected {
            values: "stage=crisis, armed=true, score=1",
            n_visits: 3,
            n_branches: 1,
            outcome: Some("war"),
        },
    ),
];

#[test]
fn scripts_lead_where_expected() {
    for (name, script, expected) in CASES {
        let mut session = small();
        run(&mut session, script);
        assert_eq!(values(&session), expected.values, "{name}: values");
        assert_eq!(
            session.walk().visits().len(),
            expected.n_visits,
            "{name}: visits"
        );
        assert_eq!(
            session.walk().leaves().len(),
            expected.n_branches,
            "{name}: branches"
        );
        assert_eq!(
            outcome(&session).as_deref(),
            expected.outcome,
            "{name}: outcome"
        );
        assert_eq!(
            session.path().len() + 1,
            session.walk().path_to(session.walk().current()).len(),
            "{name}: path"
        );
    }
}

#[test]
fn refused_actions_say_why_and_change_nothing() {
    let cases: &[(&[&str], &str, &str)] = &[
        (&[], "back", "already at the start"),
        (
            &[],
            "forward",
            "nothing to go forward to: no branch was explored from here",
        ),
        (&[], "undo", "nothing to undo"),
        (&["arm", "undo", "stall"], "redo", "nothing to redo"),
        (&[], "goto 42", "no visit 42"),
        (&[], "unbookmark 0", "visit 0 has no bookmark"),
        (
            &[],
            "offer:accepted",
            "move \"offer\" is not available here",
        ),
        (&[], "threaten", "move \"threaten\" is not available here"),
        (
            &["stall"],
            "offer",
            "move \"offer\" has chance results; pick one of \"accepted\", \"refused\"",
        ),
        (
            &["arm", "threaten"],
            "stall",
            "this branch has ended in outcome \"war\"; no move can be taken here",
        ),
    ];
    for (before, line, message) in cases {
        let mut session = small();
        run(&mut session, before);
        let walk = session.walk().clone();
        let action = parse(&session, line);
        let error = session.apply(action).expect_err(line);
        assert_eq!(error.to_string(), *message, "{before:?} then {line}");
        assert_eq!(session.walk(), &walk, "{before:?} then {line}");
    }
    let mut session = small();
    let error = session.apply(Action::Reach(SituationId(99))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "situation 99 is not reachable from the start"
    );
}

#[test]
fn n_actions_then_n_undos_give_back_the_start() {
    for (name, script, _) in CASES {
        if script.iter().any(|l| *l == "undo" || *l == "redo") {
            continue;
        }
        let mut session = small();
        let start = session.walk().clone();
        run(&mut session, script);
        let end = session.walk().clone();
        for _ in 0..script.len() {
            session.apply(Action::Undo).unwrap();
        }
        assert_eq!(session.walk(), &start, "{name}: undone");
        assert!(!session.can_undo(), "{name}: nothing left to undo");
        for _ in 0..script.len() {
            session.apply(Action::Redo).unwrap();
        }
        assert_eq!(session.walk(), &end, "{name}: redone");
        assert!(!session.can_redo(), "{name}: nothing left to redo");
    }
}

/// A session with two branches, a bookmark and two notes, at the end of one
/// branch.
fn explored() -> Session {
    let mut session = small();
    run(
        &mut session,
        &[
            "arm",
            "threaten",
            "bookmark the threat",
            "note South escalates.",
            "back",
            "offer:refused",
            "note Refused, with \"quotes\"\nand two lines.",
            "restart",
            "stall",
            "offer:accepted",
            "bookmark deal",
            "goto 2",
        ],
    );
    session
}

#[test]
fn save_then_load_gives_the_same_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.ron");
    let session = explored();
    save_session(&path, &session).unwrap();
    // Saving again replaces the file.
    save_session(&path, &session).unwrap();

    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["walk.ron"], "no temporary file is left behind");

    let (loaded, report) =
        load_session(&path, Session::new(Arc::clone(session.scenario_arc()))).unwrap();
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(loaded.walk().visits(), session.walk().visits());
    assert_eq!(loaded.walk().current(), session.walk().current());
    assert_eq!(loaded.walk().bookmarks(), session.walk().bookmarks());
    assert_eq!(loaded.walk().notes(), session.walk().notes());
    assert_eq!(loaded.walk(), session.walk());
    assert_eq!(loaded.path(), session.path());
    // The undo history comes back too: each undo and redo gives the walk
    // the original gives.
    let (mut original, mut loaded) = (session, loaded);
    let mut n_undone = 0;
    while original.can_undo() {
        original.apply(Action::Undo).unwrap();
        loaded.apply(Action::Undo).unwrap();
        n_undone += 1;
        assert_eq!(loaded.walk(), original.walk(), "after {n_undone} undos");
    }
    assert!(!loaded.can_undo());
    assert!(n_undone >= 10, "{n_undone}");
    assert_eq!(values(&loaded), START);
    for n in 1..=3 {
        original.apply(Action::Redo).unwrap();
        loaded.apply(Action::Redo).unwrap();
        assert_eq!(loaded.walk(), original.walk(), "after {n} redos");
    }
}

#[test]
fn only_the_last_hundred_changes_are_saved_for_undo() {
    let mut session = small();
    // 150 changes: a note rewritten again and again.
    for k in 0..150 {
        run(&mut session, &[&format!("note draft {k}")]);
    }
    let text = session.to_ron().unwrap();
    let (mut loaded, report) =
        Session::from_ron(&text, Arc::clone(session.scenario_arc())).unwrap();
    assert!(report.is_empty(), "{report:?}");
    let mut n_undone = 0;
    while loaded.can_undo() {
        loaded.apply(Action::Undo).unwrap();
        n_undone += 1;
    }
    assert_eq!(n_undone, demarche_core::session::SAVED_UNDO);
    assert_eq!(loaded.walk().note(VisitId::START), Some("draft 49"));
}

#[test]
fn the_saved_file_is_readable_ron() {
    let text = explored().to_ron().unwrap();
    for expected in [
        "version: 1,",
        "scenario: \"small\",",
        "title: \"Small standoff\",",
        "(parent: Some(1), step: Some((actor: \"south\", move: \"threaten\", result: None)))",
        "(parent: Some(1), step: Some((actor: \"south\", move: \"offer\", result: Some(\"refused\"))))",
        "current: 2,",
        "(visit: 2, label: \"the threat\"),",
        "2: \"South escalates.\",",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
}

/// Saves [`explored`], then loads it against `changed` (SMALL edited).
fn load_changed(changed: &str) -> (Session, Vec<String>) {
    let text = explored().to_ron().unwrap();
    Session::from_ron(&text, scenario(changed)).unwrap()
}

#[test]
fn a_renamed_move_drops_its_branch_and_says_so() {
    let changed = SMALL.replace("\"threaten\"", "\"menace\"");
    let (session, report) = load_changed(&changed);
    assert_eq!(
        report,
        [
            "dropped a branch: move \"threaten\" no longer exists in the scenario",
            "the current visit was on a dropped branch; the walk goes on from the nearest visit that remains",
            "dropped the bookmark \"the threat\": its visit was on a dropped branch",
            "dropped the note \"South escalates.\": its visit was on a dropped branch",
        ]
    );
    // Start, arm, refused offer, stall, accepted offer.
    assert_eq!(session.walk().visits().len(), 5);
    assert_eq!(values(&session), "stage=talks, armed=true, score=1");
    assert_eq!(session.walk().bookmarks().len(), 1);
    assert_eq!(session.walk().bookmarks()[0].label, "deal");
    assert_eq!(session.walk().notes().len(), 1);
}

#[test]
fn a_move_no_longer_available_drops_its_branch_and_says_so() {
    let changed = SMALL.replace(
        "label: \"Offer a deal\", when: \"stage == talks\"",
        "label: \"Offer a deal\", when: \"stage == talks and not armed\"",
    );
    assert_ne!(changed, SMALL);
    let (session, report) = load_changed(&changed);
    assert_eq!(
        report,
        [
            "dropped a branch: move \"offer\" is no longer available after north arm",
            "dropped the note \"Refused, with \\\"quotes\\\"\\nand two lines.\": its visit was on a dropped branch",
        ]
    );
    assert_eq!(session.walk().visits().len(), 5);
    assert_eq!(values(&session), "stage=crisis, armed=true, score=1");
}

#[test]
fn a_renamed_result_drops_its_branch_and_says_so() {
    let changed = SMALL.replace("\"refused\"", "\"rejected\"");
    let (session, report) = load_changed(&changed);
    assert_eq!(report.len(), 2, "{report:?}");
    assert_eq!(
        report[0],
        "dropped a branch: result \"refused\" of move \"offer\" no longer exists in the scenario"
    );
    assert_eq!(session.walk().visits().len(), 5);
}

#[test]
fn a_session_of_another_scenario_loads_only_the_start() {
    let changed = SMALL.replace("id: \"small\"", "id: \"other\"");
    let (session, report) = load_changed(&changed);
    assert_eq!(
        report,
        [
            "the session was saved for scenario \"small\" (\"Small standoff\"), not \"other\" (\"Small standoff\"); only the start is loaded"
        ]
    );
    assert_eq!(session.walk().visits().len(), 1);
    assert_eq!(values(&session), START);
}

#[test]
fn a_malformed_session_file_gives_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    let text = "(\n    version: 1,\n    scenario: \"small\"\n    visits: [],\n)\n";
    std::fs::write(&path, text).unwrap();
    let error = load_session(&path, Session::new(scenario(SMALL))).unwrap_err();
    assert!(
        matches!(
            error,
            SessionFileError::Format(PersistError::Syntax {
                line: 4,
                column: 5,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("{}:4:5: expected comma", path.display())
    );
}

#[test]
fn a_missing_session_file_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.ron");
    let error = load_session(&path, Session::new(scenario(SMALL))).unwrap_err();
    assert!(matches!(error, SessionFileError::Read { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("cannot read {}: ", path.display())),
        "{error}"
    );
}

#[test]
fn saving_into_a_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no such folder").join("walk.ron");
    let error = save_session(&path, &small()).unwrap_err();
    assert!(matches!(error, SessionFileError::Write { .. }), "{error:?}");
    assert!(!path.exists());
}
