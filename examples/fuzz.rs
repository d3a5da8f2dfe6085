//! A mutation fuzzer for everything that reads user input, on stable Rust:
//! scenario files, Gambit games and saved sessions, mutated from the
//! project's own files, through loading, validation, expansion, every
//! analysis, every export and session loading.
//!
//! ```text
//! cargo run --release --example fuzz -- --inputs 20000 --seed 7
//! nice -n 19 cargo run --release --example fuzz -- --inputs 1000000 --jobs 2
//! ```
//!
//! Seeds are `scenarios/*.ron` and every `.ron` and `.efg` under
//! `tests/data`, and session files made by walking each seed that loads.
//! Input `i` is made from the seed and `i` alone (SplitMix64), so any
//! finding can be made again with `--from i --inputs 1`. Each input runs
//! on a thread with the app's worker stack (2 MiB) under a memory cap
//! (`--max-mib`, default 1024; the library's memory budget is set to a
//! sixty-fourth of it, so inputs that ask for huge graphs stop quickly). Failures are panics, aborts (the process dies: the
//! supervisor notes the input and starts a new worker after it), going
//! over the memory cap, and broken invariants (the start situation holds
//! the initial values, each move's results sum to 1, outcome probabilities
//! sum to 1, a saved session reads back to the same place, an exported
//! game reads back). Inputs over `--slow-ms` (default 2000) are reported.
//! Failing inputs are written to `target/fuzz/`. The exit status is 1 if
//! anything failed.

// A counting allocator needs `unsafe impl GlobalAlloc`; it only forwards
// to the system allocator and counts.
#![allow(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use demarche::analysis::sensitivity::{SweepOptions, TornadoOptions, sweep, tornado};
use demarche::analysis::{
    Parameter, PlayModel, check_horizon, outcome_probabilities, solve, stability,
};
use demarche::engine::{Status, expand_with, lint, opening_turn, set_memory_budget};
use demarche::io::efg::scenario_to_efg_within;
use demarche::io::{GameFile, debrief, graph_to_dot, graph_to_svg, read_efg};
use demarche::model::{Scenario, load_str};
use demarche::session::{Action, Session, SplitMix};

// ---------------------------------------------------------------------
// Memory: a counting allocator with a cap.

/// Bytes allocated now and at most, and the cap (0: none yet).
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CAP: AtomicUsize = AtomicUsize::new(0);
/// The input being run, for the message when the cap is passed.
static INPUT: AtomicU64 = AtomicU64::new(u64::MAX);
static OVER_CAP: AtomicBool = AtomicBool::new(false);

struct Counting;

// SAFETY: every call is forwarded unchanged to `System`; the counters are
// atomics and never touch the allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !self.admit(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract for `alloc` holds for `System` too.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !self.admit(new_size - old) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract for `realloc` holds for `System` too.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > old {
                CURRENT.fetch_sub(new_size - old, Ordering::Relaxed);
            }
        } else if new_size < old {
            CURRENT.fetch_sub(old - new_size, Ordering::Relaxed);
        }
        p
    }
}

impl Counting {
    /// Counts `size` more bytes, or refuses past the cap (the process then
    /// aborts on the failed allocation, and the supervisor reports it).
    fn admit(&self, size: usize) -> bool {
        let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
        let cap = CAP.load(Ordering::Relaxed);
        if cap != 0 && now > cap {
            CURRENT.fetch_sub(size, Ordering::Relaxed);
            if !OVER_CAP.swap(true, Ordering::Relaxed) {
                // No allocation here: a fixed message to stderr.
                let _ = std::io::stderr().write_all(b"fuzz: over the memory cap\n");
            }
            return false;
        }
        PEAK.fetch_max(now, Ordering::Relaxed);
        true
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

// ---------------------------------------------------------------------
// Randomness: SplitMix64, enough for mutations and the same everywhere.

/// The session's SplitMix64 stream, seeded per input.
struct Rng(SplitMix);

impl Rng {
    fn new(seed: u64, index: u64) -> Rng {
        let mut rng = Rng(SplitMix::new(
            seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F),
        ));
        rng.0.next_u64();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number below `n` (0 for `n` = 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.0.below(n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ---------------------------------------------------------------------
// Seeds.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ron,
    Efg,
    Session,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Ron => "scenario",
            Kind::Efg => "efg",
            Kind::Session => "session",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Ron => "ron",
            Kind::Efg => "efg",
            Kind::Session => "session.ron",
        }
    }
}

struct Seed {
    kind: Kind,
    name: String,
    bytes: Vec<u8>,
    /// For a session: the scenario text it belongs to.
    scenario: Option<Arc<Scenario>>,
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files_under(&root.join("scenarios"), &mut paths);
    files_under(&root.join("tests/data"), &mut paths);
    let mut seeds = Vec::new();
    for path in paths {
        let kind = match path.extension().and_then(|x| x.to_str()) {
            Some("ron") => Kind::Ron,
            Some("efg") => Kind::Efg,
            _ => continue,
        };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        seeds.push(Seed {
            kind,
            name,
            bytes,
            scenario: None,
        });
    }
    // Sessions: walk each scenario that loads a few moves, then save.
    let mut sessions = Vec::new();
    for seed in &seeds {
        if seed.kind != Kind::Ron {
            continue;
        }
        let Ok(text) = std::str::from_utf8(&seed.bytes) else {
            continue;
        };
        let Ok(scenario) = load_str(text, &seed.name) else {
            continue;
        };
        // Sessions of scenarios that grow to the budget add only time.
        let Ok(graph) = demarche::engine::try_expand(&scenario) else {
            continue;
        };
        let scenario = Arc::new(scenario);
        let mut session = Session::with_graph(Arc::clone(&scenario), graph);
        walk(&mut session, 6, 0);
        let _ = session.apply(Action::Bookmark {
            label: "here".to_owned(),
        });
        let _ = session.apply(Action::Note {
            text: "a note".to_owned(),
        });
        if let Ok(text) = session.to_ron() {
            sessions.push(Seed {
                kind: Kind::Session,
                name: format!("{} (session)", seed.name),
                bytes: text.into_bytes(),
                scenario: Some(scenario),
            });
        }
    }
    seeds.extend(sessions);
    seeds
}

/// Takes up to `n` moves, each the `pick`-th available (wrapping).
fn walk(session: &mut Session, n: usize, pick: usize) {
    for k in 0..n {
        let steps: Vec<_> = session.graph().steps(session.current()).collect();
        if steps.is_empty() {
            return;
        }
        let step = *session.graph().step(steps[(pick + k) % steps.len()]);
        if session
            .apply(Action::Take {
                move_: step.move_,
                result: step.result,
            })
            .is_err()
        {
            return;
        }
    }
}

// ---------------------------------------------------------------------
// Mutations.

const NUMBERS: [&str; 16] = [
    "0",
    "-1",
    "1",
    "2147483647",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "1000000000000",
    "1e308",
    "-1e308",
    "NaN",
    "0.000000001",
    "100",
];

const SPACES: [&str; 8] = [
    "\u{85}", "\u{200E}", "\u{200F}", "\u{2028}", "\u{2029}", "\u{A0}", "\t", "\u{FEFF}",
];

/// The byte ranges of tokens: runs of letters, digits, `_`, `.`, `-`, or
/// one other byte.
fn tokens(bytes: &[u8]) -> Vec<(usize, usize)> {
    let word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if word(bytes[i]) {
            while i < bytes.len() && word(bytes[i]) {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng, donors: &[Seed]) {
    // Half the inputs get one edit, so many still load and reach the
    // analyses; the rest get up to four.
    let n_mutations = if rng.chance(50) { 1 } else { 1 + rng.below(4) };
    for _ in 0..n_mutations {
        let toks = tokens(bytes);
        let at = rng.below(bytes.len() + 1);
        match rng.below(13) {
            0 => bytes.truncate(at),
            1 => {
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(bytes.len());
                    if let Some(b) = bytes.get_mut(i) {
                        *b ^= 1 << rng.below(8);
                    }
                }
            }
            2 if !toks.is_empty() => {
                let (a, b) = toks[rng.below(toks.len())];
                bytes.drain(a..b);
            }
            3 if !toks.is_empty() => {
                let (a, b) = toks[rng.below(toks.len())];
                let copy = bytes[a..b].to_vec();
                bytes.splice(b..b, copy);
            }
            4 if toks.len() >= 2 => {
                let (mut x, mut y) = (toks[rng.below(toks.len())], toks[rng.below(toks.len())]);
                if x.0 > y.0 {
                    std::mem::swap(&mut x, &mut y);
                }
                if x.1 <= y.0 {
                    let first = bytes[x.0..x.1].to_vec();
                    let second = bytes[y.0..y.1].to_vec();
                    bytes.splice(y.0..y.1, first);
                    bytes.splice(x.0..x.1, second);
                }
            }
            5 => {
                // A number token replaced by an extreme one.
                let numbers: Vec<_> = toks
                    .iter()
                    .filter(|(a, _)| bytes[*a].is_ascii_digit() || bytes[*a] == b'-')
                    .collect();
                let number = NUMBERS[rng.below(NUMBERS.len())].as_bytes().to_vec();
                match numbers.get(rng.below(numbers.len())) {
                    Some(&&(a, b)) => {
                        bytes.splice(a..b, number);
                    }
                    None => {
                        bytes.splice(at..at, number);
                    }
                }
            }
            6 => {
                // A long string, inside quotes or not.
                let n = [100, 10_000, 300_000][rng.below(3)];
                let fill = [b'x', b'a', b' ', b'('][rng.below(4)];
                bytes.splice(at..at, std::iter::repeat_n(fill, n));
            }
            7 => {
                // Deep nesting of brackets or of a condition.
                let depth = [10, 100, 1000, 20_000][rng.below(4)];
                let (open, close): (&[u8], &[u8]) = match rng.below(4) {
                    0 => (b"(", b")"),
                    1 => (b"[", b"]"),
                    2 => (b"Some(", b")"),
                    _ => (b"not ", b""),
                };
                let mut nested = Vec::new();
                for _ in 0..depth {
                    nested.extend_from_slice(open);
                }
                nested.extend_from_slice(b"x");
                for _ in 0..depth {
                    nested.extend_from_slice(close);
                }
                bytes.splice(at..at, nested);
            }
            8 => {
                // Unicode whitespace, often next to a colon.
                let space = SPACES[rng.below(SPACES.len())].as_bytes().to_vec();
                let colons: Vec<usize> = bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b':')
                    .map(|(i, _)| i)
                    .collect();
                let place = if rng.chance(70) && !colons.is_empty() {
                    colons[rng.below(colons.len())] + rng.below(2)
                } else {
                    at
                };
                bytes.splice(place..place, space);
            }
            9 if !donors.is_empty() => {
                // A piece of another seed.
                let donor = &donors[rng.below(donors.len())].bytes;
                let a = rng.below(donor.len());
                let b = (a + rng.below(400)).min(donor.len());
                bytes.splice(at..at, donor[a..b].iter().copied());
            }
            10 => {
                // Limits that ask for too much.
                let text = String::from_utf8_lossy(bytes).into_owned();
                let replaced = match rng.below(4) {
                    0 => text.replacen("max_situations: ", "max_situations: 1000000000000", 1),
                    1 => text.replacen("max_depth: ", "max_depth: 4294967295", 1),
                    2 => text.replacen("max_depth: ", "max_depth: 10000", 1),
                    _ => text.replacen("max: ", "max: 9223372036854775807", 1),
                };
                *bytes = replaced.into_bytes();
            }
            11 if !toks.is_empty() => {
                // A token repeated many times.
                let (a, b) = toks[rng.below(toks.len())];
                let copy = bytes[a..b].to_vec();
                let n = 2 + rng.below(200);
                let mut many = Vec::new();
                for _ in 0..n {
                    many.extend_from_slice(&copy);
                    many.push(b',');
                }
                bytes.splice(b..b, many);
            }
            _ => {
                // A random printable byte or an invalid UTF-8 byte.
                const PRINTABLE: &[u8] = b" \"(),:[]{}#/*\\r0123456789";
                let b = if rng.chance(20) {
                    0x80 | rng.below(0x80) as u8
                } else {
                    PRINTABLE[rng.below(PRINTABLE.len())]
                };
                bytes.insert(at.min(bytes.len()), b);
            }
        }
    }
}

/// Input `index`: its seed and its bytes.
fn input(seeds: &[Seed], seed: u64, index: u64) -> (usize, Vec<u8>) {
    let mut rng = Rng::new(seed, index);
    let which = rng.below(seeds.len());
    let mut bytes = seeds[which].bytes.clone();
    // A few inputs stay as they are: the unmutated paths are checked too.
    if !rng.chance(5) {
        mutate(&mut bytes, &mut rng, seeds);
    }
    (which, bytes)
}

// ---------------------------------------------------------------------
// Running one input.

/// How far an input got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Reached {
    Rejected,
    Loaded,
    Expanded,
    Analysed,
}

/// Runs every target on one input; an `Err` is a broken invariant. Every
/// `cli_every`-th input also goes through the command line (from a file).
fn run_input(seed: &Seed, bytes: &[u8], index: u64, cli_every: u64) -> Result<Reached, String> {
    let reached = run_library(seed, bytes)?;
    if seed.kind != Kind::Session && reached > Reached::Rejected && index.is_multiple_of(cli_every)
    {
        run_cli(seed, bytes)?;
    }
    Ok(reached)
}

/// The subcommands as a user runs them, on the input written to a file.
fn run_cli(seed: &Seed, bytes: &[u8]) -> Result<(), String> {
    use clap::Parser;
    let dir = tempfile::tempdir().map_err(|e| format!("no temporary folder: {e}"))?;
    let file = dir.path().join(format!("input.{}", seed.kind.extension()));
    std::fs::write(&file, bytes).map_err(|e| format!("cannot write the input: {e}"))?;
    let file = file.display().to_string();
    let exported = dir.path().join("out.dot").display().to_string();
    let commands: [&[&str]; 6] = [
        &["check", &file],
        &["tree", &file],
        &["stats", &file],
        &["solve", &file, "--model", "uniform"],
        &["play", &file, "--json"],
        &["export", &file, "--format", "dot", "-o", &exported],
    ];
    for args in commands {
        let cli = demarche::cli::Cli::try_parse_from(
            std::iter::once("demarche").chain(args.iter().copied()),
        )
        .map_err(|e| format!("{args:?} does not parse: {e}"))?;
        // Errors are the expected answer to bad input; only panics count.
        let _ = demarche::cli::run(cli, &mut std::io::sink());
    }
    Ok(())
}

/// Every library target on one input.
fn run_library(seed: &Seed, bytes: &[u8]) -> Result<Reached, String> {
    let text = String::from_utf8_lossy(bytes);
    match seed.kind {
        Kind::Ron => match load_str(&text, "fuzz.ron") {
            Ok(scenario) => scenario_targets(scenario, None),
            Err(d) => {
                // Rendering the diagnostics is part of rejecting.
                let _ = d.to_string();
                Ok(Reached::Rejected)
            }
        },
        Kind::Efg => match read_efg(&text, "fuzz.efg") {
            Ok(opened) => {
                let graph = opened.game_graph().cloned();
                scenario_targets(opened.scenario, graph)
            }
            Err(d) => {
                let _ = d.to_string();
                Ok(Reached::Rejected)
            }
        },
        Kind::Session => {
            let Some(scenario) = &seed.scenario else {
                return Ok(Reached::Rejected);
            };
            match Session::from_ron(&text, Arc::clone(scenario)) {
                Ok((session, _notes)) => {
                    round_trip(&session)?;
                    let _ = debrief(&session, "2026-01-01");
                    Ok(Reached::Loaded)
                }
                Err(e) => {
                    let _ = e.to_string();
                    Ok(Reached::Rejected)
                }
            }
        }
    }
}

fn scenario_targets(
    scenario: Scenario,
    built: Option<demarche::engine::SituationGraph>,
) -> Result<Reached, String> {
    let is_game = built.is_some();
    let graph = match built {
        Some(graph) => graph,
        None => match expand_with(&scenario, &mut |_| ControlFlow::Continue(())) {
            Ok(graph) => graph,
            Err(e) => {
                let _ = e.to_string();
                return Ok(Reached::Loaded);
            }
        },
    };
    // The start situation holds the initial values and the opening turn.
    if !is_game {
        let initial = scenario.initial_values();
        let start = graph.start();
        if graph.values(start) != initial {
            return Err(format!(
                "the start situation holds {:?}, not the initial values {initial:?}",
                graph.values(start)
            ));
        }
        if graph.turn(start) != opening_turn(&scenario, &initial) {
            return Err("the start situation has the wrong turn".to_owned());
        }
    }
    // Each move's results sum to 1; open situations have steps, others none.
    for id in graph.situations() {
        let steps: Vec<_> = graph.steps(id).collect();
        match graph.status(id) {
            Status::Open if steps.is_empty() => {
                return Err(format!("{id} is open but has no steps"));
            }
            Status::Open => {}
            _ if !steps.is_empty() => return Err(format!("{id} is not open but has steps")),
            _ => {}
        }
        let mut k = 0;
        while k < steps.len() {
            let move_ = graph.step(steps[k]).move_;
            let mut total = 0.0;
            while k < steps.len() && graph.step(steps[k]).move_ == move_ {
                total += graph.step(steps[k]).probability;
                k += 1;
            }
            if (total - 1.0).abs() > 1e-6 {
                return Err(format!("the results of a move from {id} sum to {total}"));
            }
        }
    }
    let _ = lint(&scenario, &graph);

    // Exports.
    let _ = graph_to_dot(&scenario, &graph, &[], GameFile::default());
    let _ = graph_to_svg(&scenario, &graph, &[], GameFile::default());
    // The shipped limit (5 million nodes) takes seconds to reach; a
    // smaller one exercises the same refusal.
    if let Ok(efg) = scenario_to_efg_within(&scenario, &graph, GameFile::default(), 20_000)
        && let Err(d) = read_efg(&efg, "exported.efg")
    {
        return Err(format!("the exported game does not read back: {d}"));
    }
    let scenario = Arc::new(scenario);
    let mut session = Session::with_graph(Arc::clone(&scenario), graph.clone());
    walk(&mut session, 4, 1);
    let _ = debrief(&session, "2026-01-01");
    round_trip(&session)?;

    // Analyses, each only where the horizon fits.
    if check_horizon(
        &graph,
        graph.start(),
        scenario.limits.max_depth,
        scenario.actors.len(),
    )
    .is_err()
    {
        return Ok(Reached::Expanded);
    }
    let solution = solve(&scenario, &graph);
    let _ = solution.path(&graph);
    for (name, probabilities) in [
        ("rational", solution.outcome_probabilities(&graph)),
        (
            "uniform",
            outcome_probabilities(&scenario, &graph, graph.start(), PlayModel::Uniform),
        ),
    ] {
        let total = probabilities.total();
        if (total - 1.0).abs() > 1e-6 {
            return Err(format!("{name} outcome probabilities sum to {total}"));
        }
        if probabilities
            .by_outcome
            .iter()
            .any(|p| !(-1e-9..=1.0 + 1e-9).contains(p))
        {
            return Err(format!("a {name} outcome probability is outside 0..1"));
        }
    }
    if !is_game {
        let _ = stability(&scenario, &graph).map_err(|e| e.to_string());
        let mut go_on = |_: &demarche::analysis::Progress| ControlFlow::Continue(());
        if graph.n_situations() <= 5000 {
            let _ = tornado(&scenario, &graph, &TornadoOptions::default(), &mut go_on);
        }
        if let Some(parameter) = Parameter::all(&scenario).into_iter().next() {
            let options = SweepOptions {
                range: None,
                points: 5,
            };
            let _ = sweep(&scenario, &graph, parameter, &options, &mut go_on);
        }
    }
    Ok(Reached::Analysed)
}

/// A session saved and read back is at the same situation.
fn round_trip(session: &Session) -> Result<(), String> {
    let text = session.to_ron().map_err(|e| format!("cannot save: {e}"))?;
    // Into a session on the same graph: a game's graph comes from its file,
    // not from expanding its rules.
    let fresh = Session::with_graph(Arc::clone(session.scenario_arc()), session.graph().clone());
    let (back, _) = Session::from_ron_into(&text, fresh, None)
        .map_err(|e| format!("a saved session does not read back: {e}"))?;
    if back.current() != session.current() && back.graph().n_situations() > 0 {
        let (a, b) = (
            back.graph().values(back.current()),
            session.graph().values(session.current()),
        );
        if a != b {
            return Err(format!("a saved session reads back at {a:?}, not at {b:?}"));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------
// The worker: runs inputs `from..to`, one line per event on stdout.

fn worker(seed: u64, from: u64, to: u64, slow: Duration) {
    let seeds = Arc::new(seeds());
    let mut out = std::io::stdout().lock();
    let message: Arc<std::sync::Mutex<String>> = Arc::default();
    let hook_message = Arc::clone(&message);
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut m) = hook_message.lock() {
            *m = info.to_string().replace('\n', " ");
        }
    }));
    for index in from..to {
        INPUT.store(index, Ordering::Relaxed);
        let _ = writeln!(out, "start {index}");
        let _ = out.flush();
        let (which, bytes) = input(&seeds, seed, index);
        let started = Instant::now();
        let thread_seeds = Arc::clone(&seeds);
        let thread_bytes = bytes.clone();
        let result = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || run_input(&thread_seeds[which], &thread_bytes, index, 16))
            .map(|handle| handle.join());
        let elapsed = started.elapsed();
        let kind = seeds[which].kind.name();
        let verdict = match result {
            Ok(Ok(Ok(reached))) => format!("ok {kind} {reached:?}"),
            Ok(Ok(Err(violation))) => {
                save(index, &seeds[which], &bytes, "violation", &violation);
                format!("violation {kind} {violation}")
            }
            Ok(Err(_)) => {
                let m = message.lock().map(|m| m.clone()).unwrap_or_default();
                save(index, &seeds[which], &bytes, "panic", &m);
                format!("panic {kind} {m}")
            }
            Err(e) => format!("violation {kind} cannot start a thread: {e}"),
        };
        let _ = writeln!(
            out,
            "done {index} {} {} {verdict}",
            elapsed.as_micros(),
            PEAK.load(Ordering::Relaxed)
        );
        if elapsed > slow {
            save(
                index,
                &seeds[which],
                &bytes,
                "slow",
                &format!("{elapsed:?}"),
            );
        }
    }
    let _ = out.flush();
}

fn save(index: u64, seed: &Seed, bytes: &[u8], what: &str, note: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz");
    let _ = std::fs::create_dir_all(&dir);
    let base = dir.join(format!("{what}-{index}.{}", seed.kind.extension()));
    let _ = std::fs::write(&base, bytes);
    let _ = std::fs::write(
        base.with_extension("txt"),
        format!("seed file: {}\n{note}\n", seed.name),
    );
}

// ---------------------------------------------------------------------
// The supervisor: starts workers, restarts after a crash, sums up.

#[derive(Default)]
struct Tally {
    n_inputs: u64,
    per_kind: std::collections::BTreeMap<String, [u64; 4]>,
    panics: Vec<String>,
    aborts: Vec<String>,
    violations: Vec<String>,
    slow: Vec<String>,
    peak_bytes: u64,
    busy_us: u64,
    slowest_us: u64,
}

struct Options {
    inputs: u64,
    seed: u64,
    from: u64,
    jobs: u64,
    max_mib: u64,
    slow_ms: u64,
    worker: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        inputs: 1000,
        seed: 1,
        from: 0,
        jobs: 1,
        max_mib: 1024,
        slow_ms: 2000,
        worker: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            let v = it.next().ok_or(format!("{name} needs a number"))?;
            v.parse::<u64>().map_err(|e| format!("{name} {v:?}: {e}"))
        };
        match arg.as_str() {
            "--inputs" => o.inputs = value("--inputs")?,
            "--seed" => o.seed = value("--seed")?,
            "--from" => o.from = value("--from")?,
            "--jobs" => o.jobs = value("--jobs")?.max(1),
            "--max-mib" => o.max_mib = value("--max-mib")?.max(16),
            "--slow-ms" => o.slow_ms = value("--slow-ms")?,
            "--worker" => o.worker = true,
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(o)
}

const USAGE: &str =
    "usage: fuzz [--inputs N] [--seed S] [--from I] [--jobs J] [--max-mib M] [--slow-ms T]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let cap = options.max_mib << 20;
    // The library refuses long before the cap: passing the cap means
    // something grew that the budget does not count.
    set_memory_budget(cap / 64);
    if options.worker {
        CAP.store(cap as usize, Ordering::Relaxed);
        worker(
            options.seed,
            options.from,
            options.from + options.inputs,
            Duration::from_millis(options.slow_ms),
        );
        return ExitCode::SUCCESS;
    }
    supervise(&options)
}

fn supervise(options: &Options) -> ExitCode {
    let seeds = seeds();
    let started = Instant::now();
    let end = options.from + options.inputs;
    let share = options.inputs.div_ceil(options.jobs);
    let tally = Arc::new(std::sync::Mutex::new(Tally::default()));
    let n_kinds: std::collections::BTreeMap<&str, usize> =
        seeds.iter().fold(Default::default(), |mut m, s| {
            *m.entry(s.kind.name()).or_default() += 1;
            m
        });
    println!(
        "fuzz: {} inputs from seed {}, {} seed files ({n_kinds:?}), {} jobs, memory cap {} MiB",
        options.inputs,
        options.seed,
        seeds.len(),
        options.jobs,
        options.max_mib
    );
    let handles: Vec<_> = (0..options.jobs)
        .map(|j| {
            let from = options.from + j * share;
            let to = (from + share).min(end);
            let tally = Arc::clone(&tally);
            let (seed, max_mib, slow_ms) = (options.seed, options.max_mib, options.slow_ms);
            std::thread::spawn(move || run_range(seed, from, to, max_mib, slow_ms, &tally))
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let elapsed = started.elapsed();
    let Ok(t) = tally.lock() else {
        return ExitCode::FAILURE;
    };
    println!(
        "fuzz: {} inputs in {:.1} s ({:.0} inputs/s; {:.2} ms per input on one core; slowest {:.0} ms)",
        t.n_inputs,
        elapsed.as_secs_f64(),
        t.n_inputs as f64 / elapsed.as_secs_f64().max(1e-9),
        t.busy_us as f64 / 1000.0 / (t.n_inputs.max(1) as f64),
        t.slowest_us as f64 / 1000.0
    );
    for (kind, [rejected, loaded, expanded, analysed]) in &t.per_kind {
        println!(
            "  {kind}: {} inputs: {rejected} rejected with an error, {loaded} loaded, {expanded} expanded, {analysed} analysed",
            rejected + loaded + expanded + analysed
        );
    }
    println!(
        "  panics {}, aborts {}, invariant violations {}, slow (over {} ms) {}, peak memory {:.1} MiB",
        t.panics.len(),
        t.aborts.len(),
        t.violations.len(),
        options.slow_ms,
        t.slow.len(),
        t.peak_bytes as f64 / f64::from(1 << 20)
    );
    for line in t
        .panics
        .iter()
        .chain(&t.aborts)
        .chain(&t.violations)
        .chain(&t.slow)
        .take(40)
    {
        println!("  {line}");
    }
    if t.panics.is_empty() && t.aborts.is_empty() && t.violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("  failing inputs are in target/fuzz/");
        ExitCode::FAILURE
    }
}

/// Runs inputs `from..to` in worker processes, starting a new one after
/// an input that killed the last.
fn run_range(
    seed: u64,
    from: u64,
    to: u64,
    max_mib: u64,
    slow_ms: u64,
    tally: &std::sync::Mutex<Tally>,
) {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut next = from;
    while next < to {
        let child = Command::new(&exe)
            .args([
                "--worker",
                "--seed",
                &seed.to_string(),
                "--from",
                &next.to_string(),
            ])
            .args(["--inputs", &(to - next).to_string()])
            .args([
                "--max-mib",
                &max_mib.to_string(),
                "--slow-ms",
                &slow_ms.to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            return;
        };
        let mut in_flight: Option<u64> = None;
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut words = line.splitn(6, ' ');
                match (
                    words.next(),
                    words.next().and_then(|w| w.parse::<u64>().ok()),
                ) {
                    (Some("start"), Some(i)) => in_flight = Some(i),
                    (Some("done"), Some(i)) => {
                        in_flight = None;
                        next = i + 1;
                        let us: u64 = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
                        let peak: u64 = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
                        let verdict = words.next().unwrap_or("");
                        let rest = words.next().unwrap_or("");
                        record(tally, i, us, peak, slow_ms, verdict, rest);
                    }
                    _ => {}
                }
            }
        }
        let stderr = child
            .stderr
            .take()
            .map(|mut e| {
                let mut s = String::new();
                let _ = std::io::Read::read_to_string(&mut e, &mut s);
                s
            })
            .unwrap_or_default();
        let status = child.wait();
        if let Some(i) = in_flight {
            let why = if stderr.contains("over the memory cap") {
                "over the memory cap".to_owned()
            } else {
                let last = stderr.lines().last().unwrap_or("").to_owned();
                format!("{status:?}: {last}")
            };
            if let Ok(mut t) = tally.lock() {
                t.n_inputs += 1;
                t.aborts.push(format!("input {i}: the worker died ({why})"));
            }
            let seeds = seeds();
            let (which, bytes) = input(&seeds, seed, i);
            save(i, &seeds[which], &bytes, "abort", &why);
            next = i + 1;
        } else if next < to {
            // The worker stopped between inputs without saying why.
            return;
        }
    }
}

fn record(
    tally: &std::sync::Mutex<Tally>,
    index: u64,
    us: u64,
    peak: u64,
    slow_ms: u64,
    verdict: &str,
    rest: &str,
) {
    let Ok(mut t) = tally.lock() else { return };
    t.n_inputs += 1;
    if t.n_inputs.is_multiple_of(100_000) {
        println!(
            "fuzz: {} inputs done, {} panics, {} aborts, {} violations so far",
            t.n_inputs,
            t.panics.len(),
            t.aborts.len(),
            t.violations.len()
        );
    }
    t.busy_us += us;
    t.slowest_us = t.slowest_us.max(us);
    t.peak_bytes = t.peak_bytes.max(peak);
    let (kind, detail) = rest.split_once(' ').unwrap_or((rest, ""));
    match verdict {
        "ok" => {
            let slot = match detail {
                "Rejected" => 0,
                "Loaded" => 1,
                "Expanded" => 2,
                _ => 3,
            };
            t.per_kind.entry(kind.to_owned()).or_default()[slot] += 1;
        }
        "panic" => t
            .panics
            .push(format!("input {index} ({kind}): panic: {detail}")),
        _ => t
            .violations
            .push(format!("input {index} ({kind}): {detail}")),
    }
    if us > slow_ms * 1000 {
        t.slow
            .push(format!("input {index} ({kind}): {} ms", us / 1000));
    }
}
