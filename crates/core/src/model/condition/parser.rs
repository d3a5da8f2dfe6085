//! Parsing condition and effect text into their raw forms, names still
//! strings: `not` binds tightest, then `and`, then `or`.

use std::fmt;

use super::CompareOp;
use super::lexer::{Token, TokenKind, lex};
use crate::model::ResolveError;

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
