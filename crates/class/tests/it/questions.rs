//! Joining, votes, predictions with Brier scores, and reconnecting, as students do them.

use demarche_class::{OptionSpec, QuestionKind, QuestionSpec, brier};
use serde_json::json;

use crate::common::*;

#[test]
fn joining_needs_the_room_code() {
    let class = class();
    let addr = class.addr();
    runtime().block_on(async {
        let (status, reply) = join_json(addr, json!({})).await;
        assert_eq!(
            (status, reply["error"].as_str()),
            (403, Some("wrong room code"))
        );
        let (status, reply) = join_json(addr, json!({ "code": "ABCD" })).await;
        assert_eq!(
            (status, reply["error"].as_str()),
            (403, Some("wrong room code"))
        );
        // Any case and surrounding spaces, as phones capitalise and autocomplete.
        let (status, reply) = join_json(addr, json!({ "code": " room " })).await;
        assert_eq!(status, 200, "{reply}");
        assert!(reply["token"].as_str().unwrap().len() > 40);
        assert_eq!(reply["nickname"].as_str().unwrap().split(' ').count(), 2);
    });
    assert_eq!(class.tally().n_students, 1);
    assert!(
        class.join_url().ends_with("/?code=ROOM"),
        "{}",
        class.join_url()
    );
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    let class = class();
    let addr = class.addr();
    runtime().block_on(async {
        let (status, page) = get(addr, "/").await;
        assert_eq!(status, 200);
        assert!(page.contains("<script src=\"/app.js\" defer></script>"));
        for path in ["/app.js", "/style.css", "/favicon.svg", "/favicon.ico"] {
            assert_eq!(get(addr, path).await.0, 200, "{path}");
        }
    });
}

#[test]
fn a_vote_is_counted_changed_locked_revealed_and_applied() {
    let class = class();
    let addr = class.addr();
    runtime().block_on(async {
        let (mut a, first) = Student::join(addr).await;
        assert_eq!(first["question"], serde_json::Value::Null);
        let (mut b, _) = Student::join(addr).await;
        let (mut c, _) = Student::join(addr).await;
        let q = class.open(vote_spec(1)).unwrap();
        let seen = a.state_where(|s| !s["question"].is_null()).await;
        assert_eq!(seen["question"]["prompt"], "What should Iran do?");
        assert_eq!(seen["question"]["role"], "vote");
        b.state_where(|s| !s["question"].is_null()).await;
        c.state_where(|s| !s["question"].is_null()).await;

        a.vote(q, 0).await;
        b.vote(q, 1).await;
        let mine = c.vote(q, 1).await;
        assert_eq!(mine["question"]["mine"], json!({ "choice": 1 }));

        // Before the reveal the projector sees only how many voted.
        let tally = class.tally();
        let question = tally.question.as_ref().unwrap();
        assert_eq!(
            question.status_line(tally.n_students),
            "3 of 3 have voted (open)"
        );
        assert!(question.options.iter().all(|o| o.count.is_none()));

        // A change of mind before the lock.
        let changed = a.vote(q, 1).await;
        assert_eq!(changed["question"]["mine"], json!({ "choice": 1 }));

        class.lock().unwrap();
        a.state_where(|s| s["question"]["locked"] == true).await;
        a.send(json!({ "kind": "vote", "question": q, "option": 0 }))
            .await;
        assert_eq!(a.next("error").await["message"], "the ballots are locked");

        class.reveal().unwrap();
        let revealed = b.state_where(|s| s["question"]["revealed"] == true).await;
        assert_eq!(revealed["question"]["result"]["counts"], json!([0, 3]));
        assert_eq!(revealed["question"]["result"]["class_choice"], 1);
    });
    let tally = class.tally();
    let question = tally.question.unwrap();
    assert_eq!(question.options[1].count, Some(3));
    assert_eq!(question.options[1].share, Some(1.0));
    // The instructor applies the class's choice: the step is played with it.
    let choice = question.class_choice.unwrap();
    class.resolve(choice).unwrap();
    let record = class.record();
    assert_eq!(record.questions[0].realised, Some(1));
    assert_eq!(record.questions[0].counts(), vec![0, 3]);
    let changes: Vec<u32> = record.questions[0]
        .ballots
        .iter()
        .map(|b| b.changes)
        .collect();
    assert_eq!(changes, vec![1, 0, 0]);
}

#[test]
fn predictions_are_scored_against_the_model_with_brier() {
    let class = class();
    let addr = class.addr();
    let spec = QuestionSpec {
        step: 2,
        kind: QuestionKind::Predict,
        prompt: "Will the U.S. walk away?".into(),
        options: vec![
            OptionSpec {
                label: "Walks away".into(),
                model: 0.3,
                judgement_word: Some("unlikely".into()),
                judgement: Some(0.3),
            },
            OptionSpec::new("Stays at the table", 0.7),
        ],
    };
    runtime().block_on(async {
        let (mut a, _) = Student::join(addr).await;
        let (mut b, _) = Student::join(addr).await;
        let q = class.open(spec).unwrap();
        a.state_where(|s| !s["question"].is_null()).await;
        b.state_where(|s| !s["question"].is_null()).await;
        let state = a.predict(q, &[0.8, 0.2]).await;
        assert_eq!(state["question"]["role"], "predict");
        assert_eq!(state["question"]["mine"], json!({ "probs": [0.8, 0.2] }));
        b.predict(q, &[0.4, 0.6]).await;
        // A vote on a prediction question is refused, the prediction kept.
        b.send(json!({ "kind": "vote", "question": q, "option": 0 }))
            .await;
        assert_eq!(
            b.next("error").await["message"],
            "this question asks for a probability per option"
        );
    });
    class.reveal().unwrap();
    let tally = class.tally().question.unwrap();
    let mean = tally.options[0].mean.unwrap();
    assert!((mean - 0.6).abs() < 1e-12, "{mean}");
    assert!((tally.options[0].spread.unwrap() - 0.2).abs() < 1e-12);
    // The U.S. walks away (option 0). By hand: student a (0.8-1)^2 + (0.2-0)^2 = 0.08;
    // student b (0.4-1)^2 + 0.6^2 = 0.72; class mean 0.40; model (0.3-1)^2 + 0.7^2 = 0.98.
    class.resolve(0).unwrap();
    let scores = class.record().questions[0].scores().unwrap();
    assert!((scores.class_mean - 0.40).abs() < 1e-12, "{scores:?}");
    assert!((scores.model - 0.98).abs() < 1e-12, "{scores:?}");
    assert!((brier(&[0.8, 0.2], 0) - 0.08).abs() < 1e-12);
    assert!(scores.class_beat_model());
    assert_eq!(
        class.record().beat_model_line().as_deref(),
        Some("The class beat the model on 1 of 1 step.")
    );
}

#[test]
fn a_student_who_reconnects_gets_the_ballot_back() {
    let class = class();
    let addr = class.addr();
    runtime().block_on(async {
        let (mut a, _) = Student::join(addr).await;
        let q = class.open(vote_spec(1)).unwrap();
        a.state_where(|s| !s["question"].is_null()).await;
        a.vote(q, 1).await;
        let Student {
            token,
            nickname,
            ws,
        } = a;
        drop(ws); // the phone goes to sleep
        // The page reloads: it sends its token again (and the code from its URL).
        let (status, reply) = join_json(addr, json!({ "code": CODE, "token": token })).await;
        assert_eq!(status, 200, "{reply}");
        assert_eq!(reply["nickname"], nickname.as_str());
        let (_again, state) = Student::connect(addr, token, nickname.clone()).await;
        assert_eq!(state["nickname"], nickname.as_str());
        assert_eq!(state["question"]["mine"], json!({ "choice": 1 }));
    });
    assert_eq!(class.tally().n_students, 1);
    assert_eq!(class.tally().question.unwrap().n_ballots, 1);
}

#[test]
fn stopping_the_class_tells_students_and_closes_the_port() {
    let class = class();
    let addr = class.addr();
    let rt = runtime();
    let (mut a, _) = rt.block_on(Student::join(addr));
    class.stop();
    rt.block_on(async {
        assert_eq!(a.next("ended").await["kind"], "ended");
        assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    });
}
