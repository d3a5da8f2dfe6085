//! ICD 203 likelihood words and the probability each one stands for.
//!
//! Intelligence Community Directive 203 gives each word a range; a scenario
//! needs one number per word so that results can be summed and solved. We
//! take a point inside each range, chosen so that the natural pairs add up to
//! one ("likely" + "unlikely", "very likely" + "very unlikely", "almost
//! certain" + "almost no chance").
//!
//! The same words state the author's judgement of how likely an actor is to
//! choose a move ([`Stated`] on a move); [`forecast_shares`] turns the
//! judgements of the moves available together into probabilities.

/// One ICD 203 likelihood word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Likelihood {
    /// 1-5 %; stands for 0.03.
    AlmostNoChance,
    /// 5-20 %; stands for 0.10.
    VeryUnlikely,
    /// 20-45 %; stands for 0.30.
    Unlikely,
    /// 45-55 %; stands for 0.50.
    RoughlyEvenChance,
    /// 55-80 %; stands for 0.70.
    Likely,
    /// 80-95 %; stands for 0.90.
    VeryLikely,
    /// 95-99 %; stands for 0.97.
    AlmostCertain,
}

impl Likelihood {
    /// Every word, from least to most likely.
    pub const ALL: [Likelihood; 7] = [
        Likelihood::AlmostNoChance,
        Likelihood::VeryUnlikely,
        Likelihood::Unlikely,
        Likelihood::RoughlyEvenChance,
        Likelihood::Likely,
        Likelihood::VeryLikely,
        Likelihood::AlmostCertain,
    ];

    /// The word as written in a scenario file and shown to the user.
    pub fn word(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "almost no chance",
            Likelihood::VeryUnlikely => "very unlikely",
            Likelihood::Unlikely => "unlikely",
            Likelihood::RoughlyEvenChance => "roughly even chance",
            Likelihood::Likely => "likely",
            Likelihood::VeryLikely => "very likely",
            Likelihood::AlmostCertain => "almost certain",
        }
    }

    /// The probability this word stands for.
    pub fn probability(self) -> f64 {
        match self {
            Likelihood::AlmostNoChance => 0.03,
            Likelihood::VeryUnlikely => 0.10,
            Likelihood::Unlikely => 0.30,
            Likelihood::RoughlyEvenChance => 0.50,
            Likelihood::Likely => 0.70,
            Likelihood::VeryLikely => 0.90,
            Likelihood::AlmostCertain => 0.97,
        }
    }

    /// The ICD 203 range, in percent, for display ("55-80 %").
    pub fn range_percent(self) -> (u8, u8) {
        match self {
            Likelihood::AlmostNoChance => (1, 5),
            Likelihood::VeryUnlikely => (5, 20),
            Likelihood::Unlikely => (20, 45),
            Likelihood::RoughlyEvenChance => (45, 55),
            Likelihood::Likely => (55, 80),
            Likelihood::VeryLikely => (80, 95),
            Likelihood::AlmostCertain => (95, 99),
        }
    }

    /// The ICD 203 range as probabilities: `(0.55, 0.80)` for "likely".
    pub fn range(self) -> (f64, f64) {
        let (low, high) = self.range_percent();
        (f64::from(low) / 100.0, f64::from(high) / 100.0)
    }

    /// Reads a word, ignoring case and surrounding or repeated spaces.
    pub fn parse(text: &str) -> Option<Likelihood> {
        let normal = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        Likelihood::ALL.into_iter().find(|l| l.word() == normal)
    }

    /// The word whose range holds `probability`, for describing a number in
    /// words (the lower word wins at a shared boundary).
    pub fn describe(probability: f64) -> Option<Likelihood> {
        let percent = probability * 100.0;
        Likelihood::ALL.into_iter().find(|l| {
            let (low, high) = l.range_percent();
            percent >= f64::from(low) && percent <= f64::from(high)
        })
    }
}

/// A probability as the author stated it: a number, or a likelihood word
/// standing for one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stated {
    /// The number used for point estimates (the word's number for a word).
    pub probability: f64,
    /// The word it was written as, if any.
    pub word: Option<Likelihood>,
}

impl Stated {
    /// The values it may take: the word's ICD 203 range (widened to hold
    /// the point, should it have been changed), or the number itself.
    pub fn range(&self) -> (f64, f64) {
        match self.word {
            Some(word) => {
                let (low, high) = word.range();
                (low.min(self.probability), high.max(self.probability))
            }
            None => (self.probability, self.probability),
        }
    }

    /// "likely (70 %)" or "25 %".
    pub fn text(&self) -> String {
        let percent = format_percent(self.probability);
        match self.word {
            Some(word) => format!("{} ({percent})", word.word()),
            None => percent,
        }
    }
}

/// How [`forecast_shares`] fitted the judgements of one situation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fit {
    /// The judged moves took their judged probabilities; the unjudged moves
    /// shared the rest.
    AsJudged,
    /// The judged moves added up to `total`, more than 1, or less than 1
    /// with no unjudged move to take the rest: they were scaled to sum to
    /// 1 (`check` warns). A total of 0 with nothing to share leaves every
    /// move equally likely.
    Scaled {
        /// What the judged moves added up to.
        total: f64,
    },
}

/// How far judgements may stray from summing to 1 before [`Fit::Scaled`]
/// is reported (the arithmetic scales regardless).
pub const JUDGEMENT_TOLERANCE: f64 = 1e-9;

/// The forecast's probability of each of the moves available together in
/// one situation, from each move's judged probability (`None` for a move
/// without a judgement), written to `out` in the same order: a judged move
/// gets its judged probability; the moves without a judgement share what
/// is left equally; judgements adding up to more than 1, or to less than 1
/// with nothing left to share it, are scaled to sum to 1. With no
/// judgement at all every move gets `1 / n`, exactly as uniform play.
/// O(moves).
pub fn forecast_shares(judged: &[Option<f64>], out: &mut Vec<f64>) -> Fit {
    out.clear();
    let n_unjudged = judged.iter().filter(|j| j.is_none()).count();
    let total: f64 = judged.iter().flatten().sum();
    if n_unjudged > 0 && total <= 1.0 {
        let share = (1.0 - total) / n_unjudged as f64;
        out.extend(judged.iter().map(|j| j.unwrap_or(share)));
        return Fit::AsJudged;
    }
    if total > 0.0 {
        out.extend(judged.iter().map(|j| j.unwrap_or(0.0) / total));
    } else {
        let share = 1.0 / judged.len().max(1) as f64;
        out.extend(judged.iter().map(|_| share));
    }
    if (total - 1.0).abs() <= JUDGEMENT_TOLERANCE {
        Fit::AsJudged
    } else {
        Fit::Scaled { total }
    }
}

/// A probability as a percentage without needless decimals ("70 %", "2.5 %").
pub fn format_percent(probability: f64) -> String {
    let percent = probability * 100.0;
    if (percent - percent.round()).abs() < 1e-9 {
        format!("{percent:.0} %")
    } else {
        let text = format!("{percent:.2}");
        format!("{} %", text.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// A probability as people read a percentage: one decimal at most, and
/// none where it adds nothing ("32.9 %", "50 %", "< 0.1 %").
pub fn read_percent(p: f64) -> String {
    let percent = p * 100.0;
    if percent > 0.0 && percent < 0.05 {
        return "< 0.1 %".to_owned();
    }
    let tenths = (percent * 10.0).round() / 10.0;
    if (tenths - tenths.round()).abs() < 1e-9 {
        format!("{tenths:.0} %")
    } else {
        format!("{tenths:.1} %")
    }
}

/// A number as people read it: at most two decimals (`1.5`, `-2`), and in
/// scientific notation beyond a billion or below a thousandth (`1.7e308`,
/// `2.5e-7`), never a 300-digit number.
pub fn read_number(v: f64) -> String {
    let magnitude = v.abs();
    if v.is_finite() && magnitude != 0.0 && !(1e-3..1e9).contains(&magnitude) {
        let text = format!("{v:.2e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exponent}");
    }
    let text = format!("{v:.2}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judged_moves_take_their_share_and_the_rest_is_split() {
        let mut out = Vec::new();
        // "likely" and two unjudged moves: 0.7, then 0.15 each.
        let fit = forecast_shares(&[Some(0.7), None, None], &mut out);
        assert_eq!(fit, Fit::AsJudged);
        assert!((out[0] - 0.7).abs() < 1e-15 && (out[1] - 0.15).abs() < 1e-15);
        assert_eq!(out[1], out[2]);
        // "likely" twice: 1.4, scaled to a half each; the unjudged get 0.
        let fit = forecast_shares(&[Some(0.7), Some(0.7), None], &mut out);
        assert_eq!(fit, Fit::Scaled { total: 1.4 });
        assert_eq!(out, vec![0.5, 0.5, 0.0]);
        // "unlikely" alone with nothing to share the rest: scaled up to 1.
        let fit = forecast_shares(&[Some(0.3)], &mut out);
        assert_eq!(fit, Fit::Scaled { total: 0.3 });
        assert_eq!(out, vec![1.0]);
        // No judgement: uniform, to the bit.
        assert_eq!(
            forecast_shares(&[None, None, None], &mut out),
            Fit::AsJudged
        );
        assert_eq!(out, vec![1.0 / 3.0; 3]);
        // Judged at 0 with nothing to share: every move equally likely.
        let fit = forecast_shares(&[Some(0.0), Some(0.0)], &mut out);
        assert_eq!(fit, Fit::Scaled { total: 0.0 });
        assert_eq!(out, vec![0.5, 0.5]);
        // Exactly 1 with an unjudged move: it gets nothing, no warning.
        assert_eq!(
            forecast_shares(&[Some(0.7), Some(0.3), None], &mut out),
            Fit::AsJudged
        );
        assert!(out[2].abs() < 1e-15);
    }

    #[test]
    fn ranges_are_the_icd_203_ranges_and_numbers_are_points() {
        let likely = Stated {
            probability: 0.7,
            word: Some(Likelihood::Likely),
        };
        assert_eq!(likely.range(), (0.55, 0.8));
        assert_eq!(likely.text(), "likely (70 %)");
        let number = Stated {
            probability: 0.25,
            word: None,
        };
        assert_eq!(number.range(), (0.25, 0.25));
        assert_eq!(number.text(), "25 %");
    }

    #[test]
    fn each_number_lies_in_its_range() {
        for l in Likelihood::ALL {
            let (low, high) = l.range_percent();
            let p = l.probability() * 100.0;
            assert!(p >= f64::from(low) && p <= f64::from(high), "{l:?}");
            assert_eq!(Likelihood::describe(l.probability()), Some(l));
        }
    }

    #[test]
    fn pairs_sum_to_one() {
        let sum = |a: Likelihood, b: Likelihood| a.probability() + b.probability();
        assert!((sum(Likelihood::Likely, Likelihood::Unlikely) - 1.0).abs() < 1e-12);
        assert!((sum(Likelihood::VeryLikely, Likelihood::VeryUnlikely) - 1.0).abs() < 1e-12);
        assert!((sum(Likelihood::AlmostCertain, Likelihood::AlmostNoChance) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn parse_is_forgiving_about_case_and_spaces() {
        assert_eq!(
            Likelihood::parse(" Roughly  even chance"),
            Some(Likelihood::RoughlyEvenChance)
        );
        assert_eq!(Likelihood::parse("probable"), None);
    }
}
