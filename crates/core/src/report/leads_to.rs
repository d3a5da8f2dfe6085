//! What a step leads to: the variables it changes and where it ends (an
//! outcome, a dead end, the edge of what was explored, or a situation from
//! which play goes on, with the outcomes still reachable). The presenter
//! view and the debrief both describe the moves not taken this way, each
//! in its own words, from the same facts.

use crate::analysis::StepReport;
use crate::engine::{SituationGraph, SituationId, Status, changes};
use crate::model::{OutcomeIndex, Scenario};

/// How many reachable outcomes [`LeadsTo::text`] names before "and N more".
const NAMED_OUTCOMES: usize = 4;

/// One variable a step changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Changed {
    /// The variable's place in the scenario's `variables`.
    pub variable: usize,
    /// Its stored value before the step.
    pub before: i64,
    /// Its stored value after the step.
    pub after: i64,
}

/// Where a step ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The situation it leads to meets this outcome.
    Outcome(OutcomeIndex),
    /// No one can move there and no outcome is met.
    DeadEnd,
    /// Expansion stopped there (the exploration limits).
    Frontier,
    /// Play goes on; these outcomes can still be reached from there, in
    /// outcome order.
    Open {
        /// The outcomes some path from there reaches.
        reachable: Vec<OutcomeIndex>,
    },
}

/// What a step from one situation to another leads to, as plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadsTo {
    /// The variables the step changes, in variable order.
    pub changes: Vec<Changed>,
    /// Where it ends.
    pub end: Ending,
}

/// What a step from `from` to `to` leads to. O(variables) for a step that
/// ends, plus a breadth-first walk of what `to` reaches (O(situations +
/// steps)) when play goes on.
pub fn leads_to(graph: &SituationGraph, from: SituationId, to: SituationId) -> LeadsTo {
    let end = match graph.status(to) {
        Status::Outcome(o) => Ending::Outcome(o),
        Status::DeadEnd => Ending::DeadEnd,
        Status::Frontier(_) => Ending::Frontier,
        Status::Open => Ending::Open {
            reachable: graph.reachable_outcomes(to),
        },
    };
    LeadsTo {
        changes: changed(graph, from, to),
        end,
    }
}

/// The variables a step from `from` to `to` changes, without where it
/// ends. O(variables).
pub fn changed(graph: &SituationGraph, from: SituationId, to: SituationId) -> Vec<Changed> {
    changes(graph, from, to)
        .into_iter()
        .map(|(variable, before, after)| Changed {
            variable,
            before,
            after,
        })
        .collect()
}

/// Changes from old to new, "Talks: open → stalled; Tension: 2 → 3", or
/// empty when there are none.
pub fn before_and_after(scenario: &Scenario, changes: &[Changed]) -> String {
    changes
        .iter()
        .filter_map(|c| {
            let v = scenario.variables.get(c.variable)?;
            Some(format!(
                "{}: {} → {}",
                v.display_name(),
                v.value_label(c.before),
                v.value_label(c.after)
            ))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl LeadsTo {
    /// What a step of an analysis report leads to, from the facts the
    /// report already holds (no walk of the graph). O(variables +
    /// outcomes reachable).
    pub fn of_step(graph: &SituationGraph, from: SituationId, step: &StepReport) -> LeadsTo {
        let changes = changes(graph, from, step.to)
            .into_iter()
            .map(|(variable, before, after)| Changed {
                variable,
                before,
                after,
            })
            .collect();
        let end = match step.status {
            Status::Outcome(o) => Ending::Outcome(o),
            Status::DeadEnd => Ending::DeadEnd,
            Status::Frontier(_) => Ending::Frontier,
            Status::Open => Ending::Open {
                reachable: step.reachable.clone(),
            },
        };
        LeadsTo { changes, end }
    }

    /// The changes as new values, "Talks: stalled, Tension: 3", or "nothing
    /// changes".
    pub fn new_values(&self, scenario: &Scenario) -> String {
        let parts: Vec<String> = self
            .changes
            .iter()
            .filter_map(|c| {
                let v = scenario.variables.get(c.variable)?;
                Some(format!("{}: {}", v.display_name(), v.value_label(c.after)))
            })
            .collect();
        if parts.is_empty() {
            "nothing changes".to_owned()
        } else {
            parts.join(", ")
        }
    }

    /// The changes from old to new (see [`before_and_after`]).
    pub fn before_and_after(&self, scenario: &Scenario) -> String {
        before_and_after(scenario, &self.changes)
    }

    /// The whole phrase in one line: "Talks: stalled; ends in Deal",
    /// "nothing changes; a dead end", "Tension: 3; can still reach War,
    /// Deal".
    pub fn text(&self, scenario: &Scenario) -> String {
        let mut text = self.new_values(scenario);
        text.push_str("; ");
        match &self.end {
            Ending::Open { reachable } if reachable.is_empty() => {
                text.push_str("no outcome reachable");
            }
            Ending::Open { reachable } => {
                let names: Vec<&str> = reachable
                    .iter()
                    .take(NAMED_OUTCOMES)
                    .map(|o| scenario.outcome(*o).label.as_str())
                    .collect();
                text.push_str(&format!("can still reach {}", names.join(", ")));
                if reachable.len() > NAMED_OUTCOMES {
                    text.push_str(&format!(" and {} more", reachable.len() - NAMED_OUTCOMES));
                }
            }
            end => text.push_str(&end.phrase(scenario)),
        }
        text
    }
}

impl Ending {
    /// "ends in Deal", "a dead end", "beyond the exploration limits", or,
    /// for play that goes on, "play goes on".
    pub fn phrase(&self, scenario: &Scenario) -> String {
        match self {
            Ending::Outcome(o) => format!("ends in {}", scenario.outcome(*o).label),
            Ending::DeadEnd => "a dead end".to_owned(),
            Ending::Frontier => "beyond the exploration limits".to_owned(),
            Ending::Open { .. } => "play goes on".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    /// The step of `move_id` from the start.
    fn step_of(scenario: &Scenario, graph: &SituationGraph, move_id: &str) -> SituationId {
        let m = scenario.move_by_id(move_id).unwrap();
        let s = graph
            .steps(graph.start())
            .find(|s| graph.step(*s).move_ == m)
            .unwrap();
        graph.target(s)
    }

    #[test]
    fn a_step_that_goes_on_names_its_changes_and_the_outcomes_left() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let to = step_of(&scenario, &graph, "arm");
        let leads = leads_to(&graph, graph.start(), to);
        assert_eq!(leads.new_values(&scenario), "Armed: yes, Score: 1");
        assert_eq!(
            leads.before_and_after(&scenario),
            "Armed: no → yes; Score: 0 → 1"
        );
        let Ending::Open { reachable } = &leads.end else {
            panic!("{leads:?}");
        };
        assert!(!reachable.is_empty());
        assert!(
            leads
                .text(&scenario)
                .starts_with("Armed: yes, Score: 1; can still reach "),
            "{}",
            leads.text(&scenario)
        );
    }
}
