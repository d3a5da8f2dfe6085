//! Parameters: the judgements a scenario's author made that an analysis
//! depends on (a payoff, a result's probability), with stable string ids
//! for the command line and for saved sweeps.
//!
//! Ids: `payoff:OUTCOME:ACTOR` (what `ACTOR` gets in `OUTCOME`) and
//! `probability:MOVE:RESULT` (the chance of `RESULT` when `MOVE` is made).

use crate::model::{
    ActorIndex, ChanceResult, MoveIndex, OutcomeIndex, ResultIndex, Scenario, did_you_mean,
    quote_list,
};

/// One judgement an analysis depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Parameter {
    /// What an actor gets in an outcome.
    Payoff {
        /// The outcome.
        outcome: OutcomeIndex,
        /// The actor paid.
        actor: ActorIndex,
    },
    /// The probability of one chance result of a move.
    Probability {
        /// The move with chance results.
        move_: MoveIndex,
        /// The result whose probability is meant.
        result: ResultIndex,
    },
}

/// A parameter id that names nothing in the scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("parameter \"{id}\": {problem}")]
pub struct ParameterError {
    /// The id as written.
    pub id: String,
    /// What is wrong with it, with the names it could be.
    pub problem: String,
}

impl Parameter {
    /// Reads an id such as `payoff:deal:us` or `probability:offer:accepted`.
    pub fn parse(scenario: &Scenario, id: &str) -> Result<Parameter, ParameterError> {
        let fail = |problem: String| ParameterError {
            id: id.to_owned(),
            problem,
        };
        let parts: Vec<&str> = id.trim().split(':').map(str::trim).collect();
        match parts.as_slice() {
            ["payoff", outcome, actor] => {
                let outcome_index = scenario.outcome_by_id(outcome).ok_or_else(|| {
                    let known: Vec<&str> =
                        scenario.outcomes.iter().map(|o| o.id.as_str()).collect();
                    fail(unknown("outcome", outcome, &known))
                })?;
                let actor_index = scenario.actor_by_id(actor).ok_or_else(|| {
                    let known: Vec<&str> = scenario.actors.iter().map(|a| a.id.as_str()).collect();
                    fail(unknown("actor", actor, &known))
                })?;
                Ok(Parameter::Payoff {
                    outcome: outcome_index,
                    actor: actor_index,
                })
            }
            ["probability", move_id, result_id] => {
                let move_index = scenario.move_by_id(move_id).ok_or_else(|| {
                    let known: Vec<&str> = scenario.moves.iter().map(|m| m.id.as_str()).collect();
                    fail(unknown("move", move_id, &known))
                })?;
                let m = scenario.move_(move_index);
                if m.results.is_empty() {
                    return Err(fail(format!(
                        "move \"{move_id}\" has no chance results, so no probability to vary"
                    )));
                }
                let known: Vec<&str> = m.results.iter().map(|r| r.id.as_str()).collect();
                let j = known
                    .iter()
                    .position(|r| r == result_id)
                    .ok_or_else(|| fail(unknown("result", result_id, &known)))?;
                if m.results.len() < 2 {
                    return Err(fail(format!(
                        "move \"{move_id}\" has a single result, whose probability is always 1"
                    )));
                }
                Ok(Parameter::Probability {
                    move_: move_index,
                    result: ResultIndex(j as u16),
                })
            }
            _ => Err(fail(
                "expected payoff:OUTCOME:ACTOR or probability:MOVE:RESULT".to_owned(),
            )),
        }
    }

    /// The parameter's stable id, e.g. `payoff:deal:us`.
    pub fn id(&self, scenario: &Scenario) -> String {
        match *self {
            Parameter::Payoff { outcome, actor } => format!(
                "payoff:{}:{}",
                scenario.outcome(outcome).id,
                scenario.actor(actor).id
            ),
            Parameter::Probability { move_, result } => {
                let m = scenario.move_(move_);
                let result_id = m.results.get(result.index()).map_or("?", |r| r.id.as_str());
                format!("probability:{}:{result_id}", m.id)
            }
        }
    }

    /// The parameter as a person reads it: "Khamenei's payoff for Deal
    /// restored", or "Chance of Washington walks away (Demand all sanctions
    /// lifted first)". Names and labels, never ids (ids stand in only where
    /// the author left a label empty).
    pub fn label(&self, scenario: &Scenario) -> String {
        match *self {
            Parameter::Payoff { outcome, actor } => format!(
                "{}'s payoff for {}",
                scenario.actor(actor).display_name(),
                scenario.outcome(outcome).display_name()
            ),
            Parameter::Probability { move_, result } => {
                let m = scenario.move_(move_);
                let result = m
                    .results
                    .get(result.index())
                    .map_or("?", ChanceResult::display_name);
                format!("Chance of {result} ({})", m.display_name())
            }
        }
    }

    /// Every parameter of a scenario: each outcome's payoff to each actor
    /// (outcomes, then actors, in file order), then each result's
    /// probability for moves with two or more results.
    pub fn all(scenario: &Scenario) -> Vec<Parameter> {
        let mut out = Vec::new();
        for o in 0..scenario.outcomes.len() {
            for a in 0..scenario.actors.len() {
                out.push(Parameter::Payoff {
                    outcome: OutcomeIndex(o as u32),
                    actor: ActorIndex(a as u16),
                });
            }
        }
        for (i, m) in scenario.moves.iter().enumerate() {
            if m.results.len() >= 2 {
                for j in 0..m.results.len() {
                    out.push(Parameter::Probability {
                        move_: MoveIndex(i as u32),
                        result: ResultIndex(j as u16),
                    });
                }
            }
        }
        out
    }

    /// Whether this is a probability.
    pub fn is_probability(&self) -> bool {
        matches!(self, Parameter::Probability { .. })
    }
}

fn unknown(kind: &str, found: &str, known: &[&str]) -> String {
    let mut text = format!(
        "unknown {kind} \"{found}\"; expected one of {}",
        quote_list(known)
    );
    if let Some(hint) = did_you_mean(found, known) {
        text.push_str("; ");
        text.push_str(&hint);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    #[test]
    fn ids_round_trip_and_mistakes_are_explained() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        for p in Parameter::all(&scenario) {
            assert_eq!(Parameter::parse(&scenario, &p.id(&scenario)), Ok(p));
            assert!(!p.label(&scenario).contains(':'), "{}", p.label(&scenario));
        }
        assert_eq!(Parameter::all(&scenario).len(), 2 * 2 + 2);
        let message = |id: &str| Parameter::parse(&scenario, id).unwrap_err().to_string();
        assert_eq!(
            message("payoff:dael:north"),
            "parameter \"payoff:dael:north\": unknown outcome \"dael\"; expected one of \"deal\", \"war\"; did you mean \"deal\"?"
        );
        assert_eq!(
            message("probability:arm:x"),
            "parameter \"probability:arm:x\": move \"arm\" has no chance results, so no probability to vary"
        );
        assert_eq!(
            message("deal"),
            "parameter \"deal\": expected payoff:OUTCOME:ACTOR or probability:MOVE:RESULT"
        );
    }
}
