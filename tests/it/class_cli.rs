//! A session saved after a class, exported from the command line: the
//! debrief with what the class answered, and the ballots as CSV.

use std::path::Path;
use std::sync::Arc;

use demarche::io::{load_file, save_session};
use demarche::session::{
    Action, BallotRecord, ClassRecord, OptionSpec, QuestionKind, QuestionRecord, Session,
};

use crate::common::run_cli;

const SCENARIO: &str = "tests/data/debrief/classroom.ron";

/// A session on the classroom scenario where East offered shared use after
/// two students of three voted for it.
fn saved_session(dir: &Path) -> String {
    let scenario = Arc::new(load_file(Path::new(SCENARIO)).unwrap());
    let mut session = Session::new(scenario);
    let offer = Action::take_named(session.scenario(), "offer_shared_use", Some("rejected"));
    session.apply(offer.unwrap()).unwrap();
    let vote = |student: &str, choice| BallotRecord {
        student: student.into(),
        team: None,
        choice: Some(choice),
        probs: None,
        changes: 0,
    };
    session.set_class_record(ClassRecord {
        students: vec![
            "Quiet Heron".into(),
            "Brave Otter".into(),
            "Calm Lynx".into(),
        ],
        questions: vec![QuestionRecord {
            step: 0,
            kind: QuestionKind::Vote,
            prompt: "What should East do?".into(),
            options: vec![
                OptionSpec::new("East: Offer shared use", 0.7),
                OptionSpec::new("East: Break off talks", 0.3),
            ],
            ballots: vec![vote("s1", 0), vote("s2", 1), vote("s3", 0)],
            locked: true,
            revealed: true,
            realised: Some(0),
        }],
    });
    let path = dir.join("class-session.ron");
    save_session(&path, &session).unwrap();
    path.display().to_string()
}

#[test]
fn export_reads_a_saved_class_session_for_the_debrief_and_the_ballots() {
    let dir = tempfile::tempdir().unwrap();
    let session = saved_session(dir.path());
    let ballots = run_cli(&[
        "export",
        SCENARIO,
        "--session",
        &session,
        "--format",
        "ballots",
    ]);
    assert_eq!(ballots.code, 0, "{:?}", ballots.error);
    assert_eq!(
        ballots.stdout,
        "question,step,kind,student,team,choice,probabilities,realised\n\
         1,0,vote,s1,,East: Offer shared use,,East: Offer shared use\n\
         1,0,vote,s2,,East: Break off talks,,East: Offer shared use\n\
         1,0,vote,s3,,East: Offer shared use,,East: Offer shared use\n"
    );
    let handout = run_cli(&[
        "export",
        SCENARIO,
        "--session",
        &session,
        "--format",
        "md",
        "--audience",
        "students",
    ]);
    assert_eq!(handout.code, 0, "{:?}", handout.error);
    assert!(
        handout.stdout.contains("1 move taken."),
        "{}",
        handout.stdout
    );
    assert!(
        handout
            .stdout
            .contains("| East: Offer shared use | 2 of 3 | 70 % | - | yes |"),
        "{}",
        handout.stdout
    );
}

#[test]
fn ballots_without_a_session_say_where_they_come_from() {
    let ran = run_cli(&["export", SCENARIO, "--format", "ballots"]);
    assert_eq!(ran.code, 1);
    assert_eq!(
        ran.error.as_deref(),
        Some(
            "ballots are what a class answered: give --session FILE, a session saved after a class (File > Save session, or the autosave)"
        )
    );
}
