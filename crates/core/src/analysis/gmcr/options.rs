//! A conflict written in option form (GMCR): every feasible combination of
//! options is a state, whether or not it can be reached from the status
//! quo, and an actor's unilateral move changes any non-empty set of its own
//! options at once, as long as no change is one the option forbids
//! (`irreversible`) and the state it leads to is feasible.
//!
//! The moves are never stored. A state is a bit set of options; from state
//! `x`, actor `i` may change the bits `free = own_i & ((!x & can_take) |
//! (x & can_drop))`, so its moves lead to `(x & !free) | s` for every
//! subset `s` of `free` (but `x` itself), kept when feasible. A dense table
//! from bit set to state (2^options entries of 4 bytes) makes each move
//! one lookup. Memory is O(2^options + states x options); time per
//! question about a state's moves is O(2^(options of the mover)).

use std::ops::ControlFlow;

use super::conflict::{ConflictModel, Edges};
use super::error::StabilityError;
use super::option_moves::{NONE, OptionMoves, mask_of, taken_labels};
use super::preference::priority_score;
use crate::analysis::progress::{Progress, no_progress};
use crate::engine::SituationGraph;
use crate::model::{OptionForm, Preference, Scenario};

/// How often the progress callback is called, in combinations.
const PROGRESS_EVERY: usize = 1 << 14;

impl ConflictModel {
    /// Every feasible combination of the options as a state; fails past
    /// `limits.max_situations` states.
    pub(crate) fn from_options(
        scenario: &Scenario,
        form: &OptionForm,
        graph: Option<&SituationGraph>,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<ConflictModel, StabilityError> {
        let n_options = form.options.len();
        let n_actors = scenario.actors.len();
        let limit = scenario.limits.max_situations.max(1);
        let combinations = 1usize << n_options;
        let mut index = vec![NONE; combinations];
        let mut masks = Vec::new();
        let mut values = Vec::new();
        let mut here = vec![0i64; n_options];
        for (mask, slot) in index.iter_mut().enumerate() {
            if mask % PROGRESS_EVERY == 0 {
                let report = Progress {
                    stage: "states",
                    done: mask,
                    total: combinations,
                };
                if progress(&report).is_break() {
                    return Err(StabilityError::Cancelled);
                }
            }
            for (k, v) in here.iter_mut().enumerate() {
                *v = ((mask >> k) & 1) as i64;
            }
            if form.infeasible.iter().any(|(_, c)| c.holds(&here)) {
                continue;
            }
            if masks.len() as u64 >= limit {
                return Err(StabilityError::TooManyStates { limit });
            }
            *slot = masks.len() as u32;
            masks.push(mask as u32);
            values.extend_from_slice(&here);
        }
        let mut owned = vec![0u32; n_actors];
        let (mut can_take, mut can_drop) = (0u32, 0u32);
        for (k, option) in form.options.iter().enumerate() {
            if let Some(bits) = owned.get_mut(option.actor.index()) {
                *bits |= 1 << k;
            }
            if option.can_take() {
                can_take |= 1 << k;
            }
            if option.can_drop() {
                can_drop |= 1 << k;
            }
        }
        let n_states = masks.len();
        let mut situations = vec![None; n_states];
        let mut situation_values = Vec::with_capacity(n_options);
        for situation in graph.iter().flat_map(|g| g.situations()) {
            let Some(graph) = graph else { break };
            graph
                .codec()
                .decode(graph.node(situation).key, &mut situation_values);
            if let Some(&t) = index.get(mask_of(&situation_values) as usize)
                && t != NONE
                && situations[t as usize].is_none()
            {
                situations[t as usize] = Some(situation);
            }
        }
        let outcomes = (0..n_states)
            .map(|k| scenario.outcome_met(&values[k * n_options..(k + 1) * n_options]))
            .collect();
        Ok(ConflictModel {
            n_actors,
            n_variables: n_options,
            values,
            outcomes,
            situations,
            edges: Edges::Options(OptionMoves {
                masks,
                index,
                owned,
                can_take,
                can_drop,
            }),
            n_chance_moves: 0,
        })
    }

    /// "with no option taken" or "with Offer talks, Send patrols taken":
    /// a state of an option-form conflict by its options' labels.
    pub(crate) fn options_taken(&self, scenario: &Scenario, state: usize) -> String {
        let taken = taken_labels(scenario, self.state_values(state));
        if taken.is_empty() {
            "with no option taken".to_owned()
        } else {
            format!("with {} taken", taken.join(", "))
        }
    }

    /// Every actor's preference over the states of an option-form
    /// conflict: priorities score as in GMCR+ (each statement worth twice
    /// the next); a ranking gives tier `t` of `T` the score `T - t`.
    pub(crate) fn option_preferences(
        &self,
        scenario: &Scenario,
        form: &OptionForm,
    ) -> Result<Vec<Vec<f64>>, StabilityError> {
        let n_states = self.n_states();
        let mut prefs = Vec::with_capacity(self.n_actors);
        for (a, preference) in form.preferences.iter().enumerate() {
            let mut pref = Vec::with_capacity(n_states);
            match preference {
                Preference::Priorities(statements) => {
                    for k in 0..n_states {
                        pref.push(priority_score(statements, self.state_values(k)));
                    }
                }
                Preference::Ranking(tiers) => {
                    let n = tiers.len();
                    for k in 0..n_states {
                        let v = self.state_values(k);
                        let Some(t) = tiers.iter().position(|(_, c)| c.holds(v)) else {
                            return Err(StabilityError::Unranked {
                                actor: scenario.actors[a].id.clone(),
                                state: self.options_taken(scenario, k),
                            });
                        };
                        pref.push((n - t) as f64);
                    }
                }
            }
            prefs.push(pref);
        }
        Ok(prefs)
    }
}

/// What `check` says of a conflict in option form, found from the options
/// alone (the situations the app steps through are not expanded).
#[derive(Clone, Debug)]
pub struct OptionCheck {
    /// Every combination of the options: 2^options.
    pub combinations: u64,
    /// The feasible ones: the states.
    pub states: usize,
    /// Unilateral moves between them, every actor's.
    pub moves: u64,
    /// Problems found, each at its place in the file: errors (a state a
    /// ranking leaves out, too many states) and warnings (an infeasible
    /// combination no state meets, an option that never changes, an
    /// outcome no state meets).
    pub diagnostics: Vec<crate::model::Diagnostic>,
}

/// Checks a conflict in option form: counts its states and moves and
/// finds what the author probably did not mean. `None` for a scenario not
/// in option form. O(2^options x conditions + moves) time.
pub fn option_check(scenario: &Scenario) -> Option<OptionCheck> {
    use crate::model::Severity;
    let form = scenario.conflict.as_ref()?;
    let origin = &scenario.origin;
    let n_options = form.options.len();
    let mut diagnostics = Vec::new();
    let mut check = OptionCheck {
        combinations: 1u64 << n_options,
        states: 0,
        moves: 0,
        diagnostics: Vec::new(),
    };
    let model = match ConflictModel::from_options(scenario, form, None, &mut no_progress) {
        Ok(model) => model,
        Err(e) => {
            diagnostics.push(origin.diagnostic(Severity::Error, "conflict.options", e.to_string()));
            check.diagnostics = diagnostics;
            return Some(check);
        }
    };
    check.states = model.n_states();
    let mut values = vec![0i64; n_options];
    for (j, (text, condition)) in form.infeasible.iter().enumerate() {
        let ever = (0..check.combinations).any(|mask| {
            for (k, v) in values.iter_mut().enumerate() {
                *v = ((mask >> k) & 1) as i64;
            }
            condition.holds(&values)
        });
        if !ever {
            diagnostics.push(
                origin
                    .diagnostic(
                        Severity::Warning,
                        &format!("conflict.infeasible[{j}]"),
                        format!("no combination of options meets \"{text}\", so it rules out nothing"),
                    )
                    .expected("a combination some choice of options makes")
                    .hint("with `and` every part must hold at once; check for an option and its negation"),
            );
        }
    }
    if let Edges::Options(moves) = &model.edges {
        let mut changed = 0u32;
        for k in 0..model.n_states() {
            let x = moves.mask(k);
            for a in 0..model.n_actors {
                for y in moves.moves(a, k) {
                    changed |= x ^ moves.mask(y as usize);
                    check.moves += 1;
                }
            }
        }
        for (k, variable) in scenario.variables.iter().enumerate().take(n_options) {
            if changed >> k & 1 == 0 {
                diagnostics.push(
                    origin
                        .diagnostic(
                            Severity::Warning,
                            &format!("conflict.options[{k}].id"),
                            format!(
                                "option \"{}\" never changes: no move from any feasible state takes it up or drops it",
                                variable.id
                            ),
                        )
                        .expected("an option its decision maker can change somewhere")
                        .hint("check its `initial` and `irreversible`, and the infeasible combinations it appears in"),
                );
            }
        }
    }
    for (a, actor) in scenario.actors.iter().enumerate() {
        let owned: Vec<usize> = (0..n_options)
            .filter(|&k| form.options[k].actor.index() == a)
            .collect();
        if let Some(&first) = owned.first()
            && owned.len() > crate::model::MAX_STEPPED_OPTIONS
        {
            diagnostics.push(
                origin
                    .diagnostic(
                        Severity::Warning,
                        &format!("conflict.options[{first}].actor"),
                        format!(
                            "actor \"{}\" owns {} options, too many combinations for the app to list as moves",
                            actor.id,
                            owned.len()
                        ),
                    )
                    .expected(format!(
                        "at most {} options per decision maker to step through its moves in the app",
                        crate::model::MAX_STEPPED_OPTIONS
                    ))
                    .hint("stability and `check` use every combination; to step through the conflict by hand, split the actor's options or merge some"),
            );
        }
    }
    match model.option_preferences(scenario, form) {
        Err(StabilityError::Unranked { actor, state }) => diagnostics.push(
            origin
                .diagnostic(
                    Severity::Error,
                    &format!("conflict.preferences[\"{actor}\"]="),
                    format!("actor \"{actor}\"'s ranking has no place for the state {state}"),
                )
                .expected("a ranking whose conditions, together, every feasible state meets")
                .hint("end the ranking with \"true\" to put every state not yet ranked last"),
        ),
        Err(e) => diagnostics.push(origin.diagnostic(
            Severity::Error,
            "conflict.preferences",
            e.to_string(),
        )),
        Ok(_) => {}
    }
    for (i, outcome) in scenario.outcomes.iter().enumerate() {
        if !model
            .outcomes
            .iter()
            .any(|o| o.is_some_and(|o| o.index() == i))
        {
            diagnostics.push(
                origin
                    .diagnostic(
                        Severity::Warning,
                        &format!("outcomes[{i}].when"),
                        format!(
                            "no feasible state is labelled \"{}\" (a state takes the first outcome it meets)",
                            outcome.id
                        ),
                    )
                    .expected("a condition some feasible combination of options meets")
                    .hint("an earlier outcome may cover the same states, or an infeasible combination rules them out"),
            );
        }
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    check.diagnostics = diagnostics;
    Some(check)
}
