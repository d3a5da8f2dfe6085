//! What the sources forecast, set beside what the scenario's own
//! judgements derive: the test of a forecast rather than its restatement.
//!
//! A source forecast ([`crate::model::SourceForecast`]) says that play ends
//! in one of some outcomes with a likelihood the source states (a word and
//! its ICD 203 range, or a number). The scenario derives its own chance of
//! the same outcomes from its judged moves and chance results (the
//! forecast play model, [`super::PlayModel::Judged`]), with an interval
//! when the likelihood words range. [`compare_source_forecasts`] puts the
//! two side by side and says whether they agree.
//!
//! The derived interval of a set of outcomes is the sum of their lowest
//! and the sum of their highest probabilities (each outcome's bounds are
//! reached by its own choice of values, so the sums are outer bounds,
//! clamped to 0..1).

use serde::Serialize;

use super::{Intervals, OutcomeProbabilities};
use crate::model::{Scenario, format_percent};

/// How the scenario's derived chance stands to the source's stated one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The derived point lies in the stated range.
    Agrees,
    /// The point lies outside the stated range, but the derived interval
    /// reaches into it: the judgements could carry the forecast at some
    /// values of their words.
    Overlaps,
    /// Even the highest derived value lies below the stated range: the
    /// judgements do not carry the forecast.
    Below,
    /// Even the lowest derived value lies above the stated range: the
    /// judgements make it likelier than the source says.
    Above,
}

impl Verdict {
    /// What the verdict means, in a sentence's second half.
    pub fn text(self) -> &'static str {
        match self {
            Verdict::Agrees => "they agree",
            Verdict::Overlaps => {
                "the point falls outside the stated range, but the ranges overlap: the judgements carry the forecast only at some values of their words"
            }
            Verdict::Below => {
                "below the stated range at every value of the judgements: the source's own conditionals, as this scenario reads them, do not carry its headline"
            }
            Verdict::Above => {
                "above the stated range at every value of the judgements: this scenario makes it likelier than the source does"
            }
        }
    }
}

/// One source forecast beside what the scenario derives, as plain data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceForecastComparison {
    /// Its index in [`Scenario::source_forecasts`].
    pub forecast: usize,
    /// Who states it ([`crate::model::Source::speaker`]).
    pub source: String,
    /// The labels of the outcomes it is about.
    pub outcomes: Vec<String>,
    /// The source's words.
    pub quote: String,
    /// The likelihood as stated: "very likely (90 %)" or "60 %".
    pub stated_text: String,
    /// The stated likelihood word, if it is one.
    pub stated_word: Option<String>,
    /// The stated range (a word's ICD 203 range; a number is a point).
    pub stated_range: (f64, f64),
    /// What the scenario's judgements give for the same outcomes.
    pub derived: f64,
    /// Its interval, when intervals were worked out.
    pub derived_interval: Option<(f64, f64)>,
    /// How the two stand.
    pub verdict: Verdict,
}

impl SourceForecastComparison {
    /// The comparison in a plain sentence: "Daniel R. DePetris: very likely
    /// (80-95 %) for Long, hard slog. This scenario's judgements give 52 %
    /// (31-70 %): below the stated range ...".
    pub fn sentence(&self) -> String {
        let stated = match &self.stated_word {
            Some(word) => format!(
                "{word} ({}-{})",
                bare_percent(self.stated_range.0),
                format_percent(self.stated_range.1)
            ),
            None => format_percent(self.stated_range.0),
        };
        let derived = match self.derived_interval {
            Some((low, high)) => format!(
                "{} ({}-{})",
                rounded(self.derived),
                bare_percent(low),
                rounded(high)
            ),
            None => rounded(self.derived),
        };
        format!(
            "{}: {stated} for {}. This scenario's judgements give {derived}: {}.",
            self.source,
            self.outcomes.join(" or "),
            self.verdict.text()
        )
    }
}

/// A probability as a whole percentage with its sign ("52 %"), rounded as
/// people read a forecast.
fn rounded(p: f64) -> String {
    format!("{:.0} %", (p * 100.0).round() + 0.0)
}

/// A whole percentage without the sign, for the low end of a range.
fn bare_percent(p: f64) -> String {
    format!("{:.0}", (p * 100.0).round() + 0.0)
}

/// Each of the scenario's source forecasts beside what `probabilities`
/// (and `intervals`, if given) derive, both worked out under the forecast
/// play model from the same situation. A derived point within 1e-9 of the
/// stated range counts as inside it. O(source forecasts x
/// outcomes).
pub fn compare_source_forecasts(
    scenario: &Scenario,
    probabilities: &OutcomeProbabilities,
    intervals: Option<&Intervals>,
) -> Vec<SourceForecastComparison> {
    scenario
        .source_forecasts
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let derived: f64 = f
                .outcomes
                .iter()
                .filter_map(|o| probabilities.by_outcome.get(o.index()))
                .sum();
            let derived_interval = intervals.map(|i| {
                let (low, high) = f
                    .outcomes
                    .iter()
                    .filter_map(|o| i.by_outcome.get(o.index()))
                    .fold((0.0, 0.0), |(l, h), (a, b)| (l + a, h + b));
                (low.clamp(0.0, 1.0), high.clamp(0.0, 1.0))
            });
            let (low, high) = f.likelihood.range();
            let source = scenario
                .sources
                .get(f.citation.source.index())
                .map_or_else(String::new, |s| s.speaker().to_owned());
            SourceForecastComparison {
                forecast: k,
                source,
                outcomes: f
                    .outcomes
                    .iter()
                    .map(|o| scenario.outcome(*o).display_name().to_owned())
                    .collect(),
                quote: f.citation.quote.clone(),
                stated_text: f.likelihood.text(),
                stated_word: f.likelihood.word.map(|w| w.word().to_owned()),
                stated_range: (low, high),
                derived,
                derived_interval,
                verdict: verdict(derived, derived_interval, (low, high)),
            }
        })
        .collect()
}

/// How a derived point and interval stand to a stated range. A point
/// within 1e-9 of the range counts as inside it.
fn verdict(derived: f64, interval: Option<(f64, f64)>, (low, high): (f64, f64)) -> Verdict {
    const SLACK: f64 = 1e-9;
    let (derived_low, derived_high) = interval.unwrap_or((derived, derived));
    if derived >= low - SLACK && derived <= high + SLACK {
        Verdict::Agrees
    } else if derived_high < low - SLACK {
        Verdict::Below
    } else if derived_low > high + SLACK {
        Verdict::Above
    } else {
        Verdict::Overlaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comparison(derived: f64, interval: Option<(f64, f64)>) -> SourceForecastComparison {
        let (low, high) = (0.8, 0.95);
        SourceForecastComparison {
            forecast: 0,
            source: "The article".to_owned(),
            outcomes: vec!["Long, hard slog".to_owned()],
            quote: "in all likelihood".to_owned(),
            stated_text: "very likely (90 %)".to_owned(),
            stated_word: Some("very likely".to_owned()),
            stated_range: (low, high),
            derived,
            derived_interval: interval,
            verdict: verdict(derived, interval, (low, high)),
        }
    }

    #[test]
    fn the_sentence_sets_the_two_side_by_side() {
        assert_eq!(
            comparison(0.52, Some((0.31, 0.70))).sentence(),
            "The article: very likely (80-95 %) for Long, hard slog. This scenario's judgements give 52 % (31-70 %): below the stated range at every value of the judgements: the source's own conditionals, as this scenario reads them, do not carry its headline."
        );
        assert_eq!(
            comparison(0.85, None).sentence(),
            "The article: very likely (80-95 %) for Long, hard slog. This scenario's judgements give 85 %: they agree."
        );
        assert_eq!(
            comparison(0.6, Some((0.5, 0.82))).verdict,
            Verdict::Overlaps
        );
        assert_eq!(comparison(0.99, Some((0.97, 1.0))).verdict, Verdict::Above);
        // At the edge of the range: inside.
        assert_eq!(comparison(0.8, None).verdict, Verdict::Agrees);
        assert_eq!(comparison(0.79, None).verdict, Verdict::Below);
    }
}
