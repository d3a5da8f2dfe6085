//! The class's state and its rules, free of any network: who joined, the questions,
//! the ballots, and what each student and the projector may see.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use crate::tally::{OptionTally, QuestionTally, Tally, TeamTally};
use crate::{Board, ClassError, QuestionKind, QuestionSpec, TeamRule, TeamSetup};
use demarche_core::session::{BallotRecord, ClassRecord, QuestionRecord};

/// The most options a question may have: more do not fit a phone or the projector.
pub(crate) const MAX_OPTIONS: usize = 16;

/// A student's request refused, with the message the page shows.
pub(crate) type Refusal = String;

/// One student who joined.
pub(crate) struct Student {
    pub nickname: String,
    pub team: Option<usize>,
}

#[derive(Default)]
struct Ballot {
    choice: Option<usize>,
    probs: Option<Vec<f64>>,
    changes: u32,
}

struct Question {
    spec: QuestionSpec,
    ballots: BTreeMap<usize, Ballot>,
    locked: bool,
    revealed: bool,
    realised: Option<usize>,
}

/// What a student sends about the open question.
pub(crate) enum BallotIn {
    Choice(usize),
    Probs(Vec<f64>),
}

/// What a student may do on the open question.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Vote,
    Predict,
    Choose,
    Wait,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Vote => "vote",
            Role::Predict => "predict",
            Role::Choose => "choose",
            Role::Wait => "wait",
        }
    }
}

/// The class: students, teams, questions and the instructor's settings.
pub(crate) struct Room {
    pub board: Board,
    pub students: Vec<Student>,
    index: HashMap<u64, usize>,
    pub joining_locked: bool,
    pub max_students: usize,
    pub step_code: bool,
    teams: Option<TeamSetup>,
    questions: Vec<Question>,
    open: bool,
}

impl Room {
    pub(crate) fn new(max_students: usize) -> Self {
        Self {
            board: Board::default(),
            students: Vec::new(),
            index: HashMap::new(),
            joining_locked: false,
            max_students,
            step_code: false,
            teams: None,
            questions: Vec::new(),
            open: false,
        }
    }

    /// The student with server id `id`.
    pub(crate) fn student(&self, id: u64) -> Option<usize> {
        self.index.get(&id).copied()
    }

    /// Adds a student with server id `id` and nickname, unless joining is locked or full.
    pub(crate) fn join(&mut self, id: u64, nickname: String) -> Result<usize, Refusal> {
        if self.joining_locked {
            return Err("joining is locked".into());
        }
        if self.students.len() >= self.max_students {
            return Err(format!(
                "the class is full ({} students)",
                self.max_students
            ));
        }
        let n = self.students.len();
        let team = match &self.teams {
            Some(setup) if !setup.students_choose => Some(self.smallest_team(setup.labels.len())),
            _ => None,
        };
        self.students.push(Student { nickname, team });
        self.index.insert(id, n);
        Ok(n)
    }

    pub(crate) fn nickname_taken(&self, name: &str) -> bool {
        self.students.iter().any(|s| s.nickname == name)
    }

    fn smallest_team(&self, n_teams: usize) -> usize {
        let mut sizes = vec![0usize; n_teams];
        for t in self.students.iter().filter_map(|s| s.team) {
            if let Some(size) = sizes.get_mut(t) {
                *size += 1;
            }
        }
        (0..n_teams).min_by_key(|&t| (sizes[t], t)).unwrap_or(0)
    }

    /// Sets up teams; when the server deals students out, everyone gets a team now.
    pub(crate) fn set_teams(&mut self, setup: TeamSetup) -> Result<(), ClassError> {
        if setup.labels.is_empty() {
            return Err(ClassError::Question(
                "a class in teams needs at least one team".into(),
            ));
        }
        for s in &mut self.students {
            s.team = None;
        }
        if !setup.students_choose {
            for i in 0..self.students.len() {
                let t = self.smallest_team(setup.labels.len());
                self.students[i].team = Some(t);
            }
        }
        self.teams = Some(setup);
        Ok(())
    }

    /// A student picks a team, when students choose.
    pub(crate) fn choose_team(&mut self, student: usize, team: usize) -> Result<(), Refusal> {
        let Some(setup) = &self.teams else {
            return Err("the class is not playing in teams".into());
        };
        if !setup.students_choose {
            return Err("the instructor assigns the teams".into());
        }
        if team >= setup.labels.len() {
            return Err("there is no such team".into());
        }
        if self
            .current()
            .is_some_and(|q| matches!(q.spec.kind, QuestionKind::Teams { .. }))
        {
            return Err("teams cannot change while a team question is open".into());
        }
        self.students[student].team = Some(team);
        Ok(())
    }

    /// Opens a question for the current step; the previous one is closed.
    pub(crate) fn open(&mut self, spec: QuestionSpec) -> Result<(), ClassError> {
        if spec.options.is_empty() || spec.options.len() > MAX_OPTIONS {
            return Err(ClassError::Question(format!(
                "a question needs 1 to {MAX_OPTIONS} options, not {}",
                spec.options.len()
            )));
        }
        if let QuestionKind::Teams { moving_team, .. } = spec.kind {
            let n_teams = self.teams.as_ref().map_or(0, |t| t.labels.len());
            if moving_team >= n_teams {
                return Err(ClassError::Question(format!(
                    "team {moving_team} does not exist ({n_teams} teams are set up)"
                )));
            }
        }
        self.questions.push(Question {
            spec,
            ballots: BTreeMap::new(),
            locked: false,
            revealed: false,
            realised: None,
        });
        self.open = true;
        Ok(())
    }

    fn current(&self) -> Option<&Question> {
        if self.open {
            self.questions.last()
        } else {
            None
        }
    }

    fn current_mut(&mut self) -> Result<&mut Question, ClassError> {
        if self.open {
            self.questions.last_mut().ok_or(ClassError::NoQuestion)
        } else {
            Err(ClassError::NoQuestion)
        }
    }

    pub(crate) fn current_id(&self) -> Option<usize> {
        self.open
            .then(|| self.questions.len().checked_sub(1))
            .flatten()
    }

    pub(crate) fn lock(&mut self) -> Result<(), ClassError> {
        self.current_mut()?.locked = true;
        Ok(())
    }

    pub(crate) fn reveal(&mut self) -> Result<(), ClassError> {
        let q = self.current_mut()?;
        q.locked = true;
        q.revealed = true;
        Ok(())
    }

    /// Records the option that happened when the step was played, which scores predictions.
    pub(crate) fn resolve(&mut self, realised: usize) -> Result<(), ClassError> {
        let q = self.current_mut()?;
        if realised >= q.spec.options.len() {
            return Err(ClassError::Question(format!(
                "option {realised} does not exist ({} options)",
                q.spec.options.len()
            )));
        }
        q.locked = true;
        q.realised = Some(realised);
        Ok(())
    }

    /// Takes back the last question's result and opens it again (the move that
    /// scored it was undone); its ballots stay locked.
    pub(crate) fn unresolve(&mut self) -> Result<(), ClassError> {
        let q = self.questions.last_mut().ok_or(ClassError::NoQuestion)?;
        q.realised = None;
        self.open = true;
        Ok(())
    }

    pub(crate) fn close(&mut self) {
        self.open = false;
    }

    fn role(&self, student: usize, q: &Question) -> Role {
        match q.spec.kind {
            QuestionKind::Vote => Role::Vote,
            QuestionKind::Predict => Role::Predict,
            QuestionKind::Teams { moving_team, rule } => match self.students[student].team {
                None => Role::Wait,
                Some(t) if t != moving_team => Role::Predict,
                Some(t) => match rule {
                    TeamRule::Majority => Role::Choose,
                    TeamRule::Captain if self.captain(t) == Some(student) => Role::Choose,
                    TeamRule::Captain => Role::Wait,
                },
            },
        }
    }

    /// A team's captain: its first member to join.
    fn captain(&self, team: usize) -> Option<usize> {
        self.students.iter().position(|s| s.team == Some(team))
    }

    /// A student's ballot on question `question`, checked against the rules.
    pub(crate) fn ballot(
        &mut self,
        student: usize,
        question: usize,
        ballot: BallotIn,
    ) -> Result<(), Refusal> {
        let Some(current) = self.current_id() else {
            return Err("no question is open".into());
        };
        if question != current {
            return Err("that question is closed; the page shows the open one".into());
        }
        let q = &self.questions[current];
        if q.locked {
            return Err("the ballots are locked".into());
        }
        let n_options = q.spec.options.len();
        let role = self.role(student, q);
        let entry = match (role, ballot) {
            (Role::Vote | Role::Choose, BallotIn::Choice(c)) => {
                if c >= n_options {
                    return Err("there is no such option".into());
                }
                (Some(c), None)
            }
            (Role::Predict, BallotIn::Probs(p)) => (None, Some(checked_probs(p, n_options)?)),
            (Role::Wait, _) => {
                return Err(if self.students[student].team.is_none() {
                    "join a team first".into()
                } else {
                    "your captain chooses for your team".into()
                });
            }
            (Role::Predict, BallotIn::Choice(_)) => {
                return Err("this question asks for a probability per option".into());
            }
            (Role::Vote | Role::Choose, BallotIn::Probs(_)) => {
                return Err("this question asks for one option".into());
            }
        };
        let b = self.questions[current].ballots.entry(student).or_default();
        if b.choice.is_some() || b.probs.is_some() {
            b.changes += 1;
        }
        b.choice = entry.0;
        b.probs = entry.1;
        Ok(())
    }

    fn team_choice(&self, q: &Question) -> Option<usize> {
        let QuestionKind::Teams { moving_team, rule } = q.spec.kind else {
            return None;
        };
        match rule {
            TeamRule::Captain => {
                let captain = self.captain(moving_team)?;
                q.ballots.get(&captain)?.choice
            }
            TeamRule::Majority => {
                let mut counts = vec![0usize; q.spec.options.len()];
                for (s, b) in &q.ballots {
                    if self.students[*s].team == Some(moving_team)
                        && let Some(c) = b.choice
                    {
                        counts[c] += 1;
                    }
                }
                majority(&counts)
            }
        }
    }

    /// The projector's snapshot.
    pub(crate) fn tally(&self) -> Tally {
        Tally {
            n_students: self.students.len(),
            joining_locked: self.joining_locked,
            question: self.current().map(|q| self.question_tally(q)),
        }
    }

    fn question_tally(&self, q: &Question) -> QuestionTally {
        let n = q.spec.options.len();
        let mut counts = vec![0usize; n];
        let mut probs: Vec<&Vec<f64>> = Vec::new();
        for b in q.ballots.values() {
            if let Some(c) = b.choice {
                counts[c] += 1;
            }
            if let Some(p) = &b.probs {
                probs.push(p);
            }
        }
        let n_choices: usize = counts.iter().sum();
        let options = q
            .spec
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let (mean, spread) = mean_spread(probs.iter().map(|p| p[i]));
                OptionTally {
                    label: o.label.clone(),
                    model: o.model,
                    judgement_word: o.judgement_word.clone(),
                    judgement: o.judgement,
                    count: (q.revealed && n_choices > 0).then_some(counts[i]),
                    share: (q.revealed && n_choices > 0)
                        .then(|| counts[i] as f64 / n_choices as f64),
                    mean: if q.revealed { mean } else { None },
                    spread: if q.revealed { spread } else { None },
                }
            })
            .collect();
        let teams = match (&q.spec.kind, &self.teams) {
            (QuestionKind::Teams { moving_team, rule }, Some(setup)) => setup
                .labels
                .iter()
                .enumerate()
                .map(|(t, label)| {
                    let members: Vec<usize> = (0..self.students.len())
                        .filter(|&s| self.students[s].team == Some(t))
                        .collect();
                    let n_answered = members.iter().filter(|s| q.ballots.contains_key(s)).count();
                    let moving = t == *moving_team;
                    let done = if moving && *rule == TeamRule::Captain {
                        self.captain(t).is_some_and(|c| q.ballots.contains_key(&c))
                    } else {
                        !members.is_empty() && n_answered == members.len()
                    };
                    TeamTally {
                        label: label.clone(),
                        n_members: members.len(),
                        n_answered,
                        moving,
                        locked: q.locked || done,
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        let team_choice = if q.revealed {
            self.team_choice(q)
        } else {
            None
        };
        let class_choice = match q.spec.kind {
            QuestionKind::Vote if q.revealed => majority(&counts),
            QuestionKind::Teams { .. } => team_choice,
            _ => None,
        };
        QuestionTally {
            step: q.spec.step,
            kind: q.spec.kind.clone(),
            prompt: q.spec.prompt.clone(),
            n_ballots: q.ballots.len(),
            locked: q.locked,
            revealed: q.revealed,
            options,
            teams,
            team_choice,
            class_choice,
            realised: q.realised,
            scores: self.question_record(q).scores(),
        }
    }

    fn question_record(&self, q: &Question) -> QuestionRecord {
        let team_label = |s: usize| {
            let t = self.students[s].team?;
            self.teams.as_ref()?.labels.get(t).cloned()
        };
        QuestionRecord {
            step: q.spec.step,
            kind: q.spec.kind.clone(),
            prompt: q.spec.prompt.clone(),
            options: q.spec.options.clone(),
            ballots: q
                .ballots
                .iter()
                .map(|(s, b)| BallotRecord {
                    student: format!("s{}", s + 1),
                    team: team_label(*s),
                    choice: b.choice,
                    probs: b.probs.clone(),
                    changes: b.changes,
                })
                .collect(),
            locked: q.locked,
            revealed: q.revealed,
            realised: q.realised,
        }
    }

    /// Everything so far, for the session and the debrief.
    pub(crate) fn record(&self) -> ClassRecord {
        ClassRecord {
            students: self.students.iter().map(|s| s.nickname.clone()).collect(),
            questions: self
                .questions
                .iter()
                .map(|q| self.question_record(q))
                .collect(),
        }
    }

    /// What student `student` sees, as the JSON the page renders.
    pub(crate) fn view(&self, student: usize) -> Value {
        let me = &self.students[student];
        let team_labels = self.teams.as_ref().map(|t| &t.labels);
        let question = self.current().map(|q| {
            let id = self.questions.len() - 1;
            let mine = q
                .ballots
                .get(&student)
                .map(|b| match (&b.choice, &b.probs) {
                    (Some(c), _) => json!({ "choice": c }),
                    (None, Some(p)) => json!({ "probs": p }),
                    (None, None) => Value::Null,
                });
            let result = q.revealed.then(|| {
                let t = self.question_tally(q);
                json!({
                    "counts": t.options.iter().map(|o| o.count).collect::<Vec<_>>(),
                    "mean": t.options.iter().map(|o| o.mean).collect::<Vec<_>>(),
                    "model": t.options.iter().map(|o| o.model).collect::<Vec<_>>(),
                    "class_choice": t.class_choice,
                    "realised": t.realised,
                })
            });
            json!({
                "id": id,
                "kind": match q.spec.kind {
                    QuestionKind::Vote => "vote",
                    QuestionKind::Predict => "predict",
                    QuestionKind::Teams { .. } => "teams",
                },
                "role": self.role(student, q).name(),
                "prompt": q.spec.prompt,
                "options": q.spec.options.iter().map(|o| &o.label).collect::<Vec<_>>(),
                "locked": q.locked,
                "revealed": q.revealed,
                "mine": mine,
                "result": result,
            })
        });
        json!({
            "kind": "state",
            "nickname": me.nickname,
            "team": me.team.and_then(|t| team_labels.and_then(|l| l.get(t))),
            "teams": self.teams.as_ref().map(|t| json!({
                "labels": t.labels,
                "choose": t.students_choose,
            })),
            "board": self.board,
            "question": question,
        })
    }
}

/// The index of the largest count, the earlier on a tie; `None` when all are zero.
fn majority(counts: &[usize]) -> Option<usize> {
    let best = *counts.iter().max()?;
    (best > 0)
        .then(|| counts.iter().position(|&c| c == best))
        .flatten()
}

/// The mean and population standard deviation of `xs`, or `None`s when empty.
fn mean_spread(xs: impl Iterator<Item = f64> + Clone) -> (Option<f64>, Option<f64>) {
    let n = xs.clone().count();
    if n == 0 {
        return (None, None);
    }
    let mean = xs.clone().sum::<f64>() / n as f64;
    let var = xs.map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
    (Some(mean), Some(var.sqrt()))
}

/// Probabilities a student sent, checked and scaled to sum to one.
fn checked_probs(p: Vec<f64>, n_options: usize) -> Result<Vec<f64>, Refusal> {
    if p.len() != n_options {
        return Err(format!("give one probability per option ({n_options})"));
    }
    if p.iter().any(|x| !x.is_finite() || *x < 0.0 || *x > 1.0) {
        return Err("each probability must be between 0 and 1".into());
    }
    let sum: f64 = p.iter().sum();
    if (sum - 1.0).abs() > 0.02 {
        return Err("the probabilities must add up to 100%".into());
    }
    Ok(p.into_iter().map(|x| x / sum).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OptionSpec;

    fn spec(kind: QuestionKind) -> QuestionSpec {
        QuestionSpec {
            step: 1,
            kind,
            prompt: "What next?".into(),
            options: vec![
                OptionSpec::new("Talk", 0.6),
                OptionSpec::new("Walk out", 0.4),
            ],
        }
    }

    #[test]
    fn tally_hides_counts_until_the_reveal() {
        let mut room = Room::new(10);
        let a = room.join(1, "A".into()).unwrap();
        let b = room.join(2, "B".into()).unwrap();
        room.open(spec(QuestionKind::Vote)).unwrap();
        room.ballot(a, 0, BallotIn::Choice(1)).unwrap();
        room.ballot(b, 0, BallotIn::Choice(1)).unwrap();
        let t = room.tally().question.unwrap();
        assert_eq!(t.n_ballots, 2);
        assert_eq!(t.options[1].count, None);
        room.reveal().unwrap();
        let t = room.tally().question.unwrap();
        assert_eq!(t.options[1].count, Some(2));
        assert_eq!(t.class_choice, Some(1));
    }

    #[test]
    fn probabilities_are_checked() {
        assert!(checked_probs(vec![0.5, 0.5], 2).is_ok());
        assert!(checked_probs(vec![0.5], 2).is_err());
        assert!(checked_probs(vec![f64::NAN, 1.0], 2).is_err());
        assert!(checked_probs(vec![-0.5, 1.5], 2).is_err());
        assert!(checked_probs(vec![0.2, 0.2], 2).is_err());
    }

    #[test]
    fn majority_takes_the_earlier_option_on_a_tie() {
        assert_eq!(majority(&[1, 2, 2]), Some(1));
        assert_eq!(majority(&[0, 0]), None);
    }
}
