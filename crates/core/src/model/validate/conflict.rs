//! Validation of a conflict written in option form (`conflict: Conflict(
//! options: [...], infeasible: [...], preferences: {...})`): the options
//! become flag variables, one per option in file order, and each option
//! gives its actor up to two moves (take it up, drop it) for stepping
//! through the conflict in the app. The analysis of stability works on the
//! option form itself, where a move changes any set of one actor's options.

use std::collections::BTreeMap;

use super::{Names, Validator};
use crate::model::condition::Resolver;
use crate::model::file::{ConflictFile, OptionFile, PreferenceFile, ScenarioFile, TurnRuleFile};
use crate::model::scenario::{ConflictOption, Move, OptionForm, Preference};
use crate::model::variable::{Domain, Variable};
use crate::model::{ActorIndex, Condition, Effect, EffectKind, VariableIndex, quote_list};

/// The most options one decision maker may own for the app to list its
/// moves (one per combination, 2^12 = 4,096).
pub const MAX_STEPPED_OPTIONS: usize = 12;

/// The most options a conflict in option form may have: its analysis
/// looks at every combination, 2^24 = 16.8 million at most.
pub const MAX_OPTIONS: usize = 24;

impl Validator<'_> {
    /// What a conflict in option form rules out elsewhere in the file.
    pub(super) fn option_form_excludes(&mut self, file: &ScenarioFile) {
        if !file.variables.is_empty() {
            self.error(
                "variables",
                "a conflict written in option form has no `variables`: its options are the variables",
            )
            .expected("no `variables` beside `conflict`")
            .hint("write each variable as an Option(id: ..., actor: ..., label: ...) under conflict.options, or remove `conflict` and write variables and moves yourself");
        }
        if !file.moves.is_empty() {
            self.error(
                "moves",
                "a conflict written in option form has no `moves`: each decision maker's moves follow from its options",
            )
            .expected("no `moves` beside `conflict`")
            .hint("give the option a `take` or `drop` label to name its moves");
        }
        if !matches!(file.turns, TurnRuleFile::Free) {
            self.error(
                "turns",
                "in option form any decision maker may move at any time, so there are no turns to set",
            )
            .expected("no `turns` (or `turns: Free`)");
        }
        if !file.priorities.is_empty() {
            self.error(
                "priorities",
                "in option form the preferences are part of the conflict",
            )
            .expected("no top-level `priorities` beside `conflict`")
            .hint("move them to conflict.preferences, e.g. \"us\": Priorities([\"not war\"])");
        }
    }

    /// The options as flag variables, in file order.
    pub(super) fn option_variables(&mut self, conflict: &ConflictFile) -> Vec<Variable> {
        if conflict.options.is_empty() {
            self.error("conflict.options", "the conflict has no options")
                .expected("at least one Option(id: ..., actor: ..., label: ...)");
        }
        if let Some(extra) = conflict.options.get(MAX_OPTIONS) {
            self.error(
                &format!("conflict.options[{MAX_OPTIONS}]"),
                format!(
                    "with option \"{}\" the conflict has more than {MAX_OPTIONS} options (over {} states)",
                    extra.id,
                    1u64 << MAX_OPTIONS
                ),
            )
            .expected(format!("at most {MAX_OPTIONS} options"))
            .hint("the analysis looks at every combination of options; merge options that always change together, or split the conflict");
        }
        let ids: Vec<&str> = conflict.options.iter().map(|o| o.id.as_str()).collect();
        self.unique_ids("conflict.options", "option", &ids);
        conflict
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                self.non_empty(&format!("conflict.options[{i}].id"), &o.id, "option id");
                self.non_empty(
                    &format!("conflict.options[{i}].label"),
                    &o.label,
                    "option label",
                );
                Variable {
                    id: o.id.clone(),
                    label: o.label.clone(),
                    description: o.description.clone(),
                    domain: Domain::Flag,
                    initial: i64::from(o.initial),
                    // Shown as GMCR tables show options: taken or not.
                    level_labels: vec!["no".to_owned(), "yes".to_owned()],
                }
            })
            .collect()
    }

    /// The option form and the moves that step through it.
    pub(super) fn option_form(
        &mut self,
        conflict: &ConflictFile,
        names: &Names,
        resolver: &Resolver,
    ) -> (OptionForm, Vec<Move>) {
        let options: Vec<ConflictOption> = conflict
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| ConflictOption {
                actor: self
                    .actor_ref(
                        &format!("conflict.options[{i}].actor"),
                        &o.actor,
                        &format!("owning option \"{}\"", o.id),
                        names,
                    )
                    .unwrap_or(ActorIndex(0)),
                irreversible: o.irreversible,
            })
            .collect();
        let status_quo: Vec<i64> = resolver.variables.iter().map(|v| v.initial).collect();
        let mut infeasible = Vec::new();
        for (j, text) in conflict.infeasible.iter().enumerate() {
            let path = format!("conflict.infeasible[{j}]");
            if text.trim().is_empty() {
                self.error(&path, "an empty infeasible combination")
                    .expected(
                        "a condition on the options no state may meet, e.g. \"accept and abandon\"",
                    );
                continue;
            }
            let when = self.condition(&path, text, resolver);
            if when.holds(&status_quo) {
                self.error(
                    &path,
                    "the status quo (every option's `initial`) is one of these infeasible combinations",
                )
                .expected("a status quo that can be")
                .hint("change an option's `initial`, or narrow the condition");
            }
            infeasible.push((text.clone(), when));
        }
        let preferences = self.preferences(&conflict.preferences, names, resolver);
        let mut moves = Vec::new();
        for (a, _) in names.actors.iter().enumerate() {
            let owned: Vec<usize> = (0..options.len())
                .filter(|&k| options[k].actor.index() == a)
                .collect();
            let citations: Vec<Vec<crate::model::Citation>> = owned
                .iter()
                .map(|&k| {
                    self.citations(
                        &format!("conflict.options[{k}]"),
                        &conflict.options[k].cite,
                        names,
                    )
                })
                .collect();
            moves.extend(actor_moves(
                ActorIndex(a as u16),
                &owned,
                &conflict.options,
                &options,
                &infeasible,
                &citations,
            ));
        }
        (
            OptionForm {
                options,
                infeasible,
                preferences,
            },
            moves,
        )
    }

    /// Each actor's preference, indexed like the actors.
    fn preferences(
        &mut self,
        written: &BTreeMap<String, PreferenceFile>,
        names: &Names,
        resolver: &Resolver,
    ) -> Vec<Preference> {
        let mut out: Vec<Option<Preference>> = vec![None; names.actors.len()];
        for (actor, preference) in written {
            let key_path = format!("conflict.preferences[\"{actor}\"]");
            let Some(a) = names.actors.iter().position(|x| x == actor) else {
                self.error(
                    &key_path,
                    format!("preferences for unknown actor \"{actor}\""),
                )
                .expected(format!("one of the actors {}", quote_list(&names.actors)))
                .maybe_hint(crate::model::did_you_mean(actor, &names.actors));
                continue;
            };
            let list_path = format!("{key_path}=");
            let (statements, what) = match preference {
                PreferenceFile::Priorities(s) => (s, "priorities"),
                PreferenceFile::Ranking(s) => (s, "ranking"),
            };
            if statements.is_empty() {
                let empty = match preference {
                    PreferenceFile::Priorities(_) => "an empty list of priorities",
                    PreferenceFile::Ranking(_) => "an empty ranking",
                };
                self.error(&list_path, format!("actor \"{actor}\" has {empty}"))
                    .expected(match preference {
                        PreferenceFile::Priorities(_) => {
                            "conditions the actor wants to hold, most important first"
                        }
                        PreferenceFile::Ranking(_) => {
                            "conditions picking out states, most preferred first"
                        }
                    });
            }
            if matches!(preference, PreferenceFile::Priorities(_)) {
                self.priorities_fit(
                    &list_path,
                    actor,
                    statements.len(),
                    "combine related conditions with `and` or `or`, or write a Ranking",
                );
            }
            let resolved = self.statements(
                statements,
                |j| format!("{list_path}.0[{j}]"),
                |j| format!("entry {} of actor \"{actor}\"'s {what} is empty", j + 1),
                "a condition on the options, e.g. \"modify and not abandon\"",
                resolver,
            );
            out[a] = Some(match preference {
                PreferenceFile::Priorities(_) => Preference::Priorities(resolved),
                PreferenceFile::Ranking(_) => Preference::Ranking(resolved),
            });
        }
        let missing: Vec<&str> = names
            .actors
            .iter()
            .zip(&out)
            .filter(|(_, p)| p.is_none())
            .map(|(a, _)| *a)
            .collect();
        // An unknown actor's preferences are most likely a missing actor's,
        // misspelt: that error already says so.
        let misspelt = written
            .keys()
            .any(|actor| !names.actors.iter().any(|x| x == actor));
        if let (Some(first), false) = (missing.first(), misspelt) {
            let path = if written.is_empty() {
                "conflict"
            } else {
                "conflict.preferences"
            };
            let message = if missing.len() == 1 {
                format!("actor \"{first}\" has no preference over the states")
            } else {
                format!(
                    "actors {} have no preference over the states",
                    quote_list(&missing)
                )
            };
            self.error(path, message)
                .expected("a preference for every actor under conflict.preferences")
                .hint(format!(
                    "add e.g. \"{first}\": Priorities([\"...\"]) (conditions it wants to hold, most important first) or \"{first}\": Ranking([\"...\", \"true\"]) (states most preferred first)"
                ));
        }
        out.into_iter()
            .map(|p| p.unwrap_or(Preference::Ranking(Vec::new())))
            .collect()
    }
}

/// The moves of one actor: one per combination of its options it can
/// move to (changing any set of them at once), available where the
/// combination differs from the current one, no option changes the way it
/// cannot, and the state it leads to is feasible. A combination no state
/// can move to (every option pinned by `irreversible`, or infeasible
/// whatever the others do) gets no move. `citations` are per owned
/// option.
fn actor_moves(
    actor: ActorIndex,
    owned: &[usize],
    written: &[OptionFile],
    options: &[ConflictOption],
    infeasible: &[(String, Condition)],
    citations: &[Vec<crate::model::Citation>],
) -> Vec<Move> {
    let mut moves = Vec::new();
    if owned.is_empty() || owned.len() > MAX_STEPPED_OPTIONS {
        // Past 2^12 combinations per actor, stepping by hand is no longer
        // a way to explore (`check` says so); the analysis does not use
        // these moves.
        return moves;
    }
    let compare = |k: usize, value: i64| Condition::Compare {
        variable: VariableIndex(k as u16),
        op: crate::model::CompareOp::Equal,
        value,
    };
    for pattern in 0u32..(1 << owned.len()) {
        let after = |j: usize| i64::from(pattern >> j & 1 == 1);
        // Options that cannot change to their value in the pattern must
        // already have it.
        let pinned: Vec<usize> = (0..owned.len())
            .filter(|&j| {
                let option = options[owned[j]];
                (after(j) == 1 && !option.can_take()) || (after(j) == 0 && !option.can_drop())
            })
            .collect();
        if pinned.len() == owned.len() {
            continue;
        }
        let blocked: Vec<Condition> = infeasible
            .iter()
            .map(|(_, c)| {
                owned.iter().enumerate().fold(c.clone(), |c, (j, &k)| {
                    c.with_value(VariableIndex(k as u16), after(j))
                })
            })
            .filter(|c| *c != Condition::Constant(false))
            .collect();
        if blocked.contains(&Condition::Constant(true)) {
            continue;
        }
        let mut parts: Vec<Condition> = pinned
            .iter()
            .map(|&j| compare(owned[j], after(j)))
            .collect();
        parts.push(Condition::Not(Box::new(Condition::And(
            (0..owned.len())
                .map(|j| compare(owned[j], after(j)))
                .collect(),
        ))));
        if !blocked.is_empty() {
            parts.push(Condition::Not(Box::new(Condition::Or(blocked))));
        }
        let taken: Vec<&OptionFile> = (0..owned.len())
            .filter(|&j| after(j) == 1)
            .map(|j| &written[owned[j]])
            .collect();
        let label = match (owned, taken.as_slice()) {
            ([k], [one]) if !written[*k].take.trim().is_empty() => one.take.clone(),
            ([k], []) if !written[*k].drop.trim().is_empty() => written[*k].drop.clone(),
            ([k], []) => format!("Drop: {}", written[*k].label),
            (_, []) => "None of its options".to_owned(),
            (_, taken) => taken
                .iter()
                .map(|o| o.label.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
        };
        let id = match taken.as_slice() {
            [] if owned.len() == 1 => format!("drop_{}", written[owned[0]].id),
            [] => format!(
                "none_of_{}",
                owned
                    .iter()
                    .map(|&k| written[k].id.as_str())
                    .collect::<Vec<_>>()
                    .join("_")
            ),
            taken => taken
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join("+"),
        };
        let when_text = {
            let words: Vec<String> = (0..owned.len())
                .map(|j| {
                    let id = &written[owned[j]].id;
                    if after(j) == 1 {
                        id.clone()
                    } else {
                        format!("not {id}")
                    }
                })
                .collect();
            format!("moves to: {}", words.join(", "))
        };
        moves.push(Move {
            id,
            actor,
            label: label.clone(),
            description: taken
                .iter()
                .map(|o| o.description.as_str())
                .filter(|d| !d.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            when_text,
            when: Condition::And(parts),
            effects: (0..owned.len())
                .map(|j| Effect {
                    variable: VariableIndex(owned[j] as u16),
                    kind: EffectKind::Set(after(j)),
                })
                .collect(),
            narrative: format!("{label}."),
            // A move cites the options it leaves taken (all of its actor's
            // when it leaves none).
            citations: (0..owned.len())
                .filter(|&j| after(j) == 1 || taken.is_empty())
                .flat_map(|j| citations[j].iter().cloned())
                .collect(),
            next: None,
            results: Vec::new(),
            likelihood: None,
        });
    }
    moves
}
