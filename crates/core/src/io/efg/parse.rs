//! Reading the text of a Gambit `.efg` file (format version 2) into a
//! compact game tree: the nodes in file order (preorder), the information
//! sets with their actions, and each terminal node's payoffs with the
//! payoffs of outcomes at nodes above it added in.
//!
//! The parser reads bytes, keeps labels as ranges of the text until they are
//! needed, and recognises a repeated information set or outcome by comparing
//! its text with the first declaration's before parsing it, so a file of a
//! million nodes is read in one pass with a few small arrays per node.
//! A syntax or structure error stops reading at its line and column; a
//! wrong value (probabilities that do not sum to 1, a payoff list of the
//! wrong length, a repeated declaration that differs) is recorded and
//! reading goes on, so one run reports them all.

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::engine::{SituationId, SituationNames};
use crate::model::{Diagnostic, Diagnostics, Severity};

/// No index.
pub(super) const NONE: u32 = u32::MAX;

/// How far from 1 the probabilities of a chance node may sum (decimals
/// written by other programs are rounded).
const PROBABILITY_TOLERANCE: f64 = 1e-6;

/// How many value errors are reported before reading stops.
const MAX_ERRORS: usize = 50;

/// The kind of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `p`: a player chooses.
    Personal,
    /// `c`: chance chooses, with probabilities.
    Chance,
    /// `t`: the game ends.
    Terminal,
}

/// One node, in file order.
#[derive(Clone, Copy, Debug)]
pub(super) struct Node {
    pub kind: Kind,
    /// Personal and chance nodes: the index in [`Tree::infosets`].
    /// Terminal nodes: the index in [`Tree::ends`], or [`NONE`] when no
    /// outcome is met on the way (every payoff 0).
    pub info: u32,
    /// Moves from the root.
    pub depth: u32,
    /// Byte offset of the node's letter.
    pub at: u32,
    /// One past the last node of its subtree: its children are `index + 1`,
    /// then each next one starts where the previous one's subtree ends.
    pub end: u32,
}

/// A label as a range of the text, between its quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    pub start: u32,
    pub end: u32,
    /// Whether it holds a backslash escape.
    pub escaped: bool,
}

impl Span {
    /// The label, escapes removed.
    pub fn text<'a>(&self, source: &'a str) -> Cow<'a, str> {
        let raw = source
            .get(self.start as usize..self.end as usize)
            .unwrap_or("");
        if !self.escaped {
            return Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    }
}

/// An information set of a player, or a chance event (player 0).
#[derive(Clone, Debug)]
pub(super) struct Infoset {
    /// The player's number, from 1; 0 for chance.
    pub player: u32,
    /// Its number in the file.
    pub number: u32,
    pub name: Span,
    /// The index in [`Tree::lists`].
    pub actions: u32,
    /// How many nodes belong to it.
    pub n_nodes: u32,
}

/// The actions of an information set, with probabilities for chance.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ActionList {
    pub labels: Vec<String>,
    /// One per label at a chance event; empty for a player.
    pub probabilities: Vec<f64>,
}

/// What a terminal node gives: its outcome's name and the payoffs of every
/// outcome on the way, per player.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct End {
    pub name: String,
    pub payoffs: Vec<f64>,
}

/// A whole game as read.
#[derive(Debug)]
pub(super) struct Tree<'a> {
    pub text: &'a str,
    pub title: String,
    pub comment: String,
    pub players: Vec<String>,
    pub nodes: Vec<Node>,
    pub infosets: Vec<Infoset>,
    pub lists: Vec<ActionList>,
    pub ends: Vec<End>,
    pub has_chance: bool,
    /// The names of the nodes that have one (most generated trees name
    /// none), by node index, which is the node's situation.
    pub names: SituationNames,
}

/// An outcome as declared.
#[derive(Clone, Debug)]
struct OutcomeDecl {
    name: String,
    payoffs: Vec<f64>,
    /// Where the declaration starts in the file.
    at: usize,
}

/// What a repeated outcome is checked against, small and kept together so
/// that a million repeats stay in the cache: a hash of the first
/// declaration's text, and the [`End`] of a terminal node with only this
/// outcome on the way ([`NONE`] until known).
#[derive(Clone, Copy, Debug)]
struct OutcomeSeen {
    text_hash: u64,
    end: u32,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.write_usize(text.len());
    h.finish()
}

/// Numbers given in the file (information sets, outcomes) to our indices:
/// a table for the small numbers files use, a hash map for the rest.
#[derive(Debug, Default)]
struct NumberMap {
    dense: Vec<u32>,
    sparse: FxHashMap<u32, u32>,
}

impl NumberMap {
    fn get(&self, number: u32) -> Option<u32> {
        match self.dense.get(number as usize) {
            Some(&v) if v != NONE => Some(v),
            _ if self.sparse.is_empty() => None,
            _ => self.sparse.get(&number).copied(),
        }
    }

    fn insert(&mut self, number: u32, value: u32) {
        let i = number as usize;
        if i >= self.dense.len() && i < 2 * self.dense.len() + 65_536 {
            self.dense.resize((i + 1).max(2 * self.dense.len()), NONE);
        }
        match self.dense.get_mut(i) {
            Some(slot) => *slot = value,
            None => {
                self.sparse.insert(number, value);
            }
        }
    }
}

/// A stop: the error that ends reading.
type Stop = Box<Diagnostic>;

/// A node waiting for children.
struct Frame {
    node: u32,
    remaining: u32,
    /// Whether an outcome was met at this node or above it.
    paid: bool,
}

/// Reads a whole file. `file` names it in messages.
pub(super) fn parse<'a>(text: &'a str, file: &str) -> Result<Tree<'a>, Diagnostics> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        file,
        errors: Vec::new(),
        tree: Tree {
            text,
            title: String::new(),
            comment: String::new(),
            players: Vec::new(),
            nodes: Vec::new(),
            infosets: Vec::new(),
            lists: Vec::new(),
            ends: Vec::new(),
            has_chance: false,
            names: SituationNames::new(),
        },
        infoset_numbers: Vec::new(),
        list_by_text: FxHashMap::default(),
        last_list: None,
        outcomes: Vec::new(),
        outcomes_seen: Vec::new(),
        outcome_numbers: NumberMap::default(),
        end_by_value: FxHashMap::default(),
        same_hash: Vec::new(),
    };
    // A node takes some 25 bytes or more: room for all of them at once
    // saves copying a large array as it grows. Asked of the system first,
    // so that memory it refuses is an error naming the limit, not an abort.
    let stopped = parser
        .room(text.len() / 25, text.len() / 50)
        .and_then(|()| parser.header())
        .and_then(|()| parser.body());
    let mut errors = parser.errors;
    if let Err(stop) = stopped {
        errors.push(*stop);
    }
    if errors.is_empty() {
        Ok(parser.tree)
    } else {
        Err(Diagnostics(errors))
    }
}

struct Parser<'a, 'f> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    file: &'f str,
    errors: Vec<Diagnostic>,
    tree: Tree<'a>,
    /// Per player number (0 for chance): information set numbers to
    /// indices in `tree.infosets`.
    infoset_numbers: Vec<NumberMap>,
    /// Action lists by their text, so a list written the same way again is
    /// not parsed again.
    list_by_text: FxHashMap<&'a str, u32>,
    last_list: Option<(&'a str, u32)>,
    outcomes: Vec<OutcomeDecl>,
    outcomes_seen: Vec<OutcomeSeen>,
    outcome_numbers: NumberMap,
    /// Ends by a hash of their name and payoff bits: the first end with
    /// that hash, the others chained through `same_hash`. A look-up builds
    /// no key, so a tree with an outcome per leaf allocates only the ends
    /// it keeps.
    end_by_value: FxHashMap<u64, u32>,
    /// Per end: the next end with the same hash, or [`NONE`].
    same_hash: Vec<u32>,
}

/// The hash an end is found by: its name and its payoffs' bits (`-0` as
/// `0`, so that the two are one end).
fn end_hash(name: &str, payoffs: &[f64]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(name.as_bytes());
    h.write_usize(name.len());
    for x in payoffs {
        h.write_u64((x + 0.0).to_bits());
    }
    h.finish()
}

/// Whether a byte ends a bare word.
fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'{' | b'}' | b'"' | b',')
}

impl<'a> Parser<'a, '_> {
    // ---- errors ----

    fn diagnostic(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(Severity::Error, self.file, self.text, span, message)
    }

    /// Records a value error; stops once there are too many.
    fn record(&mut self, d: Diagnostic) -> Result<(), Stop> {
        self.errors.push(d);
        if self.errors.len() >= MAX_ERRORS {
            let at = self.pos..self.pos;
            return Err(Box::new(self.diagnostic(
                at,
                format!("{MAX_ERRORS} errors found; reading stopped here"),
            )));
        }
        Ok(())
    }

    /// Makes room for `nodes` more nodes and `sets` more information sets
    /// (and as many ends as nodes), fallibly: a refusal stops reading with
    /// the memory limit that applies.
    fn room(&mut self, nodes: usize, sets: usize) -> Result<(), Stop> {
        let ok = self.tree.nodes.try_reserve(nodes).is_ok()
            && self.tree.infosets.try_reserve(sets).is_ok()
            && self.tree.ends.try_reserve(sets).is_ok();
        if ok {
            return Ok(());
        }
        let at = self.pos..self.pos;
        Err(Box::new(self.diagnostic(
            at,
            format!(
                "not enough memory to read the game: room for {} more nodes was refused ({})",
                nodes,
                crate::engine::memory_limit()
            ),
        )))
    }

    /// Keeps the name of the node about to be added, with room asked of
    /// the system first (a file may name every one of a million nodes).
    fn named(&mut self, name: Span) -> Result<(), Stop> {
        let node = SituationId(self.tree.nodes.len() as u32);
        let text = name.text(self.text);
        if self.tree.names.try_push(node, &text).is_err() {
            let at = self.pos..self.pos;
            return Err(Box::new(self.diagnostic(
                at,
                format!(
                    "not enough memory to read the game: room for the name of node {} was refused ({})",
                    node.0 + 1,
                    crate::engine::memory_limit()
                ),
            )));
        }
        Ok(())
    }

    /// Room for one more node (and one more end or set), growing by half
    /// as much again as there is, fallibly.
    fn one_more(&mut self) -> Result<(), Stop> {
        let full = |len: usize, capacity: usize| len == capacity;
        if full(self.tree.nodes.len(), self.tree.nodes.capacity())
            || full(self.tree.infosets.len(), self.tree.infosets.capacity())
            || full(self.tree.ends.len(), self.tree.ends.capacity())
        {
            let grow = (self.tree.nodes.len() / 2).max(1024);
            return self.room(grow, grow / 2);
        }
        Ok(())
    }

    /// What is at the cursor, for "found ..." in messages.
    fn found(&self) -> (Range<usize>, String) {
        let start = self.pos;
        match self.bytes.get(start) {
            None => (start..start, "the end of the file".to_owned()),
            Some(b'"') => (start..start + 1, "a quoted label".to_owned()),
            Some(b'{') => (start..start + 1, "`{`".to_owned()),
            Some(b'}') => (start..start + 1, "`}`".to_owned()),
            Some(_) => {
                let end = self.word_end();
                let word = self.text.get(start..end).unwrap_or("");
                (start..end, format!("`{word}`"))
            }
        }
    }

    fn expected(&self, what: &str, hint: Option<&str>) -> Stop {
        let (span, found) = self.found();
        let mut d = self
            .diagnostic(span, format!("expected {what}, found {found}"))
            .expected(what.to_owned());
        if let Some(hint) = hint {
            d = d.hint(hint.to_owned());
        }
        Box::new(d)
    }

    // ---- tokens ----

    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if b.is_ascii_whitespace() || b == b',' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.pos).copied()
    }

    fn word_end(&self) -> usize {
        let mut end = self.pos;
        while self.bytes.get(end).is_some_and(|b| !is_delimiter(*b)) {
            end += 1;
        }
        end
    }

    /// A bare word (a number, a node letter, `EFG`).
    fn word(&mut self) -> (&'a str, Range<usize>) {
        self.skip_space();
        let start = self.pos;
        let end = self.word_end();
        self.pos = end;
        (self.text.get(start..end).unwrap_or(""), start..end)
    }

    fn punct(&mut self, byte: u8, what: &str, hint: Option<&str>) -> Result<usize, Stop> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(self.pos - 1)
        } else {
            Err(self.expected(what, hint))
        }
    }

    /// A quoted label.
    fn string(&mut self, what: &str, hint: Option<&str>) -> Result<Span, Stop> {
        if self.peek() != Some(b'"') {
            return Err(self.expected(what, hint));
        }
        let open = self.pos;
        let mut i = open + 1;
        let mut escaped = false;
        loop {
            match self.bytes.get(i) {
                None => {
                    return Err(Box::new(
                        self.diagnostic(open..open + 1, "this label is never closed")
                            .expected("a closing `\"`")
                            .hint("write \\\" for a quote inside a label"),
                    ));
                }
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    i += 2;
                }
                Some(_) => i += 1,
            }
        }
        self.pos = i + 1;
        Ok(Span {
            start: (open + 1) as u32,
            end: i as u32,
            escaped,
        })
    }

    fn label(&self, span: Span) -> String {
        span.text(self.text).into_owned()
    }

    /// A whole number of at most `u32::MAX`, at least `min`.
    fn integer(&mut self, what: &str, min: u32) -> Result<(u32, Range<usize>), Stop> {
        // The usual case, digits then a delimiter, without building a word.
        self.skip_space();
        let start = self.pos;
        let mut n: u64 = 0;
        let mut i = start;
        while let Some(&b) = self.bytes.get(i)
            && b.is_ascii_digit()
            && n <= u64::from(u32::MAX)
        {
            n = n * 10 + u64::from(b - b'0');
            i += 1;
        }
        if i > start
            && self.bytes.get(i).is_none_or(|b| is_delimiter(*b))
            && n >= u64::from(min)
            && n <= u64::from(u32::MAX - 1)
        {
            self.pos = i;
            return Ok((n as u32, start..i));
        }
        if self.peek().is_none_or(|b| !b.is_ascii_digit() && b != b'-') {
            return Err(self.expected(what, None));
        }
        let (word, span) = self.word();
        match word.parse::<u64>() {
            Ok(n) if n >= u64::from(min) && n <= u64::from(u32::MAX - 1) => Ok((n as u32, span)),
            _ => Err(Box::new(
                self.diagnostic(span, format!("`{word}` is not {what}"))
                    .expected(what.to_owned()),
            )),
        }
    }

    /// A number: whole, decimal (`.25`, `1e-3`) or a fraction (`1/3`).
    fn number(&mut self, what: &str) -> Result<(f64, Range<usize>), Stop> {
        let (word, span) = self.word();
        if word.is_empty() {
            return Err(self.expected(what, None));
        }
        match parse_number(word) {
            Some(x) => Ok((x, span)),
            None => Err(Box::new(
                self.diagnostic(span, format!("`{word}` is not a number"))
                    .expected(what.to_owned())
                    .hint("numbers are written like 3, -1.5, .25 or 1/3"),
            )),
        }
    }

    // ---- the file ----

    fn header(&mut self) -> Result<(), Stop> {
        let (word, span) = self.word();
        match word {
            "EFG" => {}
            "NFG" => {
                return Err(Box::new(
                    self.diagnostic(span, "this is a Gambit strategic-form (.nfg) file")
                        .expected("`EFG 2 R`, the start of an extensive-form game")
                        .hint("demarche reads extensive-form games (.efg) only"),
                ));
            }
            _ => {
                self.pos = span.start;
                return Err(self.expected(
                    "`EFG 2 R`",
                    Some("a Gambit extensive-form file starts with EFG 2 R, the title and the players"),
                ));
            }
        }
        let (version, span) = self.word();
        if version != "2" {
            return Err(Box::new(
                self.diagnostic(span, format!("format version `{version}` is not supported"))
                    .expected("2")
                    .hint("demarche reads version 2 of the .efg format, which Gambit has written since the 1990s"),
            ));
        }
        let (letter, span) = self.word();
        if letter != "R" && letter != "D" {
            self.pos = span.start;
            return Err(self.expected("`R` after the version", None));
        }
        let title = self.string("the game's title in quotes", None)?;
        self.tree.title = self.label(title);
        self.punct(b'{', "`{` and the players' names", None)?;
        let list_start = self.pos;
        while self.peek() == Some(b'"') {
            let name = self.string("a player's name", None)?;
            self.tree.players.push(self.label(name));
        }
        self.punct(b'}', "a player's name in quotes or `}`", None)?;
        if self.tree.players.is_empty() {
            let d = self
                .diagnostic(list_start - 1..self.pos, "the game has no players")
                .expected("at least one player, e.g. { \"Player 1\" \"Player 2\" }");
            return Err(Box::new(d));
        }
        if self.tree.players.len() >= usize::from(u16::MAX) {
            let d = self.diagnostic(list_start - 1..self.pos, "the game has too many players");
            return Err(Box::new(d.expected(format!("fewer than {}", u16::MAX))));
        }
        if self.peek() == Some(b'"') {
            let comment = self.string("a comment", None)?;
            self.tree.comment = self.label(comment);
        }
        self.infoset_numbers = (0..=self.tree.players.len())
            .map(|_| NumberMap::default())
            .collect();
        Ok(())
    }

    fn body(&mut self) -> Result<(), Stop> {
        let n_players = self.tree.players.len();
        let mut stack: Vec<Frame> = Vec::new();
        // Per frame: the payoffs of the outcomes met down to its node.
        let mut paid: Vec<f64> = Vec::new();
        let mut total: Vec<f64> = vec![0.0; n_players];
        while let Some(b) = self.peek() {
            if !self.tree.nodes.is_empty() && stack.is_empty() {
                let (span, found) = self.found();
                let d = self
                    .diagnostic(span, format!("the game tree is already complete, but {found} follows"))
                    .hint("each node is followed by exactly one subtree per action; check the actions of the nodes above");
                return Err(Box::new(d));
            }
            let at = self.pos;
            let kind = match b {
                b'p' | b'c' | b't' if self.word_end() == at + 1 => {
                    self.pos += 1;
                    match b {
                        b'p' => Kind::Personal,
                        b'c' => Kind::Chance,
                        _ => Kind::Terminal,
                    }
                }
                _ => {
                    return Err(self.expected(
                        "a node: `p` (a player), `c` (chance) or `t` (terminal)",
                        None,
                    ));
                }
            };
            if self.tree.nodes.len() >= (NONE - 1) as usize {
                let d = self.diagnostic(at..at + 1, "the game has too many nodes");
                return Err(Box::new(d));
            }
            self.one_more()?;
            let name = self.string(
                "the node's name in quotes",
                Some("write \"\" for a node without a name"),
            )?;
            if name.end > name.start {
                self.named(name)?;
            }
            let (info, outcome) = match kind {
                Kind::Personal => {
                    let (player, span) =
                        self.integer("the number of the player who moves, from 1", 1)?;
                    if player as usize > n_players {
                        let names: Vec<String> = self
                            .tree
                            .players
                            .iter()
                            .enumerate()
                            .map(|(i, p)| format!("{} \"{p}\"", i + 1))
                            .collect();
                        let d = self
                            .diagnostic(span, format!("there is no player {player}"))
                            .expected(format!(
                                "a player from 1 to {n_players}: {}",
                                names.join(", ")
                            ));
                        return Err(Box::new(d));
                    }
                    let info = self.infoset(player)?;
                    (info, self.outcome_ref()?)
                }
                Kind::Chance => {
                    self.tree.has_chance = true;
                    let info = self.infoset(0)?;
                    (info, self.outcome_ref()?)
                }
                Kind::Terminal => (NONE, self.outcome_ref()?),
            };

            let id = self.tree.nodes.len() as u32;
            let depth = stack.len() as u32;
            let above_paid = match stack.last_mut() {
                Some(top) => {
                    top.remaining -= 1;
                    top.paid
                }
                None => false,
            };
            let base = paid.len().saturating_sub(n_players);
            if kind == Kind::Terminal {
                let end = self.end_of(outcome, above_paid, &paid[base..], &mut total);
                self.tree.nodes.push(Node {
                    kind,
                    info: end,
                    depth,
                    at: at as u32,
                    end: id + 1,
                });
                while stack.last().is_some_and(|f| f.remaining == 0) {
                    if let Some(done) = stack.pop() {
                        paid.truncate(paid.len() - n_players);
                        let len = self.tree.nodes.len() as u32;
                        if let Some(node) = self.tree.nodes.get_mut(done.node as usize) {
                            node.end = len;
                        }
                    }
                }
            } else {
                let arity = self
                    .tree
                    .infosets
                    .get(info as usize)
                    .and_then(|s| self.tree.lists.get(s.actions as usize))
                    .map_or(0, |l| l.labels.len() as u32);
                self.tree.nodes.push(Node {
                    kind,
                    info,
                    depth,
                    at: at as u32,
                    end: NONE,
                });
                let own = outcome.and_then(|o| self.outcomes.get(o as usize));
                let now_paid = above_paid || own.is_some();
                for k in 0..n_players {
                    let above = if above_paid { paid[base + k] } else { 0.0 };
                    let here = own.and_then(|o| o.payoffs.get(k)).copied().unwrap_or(0.0);
                    paid.push(above + here);
                }
                stack.push(Frame {
                    node: id,
                    remaining: arity,
                    paid: now_paid,
                });
            }
        }
        if self.tree.nodes.is_empty() {
            return Err(self.expected("the root node: `p`, `c` or `t`", None));
        }
        if let Some(open) = stack.last() {
            let node = self.tree.nodes.get(open.node as usize);
            let at = node.map_or(0, |n| n.at as usize);
            let arity = node
                .and_then(|n| self.tree.infosets.get(n.info as usize))
                .and_then(|s| self.tree.lists.get(s.actions as usize))
                .map_or(0, |l| l.labels.len() as u32);
            let given = arity - open.remaining;
            let d = self
                .diagnostic(
                    at..at + 1,
                    format!(
                        "the file ends before the game tree is complete: this node has {arity} action{}, but {} follow{} it",
                        if arity == 1 { "" } else { "s" },
                        match given {
                            0 => "no subtrees".to_owned(),
                            1 => "only 1 subtree".to_owned(),
                            n => format!("only {n} subtrees"),
                        },
                        if given == 1 { "s" } else { "" },
                    ),
                )
                .hint("each node is followed by one subtree per action, in order");
            return Err(Box::new(d));
        }
        Ok(())
    }

    /// The information set (or chance event, `player` 0) of a node: its
    /// number and, where given, its name and actions. Returns its index.
    fn infoset(&mut self, player: u32) -> Result<u32, Stop> {
        let what = if player == 0 {
            "the chance event's number, from 1"
        } else {
            "the information set's number, from 1"
        };
        let (number, number_span) = self.integer(what, 1)?;
        let described = if self.peek() == Some(b'"') {
            let name = self.string("a name", None)?;
            let list = self.action_list(player == 0)?;
            Some((name, list))
        } else {
            None
        };
        let existing = self
            .infoset_numbers
            .get(player as usize)
            .and_then(|m| m.get(number));
        match (existing, described) {
            (Some(index), described) => {
                if let Some((name, list)) = described {
                    self.check_repeat(index, name, list, number_span.start)?;
                }
                if let Some(set) = self.tree.infosets.get_mut(index as usize) {
                    set.n_nodes += 1;
                }
                Ok(index)
            }
            (None, Some((name, list))) => {
                let index = self.tree.infosets.len() as u32;
                self.tree.infosets.push(Infoset {
                    player,
                    number,
                    name,
                    actions: list,
                    n_nodes: 1,
                });
                if let Some(map) = self.infoset_numbers.get_mut(player as usize) {
                    map.insert(number, index);
                }
                Ok(index)
            }
            (None, None) => {
                let whose = if player == 0 {
                    format!("chance event {number}")
                } else {
                    format!("information set {number} of player {player}")
                };
                let example = if player == 0 {
                    "{ \"heads\" 1/2 \"tails\" 1/2 }"
                } else {
                    "{ \"left\" \"right\" }"
                };
                let d = self
                    .diagnostic(
                        number_span,
                        format!("{whose} is used before its actions are given"),
                    )
                    .expected(format!("its name and actions after the number, e.g. \"\" {example}"))
                    .hint("the first node of an information set names it and lists its actions; later ones may leave that out");
                Err(Box::new(d))
            }
        }
    }

    /// A repeated declaration must match the first.
    fn check_repeat(&mut self, index: u32, name: Span, list: u32, at: usize) -> Result<(), Stop> {
        let Some(set) = self.tree.infosets.get(index as usize) else {
            return Ok(());
        };
        let (first_name, first_list) = (set.name, set.actions);
        let same_name = name.text(self.text) == first_name.text(self.text);
        let same_list = list == first_list
            || self.tree.lists.get(list as usize) == self.tree.lists.get(first_list as usize);
        if same_name && same_list {
            return Ok(());
        }
        let whose = if set.player == 0 {
            format!("chance event {}", set.number)
        } else {
            format!("information set {} of player {}", set.number, set.player)
        };
        let (line, _) = crate::model::locate::line_col(self.text, first_name.start as usize);
        let what = if same_name {
            "different actions"
        } else {
            "a different name"
        };
        let d = self
            .diagnostic(
                at..name.end as usize + 1,
                format!("{whose} is declared again with {what} than at line {line}"),
            )
            .expected("the same name and actions as the first declaration, or neither")
            .hint("nodes of one information set share its actions; to make a new set, give it a new number");
        self.record(d)
    }

    /// `{ "a" "b" }`, or for chance `{ "a" 1/2 "b" 1/2 }`. Returns the
    /// list's index; a list written exactly as before is not parsed again.
    fn action_list(&mut self, chance: bool) -> Result<u32, Stop> {
        if self.peek() != Some(b'{') {
            let what = if chance {
                "`{` and the actions with their probabilities"
            } else {
                "`{` and the actions"
            };
            return Err(self.expected(what, None));
        }
        let start = self.pos;
        // The last list and the map both record only lists that parsed as
        // this kind (labels, or labels with probabilities). The text of a
        // list ends at its `}`, so text that starts the same is the same.
        if let Some((text, index)) = self.last_list
            && self
                .bytes
                .get(start..)
                .is_some_and(|rest| rest.starts_with(text.as_bytes()))
            && self.list_kind_is(index, chance)
        {
            self.pos = start + text.len();
            return Ok(index);
        }
        if let Some(end) = self.scan_braces(start) {
            let raw = self.text.get(start..end).unwrap_or("");
            if let Some(&index) = self.list_by_text.get(raw)
                && self.list_kind_is(index, chance)
            {
                self.last_list = Some((raw, index));
                self.pos = end;
                return Ok(index);
            }
        }
        self.pos += 1;
        let mut labels = Vec::new();
        let mut probabilities = Vec::new();
        let mut sum = 0.0;
        loop {
            match self.peek() {
                Some(b'}') => break,
                Some(b'"') => {}
                _ => {
                    let what = if chance {
                        "an action in quotes, its probability, or `}`"
                    } else {
                        "an action in quotes or `}`"
                    };
                    return Err(self.expected(what, None));
                }
            }
            let label = self.string("an action", None)?;
            labels.push(self.label(label));
            if chance {
                if self.peek() == Some(b'"') || self.peek() == Some(b'}') {
                    return Err(self.expected(
                        "the action's probability",
                        Some("chance actions are followed by their probabilities, e.g. \"heads\" 1/2"),
                    ));
                }
                let (p, span) = self.number("a probability from 0 to 1")?;
                if !(0.0..=1.0).contains(&p) {
                    let d = self
                        .diagnostic(span, format!("probability {p} is not between 0 and 1"))
                        .expected("a probability from 0 to 1");
                    self.record(d)?;
                }
                sum += p;
                probabilities.push(p);
            }
        }
        self.pos += 1;
        let end = self.pos;
        if labels.is_empty() {
            let d = self
                .diagnostic(start..end, "an information set needs at least one action")
                .expected("one or more actions in quotes");
            return Err(Box::new(d));
        }
        if labels.len() > usize::from(u16::MAX) {
            let d = self.diagnostic(start..end, "too many actions at one node");
            return Err(Box::new(d.expected(format!("at most {}", u16::MAX))));
        }
        if chance && (sum - 1.0).abs() > PROBABILITY_TOLERANCE {
            let d = self
                .diagnostic(
                    start..end,
                    format!(
                        "the probabilities of this chance node sum to {}",
                        (sum * 1e9).round() / 1e9
                    ),
                )
                .expected("probabilities that sum to 1")
                .hint("fractions such as 1/3 are exact; decimals must add up to 1 within 0.000001");
            self.record(d)?;
        } else if chance && sum != 1.0 && sum > 0.0 {
            // Rounded decimals: scale them so they sum to 1 exactly.
            for p in &mut probabilities {
                *p /= sum;
            }
        }
        let raw = self.text.get(start..end).unwrap_or("");
        let index = self.tree.lists.len() as u32;
        self.tree.lists.push(ActionList {
            labels,
            probabilities,
        });
        self.list_by_text.insert(raw, index);
        self.last_list = Some((raw, index));
        Ok(index)
    }

    fn list_kind_is(&self, index: u32, chance: bool) -> bool {
        self.tree
            .lists
            .get(index as usize)
            .is_some_and(|l| l.probabilities.is_empty() != chance)
    }

    /// Where the `{ ... }` starting at `start` ends (one past the `}`),
    /// skipping labels; `None` if it never closes.
    fn scan_braces(&self, start: usize) -> Option<usize> {
        let mut i = start + 1;
        loop {
            match self.bytes.get(i)? {
                b'}' => return Some(i + 1),
                b'{' => return None,
                b'"' => {
                    i += 1;
                    loop {
                        match self.bytes.get(i)? {
                            b'"' => break,
                            b'\\' => i += 2,
                            _ => i += 1,
                        }
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    /// A node's outcome: its number and, on its first use, its name and
    /// payoffs. Returns the index in `self.outcomes`, or `None` for 0.
    fn outcome_ref(&mut self) -> Result<Option<u32>, Stop> {
        let (number, span) = self.integer("the outcome's number (0 for none)", 0)?;
        let described = self.peek() == Some(b'"');
        if number == 0 {
            if described {
                let start = self.pos;
                self.outcome_description()?;
                let d = self
                    .diagnostic(
                        start..self.pos,
                        "outcome 0 means no outcome, so it has no name or payoffs",
                    )
                    .hint("number the outcome from 1 to give it payoffs");
                self.record(d)?;
            }
            return Ok(None);
        }
        let existing = self.outcome_numbers.get(number);
        match existing {
            Some(index) => {
                if described {
                    let start = self.pos;
                    let end = self.scan_outcome(start);
                    // Equal text (by a 64-bit hash) is the same declaration.
                    let same_text = end.is_some_and(|end| {
                        let seen = self.outcomes_seen.get(index as usize);
                        let here = self.text.get(start..end).map(text_hash);
                        seen.map(|s| s.text_hash) == here
                    });
                    if let (true, Some(end)) = (same_text, end) {
                        self.pos = end;
                    } else {
                        let (name, payoffs) = self.outcome_description()?;
                        let first = self.outcomes.get(index as usize);
                        if first.is_some_and(|o| o.name != name || o.payoffs != payoffs) {
                            let line = first
                                .map_or(0, |o| crate::model::locate::line_col(self.text, o.at).0);
                            let d = self
                                .diagnostic(
                                    start..self.pos,
                                    format!("outcome {number} is declared again with a different name or payoffs than at line {line}"),
                                )
                                .expected("the same name and payoffs as the first declaration, or neither")
                                .hint("to give different payoffs, use a new outcome number");
                            self.record(d)?;
                        }
                    }
                }
                Ok(Some(index))
            }
            None if described => {
                let start = self.pos;
                let (name, payoffs) = self.outcome_description()?;
                let index = self.outcomes.len() as u32;
                self.outcomes.push(OutcomeDecl {
                    name,
                    payoffs,
                    at: start,
                });
                self.outcomes_seen.push(OutcomeSeen {
                    text_hash: text_hash(self.text.get(start..self.pos).unwrap_or("")),
                    end: NONE,
                });
                self.outcome_numbers.insert(number, index);
                Ok(Some(index))
            }
            None => {
                let d = self
                    .diagnostic(span, format!("outcome {number} is used before its payoffs are given"))
                    .expected(format!("its name and payoffs after the number, e.g. {number} \"win\" {{ 1 0 }}"))
                    .hint("the first node with an outcome names it and gives the payoffs; later ones may leave that out");
                Err(Box::new(d))
            }
        }
    }

    /// Where an outcome description starting at `start` ends.
    fn scan_outcome(&self, start: usize) -> Option<usize> {
        let mut i = start + 1;
        loop {
            match self.bytes.get(i)? {
                b'"' => break,
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        i += 1;
        while self.bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        if *self.bytes.get(i)? != b'{' {
            return None;
        }
        let close = self.bytes.get(i..)?.iter().position(|b| *b == b'}')?;
        Some(i + close + 1)
    }

    /// `"name" { payoffs }`, one payoff per player.
    fn outcome_description(&mut self) -> Result<(String, Vec<f64>), Stop> {
        let name = self.string("the outcome's name", None)?;
        let name = self.label(name);
        let open = self.punct(b'{', "`{` and the payoffs, one per player", None)?;
        let mut payoffs = Vec::with_capacity(self.tree.players.len());
        while self.peek().is_some_and(|b| b != b'}' && b != b'"') {
            let (x, _) = self.number("a payoff")?;
            payoffs.push(x);
        }
        self.punct(b'}', "a payoff or `}`", None)?;
        let n_players = self.tree.players.len();
        if payoffs.len() != n_players {
            let d = self
                .diagnostic(
                    open..self.pos,
                    format!(
                        "outcome \"{name}\" gives {} payoff{}, but the game has {n_players} player{}",
                        payoffs.len(),
                        if payoffs.len() == 1 { "" } else { "s" },
                        if n_players == 1 { "" } else { "s" },
                    ),
                )
                .expected(format!(
                    "{n_players} payoff{}, one per player in the order of the header",
                    if n_players == 1 { "" } else { "s" }
                ));
            self.record(d)?;
            payoffs.resize(n_players, 0.0);
        }
        Ok((name, payoffs))
    }

    /// The end of a terminal node with this outcome, below nodes whose
    /// outcomes sum to `above` (when `above_paid`).
    fn end_of(
        &mut self,
        outcome: Option<u32>,
        above_paid: bool,
        above: &[f64],
        total: &mut [f64],
    ) -> u32 {
        if !above_paid {
            let Some(o) = outcome else { return NONE };
            if let Some(seen) = self.outcomes_seen.get(o as usize)
                && seen.end != NONE
            {
                return seen.end;
            }
            let (name, payoffs) = self
                .outcomes
                .get(o as usize)
                .map_or(("", &[][..]), |d| (d.name.as_str(), d.payoffs.as_slice()));
            let end = intern_end(
                &mut self.tree.ends,
                &mut self.end_by_value,
                &mut self.same_hash,
                name,
                payoffs,
            );
            if let Some(seen) = self.outcomes_seen.get_mut(o as usize) {
                seen.end = end;
            }
            return end;
        }
        let own = outcome.and_then(|o| self.outcomes.get(o as usize));
        for (k, t) in total.iter_mut().enumerate() {
            let here = own.and_then(|d| d.payoffs.get(k)).copied().unwrap_or(0.0);
            *t = above.get(k).copied().unwrap_or(0.0) + here;
        }
        let name = own.map_or("", |d| d.name.as_str());
        intern_end(
            &mut self.tree.ends,
            &mut self.end_by_value,
            &mut self.same_hash,
            name,
            total,
        )
    }
}

/// The index in `ends` of the end with this name and payoffs, added if
/// new; `by_hash` and `same_hash` are the parser's table of them.
fn intern_end(
    ends: &mut Vec<End>,
    by_hash: &mut FxHashMap<u64, u32>,
    same_hash: &mut Vec<u32>,
    name: &str,
    payoffs: &[f64],
) -> u32 {
    let same = |end: &End| {
        end.name == name
            && end.payoffs.len() == payoffs.len()
            && end
                .payoffs
                .iter()
                .zip(payoffs)
                .all(|(a, b)| (a + 0.0).to_bits() == (b + 0.0).to_bits())
    };
    let hash = end_hash(name, payoffs);
    let head = by_hash.get(&hash).copied().unwrap_or(NONE);
    let mut at = head;
    while let Some(end) = ends.get(at as usize) {
        if same(end) {
            return at;
        }
        at = same_hash.get(at as usize).copied().unwrap_or(NONE);
    }
    let end = ends.len() as u32;
    ends.push(End {
        name: name.to_owned(),
        payoffs: payoffs.to_vec(),
    });
    same_hash.push(head);
    by_hash.insert(hash, end);
    end
}

/// Parses `3`, `-1.5`, `.25`, `1e-3` or `1/3`; `None` for anything else
/// (including infinities and a zero denominator).
pub(super) fn parse_number(word: &str) -> Option<f64> {
    if let Some((numerator, denominator)) = word.split_once('/') {
        let (n, d) = (parse_decimal(numerator)?, parse_decimal(denominator)?);
        return (d != 0.0).then_some(n / d).filter(|x| x.is_finite());
    }
    parse_decimal(word)
}

fn parse_decimal(word: &str) -> Option<f64> {
    let digits = word.strip_prefix('-').unwrap_or(word);
    if !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let mut n: i64 = 0;
        for b in digits.bytes() {
            n = n * 10 + i64::from(b - b'0');
        }
        return Some(if digits.len() < word.len() {
            -(n as f64)
        } else {
            n as f64
        });
    }
    let plausible = word
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && word.bytes().any(|b| b.is_ascii_digit());
    if !plausible {
        return None;
    }
    word.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Tree<'_> {
        parse(text, "t.efg").unwrap_or_else(|d| panic!("{d}"))
    }

    fn error(text: &str) -> String {
        parse(text, "t.efg").map(|_| ()).unwrap_err().to_string()
    }

    #[test]
    fn ends_are_one_per_name_and_payoffs_even_when_hashes_collide() {
        let (mut ends, mut by_hash, mut same_hash) = (Vec::new(), FxHashMap::default(), Vec::new());
        let mut intern = |name: &str, payoffs: &[f64]| {
            intern_end(&mut ends, &mut by_hash, &mut same_hash, name, payoffs)
        };
        assert_eq!(intern("win", &[1.0, 0.0]), 0);
        assert_eq!(intern("win", &[1.0, -0.0]), 0, "-0 is 0");
        assert_eq!(intern("", &[1.0, 0.0]), 1, "another name is another end");
        assert_eq!(intern("win", &[1.0]), 2);
        // A third end whose hash is made to collide with the first's: it is
        // chained behind it, and each is still found as itself.
        let (mut ends, mut by_hash, mut same_hash) = (ends, by_hash, same_hash);
        by_hash.insert(end_hash("lose", &[0.0, 1.0]), 0);
        let mut intern = |name: &str, payoffs: &[f64]| {
            intern_end(&mut ends, &mut by_hash, &mut same_hash, name, payoffs)
        };
        assert_eq!(intern("lose", &[0.0, 1.0]), 3);
        assert_eq!(intern("lose", &[0.0, 1.0]), 3);
        assert_eq!(intern("win", &[1.0, 0.0]), 0);
        assert_eq!(ends.len(), 4);
        assert_eq!(ends[3].name, "lose");
        assert_eq!(same_hash, [NONE, NONE, NONE, 0]);
    }

    #[test]
    fn numbers_may_be_whole_decimal_or_fractions() {
        assert_eq!(parse_number("3"), Some(3.0));
        assert_eq!(parse_number("-12"), Some(-12.0));
        assert_eq!(parse_number(".80"), Some(0.8));
        assert_eq!(parse_number("1/3"), Some(1.0 / 3.0));
        assert_eq!(parse_number("-3/4"), Some(-0.75));
        assert_eq!(parse_number("2.5e1"), Some(25.0));
        assert_eq!(parse_number("1/0"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("x"), None);
        assert_eq!(parse_number("-"), None);
    }

    #[test]
    fn reads_nodes_in_preorder_with_subtree_ends() {
        let t = tree(
            "EFG 2 R \"g\" { \"A\" \"B\" } \"note\"\n\
             p \"\" 1 1 \"\" { \"l\" \"r\" } 0\n\
             p \"\" 2 1 \"\" { \"x\" \"y\" } 0\n\
             t \"\" 1 \"one\" { 1, 2 }\n\
             t \"\" 2 \"two\" { 3 4 }\n\
             t \"\" 1\n",
        );
        assert_eq!(t.players, ["A", "B"]);
        assert_eq!(t.comment, "note");
        let ends: Vec<u32> = t.nodes.iter().map(|n| n.end).collect();
        assert_eq!(ends, [5, 4, 3, 4, 5]);
        let depths: Vec<u32> = t.nodes.iter().map(|n| n.depth).collect();
        assert_eq!(depths, [0, 1, 2, 2, 1]);
        // The repeated outcome 1 is the same end.
        assert_eq!(t.nodes[2].info, t.nodes[4].info);
        assert_eq!(t.ends.len(), 2);
        assert_eq!(t.ends[1].payoffs, [3.0, 4.0]);
    }

    #[test]
    fn outcomes_above_a_terminal_add_to_its_payoffs() {
        let t = tree(
            "EFG 2 R \"g\" { \"A\" } \n\
             c \"\" 1 \"\" { \"h\" 1/4 \"t\" 3/4 } 1 \"fee\" { -1 }\n\
             t \"\" 2 \"win\" { 5 }\n\
             t \"\" 0\n",
        );
        assert_eq!(t.ends[t.nodes[1].info as usize].payoffs, [4.0]);
        assert_eq!(t.ends[t.nodes[2].info as usize].payoffs, [-1.0]);
        assert_eq!(t.ends[t.nodes[2].info as usize].name, "");
        assert_eq!(t.lists[0].probabilities, [0.25, 0.75]);
    }

    #[test]
    fn labels_keep_escaped_quotes() {
        let t = tree("EFG 2 R \"a \\\"quoted\\\" game\" { \"A\" } t \"\" 0");
        assert_eq!(t.title, "a \"quoted\" game");
        assert_eq!(t.nodes[0].info, NONE);
    }

    #[test]
    fn structure_errors_stop_at_their_position() {
        assert_eq!(
            error("EFG 2 R \"g\" { \"A\" }\np \"\" 2 1 \"\" { \"a\" } 0\nt \"\" 0\n")
                .lines()
                .next(),
            Some("t.efg:2:6: error: there is no player 2")
        );
        assert!(
            error("EFG 2 R \"g\" { \"A\" }\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 0\n")
                .starts_with("t.efg:2:1: error: the file ends before the game tree is complete: this node has 2 actions, but only 1 subtree follows it")
        );
        assert!(
            error("EFG 2 R \"g\" { \"A\" }\nt \"\" 0\nt \"\" 0\n").starts_with(
                "t.efg:3:1: error: the game tree is already complete, but `t` follows"
            )
        );
        assert!(
            error("NFG 1 R \"g\"")
                .starts_with("t.efg:1:1: error: this is a Gambit strategic-form (.nfg) file")
        );
        assert!(
            error("EFG 2 R \"g\" { \"A\" }\np \"\" 1 4 0\n")
                .starts_with("t.efg:2:8: error: information set 4 of player 1 is used before its actions are given")
        );
    }

    #[test]
    fn value_errors_are_all_reported() {
        let text = "EFG 2 R \"g\" { \"A\" \"B\" }\n\
                    c \"\" 1 \"\" { \"h\" 0.5 \"t\" 0.4 } 0\n\
                    t \"\" 1 \"x\" { 1 }\n\
                    t \"\" 1 \"x\" { 1 2 }\n";
        let message = error(text);
        assert!(
            message.contains("t.efg:2:11: error: the probabilities of this chance node sum to 0.9"),
            "{message}"
        );
        assert!(
            message.contains(
                "t.efg:3:12: error: outcome \"x\" gives 1 payoff, but the game has 2 players"
            ),
            "{message}"
        );
        assert!(message.contains("t.efg:4:8: error: outcome 1 is declared again with a different name or payoffs than at line 3"), "{message}");
        assert!(message.ends_with("3 errors, 0 warnings"), "{message}");
    }

    #[test]
    fn repeated_information_sets_must_match() {
        let text = "EFG 2 R \"g\" { \"A\" \"B\" }\n\
                    p \"\" 1 1 \"\" { \"l\" \"r\" } 0\n\
                    p \"\" 2 1 \"s\" { \"x\" \"y\" } 0\n\
                    t \"\" 0\n t \"\" 0\n\
                    p \"\" 2 1 \"s\" { \"x\" \"z\" } 0\n\
                    t \"\" 0\n t \"\" 0\n";
        assert!(error(text).starts_with(
            "t.efg:6:8: error: information set 1 of player 2 is declared again with different actions than at line 3"
        ));
        let same = text.replace("\"z\"", "\"y\"");
        let t = tree(&same);
        assert_eq!(t.infosets.len(), 2);
        assert_eq!(t.infosets[1].n_nodes, 2);
    }
}
