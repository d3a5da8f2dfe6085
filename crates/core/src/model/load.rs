//! Reading a scenario: RON text to [`Scenario`] (files are read by
//! [`crate::io`]), with syntax errors at their
//! line and column (from ron) and semantic errors at the offending value.

use std::sync::Arc;

use ron::extensions::Extensions;

use super::diagnostic::{Diagnostic, Diagnostics, Severity};
use super::file::ScenarioFile;
use super::locate::SpanTable;
use super::scenario::{Origin, Scenario};
use super::validate::validate;

/// The RON options scenario files are read with: `Some(..)` may be left out
/// around optional values (`next: "us"`).
fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parses and validates scenario text; `file` names it in messages.
pub fn load_str(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    let parsed: ScenarioFile = options()
        .from_str(text)
        .map_err(|e| Diagnostics(vec![syntax_diagnostic(text, file, &e)]))?;
    let origin = Origin {
        file: file.to_owned(),
        text: Arc::from(text),
        spans: Arc::new(SpanTable::scan(text)),
    };
    validate(parsed, origin)
}

/// Turns ron's error into a diagnostic with a hint for the usual mistakes.
fn syntax_diagnostic(text: &str, file: &str, error: &ron::error::SpannedError) -> Diagnostic {
    use ron::Error as E;

    let start = &error.span.start;
    let (message, expected, hint): (String, Option<String>, Option<String>) = match &error.code {
        E::MissingStructField { field, outer } => (
            format!("missing field `{field}`{}", in_outer(outer)),
            Some(format!("a `{field}: ...` entry")),
            Some(format!("add `{field}: ...` before the closing parenthesis")),
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!("unknown field `{found}`{}", in_outer(outer)),
            Some(format!("one of the fields {}", super::quote_list(expected))),
            super::did_you_mean(found, expected),
        ),
        E::DuplicateStructField { field, outer } => (
            format!("field `{field}` is given twice{}", in_outer(outer)),
            Some("each field once".to_owned()),
            None,
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!("unknown variant `{found}`{}", in_outer(outer)),
            Some(format!("one of {}", super::quote_list(expected))),
            super::did_you_mean(found, expected),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            format!("found `{found}(...)` where a `{expected}(...)` belongs"),
            Some(format!("`{expected}(...)`")),
            super::did_you_mean(found, &[expected]),
        ),
        E::Eof => (
            "the file ends in the middle of a value".to_owned(),
            Some("the rest of the scenario".to_owned()),
            Some("look for an unclosed `(`, `[`, `{` or `\"` above".to_owned()),
        ),
        E::ExpectedComma => (
            "expected a comma".to_owned(),
            Some("`,` between items".to_owned()),
            Some(
                "a comma or a closing bracket is missing just before this point, or a string above is not closed"
                    .to_owned(),
            ),
        ),
        E::ExpectedInteger => (
            "expected a whole number".to_owned(),
            Some("a number such as 20".to_owned()),
            Some("numbers are written without quotes".to_owned()),
        ),
        E::ExpectedFloat => (
            "expected a number".to_owned(),
            Some("a number such as 0.25".to_owned()),
            Some("numbers are written without quotes".to_owned()),
        ),
        E::ExpectedBoolean => (
            "expected true or false".to_owned(),
            Some("true or false".to_owned()),
            Some("flags are written without quotes".to_owned()),
        ),
        E::ExpectedString => (
            "expected text in double quotes".to_owned(),
            Some("\"...\"".to_owned()),
            Some("put ids, labels and conditions in double quotes".to_owned()),
        ),
        E::ExpectedStringEnd => (
            "a string is not closed".to_owned(),
            Some("a closing `\"`".to_owned()),
            Some("to put a quote inside a string write \\\" or use r#\"...\"#".to_owned()),
        ),
        E::TrailingCharacters => (
            "unexpected text after the end of the scenario".to_owned(),
            Some("nothing after the closing parenthesis of Scenario(...)".to_owned()),
            Some("a parenthesis may be closed too early above".to_owned()),
        ),
        E::IntegerOutOfBounds => {
            let field = field_before(text, start.line, start.col);
            let (range, hint) = integer_range(field.as_deref());
            (
                match &field {
                    Some(name) => format!("`{name}` is out of range"),
                    None => "this whole number is out of range".to_owned(),
                },
                Some(range),
                Some(hint),
            )
        }
        E::InvalidValueForType { expected, found } => (
            format!("found {found} where {expected} belongs"),
            Some(expected.clone()),
            None,
        ),
        other => {
            let text = other.to_string();
            let hint = if text.contains("invalid type: string") && text.contains("number") {
                Some("numbers are written without quotes".to_owned())
            } else {
                None
            };
            (lowercase_first(&text), None, hint)
        }
    };
    let mut d =
        Diagnostic::at_position(Severity::Error, file, text, start.line, start.col, message);
    if error.span.end.line == start.line && error.span.end.col > start.col {
        d.caret_len = error.span.end.col - start.col;
    }
    d.expected = expected;
    d.hint = hint;
    d
}

fn in_outer(outer: &Option<String>) -> String {
    outer
        .as_ref()
        .map(|o| format!(" in `{o}`"))
        .unwrap_or_default()
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The name of the field whose value starts at `line`:`col` (1-based): the
/// identifier before the nearest `:` to its left on that line.
fn field_before(text: &str, line: usize, col: usize) -> Option<String> {
    let line_text = text.lines().nth(line.checked_sub(1)?)?;
    let before: String = line_text.chars().take(col.saturating_sub(1)).collect();
    let colon = before.rfind(':')?;
    let name: String = before[..colon]
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    (!name.is_empty()).then_some(name)
}

/// What a whole number in `field` may be, and what to do instead.
fn integer_range(field: Option<&str>) -> (String, String) {
    match field {
        Some("max_depth") => (
            format!("a whole number from 0 to {}", u32::MAX),
            "the depth counts moves from the start; a few dozen is usual".to_owned(),
        ),
        Some("max_situations") => (
            format!("a whole number from 0 to {}", u64::MAX),
            "the memory budget stops far sooner; a few million is plenty for the app".to_owned(),
        ),
        _ => (
            format!("a whole number from {} to {}", i64::MIN, i64::MAX),
            "levels and bounds are small whole numbers; use a coarser unit".to_owned(),
        ),
    }
}
