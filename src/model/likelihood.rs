//! ICD 203 likelihood words and the probability each one stands for.
//!
//! Intelligence Community Directive 203 gives each word a range; a scenario
//! needs one number per word so that results can be summed and solved. We
//! take a point inside each range, chosen so that the natural pairs add up to
//! one ("likely" + "unlikely", "very likely" + "very unlikely", "almost
//! certain" + "almost no chance").

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

#[cfg(test)]
mod tests {
    use super::*;

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
