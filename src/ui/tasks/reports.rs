//! What the analysis says, kept for the window: one [`Study`] per
//! generation of the open scenario, and the reports the panels read, each
//! kept for the key it was worked out for (generation, situation, model
//! with its lambda) and worked out again only when that key changes: at
//! once for small graphs, on another thread for large ones, so the window
//! never waits. The outcomes panel, the Analysis view, the presenter and
//! Compare all read these reports; none works out an answer of its own.

use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use super::BACKGROUND_ABOVE;
use super::keyed::Keyed;
use crate::analysis::sensitivity::{Tornado, TornadoOptions};
use crate::analysis::{
    BehaviourEquilibrium, DecidingPayoff, Equilibria, LambdaSweep, PlayModel, SituationReport,
    StabilityError, StabilitySummary, StabilityTable, Study, equilibria_reachable_from,
    improving_moves, stability_with,
};
use crate::engine::InformationSet;
use crate::engine::SituationId;
use crate::model::{MoveIndex, OutcomeIndex, Scenario};

/// What a report is worked out for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReportKey {
    /// The generation of the scenario and graph.
    pub generation: u64,
    pub situation: SituationId,
    pub model: PlayModel,
}

/// What the panels want reported this frame, besides the current
/// situation under the chosen model.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Wanted {
    /// The presenter view is open: the current situation under the
    /// author's judgements.
    pub presenter: bool,
    /// Compare is open and revealed: its two sides' situations.
    pub compare: Option<[SituationId; 2]>,
    /// The Analysis view (or an option-form conflict's outcomes panel)
    /// needs stability, the tornado and the sweep.
    pub findings: bool,
}

/// Why there is no stability table.
#[derive(Clone, Debug, PartialEq)]
pub enum NoStability {
    /// The scenario does not give what the graph model needs (an actor's
    /// preference over every situation, or rules to move by): shown as a
    /// quiet note saying what to add, not as a failure.
    Missing(String),
    /// The analysis could not finish (too many states, memory, cancelled).
    Failed(String),
}

/// What the analysis says about the whole scenario rather than one
/// situation: stability, which judgements matter most, and quantal
/// response swept to rational play; worked out together on demand.
pub struct Findings {
    pub stability: Result<StabilityTable, NoStability>,
    /// Stability in a few lines, with the table.
    pub stability_summary: Option<StabilitySummary>,
    pub tornado: Result<Tornado, String>,
    /// The payoff rational play from the start rests on most closely, and
    /// where it flips (from the tornado).
    pub deciding: Option<DecidingPayoff>,
    /// Quantal response from the start, lambda 0 to rational.
    pub sweep: SweepView,
}

/// The lambda sweep with what the Analysis view draws of it, worked out
/// once off the window's thread: reading the leader at every lambda, or
/// which outcomes earn a line, scans every outcome (tens of thousands in a
/// game with an outcome per leaf).
pub struct SweepView {
    pub sweep: LambdaSweep,
    /// The sweep in words ([`LambdaSweep::finding`]).
    pub finding: String,
    /// The outcomes drawn as lines: those above 0.05 % at some lambda.
    pub lines: Vec<OutcomeIndex>,
}

impl SweepView {
    fn of(sweep: LambdaSweep, scenario: &Scenario) -> SweepView {
        let lines = (0..scenario.outcomes.len())
            .filter(|o| {
                sweep
                    .lambdas
                    .iter()
                    .zip(&sweep.probabilities)
                    .filter(|(l, _)| **l > 0.0)
                    .any(|(_, p)| p.by_outcome.get(*o).copied().unwrap_or(0.0) > 0.0005)
            })
            .map(|o| OutcomeIndex(o as u32))
            .collect();
        SweepView {
            finding: sweep.finding(scenario),
            lines,
            sweep,
        }
    }
}

/// Rational play from the start, for the Analysis view.
pub struct FromStart {
    /// The report at the start under rational play.
    pub report: SituationReport,
    /// Every pure subgame-perfect equilibrium from the start (up to a
    /// cap), when the unfolding is small enough to count them.
    pub equilibria: Option<Equilibria>,
    /// The game's equilibrium in behaviour strategies, when information
    /// sets can be reached from the start (or why there is none).
    pub behaviour: Option<Result<Arc<BehaviourEquilibrium>, String>>,
}

/// Where a long piece of work on another thread has got, shared with it:
/// its phase in words and, within the phase, how far when known.
#[derive(Clone, Default)]
pub struct WorkProgress(Arc<Mutex<Option<String>>>);

impl WorkProgress {
    fn set(&self, text: String) {
        if let Ok(mut now) = self.0.lock() {
            *now = Some(text);
        }
    }

    /// Step `step` of `of`, named: "Counting every equilibrium (step 3 of 4)…".
    fn phase(&self, what: &str, step: u8, of: u8) {
        self.set(format!("{what} (step {step} of {of})…"));
    }

    /// A phase with its count: "Stability: 1,234 of 4,483 states (28 %)…".
    fn counted(&self, what: &str, progress: &crate::analysis::Progress) {
        let text = if progress.total == 0 {
            format!("{what}: {} {}…", grouped(progress.done), progress.stage)
        } else {
            format!(
                "{what}: {} of {} {} ({:.0} %)…",
                grouped(progress.done),
                grouped(progress.total),
                progress.stage,
                progress.fraction() * 100.0
            )
        };
        self.set(text);
    }

    /// What the work is doing now, once it has said.
    pub fn text(&self) -> Option<String> {
        self.0.lock().ok().and_then(|now| now.clone())
    }
}

/// 4483 as "4,483".
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The reports of one generation of the open scenario.
pub struct Reports {
    study: Arc<Study>,
    /// Whether the scenario is a Gambit game: no rules to move by, so no
    /// stability table or tornado.
    pub is_game: bool,
    current: Keyed<ReportKey, Arc<SituationReport>>,
    presenter: Keyed<ReportKey, Arc<SituationReport>>,
    compare: [Keyed<ReportKey, Arc<SituationReport>>; 2],
    start: Keyed<u64, Arc<FromStart>>,
    rational_lambda: Keyed<u64, Option<f64>>,
    findings: Keyed<u64, Arc<Findings>>,
    /// The available moves at a situation that lead to a state their mover
    /// prefers (GMCR), once stability is known; worked out once per
    /// situation.
    improving: Keyed<(u64, SituationId), Vec<MoveIndex>>,
    /// The equilibria (states) the graph reaches from a situation, once
    /// stability is known; worked out once per situation.
    equilibria_here: Keyed<(u64, SituationId), Vec<usize>>,
    /// Where rational play from the start has got.
    start_progress: WorkProgress,
    /// Where stability and the tornado have got.
    findings_progress: WorkProgress,
}

impl Reports {
    /// The reports of `study`, none worked out yet.
    pub fn new(study: Arc<Study>, is_game: bool) -> Reports {
        Reports {
            study,
            is_game,
            current: Keyed::default(),
            presenter: Keyed::default(),
            compare: Default::default(),
            start: Keyed::default(),
            rational_lambda: Keyed::default(),
            findings: Keyed::default(),
            improving: Keyed::default(),
            equilibria_here: Keyed::default(),
            start_progress: WorkProgress::default(),
            findings_progress: WorkProgress::default(),
        }
    }

    /// The study the reports come from.
    pub fn study(&self) -> &Arc<Study> {
        &self.study
    }

    /// The generation they are for.
    pub fn generation(&self) -> u64 {
        self.study.generation()
    }

    /// A Gambit game's information sets of two or more nodes (empty for a
    /// RON scenario).
    pub fn information_sets(&self) -> &[InformationSet] {
        self.study.information_sets()
    }

    /// Whether work grows large enough to leave the window's thread.
    fn in_background(&self) -> bool {
        self.study.graph().n_situations() > BACKGROUND_ABOVE
    }

    /// Makes sure every report wanted is for its key: picks up finished
    /// work, or starts it. Called every frame; does nothing while each
    /// result or its work is for its key already.
    pub fn update(
        &mut self,
        current: SituationId,
        model: PlayModel,
        wanted: Wanted,
        wake: impl Fn() + Clone + Send + 'static,
    ) {
        let generation = self.generation();
        let background = self.in_background();
        let report = |situation, model| {
            let study = Arc::clone(&self.study);
            let key = ReportKey {
                generation,
                situation,
                model,
            };
            (key, move |_: &std::sync::atomic::AtomicBool| {
                Arc::new(study.report(situation, model, true))
            })
        };
        let (key, work) = report(current, model);
        self.current.update(key, background, work, wake.clone());
        // A search of up to 40 quantal response passes: never on the
        // window's thread, whatever the graph's size.
        let study = Arc::clone(&self.study);
        self.rational_lambda.update(
            generation,
            true,
            move |_| study.start().rational_lambda(),
            wake.clone(),
        );
        let study = Arc::clone(&self.study);
        let progress = self.start_progress.clone();
        self.start.update(
            generation,
            background,
            move |_| {
                progress.phase("Unfolding the game from the start", 1, 4);
                let start = study.start();
                progress.phase("Solving by backward induction", 2, 4);
                let report = start.report(PlayModel::Rational, false);
                progress.phase("Counting every pure equilibrium", 3, 4);
                let equilibria = start.counted_equilibria().cloned();
                progress.phase("Solving the game's information sets", 4, 4);
                Arc::new(FromStart {
                    report,
                    equilibria,
                    behaviour: study.behaviour(),
                })
            },
            wake.clone(),
        );
        if wanted.presenter {
            let (key, work) = report(current, PlayModel::Judged);
            self.presenter.update(key, background, work, wake.clone());
        }
        if let Some(sides) = wanted.compare {
            for (side, situation) in sides.into_iter().enumerate() {
                let (key, work) = report(situation, model);
                if let Some(slot) = self.compare.get_mut(side) {
                    slot.update(key, background, work, wake.clone());
                }
            }
        }
        if let Some(found) = self.findings.get(&generation)
            && found.stability.is_ok()
        {
            let found_here = Arc::clone(found);
            let found = Arc::clone(found);
            let study = Arc::clone(&self.study);
            self.improving.update(
                (generation, current),
                false,
                move |_| match &found.stability {
                    Ok(table) => {
                        let graph = study.graph();
                        improving_moves(
                            study.scenario(),
                            table,
                            &graph.values(current),
                            &graph.moves(current),
                        )
                    }
                    Err(_) => Vec::new(),
                },
                wake.clone(),
            );
            if wanted.findings {
                let found = found_here;
                let study = Arc::clone(&self.study);
                // A search of the graph from here: off the window's thread
                // for a large graph.
                self.equilibria_here.update(
                    (generation, current),
                    study.graph().n_situations() > 10_000,
                    move |_| match &found.stability {
                        Ok(table) => equilibria_reachable_from(table, study.graph(), current),
                        Err(_) => Vec::new(),
                    },
                    wake.clone(),
                );
            }
        }
        if wanted.findings {
            let study = Arc::clone(&self.study);
            let is_game = self.is_game;
            let progress = self.findings_progress.clone();
            // Stability and the tornado grow with the whole graph: always
            // off the window's thread.
            self.findings.update(
                generation,
                true,
                move |cancel| Arc::new(findings(&study, is_game, cancel, &progress)),
                wake,
            );
        }
    }

    /// What the work on rational play from the start is doing, while it
    /// runs on another thread.
    pub fn start_progress(&self) -> Option<String> {
        self.start_progress.text()
    }

    /// What the work on stability and sensitivity is doing, while it runs.
    pub fn findings_progress(&self) -> Option<String> {
        self.findings_progress.text()
    }

    /// The report at `situation` under `model`, if it is ready.
    pub fn report(&self, situation: SituationId, model: PlayModel) -> Option<&SituationReport> {
        self.current
            .get(&self.key(situation, model))
            .map(|r| r.as_ref())
    }

    /// The last report at `situation` under any model, while the one for
    /// the model asked for is worked out (large graphs), with the model it
    /// is for.
    pub fn report_meanwhile(&self, situation: SituationId) -> Option<&SituationReport> {
        let generation = self.generation();
        self.current
            .get_where(|k| k.generation == generation && k.situation == situation)
            .map(|r| r.as_ref())
    }

    /// The report the presenter reads at `situation`: under the author's
    /// judgements.
    pub fn presenter_report(&self, situation: SituationId) -> Option<&SituationReport> {
        self.presenter
            .get(&self.key(situation, PlayModel::Judged))
            .map(|r| r.as_ref())
    }

    /// Compare's report for side `side` at `situation` under `model`.
    pub fn compare_report(
        &self,
        side: usize,
        situation: SituationId,
        model: PlayModel,
    ) -> Option<&SituationReport> {
        let key = self.key(situation, model);
        self.compare
            .get(side)
            .and_then(|s| s.get(&key))
            .map(|r| r.as_ref())
    }

    /// Rational play from the start, when worked out.
    pub fn from_start(&self) -> Option<&FromStart> {
        self.start.get(&self.generation()).map(|s| s.as_ref())
    }

    /// The top of the lambda slider, when worked out: `Some(None)` when
    /// the unfolding from the start did not fit in memory.
    pub fn rational_lambda(&self) -> Option<Option<f64>> {
        self.rational_lambda.get(&self.generation()).copied()
    }

    /// Stability, the tornado and the sweep, when worked out.
    pub fn findings(&self) -> Option<&Findings> {
        self.findings.get(&self.generation()).map(|f| f.as_ref())
    }

    /// Whether the findings are being worked out.
    pub fn findings_pending(&self) -> bool {
        self.findings.is_pending()
    }

    /// Whether the report for the current situation under the chosen
    /// model is still being worked out.
    pub fn pending(&self) -> bool {
        self.current.is_pending()
    }

    /// The rational moves at `situation`, for marking the move buttons
    /// (none until its report is ready, or where rational play is
    /// withheld).
    pub fn rational_moves(&self, situation: SituationId) -> Vec<MoveIndex> {
        self.report_meanwhile(situation)
            .map(SituationReport::rational_moves)
            .unwrap_or_default()
    }

    /// The equilibria (states of the stability table) the graph reaches
    /// from `situation`, once stability is known and the Analysis view
    /// asked for it (`None` before).
    pub fn equilibria_reachable(&self, situation: SituationId) -> Option<&[usize]> {
        self.equilibria_here
            .get(&(self.generation(), situation))
            .map(Vec::as_slice)
    }

    /// The available moves at `situation` that lead to a state their mover
    /// prefers, once stability is known (none before).
    pub fn improving_moves(&self, situation: SituationId) -> Vec<MoveIndex> {
        self.improving
            .get(&(self.generation(), situation))
            .cloned()
            .unwrap_or_default()
    }

    fn key(&self, situation: SituationId, model: PlayModel) -> ReportKey {
        ReportKey {
            generation: self.generation(),
            situation,
            model,
        }
    }

    /// Waits for everything running (tests and scripts).
    pub fn finish(&mut self) {
        self.current.finish();
        self.presenter.finish();
        for side in &mut self.compare {
            side.finish();
        }
        self.start.finish();
        self.rational_lambda.finish();
        self.findings.finish();
        self.improving.finish();
        self.equilibria_here.finish();
    }
}

/// Stability, the tornado and the sweep of `study`, stopping early (as
/// failed) when `cancel` is set.
fn findings(
    study: &Study,
    is_game: bool,
    cancel: &std::sync::atomic::AtomicBool,
    progress: &WorkProgress,
) -> Findings {
    let scenario = study.scenario();
    let graph = study.graph();
    if is_game {
        return Findings {
            sweep: SweepView::of(study.start().lambda_sweep(), scenario),
            stability_summary: None,
            stability: Err(NoStability::Missing("A Gambit game has a tree but no rules: its moves do not change variables, so no actor can move between situations freely as the graph model needs.".to_owned())),
            tornado: Err("Sensitivity re-expands a scenario by its rules with one judgement changed, and a Gambit game has none; open the RON scenario it was exported from to vary its judgements.".to_owned()),
            deciding: None,
        };
    }
    // Each part says how far it has got, and stops when asked.
    let stop_for = |what: &'static str| {
        move |now: &crate::analysis::Progress| {
            progress.counted(what, now);
            if cancel.load(Ordering::Relaxed) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }
    };
    let stability =
        stability_with(scenario, graph, &mut stop_for("Stability")).map_err(|e| match e {
            StabilityError::NoPreference { .. } => NoStability::Missing(e.to_string()),
            _ => NoStability::Failed(e.to_string()),
        });
    let stability_summary = stability.as_ref().ok().map(StabilitySummary::of);
    // In option form stability is the analysis: turn-based play and its
    // sensitivity do not apply.
    if scenario.conflict.is_some() {
        return Findings {
            stability,
            stability_summary,
            sweep: SweepView::of(
                LambdaSweep::none(scenario.outcomes.len(), scenario.actors.len()),
                scenario,
            ),
            tornado: Err(
                "A conflict in option form has no payoffs or likelihoods to vary.".to_owned(),
            ),
            deciding: None,
        };
    }
    let start = study.start();
    let tornado = start
        .tornado(
            &TornadoOptions::default(),
            &mut stop_for("Sensitivity of each judgement"),
        )
        .map_err(|e| e.to_string());
    let deciding = tornado
        .as_ref()
        .ok()
        .and_then(|t| start.deciding_payoff(t, &mut stop_for("Where rational play flips")));
    progress.set("Sweeping quantal response to rational play…".to_owned());
    Findings {
        sweep: SweepView::of(start.lambda_sweep(), scenario),
        stability,
        stability_summary,
        tornado,
        deciding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Progress;

    #[test]
    fn progress_reads_as_a_phase_with_its_count() {
        let progress = WorkProgress::default();
        assert_eq!(progress.text(), None);
        progress.phase("Counting every pure equilibrium", 3, 4);
        assert_eq!(
            progress.text().as_deref(),
            Some("Counting every pure equilibrium (step 3 of 4)…")
        );
        let states = Progress {
            stage: "states",
            done: 1234,
            total: 4483,
        };
        progress.counted("Stability", &states);
        assert_eq!(
            progress.text().as_deref(),
            Some("Stability: 1,234 of 4,483 states (28 %)…")
        );
        let open_ended = Progress {
            stage: "points",
            done: 12,
            total: 0,
        };
        progress.counted("Where rational play flips", &open_ended);
        assert_eq!(
            progress.text().as_deref(),
            Some("Where rational play flips: 12 points…")
        );
    }

    #[test]
    fn the_findings_say_each_part_as_they_reach_it() {
        let scenario =
            crate::model::load_str(crate::DEFAULT_SCENARIO, crate::DEFAULT_SCENARIO_NAME).unwrap();
        let scenario = Arc::new(scenario);
        let graph = Arc::new(crate::engine::expand(&scenario));
        let study = Study::new(scenario, graph, 1, Vec::new());
        let progress = WorkProgress::default();
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let found = findings(&study, false, &cancel, &progress);
        assert!(found.stability.is_ok());
        // The last part named is the sweep, after stability and sensitivity
        // counted their way through.
        assert_eq!(
            progress.text().as_deref(),
            Some("Sweeping quantal response to rational play…")
        );
    }
}
