//! `demarche solve FILE [--from MOVES] [--model uniform|forecast|qre|rational]
//! [--lambda L] [--intervals] [--json]`: each actor's expected payoff and the
//! outcome probabilities under one play model (with each outcome's interval
//! if asked), and the rational path (backward induction), from the start or
//! from the situation a path leads to; and each forecast the scenario's
//! sources state, beside what its judgements derive.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::bail;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Status;
use crate::analysis::{
    Intervals, OutcomeProbabilities, Path, PathEnd, PlayModel, SourceForecastComparison, Study,
};
use crate::engine::step_id_parts;
use crate::engine::step_ids;
use crate::engine::{SituationGraph, reachable_information_sets};
use crate::model::{Scenario, format_percent};
use crate::session::Session;

/// Arguments of `solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// Scenario file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Solve from where these moves lead (as `play --moves`): ids in order, comma-separated; `move:result` picks a chance result
    #[arg(long, value_delimiter = ',', value_name = "ID,ID,...")]
    pub from: Vec<String>,
    /// Result ids for the chance moves of --from, in the order they come
    #[arg(long, value_delimiter = ',', value_name = "ID,ID,...")]
    pub results: Vec<String>,
    /// How actors play, for the payoffs and probabilities: rational (backward induction), uniform (every available move equally likely), forecast (the author's judged likelihoods of moves) or qre (logit quantal response, see --lambda)
    #[arg(long, value_enum, default_value = "rational")]
    pub model: ModelArg,
    /// For --model qre: how sharply better moves are preferred, 0 (uniform) or more; `inf` plays best moves only (default 1)
    #[arg(long, value_name = "L")]
    pub lambda: Option<f64>,
    /// Add each outcome's interval: its lowest and highest probability with every likelihood word ranging over its ICD 203 range
    #[arg(long)]
    pub intervals: bool,
    /// Moves counted inside cycles before a path is cut as unresolved (default: the scenario's limits.max_depth)
    #[arg(long, value_name = "N")]
    pub horizon: Option<u32>,
    /// List every pure subgame-perfect equilibrium (where best moves tie), each with its payoffs, path and the ties it breaks
    #[arg(long)]
    pub all: bool,
    /// With --all: stop after this many equilibria
    #[arg(long, value_name = "N", default_value_t = crate::analysis::DEFAULT_EQUILIBRIUM_CAP)]
    pub cap: usize,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// A play model on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModelArg {
    /// Backward induction, chance as expectation
    Rational,
    /// Every available move equally likely
    Uniform,
    /// The author's judged likelihoods of moves; unjudged moves share the rest
    Forecast,
    /// Logit quantal response: better moves more likely, sharper as --lambda grows
    Qre,
}

impl ModelArg {
    /// The play model, with `lambda` for quantal response (default 1); an
    /// error for a lambda given to another model, or below 0.
    pub fn model(self, lambda: Option<f64>) -> anyhow::Result<PlayModel> {
        if let Some(l) = lambda {
            if self != ModelArg::Qre {
                bail!("--lambda applies to --model qre only");
            }
            if l.is_nan() || l < 0.0 {
                bail!("--lambda {l} is not allowed: write 0 (uniform play) or more, or inf");
            }
        }
        Ok(match self {
            ModelArg::Rational => PlayModel::Rational,
            ModelArg::Uniform => PlayModel::Uniform,
            ModelArg::Forecast => PlayModel::Judged,
            ModelArg::Qre => PlayModel::Qre {
                lambda: lambda.unwrap_or(1.0),
            },
        })
    }
}

/// The JSON output of `solve`.
#[derive(Debug, Serialize)]
struct Solved {
    scenario: String,
    /// The steps taken to the situation solved from (empty: the start).
    from: Vec<JsonStep>,
    model: &'static str,
    /// For quantal response: a number, or `"inf"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    lambda: Option<serde_json::Value>,
    horizon: u32,
    /// The rational path from there.
    path: Vec<JsonStep>,
    end: JsonEnd,
    /// How likely rational play follows exactly this path.
    path_probability: f64,
    /// Best moves where the path starts, per actor who may move.
    best_moves: Vec<JsonChoice>,
    /// Each actor's expected payoff under the model.
    payoffs: serde_json::Map<String, serde_json::Value>,
    /// Each outcome's probability under the model.
    outcomes: serde_json::Map<String, serde_json::Value>,
    unresolved: f64,
    beyond_horizon: f64,
    dead_end: f64,
    /// With `--intervals`: `[low, high]` per outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    intervals: Option<serde_json::Map<String, serde_json::Value>>,
    /// With `--intervals`: how to read them.
    #[serde(skip_serializing_if = "Option::is_none")]
    intervals_note: Option<String>,
    /// How many pure subgame-perfect equilibria were found.
    equilibria_count: usize,
    /// Whether that is all of them (false: the search stopped).
    equilibria_complete: bool,
    /// With `--all`: each equilibrium.
    #[serde(skip_serializing_if = "Option::is_none")]
    equilibria: Option<Vec<JsonEquilibrium>>,
    /// What the sources forecast beside what the judgements derive (under
    /// the forecast model, with intervals, whatever `model` is).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    source_forecasts: Vec<JsonSourceForecast>,
}

/// One source forecast beside the scenario's own, in JSON.
#[derive(Debug, Serialize)]
struct JsonSourceForecast {
    #[serde(flatten)]
    comparison: SourceForecastComparison,
    /// Outcome ids.
    outcome_ids: Vec<String>,
    /// The comparison in a sentence.
    sentence: String,
}

/// One pure subgame-perfect equilibrium, in JSON.
#[derive(Debug, Serialize)]
struct JsonEquilibrium {
    payoffs: serde_json::Map<String, serde_json::Value>,
    path: Vec<JsonStep>,
    end: JsonEnd,
    /// The ties it breaks: situation, actor, the move taken, the moves tied.
    ties: Vec<JsonTie>,
}

#[derive(Debug, Serialize)]
struct JsonTie {
    situation: String,
    actor: String,
    #[serde(rename = "move")]
    move_: String,
    tied: Vec<String>,
}

/// One step of a path, in JSON.
#[derive(Debug, Serialize)]
pub(super) struct JsonStep {
    pub actor: String,
    #[serde(rename = "move")]
    pub move_: String,
    pub result: Option<String>,
    pub probability: f64,
    /// Other moves as good for the actor.
    pub tied: Vec<String>,
    /// On a free turn, the other actors who might have moved.
    pub other_movers: Vec<String>,
}

/// Where a path ends, in JSON: `kind` is `outcome`, `dead_end`, `frontier`
/// or `horizon`; `outcome` names the outcome for the first.
#[derive(Debug, Serialize)]
pub(super) struct JsonEnd {
    pub kind: &'static str,
    pub outcome: Option<String>,
}

#[derive(Debug, Serialize)]
struct JsonChoice {
    actor: String,
    moves: Vec<String>,
}

pub(super) fn run(args: &SolveArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    // A large game prints a line per outcome: buffered, that is a few
    // writes instead of one per line (a locked stdout flushes at each
    // newline). On an error the buffer is flushed as it is dropped, so
    // what was printed still comes before the error.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let status = solve_to(args, &mut out)?;
    out.flush()?;
    Ok(status)
}

/// [`run`] into a buffered output.
fn solve_to(args: &SolveArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let model = args.model.model(args.lambda)?;
    let opened = super::open_file(&args.file)?;
    super::refuse_option_form(&opened.scenario, &args.file, "solve")?;
    // Kept apart: the equilibrium of a game with information sets names
    // every set, including those of one node.
    let named_singletons = match &opened.contents {
        crate::io::Contents::Game(game) => game.named_singletons.clone(),
        crate::io::Contents::Rules => Vec::new(),
    };
    let opened = opened.try_expand()?;
    let scenario = Arc::new(opened.scenario);
    let mut session = Session::with_graph(Arc::clone(&scenario), opened.graph);
    super::path::follow_to_end(&mut session, &args.from, &args.results, "--from")?;
    let from = session.current();
    let taken: Vec<_> = session.path();
    let blocking = reachable_information_sets(&opened.information_sets, session.graph(), from);
    if !blocking.is_empty() {
        if !taken.is_empty() {
            bail!(
                "cannot solve {} from where --from leads: the game has information sets of two or more nodes, so a situation inside it is not a subgame of its own; solve from the start for the equilibrium of the whole game",
                args.file.display()
            );
        }
        if model != PlayModel::Rational || args.intervals || args.all {
            bail!(
                "{} has information sets of two or more nodes: solve gives a Nash equilibrium in behaviour strategies (the sequence form: a linear program for a zero-sum game, Lemke's algorithm otherwise); --model {}, --intervals and --all apply to games of perfect information",
                args.file.display(),
                model.name()
            );
        }
        let sets: Vec<Vec<crate::engine::SituationId>> = opened
            .information_sets
            .iter()
            .map(|set| set.situations.clone())
            .collect();
        let equilibrium =
            crate::analysis::sequence_equilibrium(&scenario, session.graph(), from, &sets)?;
        let named: Vec<crate::engine::InformationSet> = opened
            .information_sets
            .iter()
            .chain(&named_singletons)
            .cloned()
            .collect();
        super::games::print_behaviour(&scenario, &named, &equilibrium, args.json, out)?;
        return Ok(Status::Success);
    }
    let horizon = args.horizon.unwrap_or(scenario.limits.max_depth);
    // Only a graph grown past `from` needs a copy of its own.
    let graph: Arc<SituationGraph> = if from != session.graph().start() {
        // Look `horizon` moves past the situation, as from the start.
        let mut graph = session.graph().clone();
        graph.expand_from(
            &scenario,
            from,
            horizon,
            scenario.limits.max_situations,
            &mut |_| ControlFlow::Continue(()),
        )?;
        Arc::new(graph)
    } else {
        Arc::clone(session.graph_arc())
    };
    let graph_ref: &SituationGraph = &graph;

    // The horizon comes from the user: refuse one that cannot fit in memory.
    crate::analysis::check_horizon(graph_ref, from, horizon, scenario.actors.len())?;
    // The same report the app shows at this situation.
    let study = Study::with_horizon(
        Arc::clone(&scenario),
        Arc::clone(&graph),
        0,
        opened.information_sets.clone(),
        horizon,
    );
    let analysis = study.analysis(from);
    let report = analysis.report(model, args.intervals);
    let (forecast, answer) = match (&report.prediction, report.rational.answer()) {
        (Ok(forecast), Some(answer)) => (forecast, answer),
        (Err(withheld), _) => bail!("{}", withheld.reason),
        (_, None) => bail!("rational play is withheld from here"),
    };
    let graph = graph_ref;
    let probabilities = &forecast.probabilities;
    let path = answer.path.clone();
    let n_states = analysis.play().map_err(Clone::clone)?.n_states() as u64;
    let (cap, visits) = if args.all {
        (args.cap.max(1), 50_000_000u64.max(4 * n_states))
    } else {
        // A count that costs at most a few times the solve itself.
        (
            crate::analysis::DEFAULT_EQUILIBRIUM_CAP,
            4 * n_states + 10_000,
        )
    };
    let equilibria = analysis.equilibria(cap, visits, &|| false)?;
    let payoffs = match model {
        PlayModel::Rational => answer.payoffs.clone(),
        _ => probabilities.expected_payoffs.clone(),
    };
    // The sources' forecasts beside the scenario's judgements, as the
    // report gives them (under the forecast model with intervals,
    // whichever model was asked for).
    let sources = report.source_forecasts.clone();

    if args.json {
        let solved = Solved {
            scenario: scenario.id.clone(),
            from: taken
                .iter()
                .map(|s| {
                    let step = graph.step(*s);
                    let (actor, move_, result) =
                        step_id_parts(&scenario, step.actor, step.move_, step.result);
                    JsonStep {
                        actor,
                        move_,
                        result,
                        probability: step.probability,
                        tied: Vec::new(),
                        other_movers: Vec::new(),
                    }
                })
                .collect(),
            model: model.name(),
            lambda: model.lambda().map(|l| {
                if l.is_finite() {
                    serde_json::json!(l)
                } else {
                    serde_json::json!("inf")
                }
            }),
            horizon,
            path: json_path(&scenario, &path),
            end: json_end(&scenario, path.end),
            path_probability: path.probability(),
            best_moves: answer
                .choices
                .iter()
                .map(|c| JsonChoice {
                    actor: scenario.actor(c.actor).id.clone(),
                    moves: c
                        .moves
                        .iter()
                        .map(|m| scenario.move_(*m).id.clone())
                        .collect(),
                })
                .collect(),
            payoffs: by_actor(&scenario, &payoffs),
            outcomes: by_outcome(&scenario, probabilities),
            unresolved: probabilities.unresolved,
            beyond_horizon: probabilities.beyond_horizon,
            dead_end: probabilities.dead_end,
            intervals: forecast.intervals.as_ref().map(|i| {
                scenario
                    .outcomes
                    .iter()
                    .zip(&i.by_outcome)
                    // `+ 0.0` turns a bound of -0 (from 1 - 1) into 0.
                    .map(|(o, (low, high))| {
                        (o.id.clone(), serde_json::json!([low + 0.0, high + 0.0]))
                    })
                    .collect()
            }),
            intervals_note: forecast
                .intervals
                .as_ref()
                .map(|i| intervals_note(i, model)),
            equilibria_count: equilibria.equilibria.len(),
            equilibria_complete: equilibria.complete,
            equilibria: args.all.then(|| {
                equilibria
                    .equilibria
                    .iter()
                    .map(|e| JsonEquilibrium {
                        payoffs: by_actor(&scenario, &e.payoffs),
                        path: json_path(&scenario, &e.path),
                        end: json_end(&scenario, e.path.end),
                        ties: e
                            .ties
                            .iter()
                            .map(|t| JsonTie {
                                situation: t.situation.to_string(),
                                actor: scenario.actor(t.actor).id.clone(),
                                move_: scenario.move_(t.move_).id.clone(),
                                tied: t
                                    .tied
                                    .iter()
                                    .map(|m| scenario.move_(*m).id.clone())
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect()
            }),
            source_forecasts: sources
                .into_iter()
                .map(|c| JsonSourceForecast {
                    outcome_ids: scenario
                        .source_forecasts
                        .get(c.forecast)
                        .map(|f| {
                            f.outcomes
                                .iter()
                                .map(|o| scenario.outcome(*o).id.clone())
                                .collect()
                        })
                        .unwrap_or_default(),
                    sentence: c.sentence(),
                    comparison: c,
                })
                .collect(),
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&solved)?)?;
        return Ok(Status::Success);
    }

    writeln!(out, "{}", scenario.title)?;
    if taken.is_empty() {
        writeln!(out, "from: the start")?;
    } else {
        let steps: Vec<String> = taken
            .iter()
            .map(|s| step_ids(&scenario, graph.step(*s)))
            .collect();
        writeln!(out, "from: after {}", steps.join(", "))?;
    }
    writeln!(out)?;
    if model == PlayModel::Rational {
        writeln!(out, "rational path:")?;
        print_path(&scenario, &path, out)?;
        if args.all {
            writeln!(out)?;
            print_equilibria(&scenario, &equilibria, out)?;
        } else {
            let more = if equilibria.equilibria.len() > 1 || !equilibria.complete {
                "; solve --all lists them"
            } else {
                ""
            };
            writeln!(out, "  {}{more}", equilibria.count_text())?;
        }
        writeln!(out)?;
    }
    let label = model.description();
    writeln!(out, "expected payoffs ({label}):")?;
    print_payoffs(&scenario, &payoffs, out)?;
    writeln!(out)?;
    match &forecast.intervals {
        Some(_) => writeln!(out, "outcome probabilities ({label}), with intervals:")?,
        None => writeln!(out, "outcome probabilities ({label}):")?,
    }
    print_probabilities(&scenario, probabilities, forecast.intervals.as_ref(), out)?;
    if report.cut_by_horizon {
        writeln!(
            out,
            "note: the horizon cuts paths in cycles after {horizon} moves; under this model {} of the probability is cut there (counted as unresolved)",
            percent(probabilities.beyond_horizon)
        )?;
    }
    if let Some(intervals) = &forecast.intervals {
        writeln!(out, "note: {}", intervals_note(intervals, model))?;
    }
    if !sources.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "the sources' forecasts beside this scenario's judgements (the forecast model, with intervals):"
        )?;
        for c in &sources {
            writeln!(out, "  {}", c.sentence())?;
            writeln!(out, "    \"{}\"", c.quote)?;
        }
    }
    if model != PlayModel::Rational {
        writeln!(out)?;
        writeln!(out, "for comparison, the rational path:")?;
        print_path(&scenario, &path, out)?;
    }
    Ok(Status::Success)
}

/// Prints each actor's payoff on a line of its own, ids aligned.
pub(super) fn print_payoffs(
    scenario: &Scenario,
    payoffs: &[f64],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // Chance moves in a game but has no stake: it is not listed.
    let players = || {
        scenario
            .actors
            .iter()
            .zip(payoffs)
            .filter(|(a, _)| !a.is_chance())
    };
    let width = players()
        .map(|(a, _)| a.name.chars().count())
        .max()
        .unwrap_or(0)
        // The formatter panics past a width of 65535; padding to a very
        // long name helps no one.
        .min(64);
    for (a, p) in players() {
        writeln!(out, "  {:<width$}  {}", a.name, number(*p))?;
    }
    Ok(())
}

/// Each actor's payoff on one line, by name: `East 3, West 1.5` (not
/// chance's, which has no stake).
pub(super) fn payoffs_line(scenario: &Scenario, payoffs: &[f64]) -> String {
    scenario
        .actors
        .iter()
        .zip(payoffs)
        .filter(|(a, _)| !a.is_chance())
        .map(|(a, p)| format!("{} {}", a.name, number(*p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints every equilibrium found: its payoffs, the ties it breaks and
/// its path.
fn print_equilibria(
    scenario: &Scenario,
    equilibria: &crate::analysis::Equilibria,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{}:", equilibria.count_text())?;
    for (k, e) in equilibria.equilibria.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "equilibrium {}: payoffs {}",
            k + 1,
            payoffs_line(scenario, &e.payoffs)
        )?;
        if e.ties.is_empty() {
            writeln!(out, "  breaks no tie")?;
        }
        for t in &e.ties {
            let others: Vec<&str> = t
                .tied
                .iter()
                .filter(|m| **m != t.move_)
                .map(|m| scenario.move_(*m).id.as_str())
                .collect();
            let m = scenario.move_(t.move_);
            writeln!(
                out,
                "  at {}: {} takes {} [{}] (tied with {})",
                t.situation,
                scenario.actor(t.actor).name,
                m.label,
                m.id,
                others.join(", ")
            )?;
        }
        print_path(scenario, &e.path, out)?;
    }
    if let Some(stop) = equilibria.stopped {
        match stop {
            crate::analysis::Stop::Cap(cap) => writeln!(
                out,
                "note: stopped at {cap} equilibria; there are more (raise --cap to list them)"
            )?,
            crate::analysis::Stop::Work(v) => writeln!(
                out,
                "note: stopped after {v} state visits; there may be more"
            )?,
        }
    }
    Ok(())
}

/// How to read intervals, for the text and the JSON.
fn intervals_note(intervals: &Intervals, model: PlayModel) -> String {
    let mut note = "intervals: each likelihood word ranges over its ICD 203 range, numbers are points; a move met in several situations varies independently in each, so these are outer bounds".to_owned();
    if model == PlayModel::Judged {
        note.push_str(
            "; an unjudged move beside judged ones takes anything from 0 to all the judgements leave",
        );
    }
    if intervals.choices_fixed {
        note.push_str(
            "; the actors' choices are held at their point values, only chance results range",
        );
    }
    note
}

/// Prints a rational path, one numbered step a line, and where it ends.
pub(super) fn print_path(
    scenario: &Scenario,
    path: &Path,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for (k, step) in path.steps.iter().enumerate() {
        let m = scenario.move_(step.move_);
        let actor = &scenario.actor(step.actor).name;
        write!(out, "  {}. {actor}: {} [{}]", k + 1, m.label, m.id)?;
        if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
            write!(out, " -> {} [{}], {}", r.label, r.id, r.probability_text())?;
        }
        writeln!(out)?;
        if !step.tied.is_empty() {
            let ids: Vec<&str> = step
                .tied
                .iter()
                .map(|t| scenario.move_(*t).id.as_str())
                .collect();
            writeln!(out, "     tied with: {}", ids.join(", "))?;
        }
        if !step.other_movers.is_empty() {
            let ids: Vec<&str> = step
                .other_movers
                .iter()
                .map(|a| scenario.actor(*a).id.as_str())
                .collect();
            writeln!(
                out,
                "     free turn: {} might move instead ({} of the time each)",
                ids.join(", "),
                percent(1.0 / (ids.len() + 1) as f64)
            )?;
        }
    }
    let end = match path.end {
        PathEnd::Outcome(o) => {
            let outcome = scenario.outcome(o);
            format!("{} [{}]", outcome.label, outcome.id)
        }
        PathEnd::DeadEnd => "a dead end (no one can move, no outcome met)".to_owned(),
        PathEnd::Frontier => "the frontier (beyond the exploration limits)".to_owned(),
        PathEnd::Horizon => "the horizon (a cycle, cut)".to_owned(),
    };
    writeln!(
        out,
        "  ends in: {end}; this exact path has probability {}",
        percent(path.probability())
    )
}

fn print_probabilities(
    scenario: &Scenario,
    p: &OutcomeProbabilities,
    intervals: Option<&Intervals>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let n = scenario.outcomes.len();
    let interval = |k: usize| intervals.and_then(|i| i.by_outcome.get(k));
    let unlisted = Unlisted::count(
        p.by_outcome
            .iter()
            .enumerate()
            .map(|(k, q)| is_unlisted(n, *q, interval(k).map(|(_, high)| *high))),
    );
    let width = unlisted.width(scenario);
    // A game with an outcome per leaf has thousands of outcomes, nearly
    // all at the same probability (0 under rational play): each distinct
    // one is written once, and past a screenful those play cannot end in
    // are counted in one line.
    let mut last: Option<(u64, String)> = None;
    for (k, (o, q)) in scenario.outcomes.iter().zip(&p.by_outcome).enumerate() {
        if is_unlisted(n, *q, interval(k).map(|(_, high)| *high)) {
            continue;
        }
        match interval(k) {
            Some((low, high)) => writeln!(
                out,
                "  {:<width$}  {:>8}  [{}, {}]",
                o.label,
                percent(*q),
                percent(*low),
                percent(*high)
            )?,
            None => {
                if last.as_ref().is_none_or(|(bits, _)| *bits != q.to_bits()) {
                    last = Some((q.to_bits(), percent(*q)));
                }
                let text = last.as_ref().map_or("", |(_, text)| text.as_str());
                writeln!(out, "  {:<width$}  {:>8}", o.label, text)?
            }
        }
    }
    unlisted.print(width, out)?;
    writeln!(
        out,
        "  {:<width$}  {:>8}",
        "unresolved",
        percent(p.unresolved)
    )?;
    writeln!(out, "  {:<width$}  {:>8}", "dead end", percent(p.dead_end))
}

/// How many outcomes a scenario may have before those play cannot end in
/// are left out of the text (the JSON lists them all).
pub(super) const OUTCOMES_LISTED: usize = 20;

/// Whether an outcome of a scenario with `n_outcomes` is counted rather
/// than listed: past [`OUTCOMES_LISTED`], when play cannot end in it
/// (probability 0, and 0 at the top of its interval if there is one).
pub(super) fn is_unlisted(n_outcomes: usize, probability: f64, high: Option<f64>) -> bool {
    n_outcomes > OUTCOMES_LISTED && probability == 0.0 && high.is_none_or(|h| h == 0.0)
}

/// The outcomes left out of a list of outcome probabilities, said in one
/// line ("40000 other outcomes  0 %").
pub(super) struct Unlisted(Option<String>);

impl Unlisted {
    /// From whether each outcome is left out.
    pub(super) fn count(unlisted: impl Iterator<Item = bool>) -> Unlisted {
        let n = unlisted.filter(|u| *u).count();
        Unlisted((n > 0).then(|| format!("{n} other outcome{}", if n == 1 { "" } else { "s" })))
    }

    /// The width of the list's first column: its longest label (at most
    /// 64 characters) or this line's words, and at least 10.
    pub(super) fn width(&self, scenario: &Scenario) -> usize {
        scenario
            .outcomes
            .iter()
            .map(|o| o.label.chars().count())
            .chain([10])
            .max()
            .unwrap_or(10)
            .min(64)
            .max(self.0.as_ref().map_or(0, String::len))
    }

    /// Writes the line, if any outcome was left out.
    pub(super) fn print(&self, width: usize, out: &mut dyn Write) -> std::io::Result<()> {
        match &self.0 {
            Some(what) => writeln!(out, "  {what:<width$}  {:>8}", percent(0.0)),
            None => Ok(()),
        }
    }
}

/// A path's steps in JSON.
pub(super) fn json_path(scenario: &Scenario, path: &Path) -> Vec<JsonStep> {
    path.steps
        .iter()
        .map(|s| {
            let (actor, move_, result) = step_id_parts(scenario, s.actor, s.move_, s.result);
            JsonStep {
                actor,
                move_,
                result,
                probability: s.probability,
                tied: s
                    .tied
                    .iter()
                    .map(|t| scenario.move_(*t).id.clone())
                    .collect(),
                other_movers: s
                    .other_movers
                    .iter()
                    .map(|a| scenario.actor(*a).id.clone())
                    .collect(),
            }
        })
        .collect()
}

/// A path's end in JSON.
pub(super) fn json_end(scenario: &Scenario, end: PathEnd) -> JsonEnd {
    match end {
        PathEnd::Outcome(o) => JsonEnd {
            kind: "outcome",
            outcome: Some(scenario.outcome(o).id.clone()),
        },
        PathEnd::DeadEnd => JsonEnd {
            kind: "dead_end",
            outcome: None,
        },
        PathEnd::Frontier => JsonEnd {
            kind: "frontier",
            outcome: None,
        },
        PathEnd::Horizon => JsonEnd {
            kind: "horizon",
            outcome: None,
        },
    }
}

/// `{"actor id": value}` in actor order (JSON objects keep keys sorted).
pub(super) fn by_actor(
    scenario: &Scenario,
    values: &[f64],
) -> serde_json::Map<String, serde_json::Value> {
    scenario
        .actors
        .iter()
        .zip(values)
        .map(|(a, v)| (a.id.clone(), serde_json::json!(v)))
        .collect()
}

fn by_outcome(
    scenario: &Scenario,
    p: &OutcomeProbabilities,
) -> serde_json::Map<String, serde_json::Value> {
    scenario
        .outcomes
        .iter()
        .zip(&p.by_outcome)
        .map(|(o, q)| (o.id.clone(), serde_json::json!(q)))
        .collect()
}

/// A number with at most four decimals and none needless: `5`, `4.35`.
pub(super) fn number(x: f64) -> String {
    // Huge and tiny numbers in scientific notation (`1.7e308`), never a
    // 300-digit one.
    if x.is_finite() && x != 0.0 && !(1e-4..1e9).contains(&x.abs()) {
        return crate::model::read_number(x);
    }
    let text = format!("{:.4}", x + 0.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// A probability as a percentage to at most two decimals: `70 %`. A
/// probability that rounds to zero from below (a bound computed as
/// `1 - 1`, give or take a rounding) is `0 %`, never `-0 %`.
pub(super) fn percent(p: f64) -> String {
    format_percent((p * 10_000.0).round() / 10_000.0 + 0.0)
}
