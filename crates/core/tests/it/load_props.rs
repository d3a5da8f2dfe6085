//! Property tests for loading broken files: random edits of valid
//! scenarios (the harbour fixture, the shipped scenarios, the analysis
//! fixtures; truncation, deleted text or tokens, swapped tokens, replaced
//! ids, numbers and strings swapped for each other, duplicated lines,
//! stray characters) never make the loader panic, and every diagnostic it
//! gives points inside the file and prints as `harbour.ron:line:column: `.
//! Edits put Unicode whitespace next to colons too (ron skips U+0085,
//! U+200E, U+200F, U+2028 and U+2029 there), and extreme numbers.
//! Edits that still load are expanded and linted, which must not panic
//! either.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ops::Range;

use demarche_core::engine::{expand, lint};
use demarche_core::model::{Diagnostic, load_str};
use proptest::prelude::*;

const HARBOUR: &str = include_str!("../../../../tests/data/ok/harbour.ron");
const FILE: &str = "harbour.ron";

/// Every file edited, by its name in the test.
const SEEDS: [&str; 7] = [
    HARBOUR,
    include_str!("../../../../scenarios/vienna-2021.ron"),
    include_str!("../../../../scenarios/cuban-missile-crisis-gmcr.ron"),
    include_str!("../../../../scenarios/jcpoa-2015.ron"),
    include_str!("../../../../tests/data/analysis/cycle.ron"),
    include_str!("../../../../tests/data/analysis/chance.ron"),
    include_str!("../../../../tests/data/analysis/three_actors.ron"),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    String,
    Number,
    Word,
    Punctuation,
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    bytes: Range<usize>,
}

/// A rough RON tokenizer: enough to find strings, numbers, words and
/// punctuation in a scenario file. Comments and white space are skipped.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = match c {
            c if c.is_whitespace() => continue,
            '/' if matches!(chars.peek(), Some((_, '/'))) => {
                while chars.next_if(|(_, c)| *c != '\n').is_some() {}
                continue;
            }
            '"' => {
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
                Kind::String
            }
            c if c.is_ascii_digit() || c == '-' => {
                while chars
                    .next_if(|(_, c)| c.is_ascii_digit() || *c == '.')
                    .is_some()
                {}
                Kind::Number
            }
            c if c.is_alphabetic() || c == '_' => {
                while chars
                    .next_if(|(_, c)| c.is_alphanumeric() || *c == '_')
                    .is_some()
                {}
                Kind::Word
            }
            _ => Kind::Punctuation,
        };
        let end = chars.peek().map_or(text.len(), |(i, _)| *i);
        out.push(Token {
            kind,
            bytes: start..end,
        });
    }
    out
}

/// A random position, resolved against the text being edited (modulo its
/// length), so it shrinks toward the start.
#[derive(Clone, Copy, Debug)]
struct Index(usize);

impl Index {
    fn index(self, len: usize) -> usize {
        self.0 % len.max(1)
    }
}

fn index() -> impl Strategy<Value = Index> {
    any::<usize>().prop_map(Index)
}

/// One random edit.
#[derive(Clone, Debug)]
enum Mutation {
    Truncate(Index),
    DeleteChars(Index, usize),
    DeleteToken(Index),
    SwapTokens(Index, Index),
    ReplaceString(Index, String),
    NumberToString(Index, String),
    StringToNumber(Index, String),
    DuplicateLine(Index),
    Insert(Index, &'static str),
    /// Whitespace ron skips, before or after a colon.
    SpaceAtColon(Index, &'static str),
}

/// The characters ron reads as whitespace beyond ASCII.
const SPACES: &[&str] = &["\u{85}", "\u{200E}", "\u{200F}", "\u{2028}", "\u{2029}"];

/// Text that breaks RON or the scenario in interesting ways.
const SNIPPETS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "\\",
    "#",
    "r#\"",
    "Some(",
    "None",
    "-",
    "1e999",
    "\n",
    "\t",
    "é",
    "🙂",
    "//",
    "/*",
    "\r\n",
    "\u{0}",
    "\u{85}",
    "\u{200E}",
    "\u{200F}",
    "\u{2028}",
    "\u{2029}",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "4294967295",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let text = "[a-z_]{0,8}|[ -~]{0,10}|[a-zé🙂\\t]{1,4}";
    let number = "-?[0-9]{1,20}|-?[0-9]{1,3}\\.[0-9]{1,3}|0";
    prop_oneof![
        index().prop_map(Mutation::Truncate),
        (index(), 1usize..40).prop_map(|(i, n)| Mutation::DeleteChars(i, n)),
        index().prop_map(Mutation::DeleteToken),
        (index(), index()).prop_map(|(i, j)| Mutation::SwapTokens(i, j)),
        (index(), text).prop_map(|(i, s)| Mutation::ReplaceString(i, s)),
        (index(), text).prop_map(|(i, s)| Mutation::NumberToString(i, s)),
        (index(), number).prop_map(|(i, s)| Mutation::StringToNumber(i, s)),
        index().prop_map(Mutation::DuplicateLine),
        (index(), proptest::sample::select(SPACES)).prop_map(|(i, s)| Mutation::SpaceAtColon(i, s)),
        (index(), proptest::sample::select(SNIPPETS)).prop_map(|(i, s)| Mutation::Insert(i, s)),
    ]
}

/// The byte offset of a character boundary, 0 to the end included.
fn boundary(text: &str, at: Index) -> usize {
    let n_chars = text.chars().count();
    let k = at.index(n_chars + 1);
    text.char_indices().nth(k).map_or(text.len(), |(i, _)| i)
}

fn of_kind(text: &str, kind: Kind) -> Vec<Token> {
    tokens(text)
        .into_iter()
        .filter(|t| t.kind == kind)
        .collect()
}

fn replace(text: &str, bytes: &Range<usize>, with: &str) -> String {
    format!("{}{with}{}", &text[..bytes.start], &text[bytes.end..])
}

fn apply(text: &str, mutation: &Mutation) -> String {
    match mutation {
        Mutation::Truncate(at) => text[..boundary(text, *at)].to_owned(),
        Mutation::DeleteChars(at, n) => {
            let start = boundary(text, *at);
            let end = text[start..]
                .char_indices()
                .nth(*n)
                .map_or(text.len(), |(i, _)| start + i);
            replace(text, &(start..end), "")
        }
        Mutation::DeleteToken(at) => {
            let all = tokens(text);
            if all.is_empty() {
                return text.to_owned();
            }
            replace(text, &all[at.index(all.len())].bytes, "")
        }
        Mutation::SwapTokens(i, j) => {
            let all = tokens(text);
            if all.is_empty() {
                return text.to_owned();
            }
            let (a, b) = (&all[i.index(all.len())], &all[j.index(all.len())]);
            let (first, second) = if a.bytes.start <= b.bytes.start {
                (a, b)
            } else {
                (b, a)
            };
            if first.bytes.end > second.bytes.start {
                return text.to_owned();
            }
            format!(
                "{}{}{}{}{}",
                &text[..first.bytes.start],
                &text[second.bytes.clone()],
                &text[first.bytes.end..second.bytes.start],
                &text[first.bytes.clone()],
                &text[second.bytes.end..]
            )
        }
        Mutation::ReplaceString(at, with) => {
            let strings = of_kind(text, Kind::String);
            if strings.is_empty() {
                return text.to_owned();
            }
            replace(
                text,
                &strings[at.index(strings.len())].bytes,
                &format!("\"{with}\""),
            )
        }
        Mutation::NumberToString(at, with) => {
            let numbers = of_kind(text, Kind::Number);
            if numbers.is_empty() {
                return text.to_owned();
            }
            replace(
                text,
                &numbers[at.index(numbers.len())].bytes,
                &format!("\"{with}\""),
            )
        }
        Mutation::StringToNumber(at, number) => {
            let strings = of_kind(text, Kind::String);
            if strings.is_empty() {
                return text.to_owned();
            }
            replace(text, &strings[at.index(strings.len())].bytes, number)
        }
        Mutation::DuplicateLine(at) => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.is_empty() {
                return text.to_owned();
            }
            let k = at.index(lines.len());
            let mut out = String::with_capacity(text.len() + lines[k].len());
            for (i, line) in lines.iter().enumerate() {
                out.push_str(line);
                if i == k {
                    if !line.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(line);
                }
            }
            out
        }
        Mutation::SpaceAtColon(at, space) => {
            let colons: Vec<usize> = text.match_indices(':').map(|(i, _)| i).collect();
            if colons.is_empty() {
                return text.to_owned();
            }
            let colon = colons[at.index(colons.len())];
            // Before the colon for even positions, after it for odd ones.
            let place = colon + (at.0 % 2);
            replace(text, &(place..place), space)
        }
        Mutation::Insert(at, snippet) => {
            let at = boundary(text, *at);
            replace(text, &(at..at), snippet)
        }
    }
}

/// A diagnostic points inside the text and prints its position first.
fn check_diagnostic(text: &str, d: &Diagnostic) -> Result<(), TestCaseError> {
    let n_lines = text.lines().count();
    prop_assert_eq!(&d.file, FILE);
    prop_assert!(d.line >= 1, "line 0: {}", d);
    prop_assert!(d.column >= 1, "column 0: {}", d);
    prop_assert!(
        d.line <= n_lines + 1,
        "line {} of {}: {}",
        d.line,
        n_lines,
        d
    );
    prop_assert!(d.caret_len >= 1);
    // The line shown under the message is the line the position names, and
    // the column is on it or just past its end. ron counts the `\r` of a
    // `\r\n` as a character of the line, so it counts here too.
    let line = text.split('\n').nth(d.line - 1).unwrap_or("");
    prop_assert_eq!(
        d.source_line.trim_end_matches('\r'),
        line.trim_end_matches('\r'),
        "{}",
        d
    );
    prop_assert!(
        d.column <= line.chars().count() + 1,
        "column {} of {:?}: {}",
        d.column,
        line,
        d
    );
    let rendered = d.to_string();
    let prefix = format!("{FILE}:{}:{}: ", d.line, d.column);
    prop_assert!(
        rendered.starts_with(&prefix),
        "{:?} does not start with {:?}",
        rendered,
        prefix
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_files_give_positioned_diagnostics_and_never_panic(
        seed in 0..SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..=3),
    ) {
        // An edit may ask for a huge graph; keep it small and quick.
        let _budget = demarche_core::engine::scoped_memory_budget(64 << 20);
        let mut text = SEEDS[seed].to_owned();
        for m in &mutations {
            text = apply(&text, m);
        }
        match load_str(&text, FILE) {
            Err(diagnostics) => {
                prop_assert!(!diagnostics.0.is_empty(), "an error with no diagnostic");
                prop_assert!(diagnostics.has_errors());
                for d in &diagnostics.0 {
                    check_diagnostic(&text, d)?;
                }
            }
            Ok(scenario) => {
                let graph = expand(&scenario);
                prop_assert!(graph.n_situations() as u64 <= scenario.limits.max_situations);
                for d in &lint(&scenario, &graph) {
                    check_diagnostic(&text, d)?;
                }
            }
        }
    }
}

#[test]
fn the_tokenizer_sees_the_whole_file() {
    let all = tokens(HARBOUR);
    let strings = all.iter().filter(|t| t.kind == Kind::String).count();
    let numbers: Vec<&str> = all
        .iter()
        .filter(|t| t.kind == Kind::Number)
        .map(|t| &HARBOUR[t.bytes.clone()])
        .collect();
    assert!(strings > 50, "{strings} strings");
    assert_eq!(
        numbers,
        ["0", "5", "2", "3", "3", "-2", "-1", "1", "0", "20", "10000"]
    );
    assert_eq!(&HARBOUR[all[0].bytes.clone()], "Scenario");
    assert!(load_str(HARBOUR, FILE).is_ok());
}

#[test]
fn each_kind_of_edit_changes_the_text() {
    let at = Index(HARBOUR.len() / 2);
    let edits = [
        Mutation::Truncate(at),
        Mutation::DeleteChars(at, 3),
        Mutation::DeleteToken(at),
        Mutation::SwapTokens(Index(2), Index(4)),
        Mutation::ReplaceString(at, "x".to_owned()),
        Mutation::NumberToString(at, "x".to_owned()),
        Mutation::StringToNumber(at, "7".to_owned()),
        Mutation::DuplicateLine(at),
        Mutation::Insert(at, ","),
        Mutation::SpaceAtColon(at, "\u{2028}"),
    ];
    for edit in &edits {
        let edited = apply(HARBOUR, edit);
        assert_ne!(edited, HARBOUR, "{edit:?}");
    }
}
