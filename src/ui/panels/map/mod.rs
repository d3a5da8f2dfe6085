//! The map view: the situation graph as a tidy tree from the start
//! ([`MapLayout`]), beside the story.
//!
//! Each node shows the move and result that led there (at an outcome, its
//! name and payoffs), its mover by colour and shape (chance a grey diamond,
//! ends a bar), and long edges carry the move, result and probability;
//! labels appear as zoom allows and a label that would overlap another is
//! dropped, the current path, rational play and search matches first. The
//! current path is drawn bold, visited situations ringed, the frontier
//! hollow, merges and cycles as dashed cross-links, and a Gambit game's
//! information sets as dotted lines joining their nodes.
//!
//! Drag to pan, scroll (1.2 times a notch) or pinch to zoom, Fit all or Fit
//! path, click a node to go there; the minimap shows the viewport and moves
//! it. With the map focused (click it), the arrows move the selection to
//! the parent, a child or a sibling and Enter goes there. Search finds
//! situations by move, result, outcome or variable value; Previous and Next
//! step through the matches. A subtree can be collapsed (right-click or the
//! Collapse button) and the map can show only what is reachable from here.
//!
//! Large graphs: see [`draw`] for culling and aggregation; the geometry is
//! built into one mesh that is kept until the view, the path, the search or
//! what is hidden changes.

mod camera;
mod draw;
mod input;
pub mod search;
mod toolbar;

use self::input::{keyboard, nearest};
use self::toolbar::{summary_text, toolbar_ui};

use std::collections::HashSet;
use std::sync::Arc;

use egui::epaint::Mesh;
use egui::{
    Color32, EventFilter, Key, Modifiers, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, Vec2,
    WidgetInfo, vec2,
};

use self::draw::{Geometry, Inputs, NodeShape, node_radius, shape_into, shape_of};
use crate::engine::InformationSet;
use crate::engine::{MapLayout, Mover, SituationId, Status, StepId, situation_label, turn_label};
use crate::model::{ActorIndex, Scenario};
use crate::session::{Action, Session};
use crate::ui::action::UiAction;
use crate::ui::command::Command;
use crate::ui::style::{actor_colour, shortcut_tip};

/// How nodes are coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Colouring {
    /// By the actor whose turn it is; outcomes gold.
    #[default]
    Turn,
    /// By the outcome a situation ends in; the rest grey.
    Outcome,
}

/// One notch of the wheel zooms by this factor.
pub const ZOOM_STEP: f32 = 1.2;
/// Points of scroll egui reports for one wheel notch.
const POINTS_PER_NOTCH: f32 = 50.0;
/// Most pixels between layers when fitting.
const MAX_LAYER_PX: f32 = 90.0;
/// Most pixels per node slot when fitting (a narrow tree is not stretched).
const MAX_SLOT_PX: f32 = 160.0;
/// Fewer pixels than this between layers when fitting all: the graph is too
/// deep to read whole, and the first view shows the start instead.
const MIN_FIT_LAYER_PX: f32 = 2.0;
/// Layer spacing of that first view of a deep graph.
const DEEP_LAYER_PX: f32 = 40.0;

/// A situation's label as the map laid it out.
#[derive(Clone, Debug)]
pub struct LaidOutLabel {
    /// The situation it names.
    pub situation: SituationId,
    /// The full text.
    pub text: String,
    /// Whether all of it shows.
    pub whole: bool,
    /// The lines it takes.
    pub n_lines: usize,
    /// The width it had room for, in pixels.
    pub room_px: f32,
    /// The width it takes, in pixels.
    pub width_px: f32,
    /// Whether labels near it cut it to one line.
    pub crowded: bool,
}

/// The map's own view state: pan, zoom, colouring, selection, search,
/// collapsed subtrees and the kept geometry.
#[derive(Default)]
pub struct MapView {
    /// Screen offset of layout point (0, 0) from the canvas' top left.
    pub offset: Vec2,
    /// Pixels per layout unit, horizontally and vertically.
    pub scale: Vec2,
    pub colouring: Colouring,
    /// Draw the rational path from the current situation.
    pub show_rational: bool,
    /// Fit the graph into the canvas on the next frame (a deep graph shows
    /// its start instead; see [`MapView::fit_all_next_frame`]).
    pub fit_next_frame: bool,
    fit_all: bool,
    fit_path: bool,
    /// Show the overview in the corner.
    pub show_minimap: bool,
    /// Hide what cannot be reached from the current situation.
    pub only_reachable: bool,
    /// The search text.
    pub search: String,
    selected: Option<SituationId>,
    last_current: Option<SituationId>,
    layout_id: usize,
    collapsed: HashSet<SituationId>,
    collapsed_generation: u64,
    hidden: Hidden,
    found: Found,
    context_node: Option<SituationId>,
    cache: Option<Cached>,
    /// Situations drawn in the last frame (for figures and tests).
    pub n_drawn: usize,
    /// Rows of layers drawn as aggregated bands in the last frame.
    pub n_bands: usize,
}

#[derive(Default)]
struct Hidden {
    key: Option<(usize, u64, Option<SituationId>)>,
    flags: Vec<bool>,
    n_hidden: usize,
    generation: u64,
}

#[derive(Default)]
struct Found {
    key: Option<(usize, String)>,
    matches: Vec<SituationId>,
    flags: Vec<bool>,
    at: Option<usize>,
    generation: u64,
}

struct Cached {
    key: CacheKey,
    geometry: Geometry,
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
    hidden: u64,
    found: u64,
    selected: Option<SituationId>,
    minimap: bool,
    n_sets: usize,
}

impl MapView {
    /// A view that fits the graph on its first frame, shows rational play
    /// and the minimap.
    pub fn new() -> MapView {
        MapView {
            show_rational: true,
            fit_next_frame: true,
            show_minimap: true,
            ..MapView::default()
        }
    }

    /// Forgets the kept geometry (for benchmarks measuring a rebuild).
    pub fn invalidate(&mut self) {
        self.cache = None;
    }

    /// The situation the arrows move and Enter goes to.
    pub fn selected(&self) -> Option<SituationId> {
        self.selected
    }

    /// The situations matching the search, in map order.
    pub fn matches(&self) -> &[SituationId] {
        &self.found.matches
    }

    /// Whether a situation is hidden (collapsed or not reachable from here).
    pub fn is_hidden(&self, id: SituationId) -> bool {
        self.hidden.flags.get(id.index()).copied().unwrap_or(false)
    }

    /// How many situations are hidden.
    pub fn n_hidden(&self) -> usize {
        self.hidden.n_hidden
    }

    /// The labels drawn in the last frame, with the situation each names.
    pub fn labels(&self) -> Vec<(SituationId, &str)> {
        self.cache.as_ref().map_or_else(Vec::new, |c| {
            c.geometry
                .labels
                .iter()
                .filter(|l| l.is_node)
                .map(|l| (l.situation, l.text.as_str()))
                .collect()
        })
    }

    /// The drawing area of the last frame, on screen.
    pub fn canvas(&self) -> Option<egui::Rect> {
        self.cache.as_ref().map(|c| c.key.canvas)
    }

    /// The situations' labels as laid out on the map: the full text,
    /// whether it shows whole (not cut with "…"), and the width it had
    /// room for, in pixels. For tests that read the map as a person does.
    pub fn laid_out_labels(&self) -> Vec<LaidOutLabel> {
        self.cache.as_ref().map_or_else(Vec::new, |c| {
            c.geometry
                .labels
                .iter()
                .filter(|l| l.is_node)
                .map(|l| LaidOutLabel {
                    situation: l.situation,
                    text: l.text.clone(),
                    whole: !l.galley.elided,
                    n_lines: l.galley.rows.len(),
                    room_px: l.room_px,
                    width_px: l.galley.size().x,
                    crowded: l.crowded,
                })
                .collect()
        })
    }

    /// Collapses the subtree below `id`, or expands it if it is collapsed.
    pub fn toggle_collapsed(&mut self, id: SituationId) {
        if !self.collapsed.remove(&id) {
            self.collapsed.insert(id);
        }
        self.collapsed_generation += 1;
    }

    fn reset_for(&mut self, layout: &Arc<MapLayout>) {
        self.layout_id = Arc::as_ptr(layout) as usize;
        self.collapsed.clear();
        self.collapsed_generation += 1;
        self.selected = None;
        self.last_current = None;
        self.found.key = None;
        self.context_node = None;
    }
}

/// Draws the map; a click on a node, or Enter on the selected one, pushes
/// a jump there. `information_sets` are a Gambit game's (empty otherwise).
pub fn map_ui(
    ui: &mut Ui,
    session: &Session,
    layout: &Arc<MapLayout>,
    rational: Option<&[StepId]>,
    information_sets: &[InformationSet],
    view: &mut MapView,
    actions: &mut Vec<UiAction>,
) {
    let scenario = session.scenario();
    let graph = session.graph();
    if view.layout_id != Arc::as_ptr(layout) as usize {
        view.reset_for(layout);
    }
    let current = session.current();
    let current_changed = view.last_current != Some(current);
    if current_changed {
        view.selected = Some(current);
    }

    // One row: the legend and the options wait behind a button, so the
    // drawing keeps the height.
    toolbar_ui(
        ui,
        session,
        layout,
        rational.is_some(),
        !information_sets.is_empty(),
        view,
    );

    // What is hidden and what the search finds, kept until they change.
    let layout_id = Arc::as_ptr(layout) as usize;
    let reachable_from = view.only_reachable.then_some(current);
    let hidden_key = (layout_id, view.collapsed_generation, reachable_from);
    if view.hidden.key != Some(hidden_key) {
        let path_nodes: Vec<SituationId> = std::iter::once(graph.start())
            .chain(session.path().iter().map(|s| graph.target(*s)))
            .collect();
        view.hidden.flags = search::hidden(
            graph,
            layout,
            &view.collapsed,
            reachable_from.map(|r| (r, path_nodes.as_slice())),
        );
        view.hidden.n_hidden = view.hidden.flags.iter().filter(|h| **h).count();
        view.hidden.key = Some(hidden_key);
        view.hidden.generation += 1;
    }
    let found_key = (layout_id, view.search.trim().to_lowercase());
    if view.found.key.as_ref() != Some(&found_key) {
        view.found.matches = search::find(scenario, graph, layout, &view.search);
        view.found.flags = if view.found.matches.is_empty() {
            Vec::new()
        } else {
            let mut flags = vec![false; graph.n_situations()];
            for id in &view.found.matches {
                flags[id.index()] = true;
            }
            flags
        };
        view.found.at = None;
        view.found.key = Some(found_key);
        view.found.generation += 1;
    }

    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let canvas = response.rect;
    let canvas_id = response.id;
    if view.fit_all || view.scale.x <= 0.0 {
        view.fit(layout, canvas);
    } else if view.fit_next_frame {
        view.fit_first(layout, canvas);
    }
    if view.fit_path {
        let mut area = Rect::NOTHING;
        for id in
            std::iter::once(graph.start()).chain(session.path().iter().map(|s| graph.target(*s)))
        {
            let p = layout.positions[id.index()];
            area.extend_with(egui::pos2(p[0], p[1]));
        }
        view.fit_rect(area.expand2(vec2(2.0, 0.5)), canvas);
        view.fit_path = false;
    }
    // The map keeps the current situation in view.
    if current_changed {
        let p = view.to_screen(canvas, layout.positions[current.index()]);
        if view.last_current.is_some() && !canvas.shrink(30.0).contains(p) {
            view.centre_on(canvas, layout.positions[current.index()]);
        }
        view.last_current = Some(current);
    }

    // Minimap: a click or drag there moves the view.
    // Only while part of the graph is out of view.
    let everything_in_view = {
        let a = view.to_screen(canvas, [0.0, 0.0]);
        let b = view.to_screen(canvas, [layout.width, (layout.n_layers.max(1) - 1) as f32]);
        canvas.contains(a) && canvas.contains(b)
    };
    let minimap = (view.show_minimap
        && !everything_in_view
        && canvas.width() > 300.0
        && canvas.height() > 220.0)
        .then(|| {
            let size = vec2(
                (canvas.width() * 0.22).clamp(110.0, 200.0),
                (canvas.height() * 0.22).clamp(80.0, 150.0),
            );
            Rect::from_min_size(canvas.right_bottom() - size - vec2(8.0, 8.0), size)
        });
    let mini_response = minimap.map(|rect| {
        ui.interact(rect, canvas_id.with("minimap"), Sense::click_and_drag())
            .on_hover_text("Overview: click or drag to move the view")
    });

    if response.dragged() {
        view.offset += response.drag_delta();
    }
    if let (Some(rect), Some(mini)) = (minimap, &mini_response)
        && (mini.clicked() || mini.dragged())
        && let Some(pointer) = mini.interact_pointer_pos()
    {
        let target = draw::minimap_to_layout(layout, rect, pointer);
        view.centre_on(canvas, target);
    }
    if response.hovered() {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta(), i.zoom_delta()));
        let factor = zoom * ZOOM_STEP.powf(scroll.y / POINTS_PER_NOTCH);
        if (factor - 1.0).abs() > 1e-4
            && let Some(pointer) = response.hover_pos()
        {
            view.zoom_at(canvas, pointer, factor);
        }
    }

    // Keyboard, while the map has the focus.
    if response.clicked() || response.secondary_clicked() {
        response.request_focus();
    }
    if response.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                canvas_id,
                EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    tab: false,
                    escape: false,
                },
            );
        });
        keyboard(ui, session, layout, view, canvas, actions);
    }

    painter.rect_filled(canvas, 0.0, ui.visuals().extreme_bg_color);
    let dark = ui.visuals().dark_mode;
    let rational_steps: Vec<StepId> = match rational {
        Some(steps) if view.show_rational => steps.to_vec(),
        _ => Vec::new(),
    };
    let key = CacheKey {
        canvas,
        offset: view.offset,
        scale: view.scale,
        layout: layout_id,
        current,
        n_visits: session.walk().visits().len(),
        colouring: view.colouring,
        dark,
        rational: rational_steps,
        hidden: view.hidden.generation,
        found: view.found.generation,
        selected: view.selected,
        minimap: minimap.is_some(),
        n_sets: information_sets.len(),
    };
    if view.cache.as_ref().is_none_or(|c| c.key != key) {
        // The minimap does not move with the view: keep it while the rest
        // of what it shows stays.
        let kept_minimap = view.cache.as_ref().and_then(|c| {
            let old = &c.key;
            (old.layout == key.layout
                && old.current == key.current
                && old.n_visits == key.n_visits
                && old.dark == key.dark)
                .then(|| c.geometry.minimap.clone())
                .flatten()
        });
        let inputs = Inputs {
            kept_minimap,
            scenario,
            session,
            layout,
            rational: &key.rational,
            information_sets,
            hidden: &view.hidden.flags,
            matches: &view.found.flags,
            selected: view.selected,
            canvas,
            minimap,
            dark,
            text_colour: ui.visuals().text_color(),
            background: ui.visuals().extreme_bg_color,
        };
        let geometry = draw::build(ui, &inputs, view);
        view.cache = Some(Cached { key, geometry });
    }
    let Some(cached) = &view.cache else { return };
    let geometry = &cached.geometry;
    view.n_drawn = geometry.n_drawn;
    view.n_bands = geometry.n_bands;
    let painter = painter.with_clip_rect(canvas);
    painter.add(Shape::Mesh(Arc::clone(&geometry.mesh)));
    let text_colour = ui.visuals().text_color();
    let radius = node_radius(view);
    let mut clicked: Option<SituationId> = None;
    let mut context: Option<SituationId> = None;
    for label in &geometry.labels {
        painter.galley(label.pos, Arc::clone(&label.galley), text_colour);
        if !label.is_node {
            continue;
        }
        // Each labelled node is a widget: found by its label, clickable.
        let node = view.to_screen(canvas, layout.positions[label.situation.index()]);
        let area = Rect::from_min_size(label.pos, label.galley.size())
            .union(Rect::from_center_size(
                node,
                Vec2::splat(2.0 * radius + 4.0),
            ))
            .intersect(canvas);
        let r = ui.interact(area, canvas_id.with(label.situation.0), Sense::click());
        let text = label.text.clone();
        r.widget_info(|| WidgetInfo::labeled(egui::Role::TreeItem, true, text.clone()));
        if r.clicked() {
            clicked = Some(label.situation);
        }
        if r.secondary_clicked() {
            context = Some(label.situation);
        }
        if r.hovered() {
            r.on_hover_text(summary_text(scenario, session, layout, label.situation));
        }
    }
    if let (Some(rect), Some(mesh)) = (minimap, geometry.minimap.as_ref().map(|m| &m.1)) {
        let painter = ui.painter().with_clip_rect(rect);
        painter.add(Shape::Mesh(Arc::clone(mesh)));
        painter.rect_stroke(
            rect,
            2.0,
            Stroke::new(1.0, ui.visuals().weak_text_color()),
            egui::StrokeKind::Inside,
        );
        // The viewport.
        let a = draw::minimap_point(layout, rect, view.to_layout(canvas, canvas.min));
        let b = draw::minimap_point(layout, rect, view.to_layout(canvas, canvas.max));
        let viewport = Rect::from_two_pos(a, b).intersect(rect);
        painter.rect_stroke(
            viewport.expand(1.0),
            0.0,
            Stroke::new(1.5, draw::SELECTED_COLOUR),
            egui::StrokeKind::Outside,
        );
    }

    // Hover and click on the canvas: the nearest node within a few pixels.
    if let Some(pointer) = response.hover_pos()
        && minimap.is_none_or(|m| !m.contains(pointer))
        && let Some(id) = nearest(layout, view, canvas, pointer)
    {
        let p = view.to_screen(canvas, layout.positions[id.index()]);
        painter.circle_stroke(
            p,
            radius + 4.0,
            Stroke::new(2.0, ui.visuals().strong_text_color()),
        );
        response
            .clone()
            .on_hover_text(summary_text(scenario, session, layout, id));
        // A pointer click only: Enter on the focused map is handled above.
        if response.clicked() && ui.input(|i| i.pointer.any_click()) {
            clicked = Some(id);
        }
        if response.secondary_clicked() {
            context = Some(id);
        }
    }
    if let Some(id) = clicked {
        view.selected = Some(id);
        ui.memory_mut(|m| m.request_focus(canvas_id));
        actions.push(UiAction::Session(Action::Reach(id)));
    }
    if let Some(id) = context {
        view.context_node = Some(id);
        view.selected = Some(id);
    }
    response.context_menu(|ui| {
        let Some(id) = view.context_node else {
            ui.label("Right-click a situation");
            return;
        };
        ui.label(RichText::new(situation_label(scenario, graph, layout, id)).strong());
        if ui.button("Go here").clicked() {
            actions.push(UiAction::Session(Action::Reach(id)));
            ui.close();
        }
        if !layout.tree_children(id).is_empty() {
            let text = if view.collapsed.contains(&id) {
                "Expand"
            } else {
                "Collapse the subtree"
            };
            if ui.button(text).clicked() {
                view.toggle_collapsed(id);
                ui.close();
            }
        }
    });
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

    #[test]
    fn a_deep_line_opens_at_its_start_with_readable_layers_and_fit_all_fits_it() {
        use crate::synthetic::{SyntheticSpec, generate};
        let spec = SyntheticSpec {
            n_actors: 1,
            n_variables: 1,
            n_levels: 20_001,
            n_moves: 1,
            chance_every: 0,
        };
        let scenario = crate::model::load_str(&generate(&spec), "line.ron").unwrap();
        let graph = crate::engine::expand(&scenario);
        let layout = MapLayout::new(&graph);
        let canvas = Rect::from_min_size(pos2(0.0, 0.0), vec2(600.0, 600.0));
        let mut view = MapView::new();
        view.fit_first(&layout, canvas);
        assert_eq!(view.scale.y, DEEP_LAYER_PX);
        // The start is at the top, in the middle.
        let start = view.to_screen(canvas, layout.positions[0]);
        assert!(
            (start.x - 300.0).abs() < 1.0 && (start.y - 24.0).abs() < 1.0,
            "{start:?}"
        );
        view.fit(&layout, canvas);
        let last = view.to_screen(canvas, layout.positions[graph.n_situations() - 1]);
        assert!(canvas.contains(last) && view.scale.y < 0.1, "{last:?}");
    }

    #[test]
    fn a_notch_zooms_by_one_point_two_about_the_pointer() {
        let mut view = MapView {
            offset: vec2(0.0, 0.0),
            scale: vec2(10.0, 10.0),
            ..MapView::default()
        };
        let canvas = Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0));
        let anchor = pos2(400.0, 300.0);
        let before = view.to_layout(canvas, anchor);
        view.zoom_at(
            canvas,
            anchor,
            ZOOM_STEP.powf(POINTS_PER_NOTCH / POINTS_PER_NOTCH),
        );
        assert!((view.scale.x - 12.0).abs() < 1e-4);
        let after = view.to_layout(canvas, anchor);
        assert!((before[0] - after[0]).abs() < 1e-4 && (before[1] - after[1]).abs() < 1e-4);
    }
}
