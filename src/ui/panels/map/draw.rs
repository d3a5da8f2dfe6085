//! The map's geometry for one view: what is on screen, as one mesh, and
//! the labels that fit without overlapping.
//!
//! Only the layers and the x range on screen are visited (each layer is
//! sorted by x, so that is two binary searches a layer). When nodes crowd
//! closer than two pixels, one node stands for each two-pixel cell (found by
//! binary search, so a dense layer costs the cells, not its nodes); when
//! layers crowd closer than a few pixels, each few-pixel row of layers is
//! drawn as one band from its leftmost to its rightmost situation. The
//! current path, rational play and the current situation are drawn on top
//! at every zoom. Labels are placed greedily by priority (the current
//! situation, the selected one, search matches, the path, rational play,
//! then the rest, shallow first); a label that would overlap one already
//! placed is dropped.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use egui::epaint::Mesh;
use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, Galley, Pos2, Rect, Ui, Vec2, pos2, vec2};

use super::{Colouring, MapView};
use crate::engine::InformationSet;
use crate::engine::shape_points;
use crate::engine::{
    MapLayout, Mover, SituationGraph, SituationId, Status, StepId, Turn, mover, situation_label,
    step_text,
};
pub(super) use crate::engine::{NodeShape, shape_of};
use crate::model::Scenario;
use crate::session::Session;
use crate::ui::style::{RATIONAL_COLOUR, actor_colour};

/// Outcome colours, by index.
pub(super) const OUTCOME_COLOURS: [Color32; 8] = [
    Color32::from_rgb(214, 158, 46),
    Color32::from_rgb(46, 139, 87),
    Color32::from_rgb(192, 57, 43),
    Color32::from_rgb(41, 128, 185),
    Color32::from_rgb(142, 68, 173),
    Color32::from_rgb(22, 160, 133),
    Color32::from_rgb(211, 84, 0),
    Color32::from_rgb(127, 140, 141),
];
/// Gold for outcomes when colouring by turn.
pub(super) const OUTCOME_GOLD: Color32 = Color32::from_rgb(214, 158, 46);
pub(super) const DEAD_END_RED: Color32 = Color32::from_rgb(200, 40, 40);
pub(super) const CHANCE_GREY: Color32 = Color32::from_rgb(90, 90, 100);
/// Search matches are ringed in this.
pub(super) const MATCH_COLOUR: Color32 = Color32::from_rgb(220, 0, 190);
/// The keyboard's selected situation is ringed in this.
pub(super) const SELECTED_COLOUR: Color32 = Color32::from_rgb(30, 120, 255);

/// Below this many pixels between layers, rows of layers become bands.
const BAND_LAYER_PX: f32 = 4.0;
/// Beyond this many nodes drawn, cross-links and information sets are not.
const MAX_LINK_NODES: usize = 1500;
/// Beyond this many nodes drawn, tree edges are not either: the crowded
/// layers then read as bands.
const MAX_EDGE_NODES: usize = 6000;
/// Labels are considered only when at most this many nodes are drawn.
const MAX_LABEL_NODES: usize = 3000;
/// Text size of node labels and edge labels.
const NODE_FONT: f32 = 11.0;
const EDGE_FONT: f32 = 9.5;
/// A generous average character width at `NODE_FONT`, for a first guess
/// at a label's size before it is laid out.
const CHAR_PX: f32 = 6.2;

/// A node's fill colour.
pub(super) fn node_colour(
    scenario: &Scenario,
    graph: &SituationGraph,
    id: SituationId,
    colouring: Colouring,
    dark: bool,
) -> Color32 {
    let grey = if dark {
        Color32::from_gray(110)
    } else {
        Color32::from_gray(170)
    };
    match (graph.status(id), colouring) {
        (Status::Outcome(o), Colouring::Outcome) => {
            OUTCOME_COLOURS[o.index() % OUTCOME_COLOURS.len()]
        }
        (Status::Outcome(_), Colouring::Turn) => OUTCOME_GOLD,
        (Status::DeadEnd, _) => DEAD_END_RED,
        (Status::Frontier(_), _) => grey,
        (Status::Open, Colouring::Outcome) => grey,
        (Status::Open, Colouring::Turn) => match mover(scenario, graph, id) {
            Mover::Chance => CHANCE_GREY,
            Mover::Actor(a) => actor_colour(scenario, a),
            _ => match graph.turn(id) {
                Turn::Actor(a) => actor_colour(scenario, a),
                Turn::Anyone => grey,
            },
        },
    }
}

/// A label kept with the geometry: laid out once, painted every frame.
pub(super) struct PlacedLabel {
    pub pos: Pos2,
    pub galley: Arc<Galley>,
    /// The situation it names (edge labels name the step's target).
    pub situation: SituationId,
    /// Whether it names a situation (else a step).
    pub is_node: bool,
    /// The full text (the galley may be cut short).
    pub text: String,
    /// The width the label had room for, in pixels: about the distance to
    /// the node's neighbour in its layer.
    pub room_px: f32,
    /// Whether it was cut to one line because labels near it left no
    /// room for more.
    pub crowded: bool,
}

/// The geometry of one view.
pub(super) struct Geometry {
    pub mesh: Arc<Mesh>,
    pub labels: Vec<PlacedLabel>,
    /// Nodes drawn (a node standing for a dense cell counts once).
    pub n_drawn: usize,
    /// Rows drawn as bands.
    pub n_bands: usize,
    /// The minimap's own mesh, if there is room for one.
    pub minimap: Option<(Rect, Arc<Mesh>)>,
}

/// What the geometry is built from.
pub(super) struct Inputs<'a> {
    pub scenario: &'a Scenario,
    pub session: &'a Session,
    pub layout: &'a MapLayout,
    pub rational: &'a [StepId],
    pub information_sets: &'a [InformationSet],
    /// Per situation whether it is hidden (empty: none is).
    pub hidden: &'a [bool],
    /// Per situation whether it matches the search (empty: none does).
    pub matches: &'a [bool],
    pub selected: Option<SituationId>,
    pub canvas: Rect,
    pub minimap: Option<Rect>,
    /// The minimap's mesh from the last build, when still right.
    pub kept_minimap: Option<(Rect, Arc<Mesh>)>,
    pub dark: bool,
    pub text_colour: Color32,
    pub background: Color32,
}

fn is(flags: &[bool], id: SituationId) -> bool {
    flags.get(id.index()).copied().unwrap_or(false)
}

/// The node radius in pixels at the view's zoom.
pub(super) fn node_radius(view: &MapView) -> f32 {
    (view.scale.x.min(view.scale.y * 1.5) * 0.3).clamp(1.5, 10.0)
}

/// Builds the geometry of what is on screen.
pub(super) fn build(ui: &Ui, inputs: &Inputs<'_>, view: &MapView) -> Geometry {
    let Inputs {
        scenario,
        session,
        layout,
        canvas,
        dark,
        ..
    } = *inputs;
    let graph = session.graph();
    let walk = session.walk();
    let visited: HashSet<SituationId> = walk.visits().iter().map(|v| v.situation).collect();
    let path = session.path();
    let path_nodes: Vec<SituationId> = std::iter::once(graph.start())
        .chain(path.iter().map(|s| graph.target(*s)))
        .collect();
    let on_path: HashSet<SituationId> = path_nodes.iter().copied().collect();
    let rational_nodes: HashSet<SituationId> =
        inputs.rational.iter().map(|s| graph.target(*s)).collect();
    let at = |id: SituationId| view.to_screen(canvas, layout.positions[id.index()]);

    let mut mesh = Mesh::default();
    let edge_colour = if dark {
        Color32::from_gray(95)
    } else {
        Color32::from_gray(175)
    };
    let link_colour = if dark {
        Color32::from_gray(70)
    } else {
        Color32::from_gray(205)
    };
    let path_colour = if dark {
        Color32::from_rgb(255, 210, 110)
    } else {
        Color32::from_rgb(30, 30, 30)
    };
    let band_colour = if dark {
        Color32::from_gray(100)
    } else {
        Color32::from_gray(160)
    };
    let radius = node_radius(view);

    let min = view.to_layout(canvas, canvas.min);
    let max = view.to_layout(canvas, canvas.max);
    let margin_x = (radius + 2.0) / view.scale.x.max(1e-6);
    let n_layers = layout.layers.len();
    let y0 = min[1].floor().max(0.0) as usize;
    let y1 = (max[1].ceil().max(0.0) as usize).min(n_layers.saturating_sub(1));

    let mut on_screen: Vec<SituationId> = Vec::new();
    let mut n_bands = 0;
    if n_layers > 0 && y0 <= y1 {
        if view.scale.y < BAND_LAYER_PX {
            // Rows of layers as bands, each at least two pixels tall.
            let per_row = (2.0 / view.scale.y.max(1e-6)).ceil().max(1.0) as usize;
            let mut y = y0 - y0 % per_row;
            while y <= y1 {
                let mut lo = f32::INFINITY;
                let mut hi = f32::NEG_INFINITY;
                for layer in y..(y + per_row).min(n_layers) {
                    if let Some((a, b)) = layout.layer_extent(layer) {
                        lo = lo.min(a);
                        hi = hi.max(b);
                    }
                }
                if lo <= hi {
                    let top = at_xy(view, canvas, lo, y as f32);
                    let bottom = at_xy(view, canvas, hi, (y + per_row) as f32);
                    let rect = Rect::from_min_max(
                        pos2(top.x - 1.0, top.y - 1.0),
                        pos2(bottom.x + 1.0, bottom.y - 1.0),
                    )
                    .intersect(canvas.expand(2.0));
                    if rect.is_positive() {
                        mesh.add_colored_rect(rect, band_colour);
                        n_bands += 1;
                    }
                }
                y += per_row;
            }
        } else {
            // One node per two-pixel cell when nodes crowd, and a run of
            // three or more such cells side by side drawn as one band.
            let cell = if view.scale.x < 2.0 {
                2.0 / view.scale.x
            } else {
                0.0
            };
            let half = radius.max(1.5);
            for y in y0..=y1 {
                let range = layout.in_range(y, min[0] - margin_x, max[0] + margin_x);
                let mut run: Vec<SituationId> = Vec::new();
                let mut flush = |run: &mut Vec<SituationId>,
                                 mesh: &mut Mesh,
                                 on_screen: &mut Vec<SituationId>| {
                    if run.len() >= 3 {
                        let (Some(first), Some(last)) = (run.first(), run.last()) else {
                            return;
                        };
                        let a = at(*first);
                        let b = at(*last);
                        mesh.add_colored_rect(
                            Rect::from_min_max(
                                pos2(a.x - half, a.y - half),
                                pos2(b.x + half, b.y + half),
                            ),
                            band_colour,
                        );
                        n_bands += 1;
                    } else {
                        on_screen.extend_from_slice(run);
                    }
                    run.clear();
                };
                let mut from = 0;
                while from < range.len() {
                    let id = range[from];
                    let x = layout.positions[id.index()][0];
                    if !is(inputs.hidden, id) {
                        if cell == 0.0 {
                            on_screen.push(id);
                        } else {
                            if let Some(last) = run.last()
                                && x - layout.positions[last.index()][0] > 1.6 * cell
                            {
                                flush(&mut run, &mut mesh, &mut on_screen);
                            }
                            run.push(id);
                        }
                    }
                    if cell == 0.0 || is(inputs.hidden, id) {
                        from += 1;
                    } else {
                        let next = x + cell;
                        from += 1 + range[from + 1..]
                            .partition_point(|s| layout.positions[s.index()][0] < next);
                    }
                }
                flush(&mut run, &mut mesh, &mut on_screen);
            }
        }
    }
    // Search matches stay visible inside bands.
    if n_bands > 0 && !inputs.matches.is_empty() {
        let mut n = 0;
        for (i, hit) in inputs.matches.iter().enumerate() {
            if *hit && n < 20_000 {
                let id = SituationId(i as u32);
                let p = at(id);
                if canvas.contains(p) && !is(inputs.hidden, id) {
                    mesh.add_colored_rect(
                        Rect::from_center_size(p, Vec2::splat(4.0)),
                        MATCH_COLOUR,
                    );
                    n += 1;
                }
            }
        }
    }

    // Edges: the tree edge into every node drawn; cross-links (the other
    // steps out of it) while the view is not crowded.
    let crowded = on_screen.len() > MAX_LINK_NODES;
    let tree_edges = on_screen.len() <= MAX_EDGE_NODES;
    for id in &on_screen {
        if let Some(s) = layout.tree_parent[id.index()].filter(|_| tree_edges) {
            line(&mut mesh, at(graph.source(s)), at(*id), 1.0, edge_colour);
        }
        if !crowded {
            for s in graph.steps(*id) {
                let t = graph.target(s);
                if layout.tree_parent[t.index()] != Some(s) && !is(inputs.hidden, t) {
                    dashed(&mut mesh, at(*id), at(t), 1.0, link_colour);
                }
            }
        }
    }
    // Information sets: the nodes of one set joined by a dotted line in the
    // player's colour.
    if !crowded {
        for set in inputs.information_sets {
            let colour = actor_colour(scenario, set.actor).gamma_multiply(0.8);
            let mut members: Vec<SituationId> = set
                .situations
                .iter()
                .copied()
                .filter(|id| id.index() < graph.n_situations() && !is(inputs.hidden, *id))
                .collect();
            members.sort_by(|a, b| {
                let (pa, pb) = (layout.positions[a.index()], layout.positions[b.index()]);
                pa[1].total_cmp(&pb[1]).then(pa[0].total_cmp(&pb[0]))
            });
            for pair in members.windows(2) {
                let (a, b) = (at(pair[0]), at(pair[1]));
                let box_ = Rect::from_two_pos(a, b);
                if box_.intersects(canvas) {
                    dashed(&mut mesh, a, b, 2.0, colour);
                }
            }
        }
    }
    // The current path and rational play, on top of the other edges.
    for s in &path {
        line(
            &mut mesh,
            at(graph.source(*s)),
            at(graph.target(*s)),
            3.0,
            path_colour,
        );
    }
    for s in inputs.rational {
        line(
            &mut mesh,
            at(graph.source(*s)),
            at(graph.target(*s)),
            3.0,
            RATIONAL_COLOUR,
        );
    }

    let ring = if dark { Color32::WHITE } else { Color32::BLACK };
    let hollow = inputs.background;
    for id in &on_screen {
        let p = at(*id);
        let colour = node_colour(scenario, graph, *id, view.colouring, dark);
        let shape = shape_of(mover(scenario, graph, *id));
        if is(inputs.matches, *id) {
            shape_into(&mut mesh, shape, p, radius + 4.0, MATCH_COLOUR);
        }
        if visited.contains(id) || on_path.contains(id) {
            shape_into(&mut mesh, shape, p, radius + 1.5, ring);
        }
        shape_into(&mut mesh, shape, p, radius, colour);
        if matches!(graph.status(*id), Status::Frontier(_)) && radius > 2.5 {
            shape_into(&mut mesh, shape, p, radius - 1.5, hollow);
        }
        // A collapsed subtree: a small plus beside the node.
        if view.collapsed.contains(id) && !layout.tree_children(*id).is_empty() {
            let c = p + vec2(radius + 5.0, 0.0);
            mesh.add_colored_rect(Rect::from_center_size(c, vec2(7.0, 2.0)), ring);
            mesh.add_colored_rect(Rect::from_center_size(c, vec2(2.0, 7.0)), ring);
        }
    }
    // Path and rational-play nodes, the selected and the current situation:
    // always drawn, whatever the zoom.
    for id in path_nodes.iter().chain(&rational_nodes) {
        let p = at(*id);
        if canvas.expand(radius * 2.0).contains(p) {
            let colour = node_colour(scenario, graph, *id, view.colouring, dark);
            shape_into(
                &mut mesh,
                shape_of(mover(scenario, graph, *id)),
                p,
                radius.max(2.5),
                colour,
            );
        }
    }
    if let Some(selected) = inputs.selected
        && selected.index() < graph.n_situations()
    {
        let p = at(selected);
        if canvas.expand(20.0).contains(p) {
            ring_into(&mut mesh, p, radius + 6.0, 2.0, SELECTED_COLOUR);
        }
    }
    let current = session.current();
    let p = at(current);
    if canvas.expand(radius * 3.0).contains(p) {
        shape_into(
            &mut mesh,
            NodeShape::Circle,
            p,
            radius + 5.0,
            Color32::from_rgba_unmultiplied(255, 80, 80, 90),
        );
        shape_into(
            &mut mesh,
            shape_of(mover(scenario, graph, current)),
            p,
            radius.max(3.0),
            node_colour(scenario, graph, current, view.colouring, dark),
        );
    }

    let labels = if on_screen.len() <= MAX_LABEL_NODES {
        place_labels(
            ui,
            inputs,
            view,
            &on_screen,
            &on_path,
            &rational_nodes,
            &path,
        )
    } else {
        Vec::new()
    };

    let minimap = inputs.minimap.map(|rect| {
        if let Some((kept_rect, kept)) = &inputs.kept_minimap
            && *kept_rect == rect
        {
            return (rect, Arc::clone(kept));
        }
        let mut mini = Mesh::default();
        minimap_into(&mut mini, inputs, rect, band_colour, path_colour, &path);
        (rect, Arc::new(mini))
    });
    Geometry {
        mesh: Arc::new(mesh),
        labels,
        n_drawn: on_screen.len(),
        n_bands,
        minimap,
    }
}

fn at_xy(view: &MapView, canvas: Rect, x: f32, y: f32) -> Pos2 {
    view.to_screen(canvas, [x, y])
}

/// Where the minimap draws layout point `p`.
pub(super) fn minimap_point(layout: &MapLayout, rect: Rect, p: [f32; 2]) -> Pos2 {
    let (sx, sy) = minimap_scale(layout, rect);
    pos2(rect.min.x + 4.0 + p[0] * sx, rect.min.y + 4.0 + p[1] * sy)
}

/// The layout point at a minimap position.
pub(super) fn minimap_to_layout(layout: &MapLayout, rect: Rect, p: Pos2) -> [f32; 2] {
    let (sx, sy) = minimap_scale(layout, rect);
    [
        (p.x - rect.min.x - 4.0) / sx.max(1e-9),
        (p.y - rect.min.y - 4.0) / sy.max(1e-9),
    ]
}

fn minimap_scale(layout: &MapLayout, rect: Rect) -> (f32, f32) {
    let inner = rect.shrink(4.0);
    (
        inner.width() / layout.width.max(1.0),
        inner.height() / (layout.n_layers.max(1) as f32),
    )
}

/// The whole layout in the minimap: one band per pixel row of layers, and
/// the current path.
fn minimap_into(
    mesh: &mut Mesh,
    inputs: &Inputs<'_>,
    rect: Rect,
    band: Color32,
    path_colour: Color32,
    path: &[StepId],
) {
    let layout = inputs.layout;
    let graph = inputs.session.graph();
    mesh.add_colored_rect(rect, inputs.background.gamma_multiply(0.92));
    let n_layers = layout.layers.len();
    if n_layers == 0 {
        return;
    }
    let (_, sy) = minimap_scale(layout, rect);
    let per_row = (1.0 / sy.max(1e-9)).ceil().max(1.0) as usize;
    let mut y = 0;
    while y < n_layers {
        let mut lo = f32::INFINITY;
        let mut hi = f32::NEG_INFINITY;
        for layer in y..(y + per_row).min(n_layers) {
            if let Some((a, b)) = layout.layer_extent(layer) {
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        if lo <= hi {
            let a = minimap_point(layout, rect, [lo, y as f32]);
            let b = minimap_point(layout, rect, [hi, (y + per_row) as f32]);
            let r = Rect::from_min_max(pos2(a.x - 0.5, a.y), pos2(b.x + 0.5, b.y.max(a.y + 1.0)));
            mesh.add_colored_rect(r, band.gamma_multiply(0.6));
        }
        y += per_row;
    }
    for s in path {
        let a = minimap_point(layout, rect, layout.positions[graph.source(*s).index()]);
        let b = minimap_point(layout, rect, layout.positions[graph.target(*s).index()]);
        line(mesh, a, b, 1.5, path_colour);
    }
}

/// Greedy label placement: by priority, a label is kept when its box
/// overlaps no label kept before it. A grid of 64-pixel cells keeps the
/// overlap test local.
fn place_labels(
    ui: &Ui,
    inputs: &Inputs<'_>,
    view: &MapView,
    on_screen: &[SituationId],
    on_path: &HashSet<SituationId>,
    rational: &HashSet<SituationId>,
    path: &[StepId],
) -> Vec<PlacedLabel> {
    let layout = inputs.layout;
    let scenario = inputs.scenario;
    let graph = inputs.session.graph();
    let canvas = inputs.canvas;
    let radius = node_radius(view);
    let current = inputs.session.current();
    // As wide as the room to the next node in the layer (at most this),
    // wrapping onto up to three lines, so a label reads whole wherever
    // there is room; shortened with "…" only when zoomed out.
    let max_px = 300.0_f32;
    let priority = |id: SituationId| -> u8 {
        if id == current {
            0
        } else if Some(id) == inputs.selected {
            1
        } else if is(inputs.matches, id) {
            2
        } else if on_path.contains(&id) {
            3
        } else if rational.contains(&id) {
            4
        } else {
            5
        }
    };
    let mut candidates: Vec<SituationId> = on_screen.to_vec();
    for id in on_path.iter().chain(rational).chain(inputs.selected.iter()) {
        if !candidates.contains(id)
            && canvas.contains(view.to_screen(canvas, layout.positions[id.index()]))
        {
            candidates.push(*id);
        }
    }
    candidates.sort_by_key(|id| (priority(*id), graph.node(*id).depth, id.index()));

    let mut grid = LabelGrid::default();
    // Nodes are obstacles too, so a label never covers a node.
    for id in &candidates {
        let p = view.to_screen(canvas, layout.positions[id.index()]);
        grid.take(Rect::from_center_size(p, Vec2::splat(2.0 * radius)));
    }
    // Each layer's nodes on screen, left to right: a label's room is the
    // gap to its nearer neighbour in the layer.
    let mut rows: std::collections::HashMap<i32, Vec<f32>> = std::collections::HashMap::new();
    for id in &candidates {
        let p = view.to_screen(canvas, layout.positions[id.index()]);
        rows.entry(p.y.round() as i32).or_default().push(p.x);
    }
    for xs in rows.values_mut() {
        xs.sort_by(f32::total_cmp);
    }
    let room_of = |p: Pos2| -> f32 {
        let gap = rows.get(&(p.y.round() as i32)).map_or(f32::INFINITY, |xs| {
            let i = xs.partition_point(|x| *x < p.x - 0.5);
            let left = i.checked_sub(1).and_then(|j| xs.get(j)).map(|x| p.x - x);
            let right = xs[i..].iter().find(|x| **x > p.x + 0.5).map(|x| x - p.x);
            left.into_iter().chain(right).fold(f32::INFINITY, f32::min)
        });
        (gap * 0.95).clamp(56.0, max_px)
    };
    let mut placed = Vec::new();
    let font = FontId::proportional(NODE_FONT);
    for id in &candidates {
        let text = situation_label(scenario, graph, layout, *id);
        let centre = view.to_screen(canvas, layout.positions[id.index()]);
        let max_px = room_of(centre);
        let p = centre + vec2(0.0, radius + 2.0);
        let guess = (text.chars().count() as f32 * CHAR_PX).min(max_px);
        let rect = Rect::from_min_size(pos2(p.x - guess / 2.0, p.y), vec2(guess, NODE_FONT + 3.0));
        if !rect.intersects(canvas) || !grid.is_free(rect) {
            continue;
        }
        let mut galley = wrapped(ui, &text, font.clone(), max_px, inputs.text_colour);
        let mut real = Rect::from_min_size(pos2(p.x - galley.size().x / 2.0, p.y), galley.size());
        let crowded = galley.rows.len() > 1 && !grid.is_free(real);
        if crowded {
            // No room below for the wrapped lines: one line, cut.
            galley = one_line(ui, &text, font.clone(), guess, inputs.text_colour);
            real = Rect::from_min_size(pos2(p.x - galley.size().x / 2.0, p.y), galley.size());
        }
        grid.take(real.union(Rect::from_center_size(p, vec2(1.0, 1.0))));
        placed.push(PlacedLabel {
            pos: real.min,
            galley,
            situation: *id,
            is_node: true,
            text,
            room_px: max_px,
            crowded,
        });
    }
    // Edge labels where an edge is long enough: the move, result and chance.
    let edge_font = FontId::proportional(EDGE_FONT);
    let edge_text_colour = inputs.text_colour.gamma_multiply(0.75);
    let path_steps: HashSet<StepId> = path.iter().copied().collect();
    let mut edges: Vec<StepId> = on_screen
        .iter()
        .filter_map(|id| layout.tree_parent[id.index()])
        .collect();
    edges.sort_by_key(|s| {
        (
            !path_steps.contains(s),
            graph.node(graph.target(*s)).depth,
            s.0,
        )
    });
    for s in edges {
        let a = view.to_screen(canvas, layout.positions[graph.source(s).index()]);
        let b = view.to_screen(canvas, layout.positions[graph.target(s).index()]);
        let length = a.distance(b);
        if length < 70.0 {
            continue;
        }
        let text = step_text(scenario, graph, s, true);
        let guess = (text.chars().count() as f32 * CHAR_PX * 0.87).min(length * 0.8);
        // A few places along the edge, nearest the child first.
        let Some(rect) = [0.62, 0.42, 0.78].iter().find_map(|t| {
            let rect = Rect::from_center_size(a + (b - a) * *t, vec2(guess, EDGE_FONT + 3.0));
            (rect.intersects(canvas) && grid.is_free(rect)).then_some(rect)
        }) else {
            continue;
        };
        let galley = one_line(ui, &text, edge_font.clone(), guess, edge_text_colour);
        let real = Rect::from_center_size(rect.center(), galley.size());
        grid.take(real);
        placed.push(PlacedLabel {
            pos: real.min,
            galley,
            situation: graph.target(s),
            is_node: false,
            text,
            room_px: guess,
            crowded: false,
        });
    }
    placed
}

/// Up to three lines of text wrapped at `max_width` between words, the
/// last cut with "…" if the text needs more.
fn wrapped(ui: &Ui, text: &str, font: FontId, max_width: f32, colour: Color32) -> Arc<Galley> {
    let mut job = LayoutJob::simple(text.to_owned(), font, colour, max_width.max(8.0));
    job.wrap = TextWrapping {
        max_width: max_width.max(8.0),
        max_rows: 3,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    ui.painter().layout_job(job)
}

/// One line of text, cut with "…" at `max_width`.
fn one_line(ui: &Ui, text: &str, font: FontId, max_width: f32, colour: Color32) -> Arc<Galley> {
    let mut job = LayoutJob::simple_singleline(text.to_owned(), font, colour);
    job.wrap = TextWrapping {
        max_width: max_width.max(8.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    ui.painter().layout_job(job)
}

/// A node shape of "radius" `r` (half its width) filled with `colour`: the
/// core's [`shape_points`], or a 12-sided circle; a plain square when tiny.
pub(super) fn shape_into(mesh: &mut Mesh, shape: NodeShape, c: Pos2, r: f32, colour: Color32) {
    if r < 2.5 && shape != NodeShape::Bar {
        mesh.add_colored_rect(Rect::from_center_size(c, Vec2::splat(2.0 * r)), colour);
        return;
    }
    let points = shape_points(shape, r).unwrap_or_else(|| {
        (0..12)
            .map(|k| {
                let angle = (30.0 * k as f32).to_radians();
                [angle.cos() * r, angle.sin() * r]
            })
            .collect()
    });
    let i0 = mesh.vertices.len() as u32;
    mesh.colored_vertex(c, colour);
    for p in &points {
        mesh.colored_vertex(c + vec2(p[0], p[1]), colour);
    }
    let n = points.len() as u32;
    for k in 0..n {
        mesh.add_triangle(i0, i0 + 1 + k, i0 + 1 + (k + 1) % n);
    }
}

/// A ring (an outlined circle) of the given stroke width.
fn ring_into(mesh: &mut Mesh, c: Pos2, r: f32, width: f32, colour: Color32) {
    let n = 20;
    let mut last = c + vec2(r, 0.0);
    for k in 1..=n {
        let angle = (360.0 * k as f32 / n as f32).to_radians();
        let p = c + vec2(angle.cos(), angle.sin()) * r;
        line(mesh, last, p, width, colour);
        last = p;
    }
}

/// A straight line as a thin quad.
pub(super) fn line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.5 {
        return;
    }
    let n = vec2(-d.y, d.x) / len * (width / 2.0);
    let i = mesh.vertices.len() as u32;
    for p in [a + n, a - n, b - n, b + n] {
        mesh.colored_vertex(p, colour);
    }
    mesh.add_triangle(i, i + 1, i + 2);
    mesh.add_triangle(i, i + 2, i + 3);
}

/// A dashed line: 6 pixels on, 4 off (at most 200 dashes; a longer line is
/// drawn solid).
fn dashed(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
    let len = a.distance(b);
    if len > 2000.0 {
        line(mesh, a, b, width, colour);
        return;
    }
    let d = (b - a) / len.max(1e-6);
    let mut t = 0.0;
    while t < len {
        let e = (t + 6.0).min(len);
        line(mesh, a + d * t, a + d * e, width, colour);
        t += 10.0;
    }
}

/// The rectangles taken on screen by labels and nodes, bucketed in 64-pixel
/// cells so that a new label is tested against its neighbours only.
#[derive(Default)]
struct LabelGrid {
    cells: HashMap<(i32, i32), Vec<Rect>>,
}

impl LabelGrid {
    const CELL: f32 = 64.0;

    /// The cells `r` touches.
    fn cells_of(r: Rect) -> impl Iterator<Item = (i32, i32)> {
        let at = |v: f32| (v / Self::CELL).floor() as i32;
        let (x0, y0, x1, y1) = (at(r.min.x), at(r.min.y), at(r.max.x), at(r.max.y));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Whether `r` overlaps nothing taken.
    fn is_free(&self, r: Rect) -> bool {
        Self::cells_of(r).all(|c| {
            self.cells
                .get(&c)
                .is_none_or(|taken| !taken.iter().any(|o| o.intersects(r)))
        })
    }

    /// Marks `r` as taken.
    fn take(&mut self, r: Rect) {
        for c in Self::cells_of(r) {
            self.cells.entry(c).or_default().push(r);
        }
    }
}
