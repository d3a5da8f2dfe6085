//! What a class did, kept with the session: every question the instructor
//! opened, its anonymous ballots, locks, reveals and Brier scores, for the
//! debrief and the CSV of ballots. The class server (the `demarche-class`
//! crate) fills it; the session saves it; the debrief reads it.

use serde::{Deserialize, Serialize};

use crate::model::read_percent;

/// The Brier score of `probs` for the option `realised`: the sum over options of
/// (p - outcome)^2, 0 for a certain right forecast, 2 for a certain wrong one.
pub fn brier(probs: &[f64], realised: usize) -> f64 {
    probs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let outcome = if i == realised { 1.0 } else { 0.0 };
            (p - outcome) * (p - outcome)
        })
        .sum()
}

/// One option of a question: a move or a result, with what the model and the author say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionSpec {
    /// The option's label as the projector shows it.
    pub label: String,
    /// The model's forecast probability of this option.
    pub model: f64,
    /// The author's judgement, as the scenario words it ("likely"), if any.
    pub judgement_word: Option<String>,
    /// The author's judged probability, if any.
    pub judgement: Option<f64>,
}

impl OptionSpec {
    /// An option with the model's forecast and no author's judgement.
    pub fn new(label: impl Into<String>, model: f64) -> Self {
        Self {
            label: label.into(),
            model,
            judgement_word: None,
            judgement: None,
        }
    }
}

/// How a team's secret choice is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamRule {
    /// The option most of the team's members chose (the earlier option on a tie).
    Majority,
    /// The choice of the team's captain, its first member to join.
    Captain,
}

/// What kind of question the instructor opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Which move should the actor to move make? One ballot each, changeable until locked.
    Vote,
    /// A probability for each option, scored with a Brier score once the step is played.
    Predict,
    /// The team of the actor to move chooses in secret; the other teams predict.
    Teams {
        /// The index of the moving team in the class's class's teams.
        moving_team: usize,
        /// How the moving team's choice is made.
        rule: TeamRule,
    },
}

/// One student's ballot on one question, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotRecord {
    /// The student's anonymous id in this class ("s3").
    pub student: String,
    /// The student's team's label, when the class plays in teams.
    pub team: Option<String>,
    /// The option chosen (votes and a moving team's secret choice).
    pub choice: Option<usize>,
    /// The probability given to each option (predictions).
    pub probs: Option<Vec<f64>>,
    /// How many times the student changed this ballot before the lock.
    pub changes: u32,
}

/// The class's and the model's Brier scores on one question.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BrierScores {
    /// The mean of the students' Brier scores.
    pub class_mean: f64,
    /// The Brier score of the model's forecast.
    pub model: f64,
    /// How many predictions were scored.
    pub n_scored: usize,
}

impl BrierScores {
    /// Whether the class did better (a lower score) than the model.
    pub fn class_beat_model(&self) -> bool {
        self.class_mean < self.model
    }
}

/// One question as it went: what was asked, the ballots, and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionRecord {
    /// The question as opened.
    pub step: u32,
    /// Vote, predict or teams.
    pub kind: QuestionKind,
    /// The question in words.
    pub prompt: String,
    /// The options with the model's and the author's probabilities.
    pub options: Vec<OptionSpec>,
    /// The ballots, one per student who answered, in order of students.
    pub ballots: Vec<BallotRecord>,
    /// Whether the instructor locked the ballots.
    pub locked: bool,
    /// Whether the instructor revealed the results.
    pub revealed: bool,
    /// The option that happened when the step was played.
    pub realised: Option<usize>,
}

/// One option of a recorded question, as the debrief sets it out.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionRow {
    /// The option's label.
    pub label: String,
    /// How many ballots chose it, of how many chose at all (votes and team choices).
    pub chosen: Option<(usize, usize)>,
    /// The class's mean probability for it (predictions).
    pub class: Option<f64>,
    /// The model's forecast.
    pub model: f64,
    /// The author's judgement as the scenario words it: "unlikely (30 %)".
    pub author: Option<String>,
    /// Whether it is what happened when the step was played.
    pub played: bool,
}

impl QuestionRecord {
    /// The kind of question in words: "vote", "prediction", "teams".
    pub fn kind_word(&self) -> &'static str {
        match self.kind {
            QuestionKind::Vote => "vote",
            QuestionKind::Predict => "prediction",
            QuestionKind::Teams { .. } => "teams",
        }
    }

    /// Each option with the class's answers, the model, the author and
    /// whether it was played.
    pub fn option_rows(&self) -> Vec<OptionRow> {
        let counts = self.counts();
        let total: usize = counts.iter().sum();
        let means = self.mean_probs();
        self.options
            .iter()
            .enumerate()
            .map(|(i, o)| OptionRow {
                label: o.label.clone(),
                chosen: (total > 0).then(|| (counts[i], total)),
                class: means.as_ref().and_then(|m| m.get(i).copied()),
                model: o.model,
                author: match (&o.judgement_word, o.judgement) {
                    (Some(w), Some(p)) => Some(format!("{w} ({})", pct(p))),
                    (None, Some(p)) => Some(pct(p)),
                    (Some(w), None) => Some(w.clone()),
                    (None, None) => None,
                },
                played: self.realised == Some(i),
            })
            .collect()
    }

    /// "1 ballot", "3 ballots".
    pub fn ballots_text(&self) -> String {
        match self.ballots.len() {
            1 => "1 ballot".to_owned(),
            n => format!("{n} ballots"),
        }
    }

    /// The Brier line once scored: "Brier: class 0.180 (mean of 2), model
    /// 0.980; the class beat the model".
    pub fn brier_line(&self) -> Option<String> {
        self.scores().map(|s| {
            format!(
                "Brier: class {:.3} (mean of {}), model {:.3}{}",
                s.class_mean,
                s.n_scored,
                s.model,
                if s.class_beat_model() {
                    "; the class beat the model"
                } else {
                    ""
                }
            )
        })
    }

    /// How many ballots chose each option.
    pub fn counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.options.len()];
        for choice in self.ballots.iter().filter_map(|b| b.choice) {
            if let Some(c) = counts.get_mut(choice) {
                *c += 1;
            }
        }
        counts
    }

    /// The mean probability the predictions gave each option (`None` without any).
    pub fn mean_probs(&self) -> Option<Vec<f64>> {
        let all: Vec<&Vec<f64>> = self
            .ballots
            .iter()
            .filter_map(|b| b.probs.as_ref())
            .collect();
        if all.is_empty() {
            return None;
        }
        let n = all.len() as f64;
        Some(
            (0..self.options.len())
                .map(|i| {
                    all.iter()
                        .map(|p| p.get(i).copied().unwrap_or(0.0))
                        .sum::<f64>()
                        / n
                })
                .collect(),
        )
    }

    /// The Brier scores once the step is played and someone predicted.
    pub fn scores(&self) -> Option<BrierScores> {
        let realised = self.realised?;
        let scores: Vec<f64> = self
            .ballots
            .iter()
            .filter_map(|b| b.probs.as_ref())
            .map(|p| brier(p, realised))
            .collect();
        if scores.is_empty() {
            return None;
        }
        let model: Vec<f64> = self.options.iter().map(|o| o.model).collect();
        Some(BrierScores {
            class_mean: scores.iter().sum::<f64>() / scores.len() as f64,
            model: brier(&model, realised),
            n_scored: scores.len(),
        })
    }
}

/// Everything the class did in one session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassRecord {
    /// The students' generated nicknames, by anonymous id (`s1` is the first).
    pub students: Vec<String>,
    /// The questions in the order they were opened.
    pub questions: Vec<QuestionRecord>,
}

impl ClassRecord {
    /// Whether no question was ever asked.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty() && self.students.is_empty()
    }

    /// Whether some student answered some question: whether the ballots
    /// export has a row to write.
    pub fn has_ballots(&self) -> bool {
        self.questions.iter().any(|q| !q.ballots.is_empty())
    }

    /// This record followed by `later`, a later class in the same session:
    /// the later class's students get the ids after this one's (its `s1`
    /// becomes `s4` after three students), so every ballot stays its
    /// student's.
    pub fn followed_by(&self, later: &ClassRecord) -> ClassRecord {
        let offset = self.students.len();
        let renumber = |id: &str| match id.strip_prefix('s').and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => format!("s{}", n + offset),
            None => id.to_owned(),
        };
        let mut merged = self.clone();
        merged.students.extend(later.students.iter().cloned());
        merged.questions.extend(later.questions.iter().map(|q| {
            let mut q = q.clone();
            for b in &mut q.ballots {
                b.student = renumber(&b.student);
            }
            q
        }));
        merged
    }

    /// On how many scored questions the class beat the model, and how many were scored.
    pub fn beat_model(&self) -> (usize, usize) {
        let scored: Vec<BrierScores> = self.questions.iter().filter_map(|q| q.scores()).collect();
        (
            scored.iter().filter(|s| s.class_beat_model()).count(),
            scored.len(),
        )
    }

    /// "The class beat the model on 3 of 5 steps." (`None` before any step is scored.)
    pub fn beat_model_line(&self) -> Option<String> {
        let (won, scored) = self.beat_model();
        (scored > 0).then(|| {
            let steps = if scored == 1 { "step" } else { "steps" };
            format!("The class beat the model on {won} of {scored} {steps}.")
        })
    }

    /// The debrief's lines, one block per question: what the class chose or predicted,
    /// beside the model, the author's judgement and what happened, with Brier scores.
    pub fn debrief_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for q in &self.questions {
            lines.push(format!(
                "Step {} ({}): {} ({})",
                q.step,
                q.kind_word(),
                q.prompt,
                q.ballots_text()
            ));
            for row in q.option_rows() {
                let mut parts = Vec::new();
                if let Some((chosen, total)) = row.chosen {
                    parts.push(format!("chosen by {chosen} of {total}"));
                }
                if let Some(mean) = row.class {
                    parts.push(format!("class {}", pct(mean)));
                }
                parts.push(format!("model {}", pct(row.model)));
                if let Some(author) = &row.author {
                    parts.push(format!("author {author}"));
                }
                let played = if row.played { " <- played" } else { "" };
                lines.push(format!("  {}: {}{played}", row.label, parts.join(", ")));
            }
            if let Some(line) = q.brier_line() {
                lines.push(format!("  {line}"));
            }
        }
        if let Some(line) = self.beat_model_line() {
            lines.push(line);
        }
        lines
    }

    /// The ballots as CSV: one row per ballot, a column per option's probability.
    pub fn ballots_csv(&self) -> String {
        let mut out =
            String::from("question,step,kind,student,team,choice,probabilities,realised\n");
        for (n, q) in self.questions.iter().enumerate() {
            let kind = match q.kind {
                QuestionKind::Vote => "vote",
                QuestionKind::Predict => "predict",
                QuestionKind::Teams { .. } => "teams",
            };
            let realised = q
                .realised
                .and_then(|r| q.options.get(r))
                .map(|o| o.label.as_str())
                .unwrap_or("");
            for b in &q.ballots {
                let choice = b
                    .choice
                    .and_then(|c| q.options.get(c))
                    .map(|o| o.label.as_str())
                    .unwrap_or("");
                let probs = b
                    .probs
                    .as_ref()
                    .map(|p| {
                        p.iter()
                            .map(|x| format!("{x:.3}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{},{},{kind},{},{},{},{},{}\n",
                    n + 1,
                    q.step,
                    csv_field(&b.student),
                    csv_field(b.team.as_deref().unwrap_or("")),
                    csv_field(choice),
                    probs,
                    csv_field(realised),
                ));
            }
        }
        out
    }
}

fn pct(p: f64) -> String {
    read_percent(p)
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brier_of_certain_and_even_forecasts() {
        assert_eq!(brier(&[1.0, 0.0], 0), 0.0);
        assert_eq!(brier(&[1.0, 0.0], 1), 2.0);
        assert!((brier(&[0.5, 0.5], 0) - 0.5).abs() < 1e-12);
        assert!((brier(&[0.7, 0.2, 0.1], 1) - (0.49 + 0.64 + 0.01)).abs() < 1e-12);
    }

    #[test]
    fn csv_quotes_labels_with_commas() {
        assert_eq!(csv_field("Walk out, for now"), "\"Walk out, for now\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
