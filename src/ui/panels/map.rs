//! The map view: the situation graph as a layered tree from the start.
//!
//! Nodes are coloured by whose turn it is or by outcome; the current path is
//! drawn bold, visited situations ringed, the frontier hollow. Drag to pan,
//! scroll or pinch to zoom, "Fit" to see everything, click a node to go
//! there, hover for a summary.
//!
//! Staying smooth on large graphs: only the layers and the x range on screen
//! are visited (each layer is sorted by x, so that is two binary searches),
//! labels appear only when zoomed in, edges are dropped when the view is too
//! dense to show them, and the geometry is built into one mesh that is kept
//! and reused until the view or the path changes.

use std::collections::HashSet;
use std::sync::Arc;

use egui::epaint::Mesh;
use egui::{Color32, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, Vec2, vec2};

use crate::engine::{MapLayout, SituationId, Status, StepId, Turn, turn_label};
use crate::model::Scenario;
use crate::session::{Action, Session};
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::style::{RATIONAL_COLOUR, actor_colour, shortcut_tip};

/// How nodes are coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Colouring {
    /// By the actor whose turn it is; outcomes gold.
    #[default]
    Turn,
    /// By the outcome a situation ends in; the rest grey.
    Outcome,
}

/// The map's own view state: pan, zoom, colouring, and the kept geometry.
#[derive(Default)]
pub struct MapView {
    /// Screen offset of layout point (0, 0) from the canvas' top left.
    pub offset: Vec2,
    /// Pixels per layout unit, horizontally and vertically.
    pub scale: Vec2,
    pub colouring: Colouring,
    /// Draw the rational path from the current situation.
    pub show_rational: bool,
    /// Fit the graph into the canvas on the next frame.
    pub fit_next_frame: bool,
    cache: Option<Cached>,
    /// Situations drawn in the last frame (for figures and tests).
    pub n_drawn: usize,
}

struct Cached {
    key: CacheKey,
    mesh: Arc<Mesh>,
    labels: Vec<(Pos2, String, Color32)>,
    n_drawn: usize,
}

#[derive(Clone, PartialEq)]
struct CacheKey {
    canvas: Rect,
    offset: Vec2,
    scale: Vec2,
    layout: usize,
    current: SituationId,
    n_visits: usize,
    colouring: Colouring,
    dark: bool,
    rational: Vec<StepId>,
}

/// Most pixels between layers when fitting.
const MAX_LAYER_PX: f32 = 90.0;
/// Beyond this many nodes on screen, edges are not drawn.
const MAX_EDGE_NODES: usize = 6000;
/// Labels are shown when a slot is at least this many pixels wide.
const LABEL_SLOT_PX: f32 = 70.0;

impl MapView {
    /// A view that fits the graph on its first frame and shows rational play.
    pub fn new() -> MapView {
        MapView {
            show_rational: true,
            fit_next_frame: true,
            ..MapView::default()
        }
    }

    /// Scales and centres so the whole layout fits `canvas`.
    pub fn fit(&mut self, layout: &MapLayout, canvas: Rect) {
        let margin = 24.0;
        let width = layout.width.max(1.0);
        let layers = (layout.n_layers.max(1) as f32 - 1.0).max(1.0);
        let sx = (canvas.width() - 2.0 * margin).max(10.0) / width;
        // Layers at most MAX_LAYER_PX apart, so a shallow graph is not stretched.
        let sy = ((canvas.height() - 2.0 * margin).max(10.0) / layers).min(MAX_LAYER_PX);
        self.scale = vec2(sx, sy);
        let used = vec2(width * sx, layers * sy);
        self.offset = vec2((canvas.width() - used.x) / 2.0, margin);
        self.fit_next_frame = false;
    }

    fn to_screen(&self, canvas: Rect, p: [f32; 2]) -> Pos2 {
        canvas.min + self.offset + vec2(p[0] * self.scale.x, p[1] * self.scale.y)
    }

    fn to_layout(&self, canvas: Rect, p: Pos2) -> [f32; 2] {
        let v = p - canvas.min - self.offset;
        [v.x / self.scale.x, v.y / self.scale.y]
    }

    /// Forgets the kept geometry (for benchmarks measuring a rebuild).
    pub fn invalidate(&mut self) {
        self.cache = None;
    }
}

/// Colours for outcomes, by index.
const OUTCOME_COLOURS: [Color32; 8] = [
    Color32::from_rgb(214, 158, 46),
    Color32::from_rgb(46, 139, 87),
    Color32::from_rgb(192, 57, 43),
    Color32::from_rgb(41, 128, 185),
    Color32::from_rgb(142, 68, 173),
    Color32::from_rgb(22, 160, 133),
    Color32::from_rgb(211, 84, 0),
    Color32::from_rgb(127, 140, 141),
];

fn node_colour(
    scenario: &Scenario,
    status: Status,
    turn: Turn,
    colouring: Colouring,
    dark: bool,
) -> Color32 {
    let grey = if dark {
        Color32::from_gray(110)
    } else {
        Color32::from_gray(170)
    };
    match (status, colouring) {
        (Status::Outcome(o), Colouring::Outcome) => {
            OUTCOME_COLOURS[o.index() % OUTCOME_COLOURS.len()]
        }
        (Status::Outcome(_), Colouring::Turn) => Color32::from_rgb(214, 158, 46),
        (Status::DeadEnd, _) => Color32::from_rgb(200, 40, 40),
        (Status::Frontier(_), _) => grey,
        (Status::Open, Colouring::Outcome) => grey,
        (Status::Open, Colouring::Turn) => match turn {
            Turn::Actor(a) => actor_colour(scenario, a),
            Turn::Anyone => grey,
        },
    }
}

/// Draws the map; a click on a node pushes a jump there.
pub fn map_ui(
    ui: &mut Ui,
    session: &Session,
    layout: &Arc<MapLayout>,
    rational: Option<&[StepId]>,
    view: &mut MapView,
    actions: &mut Vec<UiAction>,
) {
    let scenario = session.scenario();
    let graph = session.graph();
    ui.horizontal(|ui| {
        if ui
            .button("Fit")
            .on_hover_text(shortcut_tip(ui, Command::FitMap))
            .clicked()
        {
            view.fit_next_frame = true;
        }
        ui.label("Colour by:");
        ui.selectable_value(&mut view.colouring, Colouring::Turn, "whose turn");
        ui.selectable_value(&mut view.colouring, Colouring::Outcome, "outcome");
        if rational.is_some() {
            ui.checkbox(&mut view.show_rational, "Rational play")
                .on_hover_text("Draw the rational path from the current situation in green");
        }
        ui.separator();
        ui.label(
            RichText::new(format!(
                "{} situations, {} steps; {} on screen",
                graph.n_situations(),
                graph.n_steps(),
                view.n_drawn
            ))
            .small(),
        );
    });
    legend_ui(ui, scenario, view.colouring);

    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let canvas = response.rect;
    if view.fit_next_frame || view.scale.x <= 0.0 {
        view.fit(layout, canvas);
    }
    if response.dragged() {
        view.offset += response.drag_delta();
    }
    if response.hovered() {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta(), i.zoom_delta()));
        let factor = zoom * (scroll.y / 200.0).exp();
        if (factor - 1.0).abs() > 1e-4
            && let Some(pointer) = response.hover_pos()
        {
            let anchor = view.to_layout(canvas, pointer);
            view.scale = (view.scale * factor).clamp(vec2(1e-4, 1e-4), vec2(400.0, 400.0));
            let moved = view.to_screen(canvas, anchor);
            view.offset += pointer - moved;
        }
    }
    painter.rect_filled(canvas, 0.0, ui.visuals().extreme_bg_color);

    let walk = session.walk();
    let dark = ui.visuals().dark_mode;
    let key = CacheKey {
        canvas,
        offset: view.offset,
        scale: view.scale,
        layout: Arc::as_ptr(layout) as usize,
        current: session.current(),
        n_visits: walk.visits().len(),
        colouring: view.colouring,
        dark,
        rational: match rational {
            Some(steps) if view.show_rational => steps.to_vec(),
            _ => Vec::new(),
        },
    };
    if view.cache.as_ref().is_none_or(|c| c.key != key) {
        view.cache = Some(build(scenario, session, layout, view, canvas, key));
    }
    let Some(cached) = &view.cache else { return };
    view.n_drawn = cached.n_drawn;
    let painter = painter.with_clip_rect(canvas);
    painter.add(Shape::Mesh(Arc::clone(&cached.mesh)));
    let text_colour = ui.visuals().text_color();
    for (pos, text, colour) in &cached.labels {
        painter.text(
            *pos,
            egui::Align2::CENTER_TOP,
            text,
            egui::FontId::proportional(11.0),
            if *colour == Color32::TRANSPARENT {
                text_colour
            } else {
                *colour
            },
        );
    }

    // Hover and click: the nearest node on screen within a few pixels.
    let pointer = response.hover_pos();
    if let Some(pointer) = pointer
        && let Some(id) = nearest(layout, view, canvas, pointer)
    {
        let p = view.to_screen(canvas, layout.positions[id.index()]);
        painter.circle_stroke(
            p,
            node_radius(view) + 4.0,
            Stroke::new(2.0, ui.visuals().strong_text_color()),
        );
        let summary = summary_text(scenario, session, id);
        response.clone().on_hover_text(summary);
        if response.clicked() {
            actions.push(UiAction::Session(Action::Reach(id)));
        }
    }
}

fn node_radius(view: &MapView) -> f32 {
    (view.scale.x * 0.3).clamp(1.5, 12.0)
}

fn nearest(layout: &MapLayout, view: &MapView, canvas: Rect, pointer: Pos2) -> Option<SituationId> {
    let reach = node_radius(view) + 6.0;
    let at = view.to_layout(canvas, pointer);
    let dy = reach / view.scale.y;
    let dx = reach / view.scale.x;
    let y0 = (at[1] - dy).floor().max(0.0) as usize;
    let y1 = (at[1] + dy).ceil().max(0.0) as usize;
    let mut best: Option<(f32, SituationId)> = None;
    for y in y0..=y1 {
        for id in layout.in_range(y, at[0] - dx, at[0] + dx) {
            let d = view
                .to_screen(canvas, layout.positions[id.index()])
                .distance(pointer);
            if d <= reach && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, *id));
            }
        }
    }
    best.map(|(_, id)| id)
}

fn summary_text(scenario: &Scenario, session: &Session, id: SituationId) -> String {
    let graph = session.graph();
    let mut text = format!("{id}: ");
    text.push_str(&match graph.status(id) {
        Status::Outcome(o) => format!("outcome {}", scenario.outcome(o).label),
        Status::Open => format!("{} to move", turn_label(scenario, graph.turn(id))),
        Status::DeadEnd => "dead end".to_owned(),
        Status::Frontier(_) => "frontier (not expanded)".to_owned(),
    });
    text.push_str(&format!(", {} moves from the start", graph.node(id).depth));
    for (v, value) in scenario.variables.iter().zip(graph.values(id)) {
        text.push_str(&format!(
            "\n{}: {}",
            v.display_name(),
            v.domain.display(value)
        ));
    }
    text.push_str("\nClick to go here.");
    text
}

fn legend_ui(ui: &mut Ui, scenario: &Scenario, colouring: Colouring) {
    ui.horizontal_wrapped(|ui| {
        let swatch = |ui: &mut Ui, colour: Color32, text: &str| {
            let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
            ui.painter().circle_filled(rect.center(), 5.0, colour);
            ui.label(RichText::new(text).small());
        };
        match colouring {
            Colouring::Turn => {
                for (a, actor) in scenario.actors.iter().enumerate() {
                    swatch(ui, actor_colour(scenario, crate::model::ActorIndex(a as u16)), &actor.name);
                }
                swatch(ui, Color32::from_rgb(214, 158, 46), "outcome");
            }
            Colouring::Outcome => {
                for (o, outcome) in scenario.outcomes.iter().enumerate() {
                    swatch(ui, OUTCOME_COLOURS[o % OUTCOME_COLOURS.len()], &outcome.label);
                }
            }
        }
        swatch(ui, Color32::from_rgb(200, 40, 40), "dead end");
        ui.label(RichText::new("hollow: frontier   dark line: current path   green line: rational play   outlined: visited").small());
    });
}

/// Builds the mesh and labels for what is on screen.
fn build(
    scenario: &Scenario,
    session: &Session,
    layout: &MapLayout,
    view: &MapView,
    canvas: Rect,
    key: CacheKey,
) -> Cached {
    let graph = session.graph();
    let walk = session.walk();
    let dark = key.dark;
    let visited: HashSet<SituationId> = walk.visits().iter().map(|v| v.situation).collect();
    let path = session.path();
    let path_nodes: HashSet<SituationId> = std::iter::once(graph.start())
        .chain(path.iter().map(|s| graph.target(*s)))
        .collect();

    let min = view.to_layout(canvas, canvas.min);
    let max = view.to_layout(canvas, canvas.max);
    let margin_x = 2.0 / view.scale.x.max(1e-6);
    let y0 = min[1].floor().max(0.0) as usize;
    let y1 = (max[1].ceil().max(0.0) as usize).min(layout.layers.len().saturating_sub(1));
    let mut on_screen: Vec<SituationId> = Vec::new();
    // When several nodes of a layer fall on the same couple of pixels, one
    // stands for them all (layers are sorted by x, so that is one pass).
    let cell = if view.scale.x < 2.0 {
        2.0 / view.scale.x
    } else {
        0.0
    };
    let mut n_on_screen = 0;
    if !layout.layers.is_empty() {
        for y in y0..=y1 {
            let in_range = layout.in_range(y, min[0] - margin_x, max[0] + margin_x);
            n_on_screen += in_range.len();
            let mut last_cell = f32::NEG_INFINITY;
            for id in in_range {
                let x = layout.positions[id.index()][0];
                if cell == 0.0 || x - last_cell >= cell {
                    last_cell = x;
                    on_screen.push(*id);
                }
            }
        }
    }

    let mut mesh = Mesh::default();
    let edge_colour = if dark {
        Color32::from_gray(90)
    } else {
        Color32::from_gray(185)
    };
    let path_colour = if dark {
        Color32::from_rgb(255, 210, 110)
    } else {
        Color32::from_rgb(30, 30, 30)
    };
    let radius = node_radius(view);

    // Edges: out of every node on screen, and the tree edge into it.
    if on_screen.len() <= MAX_EDGE_NODES {
        let mut drawn = HashSet::new();
        for id in &on_screen {
            let into = layout.tree_parent[id.index()];
            for s in graph.steps(*id).chain(into) {
                if drawn.insert(s) {
                    let a = view.to_screen(canvas, layout.positions[graph.source(s).index()]);
                    let b = view.to_screen(canvas, layout.positions[graph.target(s).index()]);
                    line(&mut mesh, a, b, 1.0, edge_colour);
                }
            }
        }
    }
    // The current path always, on top of the other edges.
    for s in &path {
        let a = view.to_screen(canvas, layout.positions[graph.source(*s).index()]);
        let b = view.to_screen(canvas, layout.positions[graph.target(*s).index()]);
        line(&mut mesh, a, b, 3.0, path_colour);
    }

    for s in &key.rational {
        let a = view.to_screen(canvas, layout.positions[graph.source(*s).index()]);
        let b = view.to_screen(canvas, layout.positions[graph.target(*s).index()]);
        line(&mut mesh, a, b, 3.0, RATIONAL_COLOUR);
    }

    let ring = if dark { Color32::WHITE } else { Color32::BLACK };
    for id in &on_screen {
        let p = view.to_screen(canvas, layout.positions[id.index()]);
        let status = graph.status(*id);
        let colour = node_colour(scenario, status, graph.turn(*id), key.colouring, dark);
        if visited.contains(id) || path_nodes.contains(id) {
            square(&mut mesh, p, radius + 2.0, ring);
        }
        if matches!(status, Status::Frontier(_)) {
            square(&mut mesh, p, radius, colour);
            square(
                &mut mesh,
                p,
                (radius - 1.5).max(0.5),
                if dark {
                    Color32::from_gray(20)
                } else {
                    Color32::WHITE
                },
            );
        } else {
            square(&mut mesh, p, radius, colour);
        }
    }
    let current = view.to_screen(canvas, layout.positions[session.current().index()]);
    if canvas.expand(radius * 3.0).contains(current) {
        square(
            &mut mesh,
            current,
            radius + 5.0,
            Color32::from_rgba_unmultiplied(255, 80, 80, 90),
        );
        square(
            &mut mesh,
            current,
            radius,
            node_colour(
                scenario,
                graph.status(session.current()),
                graph.turn(session.current()),
                key.colouring,
                dark,
            ),
        );
    }

    let mut labels = Vec::new();
    if view.scale.x >= LABEL_SLOT_PX && on_screen.len() <= 400 {
        for id in &on_screen {
            let p = view.to_screen(canvas, layout.positions[id.index()]) + vec2(0.0, radius + 3.0);
            let text = match graph.status(*id) {
                Status::Outcome(o) => scenario.outcome(o).label.clone(),
                Status::Open => match graph.turn(*id) {
                    Turn::Actor(a) => scenario.actor(a).name.clone(),
                    Turn::Anyone => "anyone".to_owned(),
                },
                Status::DeadEnd => "dead end".to_owned(),
                Status::Frontier(_) => "…".to_owned(),
            };
            labels.push((p, text, Color32::TRANSPARENT));
        }
    }
    Cached {
        key,
        mesh: Arc::new(mesh),
        labels,
        n_drawn: n_on_screen,
    }
}

/// A node as a small square (four vertices; circles cost many more).
fn square(mesh: &mut Mesh, centre: Pos2, half: f32, colour: Color32) {
    mesh.add_colored_rect(
        Rect::from_center_size(centre, Vec2::splat(2.0 * half)),
        colour,
    );
}

/// A straight line as a thin quad.
fn line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
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

#[cfg(test)]
mod tests {
    use egui::pos2;

    use super::*;

    #[test]
    fn screen_and_layout_coordinates_round_trip() {
        let view = MapView {
            offset: vec2(10.0, 20.0),
            scale: vec2(3.0, 5.0),
            ..MapView::default()
        };
        let canvas = Rect::from_min_size(pos2(100.0, 50.0), vec2(800.0, 600.0));
        let p = view.to_screen(canvas, [2.0, 1.0]);
        assert_eq!(p, pos2(100.0 + 10.0 + 6.0, 50.0 + 20.0 + 5.0));
        let back = view.to_layout(canvas, p);
        assert!((back[0] - 2.0).abs() < 1e-5 && (back[1] - 1.0).abs() < 1e-5);
    }
}
