//! Conditions and effects: the small expression language of scenario files.
//!
//! A condition reads like a sentence, `talks == open and enrichment >= "60%"`:
//! `and`, `or`, `not`, parentheses, and comparisons of a variable with a
//! value. Levels compare by their order, integers by value, and a flag can
//! stand alone (`hardened`, `not hardened`). An effect is `var = value`,
//! `var + N` or `var - N`.
//!
//! Text is parsed into a [`RawCondition`] (names still strings) and then
//! resolved against the scenario's variables into a typed [`Condition`], so a
//! wrong name or a value of the wrong kind is caught at load time with the
//! character offset of the offending token.
//!
//! This file holds what a loaded scenario keeps (conditions and effects that
//! evaluate and apply); reading text is `lexer.rs` (tokens), `parser.rs`
//! (the raw forms, names still strings) and `resolve.rs` (names checked
//! against the variables), each importing only the ones before it.

mod lexer;
mod parser;
mod resolve;

pub use parser::{
    MAX_NESTING, RawChange, RawCondition, RawEffect, RawValue, Spanned, parse_condition,
    parse_effect,
};
pub use resolve::Resolver;

use super::VariableIndex;
use super::variable::Variable;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl CompareOp {
    /// Applies the operator to two numbers.
    pub fn holds(self, left: i64, right: i64) -> bool {
        match self {
            CompareOp::Equal => left == right,
            CompareOp::NotEqual => left != right,
            CompareOp::Less => left < right,
            CompareOp::LessOrEqual => left <= right,
            CompareOp::Greater => left > right,
            CompareOp::GreaterOrEqual => left >= right,
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Equal => "==",
            CompareOp::NotEqual => "!=",
            CompareOp::Less => "<",
            CompareOp::LessOrEqual => "<=",
            CompareOp::Greater => ">",
            CompareOp::GreaterOrEqual => ">=",
        }
    }

    fn is_ordering(self) -> bool {
        !matches!(self, CompareOp::Equal | CompareOp::NotEqual)
    }
}

/// A condition resolved against the scenario's variables.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// Always true or always false.
    Constant(bool),
    /// `variable op value`, values as stored in a situation (level index,
    /// 0/1 for a flag, the integer itself).
    Compare {
        variable: VariableIndex,
        op: CompareOp,
        value: i64,
    },
    Not(Box<Condition>),
    And(Vec<Condition>),
    Or(Vec<Condition>),
}

impl Condition {
    /// Evaluates the condition on a situation's variable values.
    pub fn holds(&self, values: &[i64]) -> bool {
        match self {
            Condition::Constant(b) => *b,
            Condition::Compare {
                variable,
                op,
                value,
            } => values
                .get(variable.index())
                .is_some_and(|&v| op.holds(v, *value)),
            Condition::Not(inner) => !inner.holds(values),
            Condition::And(all) => all.iter().all(|c| c.holds(values)),
            Condition::Or(any) => any.iter().any(|c| c.holds(values)),
        }
    }

    /// The condition with `variable` replaced by a known value, folded so
    /// that what no longer depends on anything becomes a constant.
    pub fn with_value(&self, variable: VariableIndex, known: i64) -> Condition {
        match self {
            Condition::Compare {
                variable: v,
                op,
                value,
            } if *v == variable => Condition::Constant(op.holds(known, *value)),
            Condition::Constant(_) | Condition::Compare { .. } => self.clone(),
            Condition::Not(inner) => match inner.with_value(variable, known) {
                Condition::Constant(b) => Condition::Constant(!b),
                other => Condition::Not(Box::new(other)),
            },
            Condition::And(parts) => {
                let mut kept = Vec::new();
                for p in parts {
                    match p.with_value(variable, known) {
                        Condition::Constant(false) => return Condition::Constant(false),
                        Condition::Constant(true) => {}
                        other => kept.push(other),
                    }
                }
                match kept.len() {
                    0 => Condition::Constant(true),
                    1 => kept.remove(0),
                    _ => Condition::And(kept),
                }
            }
            Condition::Or(parts) => {
                let mut kept = Vec::new();
                for p in parts {
                    match p.with_value(variable, known) {
                        Condition::Constant(true) => return Condition::Constant(true),
                        Condition::Constant(false) => {}
                        other => kept.push(other),
                    }
                }
                match kept.len() {
                    0 => Condition::Constant(false),
                    1 => kept.remove(0),
                    _ => Condition::Or(kept),
                }
            }
        }
    }

    /// The variables this condition reads.
    pub fn variables(&self, out: &mut Vec<VariableIndex>) {
        match self {
            Condition::Constant(_) => {}
            Condition::Compare { variable, .. } => out.push(*variable),
            Condition::Not(inner) => inner.variables(out),
            Condition::And(parts) | Condition::Or(parts) => {
                parts.iter().for_each(|p| p.variables(out));
            }
        }
    }
}

/// What an effect does to its variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EffectKind {
    /// Set to this stored value.
    Set(i64),
    /// Add this amount (levels: steps up or down), clamped to the domain.
    Shift(i64),
}

/// One change a move or result makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Effect {
    pub variable: VariableIndex,
    pub kind: EffectKind,
}

impl Effect {
    /// Applies the effect to `values`, keeping the variable in its domain.
    pub fn apply(&self, values: &mut [i64], variables: &[Variable]) {
        let i = self.variable.index();
        let (Some(value), Some(variable)) = (values.get_mut(i), variables.get(i)) else {
            return;
        };
        let (low, high) = variable.domain.bounds();
        *value = match self.kind {
            EffectKind::Set(v) => v,
            EffectKind::Shift(by) => value.saturating_add(by),
        }
        .clamp(low, high);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Domain, ResolveError};

    fn variables() -> Vec<Variable> {
        vec![
            Variable::new(
                "talks",
                Domain::Levels(vec!["open".into(), "paused".into(), "deal".into()]),
                0,
            ),
            Variable::new(
                "enrichment",
                Domain::Levels(vec!["3.67%".into(), "20%".into(), "60%".into()]),
                2,
            ),
            Variable::new("hardened", Domain::Flag, 0),
            Variable::new("tension", Domain::Integer { min: 0, max: 10 }, 4),
        ]
    }

    fn resolve(text: &str) -> Result<Condition, ResolveError> {
        let vars = variables();
        Resolver { variables: &vars }.condition(&parse_condition(text)?)
    }

    #[test]
    fn conditions_evaluate_by_level_order() {
        let c = resolve(r#"talks == open and enrichment >= "20%""#).unwrap();
        assert!(c.holds(&[0, 2, 0, 4]));
        assert!(!c.holds(&[0, 0, 0, 4]));
        assert!(!c.holds(&[1, 2, 0, 4]));
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        let c = resolve("not hardened and tension > 5 or talks == deal").unwrap();
        assert!(c.holds(&[0, 0, 0, 6]));
        assert!(!c.holds(&[0, 0, 1, 6]));
        assert!(c.holds(&[2, 0, 1, 0]));
        let c = resolve("not (hardened or tension > 5)").unwrap();
        assert!(c.holds(&[0, 0, 0, 5]));
        assert!(!c.holds(&[0, 0, 0, 6]));
    }

    #[test]
    fn empty_condition_is_always() {
        assert_eq!(resolve("  ").unwrap(), Condition::Constant(true));
    }

    #[test]
    fn unknown_level_points_at_the_value_with_a_suggestion() {
        let e = resolve("talks == opne").unwrap_err();
        assert_eq!((e.start, e.len), (9, 4));
        assert_eq!(e.message, "unknown level \"opne\" of variable \"talks\"");
        assert_eq!(e.hint.as_deref(), Some("did you mean \"open\"?"));
    }

    #[test]
    fn wrong_kinds_are_reported() {
        let e = resolve("tension == open").unwrap_err();
        assert_eq!(
            e.message,
            "variable \"tension\" is a whole number, but open is a level name"
        );
        let e = resolve("talks").unwrap_err();
        assert_eq!(e.message, "variable \"talks\" is not a flag");
        let e = resolve("hardened > false").unwrap_err();
        assert!(
            e.message
                .starts_with("flag \"hardened\" cannot be compared")
        );
    }

    #[test]
    fn syntax_errors_say_what_was_expected() {
        let e = resolve("talks == open and").unwrap_err();
        assert_eq!(e.message, "the condition ends too early");
        assert_eq!(e.start, 17);
        let e = resolve("talks = open").unwrap_err();
        assert_eq!(e.start, 6);
        assert!(e.hint.is_some());
        let e = resolve("hardened && talks == open").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("write `and` instead of `&&`"));
        let e = resolve("(hardened").unwrap_err();
        assert_eq!(e.message, "this parenthesis is never closed");
    }

    #[test]
    fn effects_set_and_shift_with_clamping() {
        let vars = variables();
        let r = Resolver { variables: &vars };
        let mut values = vec![0, 2, 0, 9];
        for text in [
            "enrichment - 1",
            "tension + 5",
            "hardened = true",
            "talks = deal",
        ] {
            r.effect(&parse_effect(text).unwrap())
                .unwrap()
                .apply(&mut values, &vars);
        }
        assert_eq!(values, vec![2, 1, 1, 10]);
        let e = r
            .effect(&parse_effect("tension = 11").unwrap())
            .unwrap_err();
        assert_eq!(e.message, "11 is outside the range of variable \"tension\"");
        assert!(parse_effect("tension ==").is_err());
        assert!(r.effect(&parse_effect("hardened + 1").unwrap()).is_err());
    }
}
