//! Validation: from the file as written to a [`Scenario`], collecting every
//! problem in one pass.
//!
//! Each check names the path of the offending value (`moves[3].actor`) so
//! the diagnostic lands on its line and column, says what it found and what
//! was expected, and suggests a fix when one is likely.

use std::collections::{BTreeMap, HashMap};

mod conflict;
pub use conflict::{MAX_OPTIONS, MAX_STEPPED_OPTIONS};

use super::condition::{Resolver, parse_condition, parse_effect};
use super::diagnostic::{Diagnostic, Diagnostics, Severity};
use super::file::{
    CiteFile, DomainFile, Literal, MoveFile, OutcomeFile, ProbabilityLiteral, ScenarioFile,
    SourceForecastFile, TurnRuleFile,
};
use super::locate::offset_in_literal;
use super::scenario::{
    Actor, ChanceResult, Citation, Limits, Move, Origin, Outcome, Scenario, Source, SourceForecast,
    Teaching, TeachingNote, TurnRule,
};
use super::variable::{Domain, Variable};
use super::{
    ActorIndex, Condition, Effect, Likelihood, OutcomeIndex, ResolveError, SourceIndex, Stated,
    did_you_mean, quote_list,
};

/// How far probabilities may stray from summing to one.
pub const PROBABILITY_TOLERANCE: f64 = 1e-9;

/// The most priorities one actor may list: stability scores a situation by
/// the priorities it meets, each worth twice the next, and an `f64` holds
/// such scores exactly up to 52 of them.
pub const MAX_PRIORITIES: usize = 52;

/// The most values one variable may take. A situation packs every value and
/// the turn into 64 bits, and with the turn taking at least a factor of two,
/// no single domain can be larger than this; checking it on its own gives
/// the author an error at the range instead of at the whole variable.
const MAX_DOMAIN_SIZE: u128 = (u64::MAX / 2) as u128;

/// Colours given to actors that name none, in order (also a Gambit
/// game's players).
pub(crate) const ACTOR_PALETTE: [[u8; 3]; 8] = [
    [31, 95, 191],
    [196, 60, 50],
    [46, 139, 87],
    [214, 140, 20],
    [128, 77, 179],
    [0, 139, 139],
    [170, 85, 130],
    [110, 110, 110],
];

/// Checks a parsed file and builds the scenario, or returns every error.
pub fn validate(file: ScenarioFile, origin: Origin) -> Result<Scenario, Diagnostics> {
    let mut v = Validator {
        origin: &origin,
        diagnostics: Vec::new(),
    };

    v.non_empty("id", &file.id, "scenario id");
    v.non_empty("title", &file.title, "title");

    let source_ids: Vec<&str> = file.sources.iter().map(|s| s.id.as_str()).collect();
    v.unique_ids("sources", "source", &source_ids);
    let actor_ids: Vec<&str> = file.actors.iter().map(|a| a.id.as_str()).collect();
    v.unique_ids("actors", "actor", &actor_ids);
    let variable_ids: Vec<&str> = file.variables.iter().map(|x| x.id.as_str()).collect();
    v.unique_ids("variables", "variable", &variable_ids);
    let move_ids: Vec<&str> = file.moves.iter().map(|m| m.id.as_str()).collect();
    v.unique_ids("moves", "move", &move_ids);
    let outcome_ids: Vec<&str> = file.outcomes.iter().map(|o| o.id.as_str()).collect();
    v.unique_ids("outcomes", "outcome", &outcome_ids);

    if file.actors.is_empty() {
        v.error("actors", "the scenario has no actors")
            .expected("at least one Actor(id: ..., name: ...)");
    }
    if file.actors.len() > usize::from(u16::MAX) || file.variables.len() > usize::from(u16::MAX) {
        v.error("actors", "too many actors or variables")
            .expected(format!("at most {} of each", u16::MAX));
    }
    if file.outcomes.len() > OutcomeIndex::MAX_COUNT {
        v.error("outcomes", "too many outcomes")
            .expected(format!("at most {}", OutcomeIndex::MAX_COUNT));
    }

    let sources = file
        .sources
        .iter()
        .map(|s| Source {
            id: s.id.clone(),
            title: s.title.clone(),
            author: s.author.clone(),
            publisher: s.publisher.clone(),
            date: s.date.clone(),
            link: s.link.clone(),
            before_as_of: s.before_as_of,
        })
        .collect();

    let actors = file
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| Actor {
            id: a.id.clone(),
            name: a.name.clone(),
            description: a.description.clone(),
            colour: match &a.colour {
                Some(text) => v.colour(&format!("actors[{i}].colour"), text),
                None => ACTOR_PALETTE[i % ACTOR_PALETTE.len()],
            },
        })
        .collect();

    if file.conflict.is_some() {
        v.option_form_excludes(&file);
    }
    let mut variables: Vec<Variable> = file
        .variables
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let path = format!("variables[{i}]");
            let domain = v.domain(&path, &x.domain);
            let initial = v.initial(&path, &x.id, &domain, &x.initial);
            let level_labels = v.level_labels(&path, &x.id, &domain, &x.level_labels);
            Variable {
                id: x.id.clone(),
                label: x.label.clone(),
                description: x.description.clone(),
                domain,
                initial,
                level_labels,
            }
        })
        .collect();
    if let Some(conflict) = &file.conflict {
        variables.extend(v.option_variables(conflict));
    }
    v.state_space_fits(&variables, file.actors.len());

    let names = Names {
        actors: actor_ids,
        sources: source_ids,
    };
    let resolver = Resolver {
        variables: &variables,
    };

    let mut moves: Vec<Move> = file
        .moves
        .iter()
        .enumerate()
        .map(|(i, m)| v.move_(i, m, &names, &resolver))
        .collect();
    let conflict = file.conflict.as_ref().map(|c| {
        let (form, option_moves) = v.option_form(c, &names, &resolver);
        moves.extend(option_moves);
        form
    });
    let outcomes = file
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| v.outcome(i, o, &names, &resolver))
        .collect();
    let source_forecasts = file
        .source_forecasts
        .iter()
        .enumerate()
        .filter_map(|(i, f)| v.source_forecast(i, f, &outcome_ids, &names))
        .collect();

    let turns = match &file.turns {
        TurnRuleFile::Free => TurnRule::Free,
        TurnRuleFile::ByMove { first } => TurnRule::ByMove {
            first: v
                .actor_ref("turns.first", first, "as the first mover", &names)
                .unwrap_or(ActorIndex(0)),
        },
        TurnRuleFile::Rotation(order) => {
            if order.is_empty() {
                v.error("turns", "the rotation names no actors").expected(
                    "the actors in the order they move, e.g. Rotation([\"iran\", \"us\"])",
                );
            }
            let mut seen = Vec::new();
            for (j, id) in order.iter().enumerate() {
                let path = format!("turns.0[{j}]");
                if let Some(a) = v.actor_ref(&path, id, "in the rotation", &names) {
                    if seen.contains(&a) {
                        v.error(
                            &path,
                            format!("actor \"{id}\" appears twice in the rotation"),
                        )
                        .expected("each actor once")
                        .hint("an actor with several moves makes them in one turn; list it once");
                    }
                    seen.push(a);
                }
            }
            TurnRule::Rotation(seen)
        }
    };

    let priorities = v.priorities(&file.priorities, &names, &resolver);
    let teaching = Teaching {
        goals: file.teaching.goals.clone(),
        notes: file
            .teaching
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let path = format!("teaching.notes[{i}]");
                if n.text.trim().is_empty() && n.questions.is_empty() {
                    v.error(&path, "an instructor note with no text and no questions")
                        .expected("`text: \"...\"` or `questions: [\"...\"]`");
                }
                TeachingNote {
                    when_text: n.when.clone(),
                    when: v.condition(&format!("{path}.when"), &n.when, &resolver),
                    text: n.text.clone(),
                    questions: n.questions.clone(),
                }
            })
            .collect(),
    };

    if file.limits.max_depth == 0 {
        v.error("limits.max_depth", "max_depth is 0, so nothing can happen")
            .expected("a depth of at least 1");
    }
    if file.limits.max_situations == 0 {
        v.error("limits.max_situations", "max_situations is 0")
            .expected("at least 1 situation");
    }

    let mut diagnostics = v.diagnostics;
    diagnostics.sort_by_key(|d| (d.line, d.column));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Diagnostics(diagnostics));
    }
    Ok(Scenario {
        id: file.id,
        title: file.title,
        summary: file.summary,
        as_of: file.as_of,
        sources,
        actors,
        variables,
        moves,
        outcomes,
        source_forecasts,
        turns,
        opening: file.opening,
        limits: Limits {
            max_depth: file.limits.max_depth,
            max_situations: file.limits.max_situations,
        },
        priorities,
        teaching,
        conflict,
        origin,
    })
}

struct Names<'a> {
    actors: Vec<&'a str>,
    sources: Vec<&'a str>,
}

struct Validator<'a> {
    origin: &'a Origin,
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    /// Records an error at `path`; returns it so the caller can add to it.
    fn error(&mut self, path: &str, message: impl Into<String>) -> Added<'_> {
        let d = self.origin.diagnostic(Severity::Error, path, message);
        self.push(d)
    }

    fn push(&mut self, d: Diagnostic) -> Added<'_> {
        self.diagnostics.push(d);
        let last = self.diagnostics.len() - 1;
        Added(&mut self.diagnostics[last])
    }

    /// An error inside a condition or effect string at `path`.
    fn in_string(&mut self, path: &str, e: ResolveError) {
        let text = &self.origin.text;
        let d = match self.origin.spans.span(path) {
            Some(span) => {
                let start = offset_in_literal(text, span.start, e.start);
                let end = offset_in_literal(text, span.start, e.start + e.len).max(start);
                Diagnostic::at(
                    Severity::Error,
                    &self.origin.file,
                    text,
                    start..end,
                    e.message,
                )
            }
            None => self.origin.diagnostic(Severity::Error, path, e.message),
        }
        .with_path(path);
        let d = match e.expected {
            Some(x) => d.expected(x),
            None => d,
        };
        self.push(d).maybe_hint(e.hint);
    }

    fn non_empty(&mut self, path: &str, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.error(path, format!("the {what} is empty"))
                .expected(format!("a non-empty {what}"));
        }
    }

    fn unique_ids(&mut self, table: &str, kind: &str, ids: &[&str]) {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            let path = format!("{table}[{i}].id");
            if id.trim().is_empty() {
                self.error(&path, format!("{kind} {} has an empty id", i + 1))
                    .expected(format!("a short unique id for the {kind}"));
                continue;
            }
            if let Some(&j) = first.get(id) {
                let (line, _) = super::locate::line_col(
                    &self.origin.text,
                    self.origin
                        .spans
                        .nearest(&format!("{table}[{j}].id"))
                        .map_or(0, |s| s.start),
                );
                self.error(&path, format!("duplicate {kind} id \"{id}\""))
                    .expected(format!("{} {kind} id not used before", article(kind)))
                    .hint(format!(
                        "\"{id}\" is first defined on line {line}; rename one of them"
                    ));
            } else {
                first.insert(id, i);
            }
        }
    }

    fn colour(&mut self, path: &str, text: &str) -> [u8; 3] {
        let hex = text.trim().trim_start_matches('#');
        let parsed = (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
                Some([byte(0)?, byte(2)?, byte(4)?])
            })
            .flatten();
        parsed.unwrap_or_else(|| {
            self.error(path, format!("colour \"{text}\" is not a hex colour"))
                .expected("\"#rrggbb\", e.g. \"#1f5fbf\"");
            [128, 128, 128]
        })
    }

    fn domain(&mut self, path: &str, domain: &DomainFile) -> Domain {
        match domain {
            DomainFile::Levels(levels) => {
                if levels.is_empty() {
                    self.error(&format!("{path}.domain"), "a variable with no levels")
                        .expected(
                            "at least one level, lowest first, e.g. Levels([\"low\", \"high\"])",
                        );
                }
                let table = format!("{path}.domain.0");
                let mut first: HashMap<&str, usize> = HashMap::new();
                for (j, level) in levels.iter().enumerate() {
                    let level_path = format!("{table}[{j}]");
                    if level.trim().is_empty() {
                        self.error(&level_path, "a level with an empty name")
                            .expected("a level name such as \"open\" or \"60%\"");
                    } else if first.contains_key(level.as_str()) {
                        self.error(&level_path, format!("duplicate level \"{level}\""))
                            .expected("each level once, lowest first");
                    } else {
                        first.insert(level, j);
                    }
                }
                Domain::Levels(levels.clone())
            }
            DomainFile::Flag => Domain::Flag,
            DomainFile::Integer { min, max } => {
                if min > max {
                    self.error(
                        &format!("{path}.domain"),
                        format!("the range {min}..{max} is empty: min is above max"),
                    )
                    .expected("min <= max");
                }
                let domain = Domain::Integer {
                    min: *min,
                    max: (*max).max(*min),
                };
                if domain.size() > MAX_DOMAIN_SIZE {
                    self.error(
                        &format!("{path}.domain"),
                        format!(
                            "the range {min}..{max} has {} values, too many to count",
                            domain.size()
                        ),
                    )
                    .expected(format!(
                        "a range of at most {MAX_DOMAIN_SIZE} values (2^63 - 1)"
                    ))
                    .hint("narrow min..max to the values the variable can really take");
                }
                domain
            }
        }
    }

    /// Level labels by level index; every key must name a level.
    fn level_labels(
        &mut self,
        path: &str,
        id: &str,
        domain: &Domain,
        labels: &BTreeMap<String, String>,
    ) -> Vec<String> {
        if labels.is_empty() {
            return Vec::new();
        }
        let Domain::Levels(levels) = domain else {
            self.error(
                &format!("{path}.level_labels"),
                format!(
                    "variable \"{id}\" {} but has level labels",
                    domain.kind_phrase()
                ),
            )
            .expected("level_labels only on a variable with Levels([...])")
            .hint("remove level_labels, or describe the values in the variable's description");
            return Vec::new();
        };
        let names: Vec<&str> = levels.iter().map(String::as_str).collect();
        let mut out = vec![String::new(); levels.len()];
        for (level, label) in labels {
            let key_path = format!("{path}.level_labels[\"{level}\"]");
            match levels.iter().position(|l| l == level) {
                Some(i) if label.trim().is_empty() => {
                    self.error(
                        &format!("{key_path}="),
                        format!("the label of level \"{level}\" is empty"),
                    )
                    .expected("a label a person reads, e.g. \"Maximum pressure\"");
                    out[i] = String::new();
                }
                Some(i) => out[i] = label.clone(),
                None => {
                    self.error(
                        &key_path,
                        format!("label for unknown level \"{level}\" of variable \"{id}\""),
                    )
                    .expected(format!("one of the levels {}", quote_list(&names)))
                    .maybe_hint(did_you_mean(level, &names));
                }
            }
        }
        out
    }

    fn initial(&mut self, path: &str, id: &str, domain: &Domain, initial: &Literal) -> i64 {
        let path = format!("{path}.initial");
        if *domain == Domain::Levels(Vec::new()) {
            // Reported once, at the empty list of levels.
            return 0;
        }
        let found = match (domain, initial) {
            (Domain::Levels(levels), Literal::Text(t)) => {
                match levels.iter().position(|l| l == t) {
                    Some(i) => return i as i64,
                    None => {
                        let names: Vec<&str> = levels.iter().map(String::as_str).collect();
                        self.error(
                            &path,
                            format!("initial value \"{t}\" is not a level of \"{id}\""),
                        )
                        .expected(format!("one of the levels {}", quote_list(&names)))
                        .maybe_hint(did_you_mean(t, &names));
                        return 0;
                    }
                }
            }
            (Domain::Flag, Literal::Flag(b)) => return i64::from(*b),
            (Domain::Integer { min, max }, Literal::Integer(n)) => {
                if (*min..=*max).contains(n) {
                    return *n;
                }
                self.error(
                    &path,
                    format!("initial value {n} is outside the range of \"{id}\""),
                )
                .expected(format!("a whole number from {min} to {max}"));
                return *min;
            }
            (_, Literal::Text(t)) => format!("the level name \"{t}\""),
            (_, Literal::Flag(b)) => format!("the flag value {b}"),
            (_, Literal::Integer(n)) => format!("the number {n}"),
        };
        let hint = match (domain, initial) {
            (Domain::Integer { .. }, Literal::Text(t)) if t.trim().parse::<i64>().is_ok() => {
                Some(format!("write the number without quotes: {}", t.trim()))
            }
            (Domain::Flag, Literal::Text(t)) if t == "true" || t == "false" => {
                Some(format!("write {t} without quotes"))
            }
            _ => None,
        };
        self.error(
            &path,
            format!(
                "variable \"{id}\" {}, but its initial value is {found}",
                domain.kind_phrase()
            ),
        )
        .expected(domain.expected_value())
        .maybe_hint(hint);
        domain.bounds().0
    }

    /// A situation is stored as one 64-bit number, so the product of the
    /// domain sizes (times the turn) must fit.
    fn state_space_fits(&mut self, variables: &[Variable], n_actors: usize) {
        let mut product: u128 = n_actors as u128 + 1;
        for (i, x) in variables.iter().enumerate() {
            if x.domain.size() > MAX_DOMAIN_SIZE {
                // Reported at its range already.
                return;
            }
            product = product.saturating_mul(x.domain.size());
            if product > u128::from(u64::MAX) {
                self.error(
                    &format!("variables[{i}]"),
                    format!(
                        "with variable \"{}\" the situations can no longer be counted in 64 bits",
                        x.id
                    ),
                )
                .expected("fewer variables, fewer levels or narrower integer ranges")
                .hint("integers with wide ranges multiply the situations fastest; narrow min..max");
                return;
            }
        }
    }

    fn actor_ref(&mut self, path: &str, id: &str, role: &str, names: &Names) -> Option<ActorIndex> {
        match names.actors.iter().position(|a| *a == id) {
            Some(i) => Some(ActorIndex(i as u16)),
            None => {
                self.error(path, format!("unknown actor \"{id}\" {role}"))
                    .expected(format!("one of the actors {}", quote_list(&names.actors)))
                    .maybe_hint(did_you_mean(id, &names.actors));
                None
            }
        }
    }

    fn citations(&mut self, path: &str, cites: &[CiteFile], names: &Names) -> Vec<Citation> {
        let mut out = Vec::new();
        for (j, c) in cites.iter().enumerate() {
            let cite_path = format!("{path}.cite[{j}].source");
            match names.sources.iter().position(|s| *s == c.source) {
                Some(i) => out.push(Citation {
                    source: SourceIndex(i as u16),
                    quote: c.quote.clone(),
                }),
                None => {
                    self.error(&cite_path, format!("unknown source \"{}\"", c.source))
                        .expected(format!("one of the sources {}", quote_list(&names.sources)))
                        .maybe_hint(did_you_mean(&c.source, &names.sources).or_else(|| {
                            names
                                .sources
                                .is_empty()
                                .then(|| "list the document under `sources` first".to_owned())
                        }));
                }
            }
        }
        out
    }

    fn condition(&mut self, path: &str, text: &str, resolver: &Resolver) -> Condition {
        match parse_condition(text).and_then(|raw| resolver.condition(&raw)) {
            Ok(c) => c,
            Err(e) => {
                self.in_string(path, e);
                Condition::Constant(false)
            }
        }
    }

    fn effects(&mut self, path: &str, effects: &[String], resolver: &Resolver) -> Vec<Effect> {
        let mut out = Vec::new();
        for (j, text) in effects.iter().enumerate() {
            let effect_path = format!("{path}.effects[{j}]");
            match parse_effect(text).and_then(|raw| resolver.effect(&raw)) {
                Ok(e) => out.push(e),
                Err(e) => self.in_string(&effect_path, e),
            }
        }
        out
    }

    fn move_(&mut self, i: usize, m: &MoveFile, names: &Names, resolver: &Resolver) -> Move {
        let path = format!("moves[{i}]");
        let actor = self
            .actor_ref(
                &format!("{path}.actor"),
                &m.actor,
                &format!("in move \"{}\"", m.id),
                names,
            )
            .unwrap_or(ActorIndex(0));
        let next = m.next.as_ref().and_then(|n| {
            self.actor_ref(
                &format!("{path}.next"),
                n,
                &format!("answering move \"{}\"", m.id),
                names,
            )
        });
        let when = self.condition(&format!("{path}.when"), &m.when, resolver);
        let effects = self.effects(&path, &m.effects, resolver);
        let citations = self.citations(&path, &m.cite, names);

        let result_ids: Vec<&str> = m.results.iter().map(|r| r.id.as_str()).collect();
        self.unique_ids(&format!("{path}.results"), "result", &result_ids);
        let mut results = Vec::new();
        let mut total = 0.0;
        let mut all_valid = true;
        for (j, r) in m.results.iter().enumerate() {
            let result_path = format!("{path}.results[{j}]");
            let probability_path = format!("{result_path}.probability");
            let (probability, likelihood) =
                match self.probability(&probability_path, &r.probability, None) {
                    Some(stated) => (stated.probability, stated.word),
                    None => {
                        all_valid = false;
                        (0.0, None)
                    }
                };
            total += probability;
            let next = r.next.as_ref().and_then(|n| {
                self.actor_ref(
                    &format!("{result_path}.next"),
                    n,
                    &format!("answering result \"{}\"", r.id),
                    names,
                )
            });
            results.push(ChanceResult {
                id: r.id.clone(),
                label: if r.label.is_empty() {
                    r.id.clone()
                } else {
                    r.label.clone()
                },
                probability,
                likelihood,
                effects: self.effects(&result_path, &r.effects, resolver),
                narrative: r.narrative.clone(),
                citations: self.citations(&result_path, &r.cite, names),
                next,
            });
        }
        if all_valid && !results.is_empty() && (total - 1.0).abs() > PROBABILITY_TOLERANCE {
            let parts: Vec<String> = results.iter().map(ChanceResult::probability_text).collect();
            let hint = if total < 1.0 {
                format!(
                    "{} is missing; add a result or raise one",
                    super::format_percent(1.0 - total)
                )
            } else {
                format!(
                    "{} too much; lower one of them",
                    super::format_percent(total - 1.0)
                )
            };
            self.error(
                &format!("{path}.results"),
                format!(
                    "the results of move \"{}\" have probabilities summing to {} ({})",
                    m.id,
                    round_for_display(total),
                    parts.join(" + ")
                ),
            )
            .expected("probabilities that sum to 1")
            .hint(hint);
        }

        let likelihood = m
            .likelihood
            .as_ref()
            .and_then(|l| {
                self.probability(
                    &format!("{path}.likelihood"),
                    l,
                    Some("a move's likelihood is your judgement of how likely its actor is to choose it when it is available; leave it out for no judgement"),
                )
            });

        Move {
            id: m.id.clone(),
            actor,
            label: m.label.clone(),
            description: m.description.clone(),
            when_text: m.when.clone(),
            when,
            effects,
            narrative: m.narrative.clone(),
            citations,
            next,
            results,
            likelihood,
        }
    }

    /// A probability written as a number from 0 to 1 or a likelihood word
    /// (a chance result's, or a move's judged likelihood); `None` after
    /// reporting one that is neither.
    fn probability(
        &mut self,
        path: &str,
        written: &ProbabilityLiteral,
        otherwise_hint: Option<&str>,
    ) -> Option<Stated> {
        match written {
            ProbabilityLiteral::Number(p) => {
                if !(0.0..=1.0).contains(p) {
                    let hint = (*p > 1.0 && *p <= 100.0)
                        .then(|| format!("for {p} %, write {}", p / 100.0));
                    self.error(path, format!("probability {p} is out of range"))
                        .expected("a number from 0 to 1, or a likelihood word such as \"likely\"")
                        .maybe_hint(hint);
                    return None;
                }
                Some(Stated {
                    probability: *p,
                    word: None,
                })
            }
            ProbabilityLiteral::Word(w) => match Likelihood::parse(w) {
                Some(l) => Some(Stated {
                    probability: l.probability(),
                    word: Some(l),
                }),
                None => {
                    let words: Vec<&str> = Likelihood::ALL.iter().map(|l| l.word()).collect();
                    self.error(path, format!("unknown likelihood word \"{w}\""))
                        .expected(format!(
                            "a number from 0 to 1 or one of {}",
                            quote_list(&words)
                        ))
                        .maybe_hint(did_you_mean(w, &words).or(otherwise_hint.map(str::to_owned)));
                    None
                }
            },
        }
    }

    /// Option prioritization: per actor, conditions most important first.
    fn priorities(
        &mut self,
        written: &std::collections::BTreeMap<String, Vec<String>>,
        names: &Names,
        resolver: &Resolver,
    ) -> Vec<Vec<(String, Condition)>> {
        let mut out = vec![Vec::new(); names.actors.len()];
        for (actor, statements) in written {
            let key_path = format!("priorities[\"{actor}\"]");
            let Some(a) = names.actors.iter().position(|x| x == actor) else {
                self.error(
                    &key_path,
                    format!("priorities for unknown actor \"{actor}\""),
                )
                .expected(format!("one of the actors {}", quote_list(&names.actors)))
                .maybe_hint(did_you_mean(actor, &names.actors));
                continue;
            };
            let list_path = format!("{key_path}=");
            if statements.is_empty() {
                self.error(
                    &list_path,
                    format!("actor \"{actor}\" has an empty list of priorities"),
                )
                .expected("conditions the actor wants to hold, most important first")
                .hint(format!(
                    "write e.g. \"{actor}\": [\"talks == deal\"], or leave \"{actor}\" out to rank by payoffs"
                ));
            }
            self.priorities_fit(
                &list_path,
                actor,
                statements.len(),
                "combine related conditions with `and` or `or`",
            );
            let resolved = self.statements(
                statements,
                |j| format!("{list_path}[{j}]"),
                |j| format!("priority {} of actor \"{actor}\" is empty", j + 1),
                "a condition the actor wants to hold, e.g. \"talks == deal\"",
                resolver,
            );
            if let Some(list) = out.get_mut(a) {
                *list = resolved;
            }
        }
        out
    }

    /// An error when an actor lists more priorities than scores can rank
    /// exactly.
    fn priorities_fit(&mut self, path: &str, actor: &str, n: usize, hint: &str) {
        if n > MAX_PRIORITIES {
            self.error(
                path,
                format!("actor \"{actor}\" has {n} priorities, too many to rank exactly"),
            )
            .expected(format!("at most {MAX_PRIORITIES} priorities per actor"))
            .hint(hint);
        }
    }

    /// Each statement resolved as a condition, as written and resolved; an
    /// empty one is an error (`empty(j)`, at `path(j)`) and left out.
    fn statements(
        &mut self,
        statements: &[String],
        path: impl Fn(usize) -> String,
        empty: impl Fn(usize) -> String,
        expected: &str,
        resolver: &Resolver,
    ) -> Vec<(String, Condition)> {
        let mut out = Vec::new();
        for (j, text) in statements.iter().enumerate() {
            let path = path(j);
            if text.trim().is_empty() {
                self.error(&path, empty(j)).expected(expected);
                continue;
            }
            let when = self.condition(&path, text, resolver);
            out.push((text.clone(), when));
        }
        out
    }

    fn outcome(
        &mut self,
        i: usize,
        o: &OutcomeFile,
        names: &Names,
        resolver: &Resolver,
    ) -> Outcome {
        let path = format!("outcomes[{i}]");
        if o.when.trim().is_empty() {
            self.error(
                &format!("{path}.when"),
                format!("outcome \"{}\" has an empty condition", o.id),
            )
            .expected("a condition that says when the branch ends here, e.g. \"talks == deal\"");
        }
        let when = self.condition(&format!("{path}.when"), &o.when, resolver);
        let mut payoffs = vec![0.0; names.actors.len()];
        // An actor suggested for a misspelt key is not also reported missing.
        let mut suggested: Vec<&str> = Vec::new();
        for (actor, value) in &o.payoffs {
            let key_path = format!("{path}.payoffs[\"{actor}\"]");
            match names.actors.iter().position(|a| a == actor) {
                Some(a) => {
                    if !value.is_finite() {
                        self.error(
                            &format!("{key_path}="),
                            format!("payoff {value} is not a number"),
                        )
                        .expected("a finite number");
                    }
                    payoffs[a] = *value;
                }
                None => {
                    let suggestion = names.actors.iter().find(|a| {
                        did_you_mean(actor, &[a]).is_some() && !o.payoffs.contains_key(**a)
                    });
                    suggested.extend(suggestion);
                    self.error(
                        &key_path,
                        format!(
                            "payoff for unknown actor \"{actor}\" in outcome \"{}\"",
                            o.id
                        ),
                    )
                    .expected(format!("one of the actors {}", quote_list(&names.actors)))
                    .maybe_hint(suggestion.map(|a| format!("did you mean \"{a}\"?")));
                }
            }
        }
        let missing: Vec<&str> = names
            .actors
            .iter()
            .filter(|a| !o.payoffs.contains_key(**a) && !suggested.contains(a))
            .copied()
            .collect();
        if !missing.is_empty() {
            let example = missing
                .iter()
                .map(|a| format!("\"{a}\": 0"))
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                &format!("{path}.payoffs"),
                format!(
                    "outcome \"{}\" gives no payoff to {}",
                    o.id,
                    quote_list(&missing)
                ),
            )
            .expected("a payoff for every actor")
            .hint(format!("add {example}"));
        }
        Outcome {
            id: o.id.clone(),
            label: o.label.clone(),
            description: o.description.clone(),
            when_text: o.when.clone(),
            when,
            payoffs,
            citations: self.citations(&path, &o.cite, names),
        }
    }
}

impl Validator<'_> {
    /// One source forecast: known, distinct outcomes, a likelihood, a
    /// listed source and a quote. `None` (after reporting) when any part is
    /// wrong.
    fn source_forecast(
        &mut self,
        i: usize,
        f: &SourceForecastFile,
        outcome_ids: &[&str],
        names: &Names,
    ) -> Option<SourceForecast> {
        let path = format!("source_forecasts[{i}]");
        let mut ok = true;
        if f.outcomes.is_empty() {
            self.error(
                &format!("{path}.outcomes"),
                "a source forecast about no outcome",
            )
            .expected(format!(
                "one or more of the outcomes {}",
                quote_list(outcome_ids)
            ))
            .hint("name the outcome the source forecasts, e.g. outcomes: [\"long_slog\"]");
            ok = false;
        }
        let mut outcomes: Vec<OutcomeIndex> = Vec::new();
        for (j, id) in f.outcomes.iter().enumerate() {
            let item = format!("{path}.outcomes[{j}]");
            match outcome_ids.iter().position(|o| o == id) {
                Some(o) if outcomes.contains(&OutcomeIndex(o as u32)) => {
                    self.error(&item, format!("outcome \"{id}\" is named twice"))
                        .expected("each outcome once");
                    ok = false;
                }
                Some(o) => outcomes.push(OutcomeIndex(o as u32)),
                None => {
                    self.error(
                        &item,
                        format!("unknown outcome \"{id}\" in a source forecast"),
                    )
                    .expected(format!("one of the outcomes {}", quote_list(outcome_ids)))
                    .maybe_hint(did_you_mean(id, outcome_ids));
                    ok = false;
                }
            }
        }
        let likelihood = self.probability(
            &format!("{path}.likelihood"),
            &f.likelihood,
            Some("write the source's own hedge as the likelihood word it means, e.g. \"very likely\" for \"in all likelihood\""),
        );
        let citation = match names.sources.iter().position(|x| *x == f.source) {
            Some(k) => Some(Citation {
                source: SourceIndex(k as u16),
                quote: f.quote.clone(),
            }),
            None => {
                self.error(
                    &format!("{path}.source"),
                    format!("unknown source \"{}\" in a source forecast", f.source),
                )
                .expected(format!("one of the sources {}", quote_list(&names.sources)))
                .maybe_hint(did_you_mean(&f.source, &names.sources).or_else(|| {
                    names
                        .sources
                        .is_empty()
                        .then(|| "list the document under `sources` first".to_owned())
                }));
                None
            }
        };
        if f.quote.trim().is_empty() {
            self.error(&format!("{path}.quote"), "a source forecast without the source's words")
                .expected("the source's own words, verbatim, e.g. quote: \"in all likelihood\"")
                .hint("quote the sentence that states the forecast, so a reader can check the likelihood word against it");
            ok = false;
        }
        match (ok, likelihood, citation) {
            (true, Some(likelihood), Some(citation)) => Some(SourceForecast {
                outcomes,
                likelihood,
                citation,
            }),
            _ => None,
        }
    }
}

/// A diagnostic just recorded, to add what was expected and a hint.
struct Added<'a>(&'a mut Diagnostic);

impl Added<'_> {
    fn expected(self, expected: impl Into<String>) -> Self {
        self.0.expected = Some(expected.into());
        self
    }

    fn hint(self, hint: impl Into<String>) -> Self {
        self.0.hint = Some(hint.into());
        self
    }

    fn maybe_hint(self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.0.hint = hint;
        }
        self
    }
}

/// "a" or "an" before a word.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn round_for_display(x: f64) -> String {
    let text = format!("{x:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}
