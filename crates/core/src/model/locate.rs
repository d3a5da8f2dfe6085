//! Where each value of a RON file sits in its text.
//!
//! serde hands us values without positions, so after a file parses we scan
//! its text once more and record, for every value, a path such as
//! `moves[3].actor` and the byte range it covers. Validation reports problems
//! by path and this table turns the path into a line and column. The scanner
//! only runs on text ron has accepted, so it can be forgiving: on anything
//! unexpected it stops recording rather than failing.

use std::collections::HashMap;
use std::ops::Range;

/// Byte ranges of the values in one RON text, by path.
#[derive(Clone, Debug, Default)]
pub struct SpanTable {
    spans: HashMap<String, Range<usize>>,
}

impl SpanTable {
    /// Scans `text` (which should be valid RON) and records every value.
    pub fn scan(text: &str) -> SpanTable {
        let mut scanner = Scanner {
            src: text,
            text: text.as_bytes(),
            pos: 0,
            spans: HashMap::new(),
        };
        scanner.skip_trivia();
        while scanner.text[scanner.pos..].starts_with(b"#!") {
            scanner.skip_attribute();
            scanner.skip_trivia();
        }
        let mut path = String::new();
        scanner.value(&mut path, 0);
        SpanTable {
            spans: scanner.spans,
        }
    }

    /// The byte range of the value at `path`, e.g. `moves[0].when`.
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        self.spans.get(path).cloned()
    }

    /// The range of the value at `path`, or of its nearest recorded parent
    /// (a field left out of the file points at the struct that lacks it).
    pub fn nearest(&self, path: &str) -> Option<Range<usize>> {
        let mut current = path;
        loop {
            if let Some(span) = self.spans.get(current) {
                return Some(span.clone());
            }
            let cut = current.rfind(['.', '['])?;
            current = &current[..cut];
        }
    }
}

/// Deeper nesting than this is not recorded (ron itself limits recursion).
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    src: &'a str,
    text: &'a [u8],
    pos: usize,
    spans: HashMap<String, Range<usize>>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    /// The character at the current position, if the position is on a
    /// character boundary.
    fn peek_char(&self) -> Option<char> {
        self.src
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                // ron also skips a few Unicode spaces and marks (U+0085,
                // U+200E, U+200F, U+2028, U+2029); the scanner must skip
                // exactly what ron skips to stay in step with it.
                Some(c) if !c.is_ascii() => match self.peek_char() {
                    Some(c) if is_ron_whitespace(c) => self.pos += c.len_utf8(),
                    _ => return,
                },
                Some(b'/') if self.text.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == b'\n' {
                            break;
                        }
                    }
                }
                Some(b'/') if self.text.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 && self.pos < self.text.len() {
                        if self.text[self.pos..].starts_with(b"/*") {
                            depth += 1;
                            self.pos += 2;
                        } else if self.text[self.pos..].starts_with(b"*/") {
                            depth -= 1;
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_attribute(&mut self) {
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b']' {
                return;
            }
        }
    }

    /// Scans one value at `path` and records it.
    fn value(&mut self, path: &mut String, depth: usize) {
        self.skip_trivia();
        let start = self.pos;
        let Some(c) = self.peek() else { return };
        if depth > MAX_DEPTH {
            self.pos = self.text.len();
            return;
        }
        match c {
            b'"' => self.string(),
            b'\'' => self.char_literal(),
            b'r' if matches!(self.text.get(self.pos + 1), Some(b'"' | b'#')) => self.raw_string(),
            b'b' if self.text.get(self.pos + 1) == Some(&b'"') => {
                self.pos += 1;
                self.string();
            }
            b'[' => {
                self.pos += 1;
                self.sequence(path, b']', depth);
            }
            b'{' => {
                self.pos += 1;
                self.map(path, depth);
            }
            b'(' => {
                self.pos += 1;
                self.parenthesised(path, depth);
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let name = self.identifier();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.pos += 1;
                    if name == "Some" {
                        // `Some(x)` is an optional value: x keeps the path.
                        self.spans.insert(path.clone(), start..self.pos);
                        self.value(path, depth + 1);
                        self.skip_trivia();
                        if self.peek() == Some(b',') {
                            self.pos += 1;
                            self.skip_trivia();
                        }
                        if self.peek() == Some(b')') {
                            self.pos += 1;
                        }
                        return;
                    }
                    self.parenthesised(path, depth);
                }
            }
            _ => {
                // Numbers and anything else: up to the next delimiter.
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-') {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                if self.pos == start {
                    // Not a value we know: stop recording.
                    self.pos = self.text.len();
                }
            }
        }
        self.spans.insert(path.clone(), start..self.pos);
    }

    fn identifier(&mut self) -> String {
        let start = self.pos;
        if self.text[self.pos..].starts_with(b"r#") {
            self.pos += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        String::from_utf8_lossy(&self.text[start..self.pos]).into_owned()
    }

    fn string(&mut self) {
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn char_literal(&mut self) {
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'\'' => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // the opening quote
        while self.pos < self.text.len() {
            if self.text[self.pos] == b'"'
                && self.text[self.pos + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&c| c == b'#')
                    .count()
                    == hashes
            {
                self.pos += 1 + hashes;
                return;
            }
            self.pos += 1;
        }
    }

    /// After `(`: named fields (`a: 1, b: 2`) or tuple elements (`.0`, `.1`).
    fn parenthesised(&mut self, path: &mut String, depth: usize) {
        self.skip_trivia();
        if self.looks_like_field() {
            loop {
                self.skip_trivia();
                match self.peek() {
                    Some(b')') => {
                        self.pos += 1;
                        return;
                    }
                    None => return,
                    _ => {}
                }
                let field_start = self.pos;
                let name = self.identifier();
                if name.is_empty() {
                    self.pos = self.text.len();
                    return;
                }
                let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                self.skip_trivia();
                if self.peek() == Some(b':') {
                    self.pos += 1;
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&name);
                self.spans.insert(
                    format!("{path}#field"),
                    field_start..field_start + name.len(),
                );
                self.value(path, depth + 1);
                path.truncate(len);
                self.skip_trivia();
                if self.peek() == Some(b',') {
                    self.pos += 1;
                }
            }
        } else {
            self.elements(path, b')', depth, |path, i| {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&i.to_string());
            });
        }
    }

    fn looks_like_field(&self) -> bool {
        let mut i = self.pos;
        if self.text[i..].starts_with(b"r#") {
            i += 2;
        }
        let start = i;
        while i < self.text.len() && (self.text[i].is_ascii_alphanumeric() || self.text[i] == b'_')
        {
            i += 1;
        }
        if i == start || self.text[start].is_ascii_digit() {
            return false;
        }
        while let Some(c) = self.src.get(i..).and_then(|rest| rest.chars().next()) {
            if !is_ron_whitespace(c) {
                break;
            }
            i += c.len_utf8();
        }
        self.text.get(i) == Some(&b':') && self.text.get(i + 1) != Some(&b':')
    }

    fn sequence(&mut self, path: &mut String, close: u8, depth: usize) {
        self.elements(path, close, depth, |path, i| {
            path.push('[');
            path.push_str(&i.to_string());
            path.push(']');
        });
    }

    fn elements(
        &mut self,
        path: &mut String,
        close: u8,
        depth: usize,
        name: impl Fn(&mut String, usize),
    ) {
        let mut i = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                Some(c) if c == close => {
                    self.pos += 1;
                    return;
                }
                None => return,
                _ => {}
            }
            let len = path.len();
            name(path, i);
            let before = self.pos;
            self.value(path, depth + 1);
            path.truncate(len);
            if self.pos == before {
                self.pos = self.text.len();
                return;
            }
            self.skip_trivia();
            if self.peek() == Some(b',') {
                self.pos += 1;
            }
            i += 1;
        }
    }

    /// After `{`: entries are recorded by key, `payoffs["us"]` for the key
    /// and `payoffs["us"]=` for the value.
    fn map(&mut self, path: &mut String, depth: usize) {
        loop {
            self.skip_trivia();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return;
                }
                None => return,
                _ => {}
            }
            let key_start = self.pos;
            let mut scratch = String::new();
            self.value(&mut scratch, depth + 1);
            if self.pos == key_start {
                self.pos = self.text.len();
                return;
            }
            let key = String::from_utf8_lossy(&self.text[key_start..self.pos]).into_owned();
            let len = path.len();
            path.push('[');
            path.push_str(key.trim());
            path.push(']');
            self.spans.insert(path.clone(), key_start..self.pos);
            self.skip_trivia();
            if self.peek() == Some(b':') {
                self.pos += 1;
            }
            path.push('=');
            self.value(path, depth + 1);
            path.truncate(len);
            self.skip_trivia();
            if self.peek() == Some(b',') {
                self.pos += 1;
            }
        }
    }
}

/// Whether ron reads `c` as whitespace between tokens (ron's
/// `is_whitespace_char`, which is Rust's Pattern_White_Space).
pub fn is_ron_whitespace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The byte offset in `text` of the `char_index`-th character of the decoded
/// string literal that starts at `literal_start` (an opening `"` or `r#"`).
/// Escapes count as one character, so a column inside a condition points at
/// the right place even when the string has `\"` in it.
///
/// When `literal_start` is not at a string literal (the scanner lost step
/// with the text), the result is `literal_start` itself: a diagnostic then
/// points at the value rather than inside it. The result is always a
/// character boundary of `text`.
pub fn offset_in_literal(text: &str, literal_start: usize, char_index: usize) -> usize {
    let bytes = text.as_bytes();
    let literal_start = floor_char_boundary(text, literal_start.min(text.len()));
    let mut pos = literal_start;
    let raw = bytes.get(pos) == Some(&b'r');
    if raw {
        pos += 1;
        while bytes.get(pos) == Some(&b'#') {
            pos += 1;
        }
    } else if bytes.get(pos) == Some(&b'b') {
        pos += 1;
    }
    if bytes.get(pos) != Some(&b'"') {
        return literal_start;
    }
    pos += 1;
    let mut seen = 0;
    while seen < char_index && pos < bytes.len() {
        if !raw && bytes[pos] == b'\\' {
            pos += 1;
            match bytes.get(pos) {
                // `\u{...}`: one character, however many digits.
                Some(b'u') if bytes.get(pos + 1) == Some(&b'{') => {
                    while pos < bytes.len() && bytes[pos] != b'}' {
                        pos += 1;
                    }
                    pos += 1;
                }
                // `\x41`: one character.
                Some(b'x') => pos += 3,
                _ => pos += 1,
            }
        } else {
            pos += text
                .get(pos..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
        }
        seen += 1;
    }
    floor_char_boundary(text, pos.min(text.len()))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The full text of the 1-based `line`, without its line break.
pub fn line_text(text: &str, line: usize) -> &str {
    text.lines().nth(line.saturating_sub(1)).unwrap_or("")
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"// a comment
Scenario(
    id: "x", /* block */
    actors: [
        Actor(id: "us", name: "U.S."),
        Actor(id: "iran", name: "Iran", colour: Some("#00ff00")),
    ],
    variables: [Variable(id: "e", domain: Levels(["a", "b"]), initial: "a")],
    outcomes: [Outcome(payoffs: {"us": 1, "iran": 2})],
    when: r#"x == "y""#,
)"##;

    fn at(table: &SpanTable, path: &str) -> String {
        let span = table
            .span(path)
            .unwrap_or_else(|| panic!("no span for {path}"));
        TEXT[span].to_owned()
    }

    #[test]
    fn records_fields_lists_tuples_and_maps() {
        let table = SpanTable::scan(TEXT);
        assert_eq!(at(&table, "id"), "\"x\"");
        assert_eq!(at(&table, "actors[1].id"), "\"iran\"");
        assert_eq!(at(&table, "actors[1].colour"), "\"#00ff00\"");
        assert_eq!(at(&table, "variables[0].domain.0[1]"), "\"b\"");
        assert_eq!(at(&table, "outcomes[0].payoffs[\"iran\"]"), "\"iran\"");
        assert_eq!(at(&table, "outcomes[0].payoffs[\"iran\"]="), "2");
        assert_eq!(at(&table, "when"), "r#\"x == \"y\"\"#");
        assert_eq!(at(&table, "actors[0].name#field"), "name");
    }

    #[test]
    fn nearest_falls_back_to_the_parent() {
        let table = SpanTable::scan(TEXT);
        let span = table.nearest("actors[0].description").unwrap_or_default();
        assert!(TEXT[span].starts_with("Actor(id: \"us\""));
    }

    #[test]
    fn offsets_inside_literals_skip_escapes() {
        let text = r#"x: "a \"b\" c""#;
        assert_eq!(&text[offset_in_literal(text, 3, 2)..][..2], "\\\"");
        assert_eq!(&text[offset_in_literal(text, 3, 6)..][..1], "c");
        let raw = "r#\"a \"b\"\"#";
        assert_eq!(&raw[offset_in_literal(raw, 0, 2)..][..1], "\"");
    }

    #[test]
    fn unicode_whitespace_before_a_colon_keeps_the_scanner_in_step() {
        for space in ['\u{85}', '\u{200E}', '\u{200F}', '\u{2028}', '\u{2029}'] {
            let text = format!("(when{space}: \"x == y\", next{space} :{space}\"a\")");
            let table = SpanTable::scan(&text);
            let when = table.span("when").unwrap_or_default();
            assert_eq!(&text[when], "\"x == y\"", "{space:?}");
            let next = table.span("next").unwrap_or_default();
            assert_eq!(&text[next], "\"a\"", "{space:?}");
        }
    }

    #[test]
    fn offsets_from_a_position_that_is_not_a_literal_stay_on_a_character() {
        let text = "when\u{2028}: \"x\"";
        // The middle of U+2028, and a character that is not a quote.
        assert_eq!(offset_in_literal(text, 5, 3), 4);
        assert_eq!(offset_in_literal(text, 4, 3), 4);
        assert_eq!(offset_in_literal(text, 1000, 3), text.len());
        let escaped = r#""\x41b""#;
        assert_eq!(&escaped[offset_in_literal(escaped, 0, 1)..], "b\"");
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\nçd\"x\"";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.find('"').unwrap_or(0)), (2, 3));
        assert_eq!(line_text(text, 2), "çd\"x\"");
    }
}
