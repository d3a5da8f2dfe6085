//! The analysis view: rational play from the start with each actor's
//! expected payoff; the stability of every situation in the Graph Model for
//! Conflict Resolution (Nash, GMR, SMR, SEQ) with the equilibria of each
//! concept; a tornado of the judgements (payoffs and probabilities)
//! that move the expected payoffs most; and quantal response swept from
//! lambda 0 (uniform) to rational play. Each section names its play model.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, HoverPosition, Legend, Line, Plot, PlotPoints, VLine};

use crate::analysis::sensitivity::Tornado;
use crate::analysis::{PathEnd, RationalPlay, StabilitySummary, StabilityTable, lambda_words};
use crate::engine::{SituationId, situation_label};
use crate::model::read_number as short;
use crate::model::{ActorIndex, Scenario};
use crate::session::{Action, Session};
use crate::ui::action::UiAction;
use crate::ui::state::AppState;
use crate::ui::style::{actor_colour, percent_text, working};
use crate::ui::tasks::{NoStability, Reports, SweepView};

/// How many stability rows are listed before "and N more".
const MAX_ROWS: usize = 200;
/// How many tornado bars are drawn.
const MAX_BARS: usize = 15;

/// Draws the view.
pub fn analysis_ui(
    ui: &mut Ui,
    state: &AppState,
    session: &Session,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    let scenario = session.scenario();
    egui::ScrollArea::vertical()
        .id_salt("analysis")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if scenario.conflict.is_some() {
                option_form_ui(ui, scenario, reports, actions);
                return;
            }
            odds_ui(ui, state, session, reports);
            ui.add_space(10.0);
            ui.heading("Rational play from the start");
            ui.label(RichText::new("Model: Rational. Backward induction on the unfolding bounded by the scenario's depth limit; chance by its probabilities; ties broken by file order.").small().weak());
            let Some(start) = reports.from_start() else {
                let doing = reports.start_progress();
                working(ui, doing.as_deref().unwrap_or("Solving from the start…"));
                return;
            };
            let blocked_at_start: &[String] = match &start.report.rational {
                RationalPlay::Withheld { reasons } => reasons,
                RationalPlay::SequenceForm(_) => &start.report.information_sets,
                RationalPlay::BackwardInduction(_) => &[],
            };
            if !blocked_at_start.is_empty() || start.report.rational.is_sequence_form() {
                match &start.behaviour {
                    Some(Ok(eq)) => {
                        // A set of one node the file did not name is called
                        // where it is, as the map calls it.
                        let place = |id| match &state.document {
                            Some(document) => situation_label(scenario, session.graph(), &document.layout, id),
                            None => id.to_string(),
                        };
                        behaviour_ui(ui, scenario, reports, eq, &place);
                    }
                    Some(Err(why)) => {
                        ui.label(RichText::new(format!("No equilibrium: {why}")).color(ui.visuals().warn_fg_color));
                    }
                    None => {
                        ui.label("Not shown: the game reaches information sets that backward induction cannot handle.");
                    }
                }
                egui::CollapsingHeader::new(format!(
                    "Information sets backward induction cannot handle ({})",
                    blocked_at_start.len()
                ))
                .id_salt("blocked-sets")
                .default_open(start.behaviour.as_ref().is_none_or(|b| b.is_err()))
                .show(ui, |ui| {
                    for why in blocked_at_start {
                        ui.label(RichText::new(why).small().weak());
                    }
                });
            }
            if let RationalPlay::BackwardInduction(answer) = &start.report.rational {
                let path = &answer.path;
                for (k, step) in path.steps.iter().enumerate() {
                    let m = scenario.move_(step.move_);
                    let mut text = format!("{}. {}: {}", k + 1, scenario.actor(step.actor).name, m.label);
                    if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
                        text.push_str(&format!(" -> {} ({})", r.label, r.probability_text()));
                    }
                    ui.label(text);
                }
                match path.end {
                    PathEnd::Outcome(o) => {
                        ui.label(RichText::new(format!("Ends in: {} (this path: {})", scenario.outcome(o).label, percent_text(path.probability()))).strong());
                    }
                    PathEnd::DeadEnd => {
                        ui.label("Ends in a dead end.");
                    }
                    PathEnd::Frontier => {
                        ui.label("Reaches the edge of what was explored.");
                    }
                    PathEnd::Horizon => {
                        ui.label("Cut by the horizon inside a cycle.");
                    }
                }
                if let Some(deciding) = reports.findings().and_then(|f| f.deciding.as_ref()) {
                    ui.add(egui::Label::new(RichText::new(deciding.sentence(scenario)).strong()).wrap());
                }
                ui.horizontal_wrapped(|ui| {
                    ui.label("Expected payoffs:");
                    for (a, value) in answer.payoffs.iter().enumerate() {
                        let actor = ActorIndex(a as u16);
                        ui.label(RichText::new(format!("{} {}", scenario.actor(actor).name, short(*value))).color(actor_colour(scenario, actor)));
                    }
                });
                match &start.equilibria {
                    Some(all) => equilibria_ui(ui, scenario, all),
                    None => {
                        ui.label(RichText::new("Pure subgame-perfect equilibria are not counted for graphs this large; `demarche solve --all` lists them.").small().weak());
                    }
                }
            }
            ui.add_space(10.0);

            let Some(deep) = reports.findings() else {
                let doing = reports.findings_progress();
                working(ui, doing.as_deref().unwrap_or("Working out stability and sensitivity…"));
                return;
            };
            ui.heading("From anything goes to rational play");
            sweep_ui(ui, state, scenario, &deep.sweep, !reports.information_sets().is_empty());
            ui.add_space(10.0);
            ui.heading("Which judgements matter most");
            match &deep.tornado {
                Ok(t) => tornado_ui(ui, scenario, t),
                Err(e) => {
                    ui.label(e);
                }
            }
            ui.add_space(10.0);
            // Last and folded: a summary an analyst opens when the
            // questions above are answered, never a wall of states.
            match &deep.stability {
                Ok(table) => {
                    if let Some(summary) = &deep.stability_summary {
                        let reached = reports.equilibria_reachable(session.current());
                        stability_summary_ui(ui, scenario, table, summary, reached, actions);
                    }
                }
                // Missing preferences are the author's next step, not a
                // failure: a quiet note saying what to add.
                Err(NoStability::Missing(what)) => {
                    ui.heading("Stability (Graph Model for Conflict Resolution)");
                    ui.label(RichText::new("Stability needs each actor's preference over every situation.").weak());
                    ui.label(RichText::new(what).small().weak());
                }
                Err(NoStability::Failed(e)) => {
                    ui.heading("Stability (Graph Model for Conflict Resolution)");
                    ui.label(RichText::new(e).color(ui.visuals().warn_fg_color));
                }
            }
        });
}

/// Where play goes from the current situation under the chosen model.
fn odds_ui(ui: &mut Ui, state: &AppState, session: &Session, reports: &Reports) {
    let scenario = session.scenario();
    ui.heading(format!(
        "Where play goes from here: {}",
        state.settings.model_title()
    ));
    ui.label(
        RichText::new(format!(
            "Model: {}. {} Choose the model in the outcomes panel.",
            state.settings.model_title(),
            state.settings.model.explanation()
        ))
        .small()
        .weak(),
    );
    let Some(report) = reports.report(session.current(), state.settings.play_model()) else {
        working(ui, "Working out the odds…");
        return;
    };
    let forecast = match &report.prediction {
        Ok(forecast) => forecast,
        Err(withheld) => {
            ui.label(format!("Not shown for this model: {}.", withheld.reason));
            return;
        }
    };
    egui::Grid::new("odds-from-here")
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Outcome").strong());
            ui.label(RichText::new("Probability").strong());
            ui.label(RichText::new("Range").strong());
            ui.end_row();
            let listed = forecast.listed(&report.reachable, super::outcomes::MAX_LISTED);
            for &o in &listed.shown {
                let p = forecast.probability_of(o);
                ui.label(&scenario.outcome(o).label);
                ui.label(percent_text(p));
                match forecast.range_of(o) {
                    Some((low, high)) if high - low >= 0.0005 => {
                        ui.label(format!("{} to {}", percent_text(low), percent_text(high)));
                    }
                    _ => {
                        ui.label("exact");
                    }
                }
                ui.end_row();
            }
            if listed.left_out > 0 {
                ui.label(format!("{} more reachable, together", listed.left_out));
                ui.label(percent_text(listed.left_out_probability));
                ui.end_row();
            }
            let rest = &forecast.probabilities;
            if rest.unresolved > 1e-9 {
                ui.label("Unresolved within the limits");
                ui.label(percent_text(rest.unresolved));
                ui.label("");
                ui.end_row();
            }
            if rest.dead_end > 1e-9 {
                ui.label("Dead ends");
                ui.label(percent_text(rest.dead_end));
                ui.label("");
                ui.end_row();
            }
        });
    crate::ui::style::source_forecasts_ui(ui, &report.source_forecasts);
}

/// Quantal response from the start as lambda grows, one line an outcome,
/// with the finding in words.
fn sweep_ui(ui: &mut Ui, state: &AppState, scenario: &Scenario, view: &SweepView, blocked: bool) {
    if blocked {
        ui.label("Not shown: the game has information sets, and quantal response is worked out here by backward induction, which cannot handle them.");
        return;
    }
    ui.label(RichText::new("Model: Bounded rationality (logit quantal response) from the start. Each line is an outcome's probability as lambda grows, from every move equally likely (left) to play that cannot be told from rational (right).").small().weak());
    ui.label(&view.finding);
    let sweep = &view.sweep;
    let log_points: Vec<(f64, &crate::analysis::OutcomeProbabilities)> = sweep
        .lambdas
        .iter()
        .zip(&sweep.probabilities)
        .filter(|(l, _)| **l > 0.0)
        .map(|(l, p)| (l.log10(), p))
        .collect();
    let lines: Vec<Line> = view
        .lines
        .iter()
        .map(|o| {
            let points: PlotPoints = log_points
                .iter()
                .map(|(x, p)| {
                    [
                        *x,
                        100.0 * p.by_outcome.get(o.index()).copied().unwrap_or(0.0),
                    ]
                })
                .collect();
            Line::new(scenario.outcome(*o).label.clone(), points).width(2.0)
        })
        .collect();
    let current = (state.settings.model == crate::ui::state::ModelChoice::Qre
        && state.settings.lambda > 0.0)
        .then(|| state.settings.lambda.log10());
    Plot::new("lambda-sweep")
        .height(260.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_label("lambda (log scale)")
        .y_axis_label("probability, %")
        .x_axis_formatter(|mark, _| lambda_words(10f64.powf(mark.value)))
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } if !plot_name.is_empty() => Some(format!(
                "{plot_name}\nlambda {}: {:.1} %",
                lambda_words(10f64.powf(position.x)),
                position.y
            )),
            _ => None,
        })
        .show(ui, |plot| {
            for line in lines {
                plot.line(line);
            }
            if let Some(x) = current {
                plot.vline(VLine::new("chosen lambda", x));
            }
        });
}

/// Every pure subgame-perfect equilibrium, when ties give more than one.
fn equilibria_ui(ui: &mut Ui, scenario: &Scenario, all: &crate::analysis::Equilibria) {
    ui.label(RichText::new(format!("{}.", capitalised(&all.count_text()))).small());
    if all.equilibria.len() < 2 {
        return;
    }
    egui::CollapsingHeader::new("Every pure equilibrium")
        .id_salt("all-equilibria")
        .show(ui, |ui| {
            for (k, e) in all.equilibria.iter().enumerate() {
                let payoffs: Vec<String> = scenario
                    .actors
                    .iter()
                    .zip(&e.payoffs)
                    .map(|(a, p)| format!("{} {}", a.name, short(*p)))
                    .collect();
                ui.label(
                    RichText::new(format!("Equilibrium {}: {}", k + 1, payoffs.join(", ")))
                        .strong(),
                );
                for t in &e.ties {
                    ui.label(
                        RichText::new(format!(
                            "   at {}: {} takes \"{}\"",
                            t.situation,
                            scenario.actor(t.actor).name,
                            scenario.move_(t.move_).label
                        ))
                        .small(),
                    );
                }
                let moves: Vec<String> = e
                    .path
                    .steps
                    .iter()
                    .map(|s| {
                        format!(
                            "{}: {}",
                            scenario.actor(s.actor).name,
                            scenario.move_(s.move_).label
                        )
                    })
                    .collect();
                let end = match e.path.end {
                    PathEnd::Outcome(o) => scenario.outcome(o).label.clone(),
                    PathEnd::DeadEnd => "a dead end".to_owned(),
                    PathEnd::Frontier => "the frontier".to_owned(),
                    PathEnd::Horizon => "the horizon".to_owned(),
                };
                ui.label(RichText::new(format!("   {} → {end}", moves.join(", "))).small());
            }
        });
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A two-player game's Nash equilibrium in behaviour strategies.
fn behaviour_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    reports: &Reports,
    eq: &crate::analysis::BehaviourEquilibrium,
    place_of: &dyn Fn(SituationId) -> String,
) {
    ui.label(RichText::new("Nash equilibrium in behaviour strategies").strong());
    ui.label(RichText::new(format!("The game has information sets of two or more nodes, so backward induction does not apply: the sequence form (Koller, Megiddo and von Stengel 1996), solved here by {}, gives one equilibrium, checked on the tree. The story marks and the map's green path follow it.", eq.method.label())).small().weak());
    let sets = reports.information_sets();
    egui::Grid::new("behaviour-sets")
        .striped(true)
        .show(ui, |ui| {
            for set in &eq.sets {
                let who = scenario.actor(set.actor);
                let place = match sets.iter().find(|s| {
                    set.situations
                        .first()
                        .is_some_and(|f| s.situations.contains(f))
                }) {
                    Some(s) if !s.name.is_empty() => format!("\"{}\"", s.name),
                    Some(s) => format!("information set {}", s.number),
                    None => set
                        .situations
                        .first()
                        .map(|id| format!("at \"{}\"", place_of(*id)))
                        .unwrap_or_default(),
                };
                ui.label(
                    RichText::new(format!("{}, {place}", who.name))
                        .color(actor_colour(scenario, set.actor)),
                );
                let moves: Vec<String> = set
                    .moves
                    .iter()
                    .map(|(m, p)| format!("{} {}", scenario.move_(*m).label, percent_text(*p)))
                    .collect();
                ui.label(moves.join(", "));
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        ui.label("Expected payoffs:");
        for (a, value) in eq.payoffs.iter().enumerate() {
            let actor = ActorIndex(a as u16);
            ui.label(
                RichText::new(format!("{} {}", scenario.actor(actor).name, short(*value)))
                    .color(actor_colour(scenario, actor)),
            );
        }
    });
}

fn stability_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    table: &StabilityTable,
    actions: &mut Vec<UiAction>,
) {
    if table.turns_ignored {
        ui.label(
            RichText::new(
                "Turns are ignored: in the graph model every actor may move at any time.",
            )
            .small()
            .weak(),
        );
    }
    ui.label(RichText::new("Equilibria: situations stable for every actor.").strong());
    for &concept in table.concepts() {
        let equilibria = table.equilibria(concept);
        ui.label(format!("{}: {}", concept.name(), equilibria.len()));
        for state in equilibria.iter().take(20) {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("   {}", table.titled(scenario, *state))).small());
                if let Some(situation) = table.situation(*state)
                    && ui
                        .small_button("Go")
                        .on_hover_text("Go to this situation")
                        .clicked()
                {
                    actions.push(UiAction::Session(Action::Reach(situation)));
                }
            });
        }
        if equilibria.len() > 20 {
            ui.label(RichText::new(format!("   and {} more", equilibria.len() - 20)).small());
        }
    }
    status_quo_ui(ui, scenario, table, actions);
    ui.add_space(6.0);
    egui::CollapsingHeader::new(format!("Every situation ({} states)", table.n_states()))
        .id_salt("stability-table")
        .show(ui, |ui| {
            ui.label(
                RichText::new(
                    if table.is_option_form() {
                        "For each actor: R = Nash, G = GMR, S = SMR, Q = SEQ, M = SIM; a dash where unstable."
                    } else {
                        "For each actor: R = Nash, G = GMR, S = SMR, Q = SEQ; a dash where unstable."
                    },
                )
                .small(),
            );
            // Wider than the panel on a large scenario: it scrolls
            // sideways on its own rather than widen the view.
            egui::ScrollArea::horizontal().id_salt("stability-grid").show(ui, |ui| {
            egui::Grid::new("stability").striped(true).show(ui, |ui| {
                ui.label(RichText::new("Situation").strong());
                for actor in &scenario.actors {
                    ui.label(RichText::new(&actor.name).strong());
                }
                ui.end_row();
                for state in 0..table.n_states().min(MAX_ROWS) {
                    ui.label(RichText::new(table.titled(scenario, state)).small());
                    for a in 0..table.n_actors() {
                        let marks: String = table
                            .concepts()
                            .iter()
                            .map(|c| {
                                if table.is_stable(state, ActorIndex(a as u16), *c) {
                                    c.letter()
                                } else {
                                    '-'
                                }
                            })
                            .collect();
                        ui.label(RichText::new(marks).monospace());
                    }
                    ui.end_row();
                }
            });
            });
            if table.n_states() > MAX_ROWS {
                ui.label(format!(
                    "and {} more (see `demarche stability`)",
                    table.n_states() - MAX_ROWS
                ));
            }
        });
}

/// A conflict in option form: the stability analysis is the analysis;
/// turn-based play models do not apply to free moves of any set of
/// options.
fn option_form_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    reports: &Reports,
    actions: &mut Vec<UiAction>,
) {
    ui.heading("Stability (Graph Model for Conflict Resolution)");
    ui.label(
        RichText::new(
            "A conflict in option form: every feasible combination of options is a state, and a decision maker may change any set of its own options at once. Play models by turns (forecast, rational play) do not apply here; stability does.",
        )
        .small()
        .weak(),
    );
    let Some(deep) = reports.findings() else {
        let doing = reports.findings_progress();
        working(ui, doing.as_deref().unwrap_or("Working out stability…"));
        return;
    };
    match &deep.stability {
        Ok(table) => stability_ui(ui, scenario, table, actions),
        Err(NoStability::Missing(what)) => {
            ui.label(RichText::new(what).weak());
        }
        Err(NoStability::Failed(e)) => {
            ui.label(RichText::new(e).color(ui.visuals().warn_fg_color));
        }
    }
}

/// Status quo analysis: how play can move from the status quo to each
/// equilibrium by unilateral improvements, no actor twice in a row.
fn status_quo_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    table: &StabilityTable,
    actions: &mut Vec<UiAction>,
) {
    let Some(status_quo) = table.status_quo() else {
        return;
    };
    ui.add_space(6.0);
    ui.label(RichText::new("From the status quo").strong());
    ui.label(
        RichText::new(format!(
            "Status quo: {}. Each equilibrium below is reached, if at all, by moves that each improve things for the actor making them, no actor moving twice in a row (the shortest such way is shown).",
            table.titled(scenario, status_quo)
        ))
        .small()
        .weak(),
    );
    let equilibria = table.equilibria_under_any();
    for state in equilibria.into_iter().take(20) {
        let concepts = table.equilibrium_names(state);
        let way = match table.path_from_status_quo(state) {
            None => "not reached by improvements".to_owned(),
            Some(steps) if steps.is_empty() => "the status quo itself".to_owned(),
            Some(steps) => {
                steps
                    .iter()
                    .map(|(a, _)| scenario.actor(*a).name.as_str())
                    .collect::<Vec<_>>()
                    .join(", then ")
                    + if steps.len() == 1 { " moves" } else { " move" }
            }
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "   {} ({}): {way}",
                    table.titled(scenario, state),
                    concepts.join(", ")
                ))
                .small(),
            );
            if let Some(situation) = table.situation(state)
                && ui
                    .small_button("Go")
                    .on_hover_text("Go to this situation")
                    .clicked()
            {
                actions.push(UiAction::Session(Action::Reach(situation)));
            }
        });
    }
}

fn tornado_ui(ui: &mut Ui, scenario: &Scenario, tornado: &Tornado) {
    ui.label(RichText::new("Each payoff moved by one rank and each probability across its likelihood word's range, one at a time; the bars show how far each actor's expected payoff at the start moves. Bars marked * change the rational path.").small().weak());
    let bars: Vec<_> = tornado.bars.iter().take(MAX_BARS).collect();
    if bars.is_empty() {
        ui.label("No judgements to vary.");
        return;
    }
    let n = bars.len();
    let mut charts = Vec::new();
    for (a, actor) in scenario.actors.iter().enumerate() {
        let base = tornado.base_payoffs.get(a).copied().unwrap_or(0.0);
        let colour = actor_colour(scenario, ActorIndex(a as u16));
        let chart_bars: Vec<Bar> = bars
            .iter()
            .enumerate()
            .map(|(i, bar)| {
                let low = bar.payoffs_low.get(a).copied().unwrap_or(base) - base;
                let high = bar.payoffs_high.get(a).copied().unwrap_or(base) - base;
                let (from, to) = if low <= high {
                    (low, high)
                } else {
                    (high, low)
                };
                // Rows from the top, actors side by side within a row.
                let y = (n - 1 - i) as f64 + 0.8 * (a as f64 + 0.5) / scenario.actors.len() as f64
                    - 0.4;
                Bar::new(y, to - from)
                    .base_offset(from)
                    .width(0.75 / scenario.actors.len() as f64)
                    .fill(colour)
                    .name(format!("{}: {}", actor.name, bar.parameter.label(scenario)))
            })
            .collect();
        charts.push(
            BarChart::new(actor.name.clone(), chart_bars)
                .horizontal()
                .color(colour),
        );
    }
    let labels: Vec<String> = bars
        .iter()
        .map(|b| {
            format!(
                "{}{}",
                b.parameter.label(scenario),
                if b.path_changes { " *" } else { "" }
            )
        })
        .collect();
    // The actors' colours, as a legend above the plot.
    ui.horizontal_wrapped(|ui| {
        for (a, actor) in scenario.actors.iter().enumerate() {
            let colour = actor_colour(scenario, ActorIndex(a as u16));
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, colour);
            ui.label(RichText::new(&actor.name).small());
        }
    });
    // Rows from the top; each row's label is the y axis' tick.
    let row_label = move |mark: egui_plot::GridMark, _: &std::ops::RangeInclusive<f64>| {
        let row = mark.value.round();
        if (mark.value - row).abs() > 1e-6 || row < 0.0 {
            return String::new();
        }
        let i = n as i64 - 1 - row as i64;
        usize::try_from(i)
            .ok()
            .and_then(|i| labels.get(i))
            .cloned()
            .unwrap_or_default()
    };
    Plot::new("tornado")
        .height(30.0 * n as f32 + 40.0)
        .show_axes([true, true])
        .show_grid([true, false])
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .y_axis_formatter(row_label)
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_axis_min_width(240.0)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .x_axis_label("change in expected payoff at the start")
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
    // The same finding in words, readable from the back of a room.
    let pivotal: Vec<_> = tornado.bars.iter().filter(|b| b.path_changes).collect();
    if pivotal.is_empty() {
        ui.label("No single judgement changes the rational path within its range.");
    } else {
        ui.label(RichText::new("The rational path changes when one of these is moved:").strong());
        for bar in pivotal.iter().take(MAX_BARS) {
            ui.label(format!(
                "{} (now {}, tried {} to {})",
                bar.parameter.label(scenario),
                short(bar.base),
                short(bar.low),
                short(bar.high)
            ));
        }
    }
}

/// How many reachable equilibria the summary lists before "and N more".
const MAX_REACHED: usize = 10;

/// Stability for a turn-based scenario, folded by default: its header
/// gives the counts; open, it says how many states are equilibria under
/// each concept, the few variables that separate them from the rest (from
/// the analysis' [`StabilitySummary`]), the equilibria reachable from here
/// and from the status quo (each with Go), and the full list one click
/// further.
fn stability_summary_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    table: &StabilityTable,
    summary: &StabilitySummary,
    reached_here: Option<&[usize]>,
    actions: &mut Vec<UiAction>,
) {
    let header = format!(
        "Stability (Graph Model for Conflict Resolution): {} of {} states",
        summary
            .counts
            .iter()
            .map(|(c, n)| format!("{} {n}", c.short_name()))
            .collect::<Vec<_>>()
            .join(", "),
        table.n_states()
    );
    egui::CollapsingHeader::new(RichText::new(header).strong())
        .id_salt("stability-summary")
        .default_open(false)
        .show(ui, |ui| {
            if table.turns_ignored {
                ui.label(
                    RichText::new(
                        "Turns are ignored: in the graph model every actor may move at any time.",
                    )
                    .small()
                    .weak(),
                );
            }
            ui.label(RichText::new("Equilibria: situations stable for every actor.").strong());
            for (concept, n) in &summary.counts {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("{}: {n}", concept.name()));
                    ui.label(
                        RichText::new(format!(
                            "of {} states ({})",
                            table.n_states(),
                            percent_text(*n as f64 / table.n_states().max(1) as f64)
                        ))
                        .weak(),
                    );
                });
            }
            separating_ui(ui, scenario, summary);
            reached_ui(ui, scenario, table, reached_here, actions);
            egui::CollapsingHeader::new("Every equilibrium and every situation")
                .id_salt("stability-full")
                .show(ui, |ui| stability_ui(ui, scenario, table, actions));
        });
}

/// The states grouped by the variables that best separate the equilibria
/// from the rest: for each combination of their values, how many states
/// have it and how many of those are equilibria under each concept.
fn separating_ui(ui: &mut Ui, scenario: &Scenario, summary: &StabilitySummary) {
    if summary.separating.is_empty() {
        return;
    }
    let variables: Vec<&crate::model::Variable> = summary
        .separating
        .iter()
        .filter_map(|v| scenario.variables.get(*v))
        .collect();
    let names: Vec<&str> = variables.iter().map(|v| v.display_name()).collect();
    ui.add_space(4.0);
    ui.label(
        RichText::new(format!(
            "What sets the equilibria apart: {}",
            names.join(" and ")
        ))
        .strong(),
    );
    egui::Grid::new("stability-groups")
        .striped(true)
        .show(ui, |ui| {
            for name in &names {
                ui.label(RichText::new(*name).strong());
            }
            ui.label(RichText::new("States").strong());
            for (c, _) in &summary.counts {
                ui.label(RichText::new(c.short_name()).strong());
            }
            ui.end_row();
            for group in &summary.groups {
                for (v, x) in variables.iter().zip(&group.values) {
                    ui.label(v.value_label(*x));
                }
                ui.label(group.n_states.to_string());
                for n in &group.n_equilibria {
                    ui.label(n.to_string());
                }
                ui.end_row();
            }
        });
}

/// The equilibria (under any concept) the graph reaches from the current
/// situation, and those reached from the status quo by improvements, each
/// with Go; at most [`MAX_REACHED`] of each before "and N more".
fn reached_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    table: &StabilityTable,
    reached_here: Option<&[usize]>,
    actions: &mut Vec<UiAction>,
) {
    let all = table.equilibria_under_any();
    ui.add_space(4.0);
    match reached_here {
        Some(from_here) => {
            ui.label(
                RichText::new(format!(
                    "Reachable from here: {} of {} equilibria",
                    from_here.len(),
                    all.len()
                ))
                .strong(),
            );
            equilibrium_rows_ui(ui, scenario, table, from_here, false, actions);
        }
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Finding the equilibria reachable from here...");
            });
        }
    }
    if table.status_quo().is_some() {
        let from_status_quo: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&e| table.path_from_status_quo(e).is_some())
            .collect();
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "Reached from the status quo by improvements: {} of {} equilibria",
                from_status_quo.len(),
                all.len()
            ))
            .strong(),
        );
        equilibrium_rows_ui(ui, scenario, table, &from_status_quo, true, actions);
    }
}

/// Up to [`MAX_REACHED`] equilibria as wrapped lines with Go, with the way
/// from the status quo when `with_way`.
fn equilibrium_rows_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    table: &StabilityTable,
    states: &[usize],
    with_way: bool,
    actions: &mut Vec<UiAction>,
) {
    for &state in states.iter().take(MAX_REACHED) {
        let mut text = format!(
            "{} ({})",
            table.titled(scenario, state),
            table.equilibrium_names(state).join(", ")
        );
        if with_way && let Some(steps) = table.path_from_status_quo(state) {
            let way = if steps.is_empty() {
                "the status quo itself".to_owned()
            } else {
                steps
                    .iter()
                    .map(|(a, _)| scenario.actor(*a).name.as_str())
                    .collect::<Vec<_>>()
                    .join(", then ")
                    + if steps.len() == 1 { " moves" } else { " move" }
            };
            text.push_str(&format!(": {way}"));
        }
        ui.horizontal_wrapped(|ui| {
            if let Some(situation) = table.situation(state)
                && ui
                    .small_button("Go")
                    .on_hover_text("Go to this situation")
                    .clicked()
            {
                actions.push(UiAction::Session(Action::Reach(situation)));
            }
            ui.label(RichText::new(text).small());
        });
    }
    if states.len() > MAX_REACHED {
        ui.label(RichText::new(format!("and {} more", states.len() - MAX_REACHED)).small());
    }
}
