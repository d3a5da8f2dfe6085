//! A path as written on the command line (`play --moves`, `solve --from`):
//! move ids in order, comma-separated, each optionally `move:result`, with
//! the results of chance moves otherwise taken in order from `--results`.

use std::collections::VecDeque;

use anyhow::{Context, bail};

use crate::model::{Move, MoveIndex, ResultIndex, quote_list};
use crate::session::{Action, Session};

/// Takes the written moves from the session's current situation. Only the
/// last move may be a chance move left without a result: it is returned,
/// untaken, for the caller to show its results or refuse. Errors name the
/// step (`step 2: ...`) and the ids that would have been right.
pub(super) fn follow(
    session: &mut Session,
    moves: &[String],
    results: &[String],
) -> anyhow::Result<Option<MoveIndex>> {
    let scenario = std::sync::Arc::clone(session.scenario_arc());
    let mut results: VecDeque<&str> = results.iter().map(String::as_str).collect();
    let mut pending = None;

    for (k, written) in moves.iter().enumerate() {
        let written = written.trim();
        let (move_id, inline_result) = match written.split_once(':') {
            Some((m, r)) => (m.trim(), Some(r.trim())),
            None => (written, None),
        };
        let available = session.available_moves();
        let move_index = scenario.move_by_id(move_id).with_context(|| {
            let ids: Vec<&str> = scenario.moves.iter().map(|m| m.id.as_str()).collect();
            let hint = crate::model::did_you_mean(move_id, &ids)
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            format!(
                "step {}: unknown move \"{move_id}\"{hint}; {}",
                k + 1,
                available_here(session, &available)
            )
        })?;
        if !available.is_empty() && !available.contains(&move_index) {
            bail!(
                "step {}: move \"{move_id}\" is not available here; {}",
                k + 1,
                available_here(session, &available)
            );
        }
        let m = scenario.move_(move_index);
        let result = if m.results.is_empty() {
            if let Some(r) = inline_result {
                bail!(
                    "step {}: move \"{move_id}\" has no chance results, but \"{r}\" was given",
                    k + 1
                );
            }
            None
        } else {
            match inline_result.or_else(|| results.pop_front()) {
                Some(r) => Some(result_index(m, r).with_context(|| format!("step {}", k + 1))?),
                None if k + 1 == moves.len() => {
                    pending = Some(move_index);
                    break;
                }
                None => bail!(
                    "step {}: move \"{move_id}\" has chance results; pick one of {} with --results or as {move_id}:RESULT",
                    k + 1,
                    result_ids(m)
                ),
            }
        };
        session
            .apply(Action::Take {
                move_: move_index,
                result,
            })
            .with_context(|| format!("step {}", k + 1))?;
    }
    if let Some(extra) = results.front() {
        bail!("result \"{extra}\" was given but no chance move is left to use it");
    }
    Ok(pending)
}

/// The moves that could be taken where the path has got to, for messages.
fn available_here(session: &Session, available: &[MoveIndex]) -> String {
    if available.is_empty() {
        return "no move can be taken here".to_owned();
    }
    let ids: Vec<&str> = available
        .iter()
        .map(|m| session.scenario().move_(*m).id.as_str())
        .collect();
    format!("the moves available here are {}", quote_list(&ids))
}

fn result_index(m: &Move, id: &str) -> anyhow::Result<ResultIndex> {
    m.results
        .iter()
        .position(|r| r.id == id)
        .map(|j| ResultIndex(j as u16))
        .with_context(|| {
            format!(
                "move \"{}\" has no result \"{id}\"; its results are {}",
                m.id,
                result_ids(m)
            )
        })
}

/// The result ids of a move, quoted, for messages.
fn result_ids(m: &Move) -> String {
    let ids: Vec<&str> = m.results.iter().map(|r| r.id.as_str()).collect();
    quote_list(&ids)
}

/// As [`follow`], for the commands that need the path to end in a
/// situation: a last move of `flag` (`--moves`, `--from`) whose chance
/// result was not picked is an error naming the results to pick from.
pub(super) fn follow_to_end(
    session: &mut Session,
    moves: &[String],
    results: &[String],
    flag: &str,
) -> anyhow::Result<()> {
    let Some(pending) = follow(session, moves, results)? else {
        return Ok(());
    };
    let m = session.scenario().move_(pending);
    let ids: Vec<&str> = m.results.iter().map(|r| r.id.as_str()).collect();
    anyhow::bail!(
        "the last move of {flag}, \"{}\", has chance results; pick one as {}:RESULT, one of {}",
        m.id,
        m.id,
        crate::model::quote_list(&ids)
    )
}
