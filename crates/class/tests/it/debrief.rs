//! The record of a scripted class (a vote, predictions, teams) as the debrief
//! and the CSV of ballots give it: exact text.

use demarche_class::{OptionSpec, QuestionKind, QuestionSpec, TeamRule, TeamSetup};
use serde_json::json;

use crate::common::*;

fn two(
    prompt: &str,
    step: u32,
    kind: QuestionKind,
    labels: [&str; 2],
    model: [f64; 2],
) -> QuestionSpec {
    QuestionSpec {
        step,
        kind,
        prompt: prompt.into(),
        options: vec![
            OptionSpec::new(labels[0], model[0]),
            OptionSpec::new(labels[1], model[1]),
        ],
    }
}

#[test]
fn a_scripted_class_debriefs_with_choices_and_brier_scores() {
    let class = class();
    let addr = class.addr();
    class
        .set_teams(TeamSetup {
            labels: vec!["Iran".into(), "United States".into()],
            students_choose: false,
        })
        .unwrap();
    runtime().block_on(async {
        // Dealt out: a and c for Iran, b for the United States.
        let (mut a, _) = Student::join(addr).await;
        let (mut b, _) = Student::join(addr).await;
        let (mut c, _) = Student::join(addr).await;
        let ready = |s: &serde_json::Value, q: usize| s["question"]["id"] == json!(q);

        let q = class.open(vote_spec(1)).unwrap();
        for s in [&mut a, &mut b, &mut c] {
            s.state_where(|v| ready(v, q)).await;
        }
        a.vote(q, 0).await;
        b.vote(q, 1).await;
        c.vote(q, 1).await;
        class.reveal().unwrap();
        class.resolve(1).unwrap();

        let mut spec = two(
            "Will the U.S. walk away?",
            2,
            QuestionKind::Predict,
            ["Walks away", "Stays"],
            [0.3, 0.7],
        );
        spec.options[0].judgement_word = Some("unlikely".into());
        spec.options[0].judgement = Some(0.3);
        let q = class.open(spec).unwrap();
        for s in [&mut a, &mut b, &mut c] {
            s.state_where(|v| ready(v, q)).await;
        }
        a.predict(q, &[0.8, 0.2]).await;
        b.predict(q, &[0.4, 0.6]).await;
        class.reveal().unwrap();
        class.resolve(0).unwrap();

        let q = class
            .open(two(
                "Iran's move",
                3,
                QuestionKind::Teams {
                    moving_team: 0,
                    rule: TeamRule::Majority,
                },
                ["Raise to 90%", "Cap at 60%"],
                [0.2, 0.8],
            ))
            .unwrap();
        for s in [&mut a, &mut b, &mut c] {
            s.state_where(|v| ready(v, q)).await;
        }
        a.vote(q, 0).await;
        c.vote(q, 0).await;
        b.predict(q, &[0.1, 0.9]).await;
        class.reveal().unwrap();
        class.resolve(0).unwrap();

        let q = class
            .open(two(
                "Will the talks resume?",
                4,
                QuestionKind::Predict,
                ["No", "Yes"],
                [0.3, 0.7],
            ))
            .unwrap();
        for s in [&mut a, &mut b, &mut c] {
            s.state_where(|v| ready(v, q)).await;
        }
        c.predict(q, &[0.9, 0.1]).await;
        class.resolve(1).unwrap();
    });
    let record = class.record();
    // Brier by hand. Step 2: (0.8-1)^2+0.2^2 = 0.08 and (0.4-1)^2+0.6^2 = 0.72, mean 0.400;
    // model (0.3-1)^2+0.7^2 = 0.980. Step 3: b alone, (0.1-1)^2+0.9^2 = 1.620; model
    // (0.2-1)^2+0.8^2 = 1.280. Step 4: c, 0.9^2+(0.1-1)^2 = 1.620; model 0.3^2+0.3^2 = 0.180.
    let expected = "\
Step 1 (vote): What should Iran do? (3 ballots)
  Insist on lifting all sanctions: chosen by 1 of 3, model 70 %
  Accept step-by-step relief: chosen by 2 of 3, model 30 % <- played
Step 2 (prediction): Will the U.S. walk away? (2 ballots)
  Walks away: class 60 %, model 30 %, author unlikely (30 %) <- played
  Stays: class 40 %, model 70 %
  Brier: class 0.400 (mean of 2), model 0.980; the class beat the model
Step 3 (teams): Iran's move (3 ballots)
  Raise to 90%: chosen by 2 of 2, class 10 %, model 20 % <- played
  Cap at 60%: chosen by 0 of 2, class 90 %, model 80 %
  Brier: class 1.620 (mean of 1), model 1.280
Step 4 (prediction): Will the talks resume? (1 ballot)
  No: class 90 %, model 30 %
  Yes: class 10 %, model 70 % <- played
  Brier: class 1.620 (mean of 1), model 0.180
The class beat the model on 1 of 3 steps.";
    assert_eq!(record.debrief_lines().join("\n"), expected);
    let csv = "\
question,step,kind,student,team,choice,probabilities,realised
1,1,vote,s1,Iran,Insist on lifting all sanctions,,Accept step-by-step relief
1,1,vote,s2,United States,Accept step-by-step relief,,Accept step-by-step relief
1,1,vote,s3,Iran,Accept step-by-step relief,,Accept step-by-step relief
2,2,predict,s1,Iran,,0.800 0.200,Walks away
2,2,predict,s2,United States,,0.400 0.600,Walks away
3,3,teams,s1,Iran,Raise to 90%,,Raise to 90%
3,3,teams,s2,United States,,0.100 0.900,Raise to 90%
3,3,teams,s3,Iran,Raise to 90%,,Raise to 90%
4,4,predict,s3,Iran,,0.900 0.100,Yes
";
    assert_eq!(record.ballots_csv(), csv);
}
