//! Teams: the moving team chooses in secret, the others predict, all revealed together.

use demarche_class::{OptionSpec, QuestionKind, QuestionSpec, TeamRule, TeamSetup};
use serde_json::json;

use crate::common::*;

fn teams_spec(rule: TeamRule) -> QuestionSpec {
    QuestionSpec {
        step: 3,
        kind: QuestionKind::Teams {
            moving_team: 0,
            rule,
        },
        prompt: "Iran's move".into(),
        options: vec![
            OptionSpec::new("Raise enrichment to 90%", 0.2),
            OptionSpec::new("Cap enrichment at 60%", 0.8),
        ],
    }
}

#[test]
fn the_moving_team_chooses_in_secret_and_all_is_revealed_together() {
    let class = class();
    let addr = class.addr();
    class
        .set_teams(TeamSetup {
            labels: vec!["Iran".into(), "United States".into()],
            students_choose: true,
        })
        .unwrap();
    runtime().block_on(async {
        let mut students = Vec::new();
        for _ in 0..4 {
            students.push(Student::join(addr).await.0);
        }
        // Two pick Iran, two the United States.
        for (i, s) in students.iter_mut().enumerate() {
            s.send(json!({ "kind": "team", "team": i % 2 })).await;
            let state = s.state().await;
            assert_eq!(
                state["team"],
                if i % 2 == 0 { "Iran" } else { "United States" }
            );
        }
        let q = class.open(teams_spec(TeamRule::Majority)).unwrap();
        let mut roles = Vec::new();
        for s in students.iter_mut() {
            roles.push(
                s.state_where(|v| !v["question"].is_null()).await["question"]["role"].clone(),
            );
        }
        assert_eq!(
            roles,
            vec![
                json!("choose"),
                json!("predict"),
                json!("choose"),
                json!("predict")
            ]
        );
        // Teams cannot change now.
        students[0].send(json!({ "kind": "team", "team": 1 })).await;
        assert_eq!(
            students[0].next("error").await["message"],
            "teams cannot change while a team question is open"
        );

        students[0].vote(q, 0).await;
        let tally = class.tally().question.unwrap();
        assert!(!tally.teams[0].locked, "one of two Iranians chose");
        assert_eq!(tally.team_choice, None);
        students[2].vote(q, 0).await;
        students[1].predict(q, &[0.5, 0.5]).await;
        students[3].predict(q, &[0.1, 0.9]).await;

        // Locked per team, nothing of the choice shown before the reveal.
        let tally = class.tally().question.unwrap();
        assert!(tally.teams[0].locked && tally.teams[0].moving);
        assert!(tally.teams[1].locked && !tally.teams[1].moving);
        assert_eq!(tally.team_choice, None);
        assert!(
            tally
                .options
                .iter()
                .all(|o| o.count.is_none() && o.mean.is_none())
        );
        // A predictor cannot see the secret choice on their own page either.
        students[1]
            .send(json!({ "kind": "predict", "question": q, "probs": [0.6, 0.4] }))
            .await;
        let own = students[1].state().await;
        assert_eq!(own["question"]["result"], serde_json::Value::Null);

        class.reveal().unwrap();
        let seen = students[3]
            .state_where(|v| v["question"]["revealed"] == true)
            .await;
        assert_eq!(seen["question"]["result"]["class_choice"], 0);
        assert_eq!(seen["question"]["result"]["counts"], json!([2, 0]));
    });
    let tally = class.tally().question.unwrap();
    assert_eq!(tally.team_choice, Some(0));
    // The instructor plays the team's move; the predictions are scored.
    class.resolve(0).unwrap();
    let record = class.record();
    let scores = record.questions[0].scores().unwrap();
    // By hand: (0.6-1)^2+0.4^2 = 0.32 and (0.1-1)^2+0.9^2 = 1.62: mean 0.97;
    // the model (0.2-1)^2+0.8^2 = 1.28.
    assert!((scores.class_mean - 0.97).abs() < 1e-12, "{scores:?}");
    assert!((scores.model - 1.28).abs() < 1e-12, "{scores:?}");
    let teams: Vec<Option<&str>> = record.questions[0]
        .ballots
        .iter()
        .map(|b| b.team.as_deref())
        .collect();
    assert_eq!(
        teams,
        vec![
            Some("Iran"),
            Some("United States"),
            Some("Iran"),
            Some("United States")
        ]
    );
}

#[test]
fn under_a_captain_only_the_captain_chooses() {
    let class = class();
    let addr = class.addr();
    class
        .set_teams(TeamSetup {
            labels: vec!["Iran".into(), "United States".into()],
            students_choose: false,
        })
        .unwrap();
    runtime().block_on(async {
        // Dealt out evenly: Iran, United States, Iran.
        let (mut captain, first) = Student::join(addr).await;
        assert_eq!(first["team"], "Iran");
        let (_, second) = Student::join(addr).await;
        assert_eq!(second["team"], "United States");
        let (mut member, third) = Student::join(addr).await;
        assert_eq!(third["team"], "Iran");
        let q = class.open(teams_spec(TeamRule::Captain)).unwrap();
        let state = member.state_where(|v| !v["question"].is_null()).await;
        assert_eq!(state["question"]["role"], "wait");
        member
            .send(json!({ "kind": "vote", "question": q, "option": 1 }))
            .await;
        assert_eq!(
            member.next("error").await["message"],
            "your captain chooses for your team"
        );
        captain.state_where(|v| !v["question"].is_null()).await;
        captain.vote(q, 1).await;
    });
    let tally = class.tally().question.unwrap();
    assert!(tally.teams[0].locked);
    class.reveal().unwrap();
    assert_eq!(class.tally().question.unwrap().team_choice, Some(1));
}
