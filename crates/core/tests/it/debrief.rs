//! The debrief of a scripted class path, compared with the expected files
//! (Markdown and the printable HTML page): steps with labels, quotes,
//! changes, the class's notes, the instructor's notes and questions, the
//! alternatives not taken with what they led to, the forecast against what
//! the class chose, rational play for comparison, and only the sources
//! cited on the path.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use demarche_core::io::{
    ExportFormat, GameFile, debrief, debrief_html, export_text, export_text_for, load_file,
};
use demarche_core::report::Audience;
use demarche_core::session::{
    Action, BallotRecord, ClassRecord, OptionSpec, QuestionKind, QuestionRecord, Session,
};

/// The class path: East offers, West rejects (a note), West returns to the
/// table (a bookmark), East breaks off.
fn class_path(file: &str) -> Session {
    let scenario = Arc::new(load_file(Path::new(file)).unwrap());
    let mut session = Session::new(Arc::clone(&scenario));
    let take = |session: &mut Session, m: &str, r: Option<&str>| {
        let action = Action::take_named(session.scenario(), m, r).unwrap();
        session.apply(action).unwrap();
    };
    take(&mut session, "offer_shared_use", Some("rejected"));
    session
        .apply(Action::Note {
            text: "The class expected West to accept.".into(),
        })
        .unwrap();
    take(&mut session, "return_to_table", None);
    session
        .apply(Action::Bookmark {
            label: "Second chance".into(),
        })
        .unwrap();
    take(&mut session, "break_off", None);
    session
}

/// Compares `text` with the expected file (rewritten with UPDATE_EXPECT=1).
fn assert_expected(text: &str, expected: &str) {
    let expected_path = Path::new(expected);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(expected_path, text).unwrap();
    }
    let expected = std::fs::read_to_string(expected_path).unwrap();
    assert_eq!(
        text,
        expected,
        "set UPDATE_EXPECT=1 to rewrite {}",
        expected_path.display()
    );
}

#[test]
fn the_debrief_of_a_scripted_path_matches_the_expected_file() {
    let session = class_path("../../tests/data/ok/harbour.ron");
    assert_expected(
        &debrief(&session, "2026-11-26"),
        "../../tests/data/debrief/harbour.md",
    );
}

#[test]
fn the_class_debrief_matches_the_expected_markdown_and_html() {
    let session = class_path("../../tests/data/debrief/classroom.ron");
    let md = debrief(&session, "2026-12-01");
    assert_expected(&md, "../../tests/data/debrief/classroom.md");
    let html = debrief_html(&session, "2026-12-01");
    assert_expected(&html, "../../tests/data/debrief/classroom.html");
    // The export the app and `demarche export --format html` write.
    let exported = export_text(
        ExportFormat::Html,
        &session,
        GameFile::default(),
        "2026-12-01",
    )
    .unwrap();
    assert_eq!(exported, html);
}

#[test]
fn the_class_debrief_reads_as_a_class_would_read_it() {
    let session = class_path("../../tests/data/debrief/classroom.ron");
    let md = debrief(&session, "2026-12-01");
    // Labels, never ids.
    for id in ["harbour-class", "offer_shared_use", "break_off", "`"] {
        assert!(!md.contains(id), "the debrief shows the id {id}:\n{md}");
    }
    // Each step with the move taken.
    assert!(md.contains("### Step 1. East: Offer shared use → West rejects\n"));
    assert!(md.contains("### Step 3. East: Break off talks\n"));
    // An alternative says what it led to, not every outcome of the scenario.
    assert!(
        md.contains(
            "  - *East: Offer shared use → West accepts, likely (70 %)*: ends in **Agreement**\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("  - *East: Break off talks*: ends in **Breakdown**\n"),
        "{md}"
    );
    assert!(!md.contains("Agreement, Crisis, Breakdown"), "{md}");
    // Only the sources cited on the path, the uncited one left out.
    assert!(md.contains("## Sources cited on this path\n"));
    assert!(md.contains("- Minutes of the first round, Secretariat, Harbour commission, 2024-02-20. <https://example.org/minutes>\n"), "{md}");
    assert!(!md.contains("A source no step cites"), "{md}");
    // The forecast, named, against what the class chose.
    assert!(md.contains("## The forecast against the class: Forecast (judged moves)\n"));
    assert!(
        md.contains("| 3 | East: Break off talks | 30 % | East: Offer shared use (70 %) |\n"),
        "{md}"
    );
    // The instructor's notes and questions, each where it first applies.
    assert!(
        md.contains("- *Question:* Why would East offer shared use first?\n"),
        "{md}"
    );
    assert_eq!(
        md.matches("The talks have stalled: West chooses.").count(),
        1,
        "{md}"
    );
    assert!(
        md.contains("Breakdown: compare with rational play."),
        "{md}"
    );
    // The HTML page stands alone: no scripts, no outside files.
    let html = debrief_html(&session, "2026-12-01");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@media print"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("src="));
}

#[test]
fn a_horizon_too_long_for_memory_gives_a_debrief_without_the_analysis() {
    // max_depth 2^32 - 1 inside a cycle: no unfolding fits, so the debrief
    // gives each step's forecast share from the moves alone and says why
    // the forecast and rational play are not shown, instead of building an
    // unfolding per step until memory runs out.
    let scenario =
        Arc::new(load_file(Path::new("../../tests/data/limits/depth_2_32_cycle.ron")).unwrap());
    let mut session = Session::new(Arc::clone(&scenario));
    let first = session.numbered_move(1).unwrap();
    session.apply(first).unwrap();
    let text = debrief(&session, "2026-12-07");
    assert!(text.contains("for this move"), "{text}");
    assert!(text.contains("Not shown: "), "{text}");
}

/// A class on the scripted path: three students vote on East's opening
/// move (two for offering), then two predict West's answer, scored when
/// West rejects.
fn scripted_class() -> ClassRecord {
    let ballot = |student: &str, choice: Option<usize>, probs: Option<Vec<f64>>| BallotRecord {
        student: student.into(),
        team: None,
        choice,
        probs,
        changes: 0,
    };
    let option = |label: &str, model: f64, word: Option<&str>, judged: Option<f64>| OptionSpec {
        label: label.into(),
        model,
        judgement_word: word.map(str::to_owned),
        judgement: judged,
    };
    ClassRecord {
        students: vec![
            "Quiet Heron".into(),
            "Brave Otter".into(),
            "Calm Lynx".into(),
        ],
        questions: vec![
            QuestionRecord {
                step: 0,
                kind: QuestionKind::Vote,
                prompt: "What should East do?".into(),
                options: vec![
                    option("East: Offer shared use", 0.7, Some("likely"), Some(0.7)),
                    option("East: Break off talks", 0.3, None, None),
                ],
                ballots: vec![
                    ballot("s1", Some(0), None),
                    ballot("s2", Some(0), None),
                    ballot("s3", Some(1), None),
                ],
                locked: true,
                revealed: true,
                realised: Some(0),
            },
            QuestionRecord {
                step: 1,
                kind: QuestionKind::Predict,
                prompt: "How likely is each answer of West?".into(),
                options: vec![
                    option("Accepted", 0.4, None, None),
                    option("Rejected", 0.6, None, None),
                ],
                ballots: vec![
                    ballot("s1", None, Some(vec![0.8, 0.2])),
                    ballot("s3", None, Some(vec![0.3, 0.7])),
                ],
                locked: true,
                revealed: true,
                realised: Some(1),
            },
        ],
    }
}

#[test]
fn what_the_class_answered_is_in_the_handout_and_the_record_with_brier_scores() {
    let mut session = class_path("../../tests/data/debrief/classroom.ron");
    session.set_class_record(scripted_class());
    // Brier by hand, the prediction scored on "Rejected": s1 0.8^2 + 0.8^2 =
    // 1.28, s3 0.3^2 + 0.3^2 = 0.18, mean 0.730; the model 0.4^2 + 0.4^2 = 0.320.
    let expected = "\
## What the class answered

3 students took part from their phones; their ballots are anonymous. Step 0 is the opening situation.

### Step 0 (vote): What should East do? (3 ballots)

| Option | Chosen by | The model | The author | Played |
|---|---|---|---|---|
| East: Offer shared use | 2 of 3 | 70 % | likely (70 %) | yes |
| East: Break off talks | 1 of 3 | 30 % | - |  |

### Step 1 (prediction): How likely is each answer of West? (2 ballots)

| Option | The class's mean | The model | The author | Played |
|---|---|---|---|---|
| Accepted | 55 % | 40 % | - |  |
| Rejected | 45 % | 60 % | - | yes |

Brier: class 0.730 (mean of 2), model 0.320.

**The class beat the model on 0 of 1 step.**

";
    for audience in [Audience::Students, Audience::Instructor] {
        let md = export_text_for(
            ExportFormat::Md,
            audience,
            &session,
            GameFile::default(),
            "2026-12-07",
        )
        .unwrap();
        let start = md.find("## What the class answered").unwrap();
        let end = start + md[start..].find("## Rational play").unwrap();
        assert_eq!(&md[start..end], expected, "{audience:?}");
    }
    // Without a class there is no such section.
    let plain = class_path("../../tests/data/debrief/classroom.ron");
    let md = export_text(ExportFormat::Md, &plain, GameFile::default(), "2026-12-07").unwrap();
    assert!(!md.contains("What the class answered"));
}

#[test]
fn the_class_record_survives_the_session_file_and_a_later_class_follows_it() {
    let mut session = class_path("../../tests/data/debrief/classroom.ron");
    session.set_class_record(scripted_class());
    let text = session.to_ron().unwrap();
    let (read, dropped) = Session::from_ron(&text, Arc::clone(session.scenario_arc())).unwrap();
    assert!(dropped.is_empty());
    assert_eq!(read.class_record(), &scripted_class());
    // A second class in the same session: its s1 is the fourth student.
    let later = ClassRecord {
        students: vec!["Bold Crane".into()],
        questions: vec![scripted_class().questions[0].clone()],
    };
    let both = scripted_class().followed_by(&later);
    assert_eq!(both.students.len(), 4);
    let ids: Vec<&str> = both.questions[2]
        .ballots
        .iter()
        .map(|b| b.student.as_str())
        .collect();
    assert_eq!(ids, ["s4", "s5", "s6"]);
    assert_eq!(
        export_text(
            ExportFormat::Ballots,
            &session,
            GameFile::default(),
            "2026-12-07"
        )
        .unwrap(),
        "question,step,kind,student,team,choice,probabilities,realised\n\
         1,0,vote,s1,,East: Offer shared use,,East: Offer shared use\n\
         1,0,vote,s2,,East: Offer shared use,,East: Offer shared use\n\
         1,0,vote,s3,,East: Break off talks,,East: Offer shared use\n\
         2,1,predict,s1,,,0.800 0.200,Rejected\n\
         2,1,predict,s3,,,0.300 0.700,Rejected\n"
    );
}
