//! The condition language's tokens: names, quoted levels, numbers,
//! comparisons, `=`, `+`, `-`, `and`, `or`, `not` and parentheses, each
//! with its character offset for error messages.

use std::fmt;

use super::CompareOp;
use crate::model::ResolveError;

/// A token with its character offset in the text.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub(super) kind: TokenKind,
    pub(super) start: usize,
    pub(super) len: usize,
}

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum TokenKind {
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

/// The tokens of `text`, or where a character fits no token.
pub(super) fn lex(text: &str) -> Result<Vec<Token>, ResolveError> {
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
