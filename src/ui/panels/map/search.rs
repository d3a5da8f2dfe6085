//! What the map finds and what it hides: situations matching a search text
//! (the move or result that led there, an outcome, a variable's value, an
//! id like `s12`), and the situations hidden by collapsed subtrees or by
//! "only what is reachable from here".

use std::collections::{HashMap, HashSet};

use crate::engine::{MapLayout, SituationGraph, SituationId, Status};
use crate::model::Scenario;

/// The situations matching `query` (case-insensitive, a part of the text is
/// enough), sorted by layer then x, as the map shows them. O(situations +
/// steps); a variable's values are only read when some value could match.
pub fn find(
    scenario: &Scenario,
    graph: &SituationGraph,
    layout: &MapLayout,
    query: &str,
) -> Vec<SituationId> {
    let query = query.trim().to_lowercase();
    let n = graph.n_situations();
    if query.is_empty() || n == 0 {
        return Vec::new();
    }
    let mut hit = vec![false; n];
    let contains = |text: &str| text.to_lowercase().contains(&query);
    // Moves and results: every step whose move or result matches marks the
    // situation it leads to.
    let move_hit: Vec<bool> = scenario.moves.iter().map(|m| contains(&m.label)).collect();
    let result_hit: Vec<Vec<bool>> = scenario
        .moves
        .iter()
        .map(|m| m.results.iter().map(|r| contains(&r.label)).collect())
        .collect();
    let outcome_hit: Vec<bool> = scenario
        .outcomes
        .iter()
        .map(|o| contains(&o.label))
        .collect();
    let any_step = move_hit.iter().any(|h| *h) || result_hit.iter().flatten().any(|h| *h);
    for id in graph.situations() {
        if let Status::Outcome(o) = graph.status(id)
            && outcome_hit.get(o.index()).copied().unwrap_or(false)
        {
            hit[id.index()] = true;
        }
        if any_step {
            for s in graph.steps(id) {
                let step = graph.step(s);
                let by_move = move_hit.get(step.move_.index()).copied().unwrap_or(false);
                let by_result = step.result.is_some_and(|r| {
                    result_hit
                        .get(step.move_.index())
                        .and_then(|rs| rs.get(r.index()))
                        .copied()
                        .unwrap_or(false)
                });
                if by_move || by_result {
                    hit[graph.target(s).index()] = true;
                }
            }
        }
    }
    // Variables: "enrichment: 60%", "enrichment = 60%" or the value alone,
    // by its label ("maximum pressure") or as written ("max_pressure").
    let value_hit = |v: usize, value: i64, memo: &mut HashMap<(usize, i64), bool>| -> bool {
        *memo.entry((v, value)).or_insert_with(|| {
            let variable = &scenario.variables[v];
            let shown = variable.value_label(value).to_lowercase();
            let raw = variable.domain.display(value).to_lowercase();
            let name = variable.display_name().to_lowercase();
            shown.contains(&query)
                || raw.contains(&query)
                || format!("{name}: {shown}").contains(&query)
                || format!("{name} = {shown}").contains(&query)
                || format!("{} = {shown}", variable.id.to_lowercase()).contains(&query)
                || format!("{} == {shown}", variable.id.to_lowercase()).contains(&query)
        })
    };
    let mut memo = HashMap::new();
    for id in graph.situations() {
        if hit[id.index()] {
            continue;
        }
        let values = graph.values(id);
        if values
            .iter()
            .enumerate()
            .any(|(v, value)| v < scenario.variables.len() && value_hit(v, *value, &mut memo))
        {
            hit[id.index()] = true;
        }
    }
    if let Some(number) = query
        .strip_prefix('s')
        .and_then(|s| s.parse::<usize>().ok())
        && number < n
    {
        hit[number] = true;
    }
    let mut found: Vec<SituationId> = graph.situations().filter(|id| hit[id.index()]).collect();
    found.sort_by(|a, b| {
        let (pa, pb) = (layout.positions[a.index()], layout.positions[b.index()]);
        pa[1].total_cmp(&pb[1]).then(pa[0].total_cmp(&pb[0]))
    });
    found
}

/// Which situations the map hides: those below a collapsed situation in the
/// tree, and, when `reachable_from` is given, those that cannot be reached
/// from it (the path to it stays). An empty vector hides nothing. O(situations
/// + steps).
pub fn hidden(
    graph: &SituationGraph,
    layout: &MapLayout,
    collapsed: &HashSet<SituationId>,
    reachable_from: Option<(SituationId, &[SituationId])>,
) -> Vec<bool> {
    let n = graph.n_situations();
    if collapsed.is_empty() && reachable_from.is_none() {
        return Vec::new();
    }
    let mut hide = vec![false; n];
    let mut stack: Vec<SituationId> = Vec::new();
    for c in collapsed {
        if c.index() >= n {
            continue;
        }
        stack.extend_from_slice(layout.tree_children(*c));
        while let Some(v) = stack.pop() {
            if !hide[v.index()] {
                hide[v.index()] = true;
                stack.extend_from_slice(layout.tree_children(v));
            }
        }
    }
    if let Some((from, path)) = reachable_from
        && from.index() < n
    {
        let mut reached = vec![false; n];
        reached[from.index()] = true;
        stack.push(from);
        while let Some(v) = stack.pop() {
            for s in graph.steps(v) {
                let t = graph.target(s);
                if !reached[t.index()] {
                    reached[t.index()] = true;
                    stack.push(t);
                }
            }
        }
        for p in path {
            if let Some(r) = reached.get_mut(p.index()) {
                *r = true;
            }
        }
        for (h, r) in hide.iter_mut().zip(&reached) {
            *h |= !r;
        }
    }
    hide
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    #[test]
    fn finds_by_move_outcome_value_and_id_and_hides_collapsed_subtrees() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let layout = MapLayout::new(&graph);
        assert!(find(&scenario, &graph, &layout, "   ").is_empty());
        assert_eq!(find(&scenario, &graph, &layout, "s0"), vec![graph.start()]);
        // "threaten" is a move: exactly the situations a Threaten step leads to.
        let by_move = find(&scenario, &graph, &layout, "THREAT");
        let mut expected: Vec<SituationId> = graph
            .situations()
            .filter(|id| {
                graph
                    .steps_into(*id)
                    .iter()
                    .any(|s| scenario.move_(graph.step(*s).move_).id == "threaten")
            })
            .collect();
        expected.sort_by_key(|id| id.index());
        let mut got = by_move.clone();
        got.sort_by_key(|id| id.index());
        assert!(!expected.is_empty());
        assert_eq!(got, expected);
        // "refused" is a chance result; "deal" an outcome; "settled" a value.
        assert!(!find(&scenario, &graph, &layout, "refused").is_empty());
        let by_outcome = find(&scenario, &graph, &layout, "Deal");
        assert!(
            by_outcome
                .iter()
                .any(|id| matches!(graph.status(*id), Status::Outcome(o) if o.index() == 0))
        );
        let by_value = find(&scenario, &graph, &layout, "stage: settled");
        assert!(!by_value.is_empty());
        let stage = scenario.variable_by_id("stage").unwrap().index();
        for id in &by_value {
            assert_eq!(graph.values(*id)[stage], 2);
        }
        assert!(find(&scenario, &graph, &layout, "no such text").is_empty());

        let start = graph.start();
        let collapsed = HashSet::from([start]);
        let hide = hidden(&graph, &layout, &collapsed, None);
        assert!(!hide[start.index()]);
        assert_eq!(
            hide.iter().filter(|h| **h).count(),
            layout.subtree_size(start) - 1
        );
        assert!(hidden(&graph, &layout, &HashSet::new(), None).is_empty());
    }
}
