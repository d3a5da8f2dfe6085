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

use std::fmt;

use super::scenario::{Domain, Variable};
use super::{ResolveError, VariableIndex};

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

/// A token with its character offset in the text.
#[derive(Clone, Debug, PartialEq)]
struct Token {
    kind: TokenKind,
    start: usize,
    len: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum TokenKind {
    Name(String),
    Quoted(String),
    Number(i64),
    Compare(CompareOp),
    Assign,
    Plus,
    Minus,
    And,
    Or,
    Not,
    Open,
    Close,
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenKind::Name(n) => write!(f, "`{n}`"),
            TokenKind::Quoted(q) => write!(f, "\"{q}\""),
            TokenKind::Number(n) => write!(f, "`{n}`"),
            TokenKind::Compare(op) => write!(f, "`{}`", op.symbol()),
            TokenKind::Assign => f.write_str("`=`"),
            TokenKind::Plus => f.write_str("`+`"),
            TokenKind::Minus => f.write_str("`-`"),
            TokenKind::And => f.write_str("`and`"),
            TokenKind::Or => f.write_str("`or`"),
            TokenKind::Not => f.write_str("`not`"),
            TokenKind::Open => f.write_str("`(`"),
            TokenKind::Close => f.write_str("`)`"),
        }
    }
}

fn lex(text: &str) -> Result<Vec<Token>, ResolveError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let following = chars.get(i + 1).copied();
        let two = |next: char| following == Some(next);
        let kind = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.as_str() {
                "and" => TokenKind::And,
                "or" => TokenKind::Or,
                "not" => TokenKind::Not,
                _ => TokenKind::Name(word),
            }
        } else if c.is_ascii_digit() {
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            let n = digits.parse().map_err(|_| {
                ResolveError::new(start, i - start, format!("number {digits} is too large"))
            })?;
            TokenKind::Number(n)
        } else if c == '"' || c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            if i == chars.len() {
                return Err(ResolveError::new(start, i - start, "unclosed quote")
                    .expected(format!("a closing {c}")));
            }
            i += 1;
            TokenKind::Quoted(chars[start + 1..i - 1].iter().collect())
        } else {
            i += 1;
            match c {
                '(' => TokenKind::Open,
                ')' => TokenKind::Close,
                '+' => TokenKind::Plus,
                '-' => TokenKind::Minus,
                '=' if two('=') => {
                    i += 1;
                    TokenKind::Compare(CompareOp::Equal)
                }
                '=' => TokenKind::Assign,
                '!' if two('=') => {
                    i += 1;
                    TokenKind::Compare(CompareOp::NotEqual)
                }
                '<' if two('=') => {
                    i += 1;
                    TokenKind::Compare(CompareOp::LessOrEqual)
                }
                '>' if two('=') => {
                    i += 1;
                    TokenKind::Compare(CompareOp::GreaterOrEqual)
                }
                '<' => TokenKind::Compare(CompareOp::Less),
                '>' => TokenKind::Compare(CompareOp::Greater),
                '&' | '|' | '!' => {
                    let (len, word) = match c {
                        '&' => (if two('&') { 2 } else { 1 }, "and"),
                        '|' => (if two('|') { 2 } else { 1 }, "or"),
                        _ => (1, "not"),
                    };
                    let written: String = chars[start..start + len].iter().collect();
                    return Err(
                        ResolveError::new(start, len, format!("unexpected `{written}`"))
                            .hint(format!("write `{word}` instead of `{written}`")),
                    );
                }
                _ => {
                    return Err(
                        ResolveError::new(start, 1, format!("unexpected character `{c}`"))
                            .expected("a variable name, a value, an operator or a parenthesis"),
                    );
                }
            }
        };
        tokens.push(Token {
            kind,
            start,
            len: i - start,
        });
    }
    Ok(tokens)
}

/// A condition as parsed, before names are checked.
#[derive(Clone, Debug, PartialEq)]
pub enum RawCondition {
    Constant(bool),
    /// A bare name: a flag that must be true.
    Flag(Spanned<String>),
    Compare {
        variable: Spanned<String>,
        op: CompareOp,
        value: Spanned<RawValue>,
    },
    Not(Box<RawCondition>),
    And(Vec<RawCondition>),
    Or(Vec<RawCondition>),
}

/// A value written in a condition or effect.
#[derive(Clone, Debug, PartialEq)]
pub enum RawValue {
    /// A bare word such as `open` or `true`.
    Word(String),
    /// A quoted level such as `"60%"`.
    Quoted(String),
    Number(i64),
}

impl fmt::Display for RawValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawValue::Word(w) => f.write_str(w),
            RawValue::Quoted(q) => write!(f, "\"{q}\""),
            RawValue::Number(n) => write!(f, "{n}"),
        }
    }
}

/// A value with the character offset and length it had in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub start: usize,
    pub len: usize,
}

/// How deep `not`s and parentheses may nest in one condition: far more
/// than anyone writes, and few enough that parsing, checking and
/// evaluating (all recursive) stay well within the stack.
pub const MAX_NESTING: usize = 64;

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    text_len: usize,
    /// The `not`s and open parentheses around the current token.
    nesting: usize,
}

impl Parser {
    fn new(text: &str) -> Result<Parser, ResolveError> {
        Ok(Parser {
            tokens: lex(text)?,
            pos: 0,
            text_len: text.chars().count(),
            nesting: 0,
        })
    }

    fn peek(&self) -> Option<&TokenKind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn unexpected(&self, expected: &str) -> ResolveError {
        match self.tokens.get(self.pos) {
            Some(t) => ResolveError::new(t.start, t.len, format!("unexpected {}", t.kind))
                .expected(expected),
            None => ResolveError::new(self.text_len, 0, "the condition ends too early")
                .expected(expected),
        }
    }

    fn or(&mut self) -> Result<RawCondition, ResolveError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&TokenKind::Or) {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            RawCondition::Or(parts)
        })
    }

    fn and(&mut self) -> Result<RawCondition, ResolveError> {
        let mut parts = vec![self.unary()?];
        while self.peek() == Some(&TokenKind::And) {
            self.pos += 1;
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            RawCondition::And(parts)
        })
    }

    fn unary(&mut self) -> Result<RawCondition, ResolveError> {
        if matches!(self.peek(), Some(TokenKind::Not | TokenKind::Open)) {
            if self.nesting == MAX_NESTING {
                let t = &self.tokens[self.pos];
                return Err(ResolveError::new(
                    t.start,
                    t.len,
                    format!(
                        "the condition nests more than {MAX_NESTING} `not`s and parentheses deep"
                    ),
                )
                .expected(format!("at most {MAX_NESTING} levels of `not` and `(`"))
                .hint(
                    "write it flatter: `not (a or b)` is `not a and not b`, and `not not a` is `a`",
                ));
            }
            self.nesting += 1;
            let inner = self.nested();
            self.nesting -= 1;
            return inner;
        }
        match self.peek() {
            Some(TokenKind::Name(_)) => self.comparison(),
            _ => Err(self.unexpected("a variable name, `not` or `(`")),
        }
    }

    /// `not X` or `( X )`.
    fn nested(&mut self) -> Result<RawCondition, ResolveError> {
        match self.peek() {
            Some(TokenKind::Not) => {
                self.pos += 1;
                Ok(RawCondition::Not(Box::new(self.unary()?)))
            }
            Some(TokenKind::Open) => {
                let open = self.pos;
                self.pos += 1;
                let inner = self.or()?;
                if self.peek() == Some(&TokenKind::Close) {
                    self.pos += 1;
                    Ok(inner)
                } else if self.peek().is_none() {
                    let t = &self.tokens[open];
                    Err(
                        ResolveError::new(t.start, t.len, "this parenthesis is never closed")
                            .expected("a matching `)`"),
                    )
                } else {
                    Err(self.unexpected("`and`, `or` or `)`"))
                }
            }
            _ => Err(self.unexpected("`not` or `(`")),
        }
    }

    fn comparison(&mut self) -> Result<RawCondition, ResolveError> {
        let Some(Token {
            kind: TokenKind::Name(name),
            start,
            len,
        }) = self.next()
        else {
            return Err(self.unexpected("a variable name"));
        };
        let op = match self.peek() {
            Some(TokenKind::Compare(op)) => *op,
            Some(TokenKind::Assign) => {
                let t = &self.tokens[self.pos];
                return Err(ResolveError::new(t.start, t.len, "unexpected `=`")
                    .expected("a comparison such as `==`")
                    .hint("compare with `==`; a single `=` sets a variable in an effect"));
            }
            _ => {
                return Ok(match name.as_str() {
                    "true" => RawCondition::Constant(true),
                    "false" => RawCondition::Constant(false),
                    _ => RawCondition::Flag(Spanned {
                        value: name,
                        start,
                        len,
                    }),
                });
            }
        };
        self.pos += 1;
        let value = self.value("a value after the comparison")?;
        Ok(RawCondition::Compare {
            variable: Spanned {
                value: name,
                start,
                len,
            },
            op,
            value,
        })
    }

    fn value(&mut self, expected: &str) -> Result<Spanned<RawValue>, ResolveError> {
        let negative = if self.peek() == Some(&TokenKind::Minus) {
            self.pos += 1;
            true
        } else {
            false
        };
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or_else(|| self.unexpected(expected))?;
        let value = match token.kind {
            TokenKind::Name(w) if !negative => RawValue::Word(w),
            TokenKind::Quoted(q) if !negative => RawValue::Quoted(q),
            TokenKind::Number(n) => RawValue::Number(if negative { -n } else { n }),
            _ => return Err(self.unexpected(expected)),
        };
        self.pos += 1;
        let start = if negative {
            token.start.saturating_sub(1)
        } else {
            token.start
        };
        Ok(Spanned {
            value,
            start,
            len: token.start + token.len - start,
        })
    }

    fn finish(&self) -> Result<(), ResolveError> {
        if self.pos < self.tokens.len() {
            Err(self.unexpected("`and`, `or` or the end of the condition"))
        } else {
            Ok(())
        }
    }
}

/// Parses condition text. Empty text means "always".
pub fn parse_condition(text: &str) -> Result<RawCondition, ResolveError> {
    let mut parser = Parser::new(text)?;
    if parser.tokens.is_empty() {
        return Ok(RawCondition::Constant(true));
    }
    let condition = parser.or()?;
    parser.finish()?;
    Ok(condition)
}

/// An effect as parsed, before names are checked.
#[derive(Clone, Debug, PartialEq)]
pub struct RawEffect {
    pub variable: Spanned<String>,
    pub change: RawChange,
}

/// The change an effect makes, as parsed.
#[derive(Clone, Debug, PartialEq)]
pub enum RawChange {
    Set(Spanned<RawValue>),
    Shift(Spanned<i64>),
}

/// Parses effect text: `var = value`, `var + N` or `var - N`.
pub fn parse_effect(text: &str) -> Result<RawEffect, ResolveError> {
    const EXPECTED: &str = "`variable = value`, `variable + N` or `variable - N`";
    let mut parser = Parser::new(text)?;
    let variable = match parser.next() {
        Some(Token {
            kind: TokenKind::Name(name),
            start,
            len,
        }) => Spanned {
            value: name,
            start,
            len,
        },
        _ => {
            parser.pos = 0;
            return Err(parser.unexpected(EXPECTED));
        }
    };
    let change = match parser.next().map(|t| t.kind) {
        Some(TokenKind::Assign) => RawChange::Set(parser.value("a value after `=`")?),
        Some(TokenKind::Compare(CompareOp::Equal)) => {
            parser.pos -= 1;
            let t = &parser.tokens[parser.pos];
            return Err(ResolveError::new(t.start, t.len, "unexpected `==`")
                .expected(EXPECTED)
                .hint("an effect sets a variable with a single `=`"));
        }
        Some(kind @ (TokenKind::Plus | TokenKind::Minus)) => {
            let sign = if kind == TokenKind::Plus { 1 } else { -1 };
            match parser.next() {
                Some(Token {
                    kind: TokenKind::Number(n),
                    start,
                    len,
                }) => RawChange::Shift(Spanned {
                    value: sign * n,
                    start,
                    len,
                }),
                _ => {
                    parser.pos -= 1;
                    return Err(parser.unexpected("a whole number of steps, e.g. `+ 1`"));
                }
            }
        }
        _ => {
            parser.pos -= 1;
            return Err(parser.unexpected(EXPECTED));
        }
    };
    parser
        .finish()
        .map_err(|e| e.expected("the end of the effect"))?;
    Ok(RawEffect { variable, change })
}

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
                .expected(format!("one of the variables {}", super::quote_list(&ids)))
                .maybe_hint(super::did_you_mean(&name.value, &ids))
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
                    .expected(format!("one of the levels {}", super::quote_list(&names)))
                    .maybe_hint(super::did_you_mean(w, &names))
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

#[cfg(test)]
mod tests {
    use super::*;

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
