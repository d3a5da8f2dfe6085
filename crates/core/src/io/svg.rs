//! The situation graph drawn as SVG in the map's own layout
//! ([`MapLayout`]: layers by depth from the start, a tidy tree within) with
//! the map's own labels and shapes, so the exported picture is the one on
//! the screen: each situation a box with its mover's shape in the mover's
//! colour (chance a grey diamond, an end a bar) and its label (the move and
//! result that led there, or the outcome with its payoffs); tree steps as
//! lines labelled with the move, result and probability; merges and cycles
//! (the other steps) dashed, a step back up or within a layer as a dashed
//! curve below the two situations; a Gambit game's information sets as
//! dotted lines joining their nodes; the frontier dashed; the path taken
//! bold. Linear in the graph.

use std::collections::HashSet;
use std::fmt::Write;

use super::GameFile;
use crate::engine::{
    MapLayout, Mover, SituationGraph, Status, StepId, mover, shape_of, shape_points,
    situation_label, step_text, turn_label,
};
use crate::model::Scenario;

/// Graphs with more situations than this are not drawn (the picture would
/// be unreadable and huge); use DOT instead.
pub const MAX_SVG_SITUATIONS: usize = 20_000;

const BOX_W: f64 = 150.0;
const BOX_H: f64 = 40.0;
/// The width of one leaf slot of the layout.
const SLOT_W: f64 = 180.0;
const GAP_Y: f64 = 70.0;
const MARGIN: f64 = 20.0;
const TITLE_H: f64 = 30.0;

/// Where the centre of a situation at layout position `p` (see
/// [`MapLayout::positions`]) is drawn in the SVG: an affine map of the
/// layout, the same for every situation.
pub fn svg_position(p: [f32; 2]) -> (f64, f64) {
    (
        MARGIN + f64::from(p[0]) * SLOT_W,
        MARGIN + TITLE_H + BOX_H / 2.0 + f64::from(p[1]) * (BOX_H + GAP_Y),
    )
}

/// A graph too large to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the graph has {n_situations} situations, too many to draw (at most {MAX_SVG_SITUATIONS}); export it as DOT and view it with Graphviz"
)]
pub struct TooLargeToDraw {
    pub n_situations: usize,
}

/// SVG text for the whole graph; the steps in `path` are drawn bold, a
/// game file's information sets joined and its node names in the boxes,
/// as on the map.
/// Refuses graphs of more than [`MAX_SVG_SITUATIONS`].
pub fn graph_to_svg(
    scenario: &Scenario,
    graph: &SituationGraph,
    path: &[StepId],
    game: GameFile<'_>,
) -> Result<String, TooLargeToDraw> {
    let n_situations = graph.n_situations();
    if n_situations > MAX_SVG_SITUATIONS {
        return Err(TooLargeToDraw { n_situations });
    }
    let on_path: HashSet<StepId> = path.iter().copied().collect();
    let mut visited: HashSet<usize> = HashSet::from([graph.start().index()]);
    visited.extend(path.iter().map(|s| graph.target(*s).index()));

    let layout = match game.names {
        Some(names) => MapLayout::new(graph).with_names(names.clone()),
        None => MapLayout::new(graph),
    };
    let width = 2.0 * MARGIN + f64::from(layout.width.max(1.0)) * SLOT_W;
    let height =
        2.0 * MARGIN + TITLE_H + f64::from(layout.n_layers.max(1)) * (BOX_H + GAP_Y) - GAP_Y;
    // The top left corner of a situation's box.
    let at = |i: usize| -> (f64, f64) {
        let (cx, cy) = svg_position(layout.positions[i]);
        (cx - BOX_W / 2.0, cy - BOX_H / 2.0)
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    let _ = writeln!(
        out,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>"
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"{MARGIN}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\">{}</text>",
        MARGIN + 14.0,
        escape(&scenario.title)
    );

    for id in graph.situations() {
        let (x, y) = at(id.index());
        for s in graph.steps(id) {
            let step = graph.step(s);
            let target = graph.target(s);
            let (tx, ty) = at(target.index());
            // In full on hover; on the line, the move, result and chance.
            let label = format!(
                "{}: {}",
                scenario.actor(step.actor).name,
                step_text(scenario, graph, s, true)
            );
            let short = step_text(scenario, graph, s, true);
            let is_tree = layout.tree_parent[target.index()] == Some(s);
            let width = if on_path.contains(&s) { 2.5 } else { 1.0 };
            let (x1, y1) = (x + BOX_W / 2.0, y + BOX_H);
            let (x2, y2) = (tx + BOX_W / 2.0, ty);
            let (mx, my);
            if ty > y {
                let dash = if is_tree {
                    ""
                } else {
                    " stroke-dasharray=\"5 3\""
                };
                let _ = write!(
                    out,
                    "<path d=\"M {x1:.1} {y1:.1} L {x2:.1} {y2:.1}\" fill=\"none\"{dash}"
                );
                // Near the child, where the lines from one parent spread.
                (mx, my) = (x1 + 0.7 * (x2 - x1), y1 + 0.7 * (y2 - y1));
            } else {
                // Back up or sideways: from bottom to bottom, bending below.
                let (sx, sy) = (x + BOX_W / 2.0, y + BOX_H);
                let (ex, ey) = (tx + BOX_W / 2.0, ty + BOX_H);
                let below = sy.max(ey) + GAP_Y / 2.0;
                let _ = write!(
                    out,
                    "<path d=\"M {sx:.1} {sy:.1} C {sx:.1} {below:.1}, {ex:.1} {below:.1}, {ex:.1} {ey:.1}\" fill=\"none\" stroke-dasharray=\"5 3\""
                );
                (mx, my) = ((sx + ex) / 2.0, below - 4.0);
            }
            let _ = writeln!(
                out,
                " stroke=\"#555\" stroke-width=\"{width}\" marker-end=\"url(#arrow)\"><title>{}</title></path>",
                escape(&label)
            );
            let _ = writeln!(
                out,
                "<text x=\"{mx:.1}\" y=\"{my:.1}\" font-size=\"9\" fill=\"#333\" text-anchor=\"middle\">{}</text>",
                escape(&shorten(&short, 26))
            );
        }
    }

    // Information sets: consecutive nodes of a set joined, dotted, in the
    // player's colour.
    for set in game.information_sets {
        let [r, g, b] = scenario.actor(set.actor).colour;
        let mut members: Vec<usize> = set
            .situations
            .iter()
            .map(|id| id.index())
            .filter(|i| *i < n_situations)
            .collect();
        members.sort_by(|a, b| {
            let (pa, pb) = (layout.positions[*a], layout.positions[*b]);
            pa[1].total_cmp(&pb[1]).then(pa[0].total_cmp(&pb[0]))
        });
        for pair in members.windows(2) {
            let (x1, y1) = svg_position(layout.positions[pair[0]]);
            let (x2, y2) = svg_position(layout.positions[pair[1]]);
            let _ = writeln!(
                out,
                "<line class=\"information-set\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#{r:02x}{g:02x}{b:02x}\" stroke-width=\"3\" stroke-dasharray=\"2 4\" stroke-linecap=\"round\"><title>{}</title></line>",
                escape(&format!(
                    "{}'s information set {}{}",
                    scenario.actor(set.actor).name,
                    set.number,
                    if set.name.is_empty() {
                        String::new()
                    } else {
                        format!(" \"{}\"", set.name)
                    }
                ))
            );
        }
    }

    for id in graph.situations() {
        let (x, y) = at(id.index());
        let (fill, dash, detail) = match graph.status(id) {
            Status::Outcome(o) => ("#fde9b0", "", scenario.outcome(o).label.clone()),
            Status::Open => (
                "#ffffff",
                "",
                format!("{} to move", turn_label(scenario, graph.turn(id))),
            ),
            Status::DeadEnd => ("#f4c7c3", "", "dead end".to_owned()),
            Status::Frontier(_) => (
                "#f4f4f4",
                " stroke-dasharray=\"4 3\"",
                "frontier".to_owned(),
            ),
        };
        let stroke = if visited.contains(&id.index()) {
            2.5
        } else {
            1.0
        };
        let label = situation_label(scenario, graph, &layout, id);
        let _ = writeln!(
            out,
            "<g id=\"{id}\"><title>{}: {}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"#333\" stroke-width=\"{stroke}\"{dash}/>",
            escape(&label),
            escape(&detail)
        );
        // The mover's shape in the mover's colour, as on the map.
        let who = mover(scenario, graph, id);
        let colour = match (who, graph.status(id)) {
            (Mover::Actor(a), _) => {
                let [r, g, b] = scenario.actor(a).colour;
                format!("#{r:02x}{g:02x}{b:02x}")
            }
            (Mover::Chance, _) => "#5a5a64".to_owned(),
            (_, Status::Outcome(_)) => "#d69e2e".to_owned(),
            (_, Status::DeadEnd) => "#c82828".to_owned(),
            _ => "#aaaaaa".to_owned(),
        };
        let (sx, sy) = (x + 14.0, y + BOX_H / 2.0);
        match shape_points(shape_of(who), 7.0) {
            Some(points) => {
                let points: Vec<String> = points
                    .iter()
                    .map(|p| format!("{:.1},{:.1}", sx + f64::from(p[0]), sy + f64::from(p[1])))
                    .collect();
                let _ = writeln!(
                    out,
                    "<polygon class=\"mover\" points=\"{}\" fill=\"{colour}\"/>",
                    points.join(" ")
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "<circle class=\"mover\" cx=\"{sx:.1}\" cy=\"{sy:.1}\" r=\"7\" fill=\"{colour}\"/>"
                );
            }
        }
        let cx = x + BOX_W / 2.0 + 10.0;
        let _ = writeln!(
            out,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text><text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{id}: {}</text></g>",
            y + 16.0,
            escape(&shorten(&label, 22)),
            y + 31.0,
            escape(&shorten(&detail, 18))
        );
    }
    out.push_str("</svg>\n");
    Ok(out)
}

/// At most `n` characters, with "…" when cut.
fn shorten(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(n.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Escapes text for XML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    #[test]
    fn svg_has_every_situation_and_step() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let svg = graph_to_svg(&scenario, &graph, &[], GameFile::default()).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<rect x=").count(), graph.n_situations());
        assert!(
            svg.contains("<g id=\"s0\"><title>Start: North to move</title>"),
            "{svg}"
        );
        assert_eq!(svg.matches("marker-end=").count(), graph.n_steps());
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}

#[cfg(test)]
mod game_tests {
    use super::*;
    use crate::io::efg::read_efg;

    fn game_svg(text: &str) -> String {
        let expanded = read_efg(text, "game.efg").unwrap().expand();
        graph_to_svg(
            &expanded.scenario,
            &expanded.graph,
            &[],
            GameFile {
                information_sets: &expanded.information_sets,
                names: Some(&expanded.names),
            },
        )
        .unwrap()
    }

    #[test]
    fn a_games_node_names_are_in_its_boxes_as_on_the_map() {
        let svg = game_svg(include_str!("../../../../tests/data/efg/named_offer.efg"));
        assert!(
            svg.contains("<title>Buyer offers: Buyer to move</title>"),
            "{svg}"
        );
        assert!(
            svg.contains("<title>Seller weighs a &quot;low&quot; offer: Seller to move</title>")
        );
        assert!(svg.contains(">Seller weighs a high …</text>"), "{svg}");
    }

    #[test]
    fn an_information_set_is_joined_and_payoffs_sit_at_the_leaves() {
        let svg = game_svg(include_str!(
            "../../../../tests/data/efg/hidden_pennies.efg"
        ));
        // The guesser's two nodes are one set: one dotted line joins them.
        assert_eq!(svg.matches("class=\"information-set\"").count(), 1, "{svg}");
        assert!(svg.contains("<title>Guesser's information set 1 &quot;guess&quot;</title>"));
        assert!(svg.contains(">Match (1, -1)</text>"), "{svg}");
        assert!(svg.contains(">Mismatch (-1, 1)</text>"));
    }

    #[test]
    fn a_chance_node_is_a_grey_diamond_and_its_results_carry_probabilities() {
        let svg = game_svg(include_str!("../../../../tests/data/efg/venture.efg"));
        // Four corners in the chance colour: the diamond.
        let diamonds = svg
            .lines()
            .filter(|l| l.starts_with("<polygon class=\"mover\"") && l.contains("#5a5a64"))
            .filter(|l| l.matches(',').count() == 4)
            .count();
        assert_eq!(diamonds, 1, "{svg}");
        assert!(svg.contains("Boom (75 %)"), "{svg}");
        assert!(svg.contains("Bust (25 %)"));
        assert_eq!(svg.matches("class=\"information-set\"").count(), 0);
    }
}
