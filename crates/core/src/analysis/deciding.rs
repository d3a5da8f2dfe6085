//! What decides rational play: of the payoffs that change the rational
//! path somewhere in their range (the tornado's bars that flip it), the one
//! whose flip lies nearest its value in the scenario, with where it flips
//! and where rational play ends on either side. An analyst reads it as
//! "rational play rests on this number; it would take this much to change
//! it". Found by sweeping each candidate ([`super::sensitivity::sweep`])
//! on the unfolding the rest of the analysis shares.

use std::ops::ControlFlow;
use std::sync::Arc;

use super::parameter::Parameter;
use super::progress::Progress;
use super::sensitivity::{Change, SweepOptions, Tornado, sweep_on};
use super::solve::PathEnd;
use super::unfold::Unfolding;
use crate::engine::SituationGraph;
use crate::model::Scenario;

/// How many of the tornado's path-changing payoffs are swept, largest
/// swing first.
const CANDIDATES: usize = 6;

/// The payoff rational play rests on most closely.
#[derive(Clone, Debug, PartialEq)]
pub struct DecidingPayoff {
    pub parameter: Parameter,
    /// Its value in the scenario.
    pub base: f64,
    /// Where the rational path changes, nearest the base.
    pub threshold: f64,
    /// Where rational play ends with the payoff as it is.
    pub end_now: PathEnd,
    /// Where it ends past the threshold.
    pub end_past: PathEnd,
}

impl DecidingPayoff {
    /// "Rational play rests on Khamenei's payoff for Deal restored: 6 in
    /// this scenario; from 7 rational play ends in Deal restored instead of
    /// Long slog."
    pub fn sentence(&self, scenario: &Scenario) -> String {
        let end = |e: PathEnd| match e {
            PathEnd::Outcome(o) => scenario.outcome(o).display_name().to_owned(),
            PathEnd::DeadEnd => "a dead end".to_owned(),
            PathEnd::Frontier => "the edge of what was explored".to_owned(),
            PathEnd::Horizon => "a cycle cut by the horizon".to_owned(),
        };
        let direction = if self.threshold > self.base {
            "from"
        } else {
            "at or below"
        };
        let change = if self.end_past == self.end_now {
            format!(
                "the rational path changes (it still ends in {})",
                end(self.end_now)
            )
        } else {
            format!(
                "rational play ends in {} instead of {}",
                end(self.end_past),
                end(self.end_now)
            )
        };
        format!(
            "Rational play rests on {}: {} in this scenario; {direction} {} {change}.",
            self.parameter.label(scenario),
            number(self.base),
            number(self.threshold),
        )
    }
}

/// A value as people read it: up to two decimals, no trailing zeros.
fn number(x: f64) -> String {
    let text = format!("{:.2}", (x * 100.0).round() / 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The payoff of the tornado's that flips the rational path nearest its
/// value, or `None` when no payoff in its range changes the path.
/// O(candidates x sweep points x the unfolding).
pub(crate) fn deciding_payoff(
    scenario: &Scenario,
    graph: &SituationGraph,
    unfolding: &Arc<Unfolding>,
    tornado: &Tornado,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Option<DecidingPayoff> {
    let mut best: Option<(f64, DecidingPayoff)> = None;
    let candidates = tornado
        .bars
        .iter()
        .filter(|b| b.path_changes && matches!(b.parameter, Parameter::Payoff { .. }))
        .take(CANDIDATES);
    for bar in candidates {
        let Ok(swept) = sweep_on(
            scenario,
            graph,
            Arc::clone(unfolding),
            bar.parameter,
            &SweepOptions::default(),
            progress,
        ) else {
            continue;
        };
        let width = (swept.range.1 - swept.range.0).abs().max(1e-12);
        let nearest = swept
            .thresholds
            .iter()
            .filter(|t| t.change == Change::Path)
            .min_by(|a, b| {
                (a.value - swept.base)
                    .abs()
                    .total_cmp(&(b.value - swept.base).abs())
            });
        let Some(threshold) = nearest else {
            continue;
        };
        let distance = (threshold.value - swept.base).abs() / width;
        // The side of the threshold away from the base.
        let past = if threshold.value > swept.base {
            threshold.above
        } else {
            threshold.below
        };
        let now = swept
            .points
            .iter()
            .min_by(|a, b| {
                (a.value - swept.base)
                    .abs()
                    .total_cmp(&(b.value - swept.base).abs())
            })
            .map(|p| p.path.end);
        let (Some(end_now), Some(end_past)) = (now, swept.points.get(past).map(|p| p.path.end))
        else {
            continue;
        };
        let found = DecidingPayoff {
            parameter: bar.parameter,
            base: swept.base,
            threshold: threshold.value,
            end_now,
            end_past,
        };
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, found));
        }
    }
    best.map(|(_, found)| found)
}
