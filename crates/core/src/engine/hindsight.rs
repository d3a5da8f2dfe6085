//! The hindsight warning: a cited source dated after the scenario's `as_of`
//! date tells the story with knowledge the actors did not have.
//!
//! Dates are compared on the parts both give (`2021`, `2021-11`,
//! `2021-11-29`): a source is after `as_of` only when every day it could
//! mean is after every day `as_of` could mean, so `2021-11` is not after
//! `2021-11-29` but `2021-12` is. There is no exception: a later account,
//! however well informed, is not what the actors knew on `as_of`.
//!
//! A source dated less precisely than `as_of`, whose month (or year) holds
//! `as_of` (`2015-07` for `2015-07-14`), may be either side of it: that is
//! a warning too, unless the author marks it `before_as_of: true`.

use crate::model::{Diagnostic, Scenario, Severity};

/// A warning for each source dated after `as_of`, or dated by a month or
/// year that holds `as_of` and not marked `before_as_of`, at the source's
/// date. Sources or an `as_of` whose date cannot be read are left alone.
/// O(sources).
pub(super) fn sources_after_as_of(scenario: &Scenario) -> Vec<Diagnostic> {
    let Some(as_of) = date_parts(&scenario.as_of) else {
        return Vec::new();
    };
    scenario
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, source)| {
            let date = date_parts(&source.date)?;
            let n = date.len().min(as_of.len());
            if date.len() < as_of.len() && date[..n] == as_of[..n] && !source.before_as_of {
                let span = if date.len() == 1 { "year" } else { "month" };
                return Some(
                    scenario
                        .origin
                        .diagnostic(
                            Severity::Warning,
                            &format!("sources[{i}].date"),
                            format!(
                                "source \"{}\" is dated {}, the {span} of the scenario's as_of date {}: it may have been published after it",
                                source.id, source.date, scenario.as_of
                            ),
                        )
                        .expected(format!(
                            "a source published on or before {}",
                            scenario.as_of
                        ))
                        .hint(format!(
                            "give its full date, or add `before_as_of: true` to the source if it was published before {}",
                            scenario.as_of
                        )),
                );
            }
            (date[..n] > as_of[..n]).then(|| {
                scenario
                    .origin
                    .diagnostic(
                        Severity::Warning,
                        &format!("sources[{i}].date"),
                        format!(
                            "source \"{}\" is dated {}, after the scenario's as_of date {}",
                            source.id, source.date, scenario.as_of
                        ),
                    )
                    .expected(format!(
                        "a source published on or before {}",
                        scenario.as_of
                    ))
                    .hint("cite what was published by as_of instead (the primary text or the original publisher); if nothing was, state the claim without a citation")
            })
        })
        .collect()
}

/// Year, month and day as far as the text gives them: `"2021-11"` is
/// `[2021, 11]`. `None` for text that is not such a date.
fn date_parts(text: &str) -> Option<Vec<u32>> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    if parts.is_empty() || parts.len() > 3 || parts[0].len() != 4 {
        return None;
    }
    let numbers: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>().ok())
        .collect::<Option<_>>()?;
    let month_ok = numbers.get(1).is_none_or(|m| (1..=12).contains(m));
    let day_ok = numbers.get(2).is_none_or(|d| (1..=31).contains(d));
    (month_ok && day_ok).then_some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_are_after_only_when_every_day_they_mean_is() {
        let after = |a: &str, b: &str| {
            let (a, b) = (date_parts(a).unwrap(), date_parts(b).unwrap());
            let n = a.len().min(b.len());
            a[..n] > b[..n]
        };
        assert!(after("2021-12-03", "2021-11-29"));
        assert!(after("2021-12", "2021-11-29"));
        assert!(after("2022", "2021-11-29"));
        assert!(!after("2021-11", "2021-11-29"));
        assert!(!after("2021-11-29", "2021-11-29"));
        assert!(!after("2021-11-30", "2021-11"));
        assert!(!after("2015-04-10", "2015-07-14"));
    }

    #[test]
    fn text_that_is_not_a_date_is_not_read() {
        assert_eq!(date_parts("2021-11-29"), Some(vec![2021, 11, 29]));
        assert_eq!(date_parts("1962"), Some(vec![1962]));
        assert_eq!(date_parts("November 2021"), None);
        assert_eq!(date_parts("2021-13"), None);
        assert_eq!(date_parts(""), None);
    }
}
