//! The class record: every question, its anonymous ballots, locks, reveals and scores,
//! kept with the session for the debrief and the CSV of ballots.

use serde::{Deserialize, Serialize};

use crate::{OptionSpec, QuestionKind};

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

impl QuestionRecord {
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
            let kind = match q.kind {
                QuestionKind::Vote => "vote",
                QuestionKind::Predict => "prediction",
                QuestionKind::Teams { .. } => "teams",
            };
            let ballots = match q.ballots.len() {
                1 => "1 ballot".to_owned(),
                n => format!("{n} ballots"),
            };
            lines.push(format!(
                "Step {} ({kind}): {} ({ballots})",
                q.step, q.prompt
            ));
            let counts = q.counts();
            let total: usize = counts.iter().sum();
            let means = q.mean_probs();
            for (i, o) in q.options.iter().enumerate() {
                let mut parts = Vec::new();
                if total > 0 {
                    parts.push(format!("chosen by {} of {total}", counts[i]));
                }
                if let Some(means) = &means {
                    parts.push(format!("class {}", pct(means[i])));
                }
                parts.push(format!("model {}", pct(o.model)));
                match (&o.judgement_word, o.judgement) {
                    (Some(w), Some(p)) => parts.push(format!("author {w} ({})", pct(p))),
                    (None, Some(p)) => parts.push(format!("author {}", pct(p))),
                    (Some(w), None) => parts.push(format!("author {w}")),
                    (None, None) => {}
                }
                let played = if q.realised == Some(i) {
                    " <- played"
                } else {
                    ""
                };
                lines.push(format!("  {}: {}{played}", o.label, parts.join(", ")));
            }
            if let Some(s) = q.scores() {
                lines.push(format!(
                    "  Brier: class {:.3} (mean of {}), model {:.3}{}",
                    s.class_mean,
                    s.n_scored,
                    s.model,
                    if s.class_beat_model() {
                        "; the class beat the model"
                    } else {
                        ""
                    }
                ));
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
    format!("{:.0}%", p * 100.0)
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
