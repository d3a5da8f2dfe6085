//! Resolving raw conditions and effects against the scenario's variables:
//! each name must be a variable, each value of its variable's kind.

use super::parser::{RawChange, RawCondition, RawEffect, RawValue, Spanned};
use super::{CompareOp, Condition, Effect, EffectKind};
use crate::model::variable::{Domain, Variable};
use crate::model::{ResolveError, VariableIndex, did_you_mean, quote_list};

/// Resolves names against the scenario's variables.
pub struct Resolver<'a> {
    pub variables: &'a [Variable],
}

impl Resolver<'_> {
    fn variable(&self, name: &Spanned<String>) -> Result<VariableIndex, ResolveError> {
        self.variables
            .iter()
            .position(|v| v.id == name.value)
            .and_then(|i| u16::try_from(i).ok())
            .map(VariableIndex)
            .ok_or_else(|| {
                let ids: Vec<&str> = self.variables.iter().map(|v| v.id.as_str()).collect();
                ResolveError::new(
                    name.start,
                    name.len,
                    format!("unknown variable \"{}\"", name.value),
                )
                .expected(format!("one of the variables {}", quote_list(&ids)))
                .maybe_hint(did_you_mean(&name.value, &ids))
            })
    }

    /// The stored value a written value stands for, for this variable.
    fn value(&self, index: VariableIndex, value: &Spanned<RawValue>) -> Result<i64, ResolveError> {
        let variable = &self.variables[index.index()];
        let error = |message: String| ResolveError::new(value.start, value.len, message);
        match (&variable.domain, &value.value) {
            // A variable without levels is reported once, where it is defined.
            (Domain::Levels(levels), _) if levels.is_empty() => Ok(0),
            (Domain::Levels(levels), RawValue::Word(w) | RawValue::Quoted(w)) => levels
                .iter()
                .position(|l| l == w)
                .map(|i| i as i64)
                .ok_or_else(|| {
                    let names: Vec<&str> = levels.iter().map(String::as_str).collect();
                    error(format!(
                        "unknown level \"{w}\" of variable \"{}\"",
                        variable.id
                    ))
                    .expected(format!("one of the levels {}", quote_list(&names)))
                    .maybe_hint(did_you_mean(w, &names))
                }),
            (Domain::Flag, RawValue::Word(w)) if w == "true" || w == "false" => {
                Ok(i64::from(w == "true"))
            }
            (Domain::Integer { min, max }, RawValue::Number(n)) => {
                if (*min..=*max).contains(n) {
                    Ok(*n)
                } else {
                    Err(error(format!(
                        "{n} is outside the range of variable \"{}\"",
                        variable.id
                    ))
                    .expected(format!("a whole number from {min} to {max}")))
                }
            }
            (domain, found) => {
                let mut e = error(format!(
                    "variable \"{}\" {}, but {found} is {}",
                    variable.id,
                    domain.kind_phrase(),
                    found.kind_phrase()
                ))
                .expected(domain.expected_value());
                if let (Domain::Levels(_), RawValue::Number(_)) = (domain, found) {
                    e = e.hint(
                        "levels are names; quote them if they look like numbers, e.g. \"20%\"",
                    );
                }
                Err(e)
            }
        }
    }

    /// Resolves a parsed condition.
    pub fn condition(&self, raw: &RawCondition) -> Result<Condition, ResolveError> {
        Ok(match raw {
            RawCondition::Constant(b) => Condition::Constant(*b),
            RawCondition::Flag(name) => {
                let index = self.variable(name)?;
                let variable = &self.variables[index.index()];
                if variable.domain != Domain::Flag {
                    return Err(ResolveError::new(
                        name.start,
                        name.len,
                        format!("variable \"{}\" is not a flag", variable.id),
                    )
                    .expected("a comparison such as `==`")
                    .hint(format!(
                        "compare it with a value, e.g. `{} == {}`",
                        variable.id,
                        variable.domain.example()
                    )));
                }
                Condition::Compare {
                    variable: index,
                    op: CompareOp::Equal,
                    value: 1,
                }
            }
            RawCondition::Compare {
                variable,
                op,
                value,
            } => {
                let index = self.variable(variable)?;
                let stored = self.value(index, value)?;
                if op.is_ordering() && self.variables[index.index()].domain == Domain::Flag {
                    return Err(ResolveError::new(
                        variable.start,
                        value.start + value.len - variable.start,
                        format!(
                            "flag \"{}\" cannot be compared with `{}`",
                            variable.value,
                            op.symbol()
                        ),
                    )
                    .expected("`==` or `!=`"));
                }
                Condition::Compare {
                    variable: index,
                    op: *op,
                    value: stored,
                }
            }
            RawCondition::Not(inner) => Condition::Not(Box::new(self.condition(inner)?)),
            RawCondition::And(parts) => Condition::And(
                parts
                    .iter()
                    .map(|p| self.condition(p))
                    .collect::<Result<_, _>>()?,
            ),
            RawCondition::Or(parts) => Condition::Or(
                parts
                    .iter()
                    .map(|p| self.condition(p))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// Resolves a parsed effect.
    pub fn effect(&self, raw: &RawEffect) -> Result<Effect, ResolveError> {
        let variable = self.variable(&raw.variable)?;
        let kind = match &raw.change {
            RawChange::Set(value) => EffectKind::Set(self.value(variable, value)?),
            RawChange::Shift(by) => {
                let v = &self.variables[variable.index()];
                if v.domain == Domain::Flag {
                    return Err(ResolveError::new(
                        raw.variable.start,
                        by.start + by.len - raw.variable.start,
                        format!("flag \"{}\" cannot be raised or lowered", v.id),
                    )
                    .expected("`= true` or `= false`")
                    .hint(format!("write `{} = true`", v.id)));
                }
                EffectKind::Shift(by.value)
            }
        };
        Ok(Effect { variable, kind })
    }
}

impl RawValue {
    fn kind_phrase(&self) -> &'static str {
        match self {
            RawValue::Word(w) if w == "true" || w == "false" => "a flag value",
            RawValue::Word(_) | RawValue::Quoted(_) => "a level name",
            RawValue::Number(_) => "a number",
        }
    }
}
