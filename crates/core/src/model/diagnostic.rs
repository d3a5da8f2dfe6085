//! Diagnostics: an error or warning at a line and column of a file, with
//! what was expected and a hint, printed the way compilers print them.
//!
//! ```text
//! vienna.ron:14:16: error: unknown actor "irn" in move "walk_out"
//!    |
//! 14 |         actor: "irn",
//!    |                ^^^^^
//!    = expected: one of the actors "us", "iran"
//!    = hint: did you mean "iran"?
//!    = in: moves[0].actor
//! ```

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use super::locate::{line_col, line_text};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario can be used, but probably not as the author meant.
    Warning,
    /// The scenario cannot be used.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in a scenario file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file name as given by the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, naming what was found.
    pub message: String,
    /// What would have been right.
    pub expected: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// Further lines, such as a path that leads to a dead end.
    pub notes: Vec<String>,
    /// Where in the scenario's structure, e.g. `moves[3].actor`.
    pub path: Option<String>,
    /// The text of the line, for the caret display.
    pub source_line: String,
    /// How many characters the caret covers (at least one).
    pub caret_len: usize,
}

impl Diagnostic {
    /// What goes before the caret under the source line so it points at
    /// the column: spaces, and the line's own tabs kept so it lines up.
    pub fn caret_padding(&self) -> String {
        self.source_line
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect()
    }

    /// A diagnostic for the byte range `span` of `text`.
    pub fn at(
        severity: Severity,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = line_col(text, span.start);
        let (end_line, end_column) = line_col(text, span.end);
        let mut d = Diagnostic::at_position(severity, file, text, line, column, message);
        d.caret_len = if end_line == line {
            end_column.saturating_sub(column).max(1)
        } else {
            d.source_line
                .chars()
                .count()
                .saturating_sub(column - 1)
                .max(1)
        };
        d
    }

    /// A diagnostic at a 1-based line and column of `text`.
    pub fn at_position(
        severity: Severity,
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            file: file.to_owned(),
            line,
            column,
            message: message.into(),
            expected: None,
            hint: None,
            notes: Vec::new(),
            path: None,
            source_line: line_text(text, line).to_owned(),
            caret_len: 1,
        }
    }

    /// Adds what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Diagnostic {
        self.expected = Some(expected.into());
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint if there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Diagnostic {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// Adds a note line.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Records the structural path.
    pub fn with_path(mut self, path: &str) -> Diagnostic {
        if !path.is_empty() {
            self.path = Some(path.to_owned());
        }
        self
    }

    /// `file:line:column`, for copying into an editor.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {}: {}",
            self.location(),
            self.severity,
            self.message
        )?;
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{number} | {}", self.source_line.trim_end())?;
        let pad = self.caret_padding();
        write!(f, "{gutter} | {pad}{}", "^".repeat(self.caret_len))?;
        if let Some(expected) = &self.expected {
            write!(f, "\n{gutter} = expected: {expected}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n{gutter} = hint: {hint}")?;
        }
        for note in &self.notes {
            write!(f, "\n{gutter} = note: {note}")?;
        }
        if let Some(path) = &self.path {
            write!(f, "\n{gutter} = in: {path}")?;
        }
        Ok(())
    }
}

/// Several diagnostics, printed one after another with a summary line.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// How many are errors.
    pub fn n_errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// How many are warnings.
    pub fn n_warnings(&self) -> usize {
        self.0.len() - self.n_errors()
    }

    /// Whether there are any errors.
    pub fn has_errors(&self) -> bool {
        self.n_errors() > 0
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "{}, {}",
            plural(self.n_errors(), "error"),
            plural(self.n_warnings(), "warning")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_source_caret_and_hint() {
        let text = "Move(\n    actor: \"irn\",\n)";
        let start = text.find("\"irn\"").unwrap_or(0);
        let d = Diagnostic::at(
            Severity::Error,
            "x.ron",
            text,
            start..start + 5,
            "unknown actor \"irn\"",
        )
        .expected("one of the actors \"iran\"")
        .hint("did you mean \"iran\"?");
        assert_eq!(
            d.to_string(),
            "x.ron:2:12: error: unknown actor \"irn\"\n  |\n2 |     actor: \"irn\",\n  |            ^^^^^\n  = expected: one of the actors \"iran\"\n  = hint: did you mean \"iran\"?"
        );
    }
}
