//! The debrief: the path a class took, to hand out, built once as a
//! [`Document`] that `crate::io` writes as Markdown or as one
//! self-contained HTML page for printing. No files here.
//!
//! Labels throughout, never ids. The learning goals and the opening; for
//! each step, who moved, the move and its result with the likelihood, what
//! the forecast gave that move, the narrative, the cited quotes, what
//! changed, the class's note, the instructor's notes and questions for the
//! situation it led to, and the alternatives not taken, each with what it
//! led to (the outcome it ends in, or the one the forecast makes most
//! likely after it); then where the path ended, the forecast against what
//! the class chose, rational play for comparison, the bookmarks and the
//! sources actually cited on the path.

use std::sync::Arc;

use crate::analysis::{PathEnd, PlayModel, RationalPlay, Study, check_horizon, move_shares, tied};
use crate::engine::{InformationSet, SituationGraph, SituationId, Status, StepId, turn_label};
use crate::model::{Citation, MoveIndex, Scenario, SourceIndex};
use crate::session::{ClassRecord, Session};

use super::document::{Block, Document, Item, Line};
use super::leads_to::{Ending, before_and_after, changed, leads_to};

/// Who a debrief is for: the students' handout leaves out the
/// instructor's notes and discussion questions; the instructor's record
/// keeps them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Audience {
    /// The handout: the path, the forecast and the sources, no notes.
    Students,
    /// The record: everything, with the notes and questions.
    #[default]
    Instructor,
}

impl Audience {
    /// The name a person reads: "Student handout", "Instructor's record".
    pub fn label(self) -> &'static str {
        match self {
            Audience::Students => "Student handout",
            Audience::Instructor => "Instructor's record",
        }
    }
}

pub use crate::model::{read_number, read_percent};

/// The name of the play model the debrief's forecast uses.
pub const JUDGED_MODEL_NAME: &str = "Forecast (judged moves)";

/// The debrief of a session's current path, dated `date`, as a document
/// for either format.
pub fn debrief_document(session: &Session, date: &str) -> Document {
    debrief_document_of_game(session, &[], date)
}

/// [`debrief_document`] for a game with `information_sets` (a Gambit
/// game's sets of two or more nodes), where rational play may be the
/// game's equilibrium or withheld. Every figure comes from the same
/// reports the app shows ([`Study`]).
pub fn debrief_document_of_game(
    session: &Session,
    information_sets: &[InformationSet],
    date: &str,
) -> Document {
    debrief_document_for(session, information_sets, date, Audience::Instructor)
}

/// [`debrief_document_of_game`] for `audience`: the students' handout has
/// no instructor notes or questions.
pub fn debrief_document_for(
    session: &Session,
    information_sets: &[InformationSet],
    date: &str,
    audience: Audience,
) -> Document {
    let scenario = session.scenario();
    let graph = session.graph();
    let study = Study::new(
        Arc::clone(session.scenario_arc()),
        Arc::clone(session.graph_arc()),
        0,
        information_sets.to_vec(),
    );
    let walk = session.walk();
    let path = session.path();
    let visits = walk.path_to(walk.current());
    // The forecast and rational play need the unfolding from the start; a
    // horizon too long to hold in memory gets a sentence instead.
    let horizon = check_horizon(
        graph,
        graph.start(),
        scenario.limits.max_depth,
        scenario.actors.len(),
    );
    let analysable = horizon.is_ok();
    let mut cited = Cited::default();
    // A handout marks every note as shown already, so none is written.
    let mut notes_shown = vec![audience == Audience::Students; scenario.teaching.notes.len()];
    let mut blocks = Vec::new();

    blocks.push(Block::Heading(
        1,
        format!("Debrief: {}", scenario.title).into(),
    ));
    if !scenario.summary.is_empty() {
        blocks.push(Block::Paragraph(scenario.summary.as_str().into()));
    }
    let mut dated = Line::new();
    if !scenario.as_of.is_empty() {
        dated = dated.plain(format!("As of {}. ", scenario.as_of));
    }
    let taken = match path.len() {
        0 => "No move taken yet.".to_owned(),
        1 => "1 move taken.".to_owned(),
        n => format!("{n} moves taken."),
    };
    blocks.push(Block::Paragraph(
        dated.plain(format!("Exported {date}. {taken}")),
    ));

    if !scenario.teaching.goals.is_empty() {
        blocks.push(Block::Heading(2, "Learning goals".into()));
        blocks.push(Block::List(
            scenario
                .teaching
                .goals
                .iter()
                .map(|g| Item::from(Line::from(g.as_str())))
                .collect(),
        ));
    }

    blocks.push(Block::Heading(2, "Opening".into()));
    if !scenario.opening.is_empty() {
        blocks.push(Block::Paragraph(scenario.opening.as_str().into()));
    }
    if let Some(note) = visits.first().and_then(|v| walk.note(*v)) {
        blocks.push(Block::Paragraph(
            Line::new().bold("Class note: ").plain(note),
        ));
    }
    blocks.extend(instructor_notes(
        scenario,
        &graph.values(graph.start()),
        true,
        &mut notes_shown,
    ));

    blocks.push(Block::Heading(2, "The path the class took".into()));
    if path.is_empty() {
        blocks.push(Block::Paragraph("No move has been taken yet.".into()));
    }
    for (k, s) in path.iter().enumerate() {
        let mut section = Vec::new();
        let step = graph.step(*s);
        let m = scenario.move_(step.move_);
        let result = step.result.and_then(|r| m.results.get(r.index()));
        let from = graph.source(*s);
        let to = graph.target(*s);
        section.push(Block::Heading(
            3,
            format!("Step {}. {}", k + 1, step_label(scenario, graph, *s)).into(),
        ));
        let mut facts = Vec::new();
        if let Some(r) = result {
            let mut chance = format!("{}, {}", r.label, r.probability_text());
            // The seed lets the instructor replay the class's dice; the
            // handout says what happened, not how it was drawn.
            if audience == Audience::Instructor
                && let Some(roll) = visits.get(k + 1).and_then(|v| walk.roll(*v))
            {
                chance.push_str(&format!(
                    " (rolled: roll #{}, seed {}, drew {:.3})",
                    roll.number, roll.seed, roll.drawn
                ));
            }
            facts.push(Item::from(Line::new().bold("Chance: ").plain(chance)));
        }
        facts.push(Item::from(
            Line::new()
                .bold("Forecast: ")
                .plain(forecast_of_choice(scenario, graph, &study, from, *s)),
        ));
        let changed = before_and_after(scenario, &changed(graph, from, to));
        if !changed.is_empty() {
            facts.push(Item::from(Line::new().bold("Changes: ").plain(changed)));
        }
        let narrative = [
            m.narrative.as_str(),
            result.map_or("", |r| r.narrative.as_str()),
        ]
        .iter()
        .filter(|n| !n.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
        if !narrative.is_empty() {
            section.push(Block::Paragraph(narrative.into()));
        }
        let mut citations: Vec<&Citation> = m.citations.iter().collect();
        if let Some(r) = result {
            citations.extend(&r.citations);
        }
        for c in citations {
            section.push(quote(scenario, c, &mut cited));
        }
        section.push(Block::List(facts));
        if let Some(note) = visits.get(k + 1).and_then(|v| walk.note(*v)) {
            section.push(Block::Paragraph(
                Line::new().bold("Class note: ").plain(note),
            ));
        }
        section.extend(instructor_notes(
            scenario,
            &graph.values(to),
            false,
            &mut notes_shown,
        ));
        let others: Vec<Line> = graph
            .steps(from)
            .filter(|o| o != s)
            .map(|o| alternative(scenario, graph, &study, from, o, analysable))
            .collect();
        if !others.is_empty() {
            section.push(Block::List(vec![Item {
                line: Line::new().bold("Not taken:"),
                nested: others,
            }]));
        }
        blocks.push(Block::Section(section));
    }

    let current = session.current();
    blocks.push(Block::Heading(2, "Where the class ended".into()));
    match graph.status(current) {
        Status::Outcome(o) => {
            let outcome = scenario.outcome(o);
            blocks.push(Block::Paragraph(
                Line::new().plain("Outcome: ").bold(outcome.label.as_str()),
            ));
            if !outcome.description.is_empty() {
                blocks.push(Block::Paragraph(outcome.description.as_str().into()));
            }
            blocks.push(Block::Table {
                header: vec!["Actor".into(), "Payoff".into()],
                rows: scenario
                    .actors
                    .iter()
                    .zip(&outcome.payoffs)
                    .map(|(a, p)| vec![Line::from(a.name.as_str()), Line::from(read_number(*p))])
                    .collect(),
            });
            for c in &outcome.citations {
                blocks.push(quote(scenario, c, &mut cited));
            }
        }
        Status::Open => blocks.push(Block::Paragraph(
            format!(
                "No outcome yet: {} to move.",
                turn_label(scenario, graph.turn(current))
            )
            .into(),
        )),
        Status::DeadEnd => blocks.push(Block::Paragraph(
            "A dead end: no one can move and no outcome is met.".into(),
        )),
        Status::Frontier(_) => {
            blocks.push(Block::Paragraph("At the edge of what was explored.".into()))
        }
    }

    blocks.push(Block::Heading(
        2,
        format!("The forecast against the class: {JUDGED_MODEL_NAME}").into(),
    ));
    blocks.push(Block::Paragraph(
        "The forecast takes the scenario author's judged likelihood of each move; moves without a judgement share what is left, and chance results keep their probabilities."
            .into(),
    ));
    if !path.is_empty() {
        blocks.push(Block::Table {
            header: vec![
                "Step".into(),
                "The class chose".into(),
                "Forecast for that move".into(),
                "The forecast's favourite".into(),
            ],
            rows: path
                .iter()
                .enumerate()
                .map(|(k, s)| forecast_row(scenario, graph, &study, k + 1, *s))
                .collect(),
        });
    }
    match &horizon {
        Ok(()) => blocks.extend(forecast_from_start(scenario, graph, &study, current)),
        Err(e) => blocks.push(Block::Paragraph(format!("Not shown: {e}.").into())),
    }

    blocks.extend(class_answers(session.class_record()));

    blocks.push(Block::Heading(2, "Rational play, for comparison".into()));
    match &horizon {
        Ok(()) => blocks.extend(rational_play(scenario, graph, &study, &path)),
        Err(e) => blocks.push(Block::Paragraph(format!("Not shown: {e}.").into())),
    }

    if !walk.bookmarks().is_empty() {
        blocks.push(Block::Heading(2, "Bookmarks".into()));
        blocks.push(Block::List(
            walk.bookmarks()
                .iter()
                .map(|b| {
                    Item::from(Line::from(format!(
                        "{} (after {} moves)",
                        b.label,
                        walk.path_to(b.visit).len().saturating_sub(1)
                    )))
                })
                .collect(),
        ));
    }

    if !cited.order.is_empty() {
        blocks.push(Block::Heading(2, "Sources cited on this path".into()));
        blocks.push(Block::List(
            cited
                .order
                .iter()
                .filter_map(|s| scenario.sources.get(s.index()))
                .map(|s| {
                    let mut line = s.title.clone();
                    for part in [&s.author, &s.publisher, &s.date] {
                        if !part.is_empty() {
                            line.push_str(", ");
                            line.push_str(part);
                        }
                    }
                    let mut line = Line::from(line);
                    if let Some(link) = &s.link {
                        line = line.plain(". ").link(link.as_str(), link.as_str());
                    }
                    Item::from(line)
                })
                .collect(),
        ));
    }

    Document {
        title: format!("Debrief: {}", scenario.title),
        blocks,
    }
}

/// The sources cited so far, in the order first cited.
#[derive(Default)]
struct Cited {
    order: Vec<SourceIndex>,
}

/// A quote with its source, remembering the source for the list at the end.
/// What the class answered, question by question: the class's choices or
/// mean probabilities beside the model's forecast, the author's judgement
/// and what was played, with the Brier scores. Nothing without a class.
fn class_answers(record: &ClassRecord) -> Vec<Block> {
    if record.questions.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Heading(2, "What the class answered".into())];
    let students = match record.students.len() {
        1 => "1 student".to_owned(),
        n => format!("{n} students"),
    };
    blocks.push(Block::Paragraph(
        format!(
            "{students} took part from their phones; their ballots are anonymous. Step 0 is the opening situation."
        )
        .into(),
    ));
    for q in &record.questions {
        blocks.push(Block::Heading(
            3,
            format!(
                "Step {} ({}): {} ({})",
                q.step,
                q.kind_word(),
                q.prompt,
                q.ballots_text()
            )
            .into(),
        ));
        let rows = q.option_rows();
        let chose = rows.iter().any(|r| r.chosen.is_some());
        let predicted = rows.iter().any(|r| r.class.is_some());
        let mut header = vec!["Option".to_owned()];
        if chose {
            header.push("Chosen by".to_owned());
        }
        if predicted {
            header.push("The class's mean".to_owned());
        }
        header.extend([
            "The model".to_owned(),
            "The author".to_owned(),
            "Played".to_owned(),
        ]);
        let table = rows
            .iter()
            .map(|r| {
                let mut cells = vec![Line::from(r.label.as_str())];
                if chose {
                    cells.push(Line::from(
                        r.chosen
                            .map(|(n, total)| format!("{n} of {total}"))
                            .unwrap_or_default(),
                    ));
                }
                if predicted {
                    cells.push(Line::from(r.class.map(read_percent).unwrap_or_default()));
                }
                cells.push(Line::from(read_percent(r.model)));
                cells.push(Line::from(
                    r.author.clone().unwrap_or_else(|| "-".to_owned()),
                ));
                cells.push(Line::from(if r.played { "yes" } else { "" }));
                cells
            })
            .collect();
        blocks.push(Block::Table {
            header,
            rows: table,
        });
        if let Some(line) = q.brier_line() {
            blocks.push(Block::Paragraph(format!("{line}.").into()));
        }
    }
    if let Some(line) = record.beat_model_line() {
        blocks.push(Block::Paragraph(Line::new().bold(line)));
    }
    blocks
}

fn quote(scenario: &Scenario, citation: &Citation, cited: &mut Cited) -> Block {
    if !cited.order.contains(&citation.source) {
        cited.order.push(citation.source);
    }
    let source = match scenario.sources.get(citation.source.index()) {
        Some(s) if !s.publisher.is_empty() => format!("{}, {}", s.title, s.publisher),
        Some(s) => s.title.clone(),
        None => String::new(),
    };
    Block::Quote(Line::from(format!("“{}” ({source})", citation.quote)))
}

/// "East: Offer shared use → West rejects".
fn step_label(scenario: &Scenario, graph: &SituationGraph, s: StepId) -> String {
    let step = graph.step(s);
    let m = scenario.move_(step.move_);
    let mut text = format!("{}: {}", scenario.actor(step.actor).name, m.label);
    if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
        text.push_str(&format!(" → {}", r.label));
    }
    text
}

/// The instructor's notes and questions that hold in a situation, each
/// shown the first time only.
fn instructor_notes(
    scenario: &Scenario,
    values: &[i64],
    at_opening: bool,
    shown: &mut [bool],
) -> Vec<Block> {
    let teaching = &scenario.teaching;
    let mut items = Vec::new();
    for (i, note) in teaching.notes.iter().enumerate() {
        let holds = if note.when_text.trim().is_empty() {
            at_opening
        } else {
            note.when.holds(values)
        };
        if !holds || shown.get(i).copied().unwrap_or(true) {
            continue;
        }
        if let Some(flag) = shown.get_mut(i) {
            *flag = true;
        }
        if !note.text.is_empty() {
            items.push(Item::from(Line::from(note.text.as_str())));
        }
        for q in &note.questions {
            items.push(Item::from(
                Line::new().italic("Question: ").plain(q.as_str()),
            ));
        }
    }
    if items.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Paragraph(Line::new().bold("Instructor's notes")),
        Block::List(items),
    ]
}

/// What the forecast gave the move taken at `from`, and its favourite
/// when that was another move.
fn forecast_of_choice(
    scenario: &Scenario,
    graph: &SituationGraph,
    study: &Study,
    from: SituationId,
    s: StepId,
) -> String {
    let Choice {
        taken,
        share,
        favourite,
        n_best,
        n_moves,
    } = choice(study, graph, from, s);
    let mut text = format!("{} for this move", read_percent(share));
    match favourite {
        Some((m, p)) if m != taken && !tied(p, share, 1.0) && p > share => {
            let fm = scenario.move_(m);
            text.push_str(&format!(
                "; it favoured {}: {} ({})",
                scenario.actor(fm.actor).name,
                fm.label,
                read_percent(p)
            ));
        }
        _ if n_best > 1 => text.push_str(", tied for its favourite"),
        _ if n_moves > 1 => text.push_str(", its favourite"),
        _ => text.push_str(", the only move"),
    }
    text
}

/// What the forecast made of one step's move, from the report where it
/// was taken.
struct Choice {
    /// The move taken.
    taken: MoveIndex,
    /// The forecast's probability of it.
    share: f64,
    /// The forecast's favourite move there, with its probability.
    favourite: Option<(MoveIndex, f64)>,
    /// How many moves tie for the favourite.
    n_best: usize,
    /// How many moves were available.
    n_moves: usize,
}

/// The forecast's view of step `s`, taken at `from`: the move shares the
/// report at `from` holds, from the same function, without the unfolding a
/// whole report builds (which a horizon too long for memory forbids).
fn choice(study: &Study, graph: &SituationGraph, from: SituationId, s: StepId) -> Choice {
    let shares: Vec<(MoveIndex, f64)> = move_shares(study.scenario(), graph, from)
        .iter()
        .map(|m| (m.move_, m.probability))
        .collect();
    let taken = graph.step(s).move_;
    let share = shares
        .iter()
        .find(|(m, _)| *m == taken)
        .map_or(0.0, |(_, p)| *p);
    let favourite = shares.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
    let n_best = favourite.map_or(0, |(_, best)| {
        shares.iter().filter(|(_, p)| tied(best, *p, 1.0)).count()
    });
    Choice {
        taken,
        share,
        favourite,
        n_best,
        n_moves: shares.len(),
    }
}

/// One row of the forecast table.
fn forecast_row(
    scenario: &Scenario,
    graph: &SituationGraph,
    study: &Study,
    number: usize,
    s: StepId,
) -> Vec<Line> {
    let Choice {
        taken,
        share,
        favourite,
        n_best,
        ..
    } = choice(study, graph, graph.source(s), s);
    let favourite = favourite.map_or(String::new(), |(m, p)| {
        if m == taken || tied(p, share, 1.0) {
            if n_best > 1 {
                "the same (tied)".to_owned()
            } else {
                "the same".to_owned()
            }
        } else {
            let fm = scenario.move_(m);
            format!(
                "{}: {} ({})",
                scenario.actor(fm.actor).name,
                fm.label,
                read_percent(p)
            )
        }
    });
    vec![
        Line::from(format!("{number}")),
        Line::from(step_label(scenario, graph, s)),
        Line::from(read_percent(share)),
        Line::from(favourite),
    ]
}

/// An alternative not taken at `from`, with what it led to: the outcome
/// it ends in, or what it changes and the outcome the forecast makes most
/// likely after it.
fn alternative(
    scenario: &Scenario,
    graph: &SituationGraph,
    study: &Study,
    from: SituationId,
    s: StepId,
    analysable: bool,
) -> Line {
    let step = graph.step(s);
    let m = scenario.move_(step.move_);
    let to = graph.target(s);
    let mut label = step_label(scenario, graph, s);
    if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
        label.push_str(&format!(", {}", r.probability_text()));
    }
    let line = Line::new().italic(label).plain(": ");
    let leads = leads_to(graph, from, to);
    match &leads.end {
        Ending::Outcome(o) => line
            .plain("ends in ")
            .bold(scenario.outcome(*o).label.as_str()),
        Ending::DeadEnd | Ending::Frontier => line.plain(leads.end.phrase(scenario)),
        Ending::Open { reachable } => {
            let changed = leads.before_and_after(scenario);
            let line = if changed.is_empty() {
                line.plain("nothing changes")
            } else {
                line.plain(changed)
            };
            let likely = analysable
                .then(|| study.report(to, PlayModel::Judged, false).prediction.ok())
                .flatten()
                .and_then(|p| {
                    p.probabilities
                        .by_outcome
                        .iter()
                        .copied()
                        .enumerate()
                        .filter(|(_, p)| *p > 1e-9)
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                });
            match likely {
                Some((o, p)) => line
                    .plain("; then most likely ")
                    .bold(scenario.outcomes[o].label.as_str())
                    .plain(format!(" ({} under the forecast)", read_percent(p))),
                None if reachable.is_empty() => line.plain("; no outcome reachable"),
                None => line.plain("; the forecast reaches no outcome within the limits"),
            }
        }
    }
}

/// The forecast's outcome probabilities from the start, with the outcome
/// the class reached marked.
fn forecast_from_start(
    scenario: &Scenario,
    graph: &SituationGraph,
    study: &Study,
    current: SituationId,
) -> Vec<Block> {
    let Ok(odds) = study
        .start()
        .prediction(PlayModel::Judged, false)
        .map(|p| p.probabilities)
    else {
        return Vec::new();
    };
    let reached = match graph.status(current) {
        Status::Outcome(o) => Some(o.index()),
        _ => None,
    };
    let mut rows: Vec<Vec<Line>> = scenario
        .outcomes
        .iter()
        .enumerate()
        .filter(|(o, _)| {
            odds.by_outcome.get(*o).copied().unwrap_or(0.0) > 1e-9 || reached == Some(*o)
        })
        .map(|(o, outcome)| {
            let p = odds.by_outcome.get(o).copied().unwrap_or(0.0);
            vec![
                if reached == Some(o) {
                    Line::new().bold(outcome.label.as_str())
                } else {
                    Line::from(outcome.label.as_str())
                },
                Line::from(read_percent(p)),
                Line::from(if reached == Some(o) {
                    "the class ended here"
                } else {
                    ""
                }),
            ]
        })
        .collect();
    if odds.unresolved > 1e-9 {
        rows.push(vec![
            "Unresolved within the limits".into(),
            Line::from(read_percent(odds.unresolved)),
            Line::new(),
        ]);
    }
    if odds.dead_end > 1e-9 {
        rows.push(vec![
            "A dead end".into(),
            Line::from(read_percent(odds.dead_end)),
            Line::new(),
        ]);
    }
    let mut blocks = vec![
        Block::Paragraph("Where the forecast expects play from the opening to end:".into()),
        Block::Table {
            header: vec!["Outcome".into(), "Forecast".into(), "The class".into()],
            rows,
        },
    ];
    // The sources' own forecasts, each beside what the judgements derive.
    let sources = study
        .start()
        .report(PlayModel::Judged, false)
        .source_forecasts;
    if !sources.is_empty() {
        blocks.push(Block::Paragraph("What the sources forecast:".into()));
        blocks.push(Block::List(
            sources
                .iter()
                .map(|c| Item::from(Line::from(c.sentence())))
                .collect(),
        ));
    }
    if let Some(o) = reached {
        let p = odds.by_outcome.get(o).copied().unwrap_or(0.0);
        blocks.push(Block::Paragraph(
            Line::new()
                .plain("The class reached ")
                .bold(scenario.outcomes[o].label.as_str())
                .plain(format!(
                    ", which the forecast gave {} from the opening.",
                    read_percent(p)
                )),
        ));
    }
    blocks
}

/// The rational-play section: the path backward induction takes from the
/// start, marked where the class took the same step, and where it ends.
fn rational_play(
    scenario: &Scenario,
    graph: &SituationGraph,
    study: &Study,
    path: &[StepId],
) -> Vec<Block> {
    let start = study.start();
    let answer = match start.rational() {
        RationalPlay::Withheld { reasons } => {
            return vec![Block::Paragraph(
                format!("Rational play is not shown: {}.", reasons.join("; ")).into(),
            )];
        }
        RationalPlay::BackwardInduction(answer) | RationalPlay::SequenceForm(answer) => answer,
    };
    let rational = &answer.path;
    let mut blocks = vec![Block::Paragraph(
        "What each actor would do if it played rationally from the start (backward induction; chance moves follow their most likely result):"
            .into(),
    )];
    let items: Vec<Line> = rational
        .steps
        .iter()
        .enumerate()
        .map(|(k, step)| {
            let mut line = Line::from(step_label(scenario, graph, step.step));
            let m = scenario.move_(step.move_);
            if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
                line = line.plain(format!(", {}", r.probability_text()));
            }
            if path.get(k) == Some(&step.step) {
                line = line.italic(" (as the class did)");
            }
            line
        })
        .collect();
    if !items.is_empty() {
        blocks.push(Block::Numbered(items));
    }
    let end = match rational.end {
        PathEnd::Outcome(o) => scenario.outcome(o).label.clone(),
        PathEnd::DeadEnd => "a dead end".to_owned(),
        PathEnd::Frontier => "the edge of what was explored".to_owned(),
        PathEnd::Horizon => "a cycle cut by the horizon".to_owned(),
    };
    let payoffs = scenario
        .actors
        .iter()
        .zip(&answer.payoffs)
        .map(|(a, p)| format!("{} {}", a.name, read_number(*p)))
        .collect::<Vec<_>>()
        .join(", ");
    blocks.push(Block::Paragraph(
        Line::new()
            .plain("Rational play ends in: ")
            .bold(end)
            .plain(format!(". Expected payoffs: {payoffs}.")),
    ));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_percentages_read_as_people_write_them() {
        assert_eq!(read_number(1.7e308), "1.7e308");
        assert_eq!(read_number(-2.5e-7), "-2.5e-7");
        assert_eq!(read_number(1.5), "1.5");
        assert_eq!(read_number(-2.0), "-2");
        assert_eq!(read_number(0.0), "0");
        assert_eq!(read_number(1234.567), "1234.57");
        assert_eq!(read_percent(0.3288), "32.9 %");
        assert_eq!(read_percent(1.0 / 3.0), "33.3 %");
        assert_eq!(read_percent(0.5), "50 %");
        assert_eq!(read_percent(0.00001), "< 0.1 %");
    }
}
