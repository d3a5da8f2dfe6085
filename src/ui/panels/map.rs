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

mod draw;
pub mod search;

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

    /// Fit the whole graph on the next frame, however deep it is (the F key
    /// and the Fit all button).
    pub fn fit_all_next_frame(&mut self) {
        self.fit_all = true;
    }

    /// Scales and centres so the whole layout fits `canvas`.
    pub fn fit(&mut self, layout: &MapLayout, canvas: Rect) {
        let all = Rect::from_min_max(
            Pos2::ZERO,
            egui::pos2(layout.width.max(1.0), (layout.n_layers.max(1) - 1) as f32),
        );
        self.fit_rect(all, canvas);
        self.fit_next_frame = false;
        self.fit_all = false;
    }

    /// The first view of a graph: all of it, or for a graph too deep to
    /// read whole, its full width with readable layers and the start at
    /// the top.
    fn fit_first(&mut self, layout: &MapLayout, canvas: Rect) {
        self.fit(layout, canvas);
        if self.scale.y < MIN_FIT_LAYER_PX {
            self.scale.y = DEEP_LAYER_PX;
            self.offset.y = 24.0;
        }
    }

    /// Scales and centres so `area` (in layout units) fits `canvas`.
    fn fit_rect(&mut self, area: Rect, canvas: Rect) {
        let margin = 28.0;
        let sx =
            ((canvas.width() - 2.0 * margin).max(10.0) / area.width().max(1.0)).min(MAX_SLOT_PX);
        let sy =
            ((canvas.height() - 2.0 * margin).max(10.0) / area.height().max(1.0)).min(MAX_LAYER_PX);
        self.scale = vec2(sx, sy);
        let centre = area.center();
        self.offset = vec2(
            canvas.width() / 2.0 - centre.x * sx,
            if area.height() * sy < canvas.height() - 2.0 * margin {
                margin - area.min.y * sy
            } else {
                canvas.height() / 2.0 - centre.y * sy
            },
        );
    }

    /// Fits the current path on the next frame.
    pub fn fit_path_next_frame(&mut self) {
        self.fit_path = true;
    }

    fn to_screen(&self, canvas: Rect, p: [f32; 2]) -> Pos2 {
        canvas.min + self.offset + vec2(p[0] * self.scale.x, p[1] * self.scale.y)
    }

    fn to_layout(&self, canvas: Rect, p: Pos2) -> [f32; 2] {
        let v = p - canvas.min - self.offset;
        [v.x / self.scale.x, v.y / self.scale.y]
    }

    /// Zooms by `factor` keeping the screen point `anchor` in place.
    fn zoom_at(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let fixed = self.to_layout(canvas, anchor);
        self.scale = (self.scale * factor).clamp(vec2(1e-5, 1e-5), vec2(600.0, 600.0));
        let moved = self.to_screen(canvas, fixed);
        self.offset += anchor - moved;
    }

    /// Pans so the layout point `p` is at the canvas' centre.
    fn centre_on(&mut self, canvas: Rect, p: [f32; 2]) {
        let now = self.to_screen(canvas, p);
        self.offset += canvas.center() - now;
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

    toolbar_ui(ui, session, layout, rational.is_some(), view);
    legend_ui(ui, scenario, view.colouring, !information_sets.is_empty());

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

/// The buttons above the map.
fn toolbar_ui(
    ui: &mut Ui,
    session: &Session,
    layout: &MapLayout,
    has_rational: bool,
    view: &mut MapView,
) {
    let graph = session.graph();
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Fit all")
            .on_hover_text(shortcut_tip(ui, Command::FitMap))
            .clicked()
        {
            view.fit_all_next_frame();
        }
        if ui
            .button("Fit path")
            .on_hover_text("Zoom to the path from the start to here")
            .clicked()
        {
            view.fit_path_next_frame();
        }
        let centre = |view: &MapView| {
            view.cache
                .as_ref()
                .map_or(Pos2::ZERO, |c| c.key.canvas.center())
        };
        if ui.button("−").on_hover_text("Zoom out").clicked()
            && let Some(canvas) = view.cache.as_ref().map(|c| c.key.canvas)
        {
            let at = centre(view);
            view.zoom_at(canvas, at, 1.0 / ZOOM_STEP);
        }
        if ui.button("+").on_hover_text("Zoom in").clicked()
            && let Some(canvas) = view.cache.as_ref().map(|c| c.key.canvas)
        {
            let at = centre(view);
            view.zoom_at(canvas, at, ZOOM_STEP);
        }
        ui.label("Colour by:");
        ui.selectable_value(&mut view.colouring, Colouring::Turn, "whose turn");
        ui.selectable_value(&mut view.colouring, Colouring::Outcome, "outcome");
        if has_rational {
            ui.checkbox(&mut view.show_rational, "Rational play")
                .on_hover_text("Draw the rational path from the current situation in green");
        }
        ui.checkbox(&mut view.show_minimap, "Overview");
        ui.checkbox(&mut view.only_reachable, "Only reachable from here")
            .on_hover_text("Hide the situations that cannot be reached from the current one");
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Search:");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut view.search)
                    .hint_text("move, outcome or value")
                    .desired_width(150.0),
            )
            .labelled_by(label.id);
        let n = view.found.matches.len();
        let go = |view: &mut MapView, by: isize| {
            let n = view.found.matches.len();
            if n == 0 {
                return;
            }
            let at = match view.found.at {
                None if by >= 0 => 0,
                None => n - 1,
                Some(i) => (i as isize + by).rem_euclid(n as isize) as usize,
            };
            view.found.at = Some(at);
            let id = view.found.matches[at];
            view.selected = Some(id);
            if let Some(canvas) = view.cache.as_ref().map(|c| c.key.canvas) {
                view.centre_on(canvas, layout.positions[id.index()]);
            }
        };
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if entered {
            go(view, 1);
            edit.request_focus();
        }
        if ui
            .add_enabled(n > 0, egui::Button::new("Previous"))
            .clicked()
        {
            go(view, -1);
        }
        if ui.add_enabled(n > 0, egui::Button::new("Next")).clicked() {
            go(view, 1);
        }
        if !view.search.trim().is_empty() {
            let text = match (n, view.found.at) {
                (0, _) => "no match".to_owned(),
                (1, _) => "1 match".to_owned(),
                (n, Some(i)) => format!("match {} of {n}", i + 1),
                (n, None) => format!("{n} matches"),
            };
            ui.label(text);
        }
        ui.separator();
        if let Some(id) = view.selected
            && id.index() < graph.n_situations()
            && !layout.tree_children(id).is_empty()
        {
            let text = if view.collapsed.contains(&id) {
                "Expand"
            } else {
                "Collapse"
            };
            if ui
                .button(text)
                .on_hover_text("Hide or show the subtree below the selected situation")
                .clicked()
            {
                view.toggle_collapsed(id);
            }
        }
        if !view.collapsed.is_empty() && ui.button("Expand all").clicked() {
            view.collapsed.clear();
            view.collapsed_generation += 1;
        }
        let hidden = if view.hidden.n_hidden > 0 {
            format!(", {} hidden", view.hidden.n_hidden)
        } else {
            String::new()
        };
        ui.label(
            RichText::new(format!(
                "{} situations, {} steps; {} on screen{hidden}",
                graph.n_situations(),
                graph.n_steps(),
                view.n_drawn
            ))
            .small(),
        );
    });
}

/// Arrows: Up to the parent, Down to a child (the one on the path if the
/// path goes on from here), Left and Right to the sibling or, at the end of
/// the siblings, the neighbour in the layer; Enter goes there; Escape
/// selects the current situation again.
fn keyboard(
    ui: &Ui,
    session: &Session,
    layout: &MapLayout,
    view: &mut MapView,
    canvas: Rect,
    actions: &mut Vec<UiAction>,
) {
    let graph = session.graph();
    let selected = view.selected.unwrap_or(session.current());
    let pressed = |key: Key| ui.input_mut(|i| i.consume_key(Modifiers::NONE, key));
    let visible = |id: &SituationId| !view.is_hidden(*id);
    let mut next = None;
    if pressed(Key::ArrowUp) {
        next = layout.tree_parent_of(selected);
    }
    if pressed(Key::ArrowDown) {
        let path = session.path();
        let on_path = path
            .iter()
            .position(|s| graph.source(*s) == selected)
            .map(|i| graph.target(path[i]))
            .filter(|c| layout.tree_parent_of(*c) == Some(selected));
        let kids = layout.tree_children(selected);
        next = if view.collapsed.contains(&selected) {
            None
        } else {
            on_path
                .or_else(|| kids.iter().copied().find(|c| visible(c)))
                .filter(visible)
        };
    }
    for (key, by) in [(Key::ArrowLeft, -1isize), (Key::ArrowRight, 1)] {
        if pressed(key) {
            next = layout
                .sibling(selected, by)
                .filter(visible)
                .or_else(|| layer_neighbour(layout, view, selected, by));
        }
    }
    if pressed(Key::Escape) {
        next = Some(session.current());
    }
    if let Some(id) = next {
        view.selected = Some(id);
        let p = view.to_screen(canvas, layout.positions[id.index()]);
        if !canvas.shrink(30.0).contains(p) {
            view.centre_on(canvas, layout.positions[id.index()]);
        }
    }
    if pressed(Key::Enter)
        && let Some(id) = view.selected
    {
        actions.push(UiAction::Session(Action::Reach(id)));
    }
}

/// The nearest visible situation beside `id` in its layer.
fn layer_neighbour(
    layout: &MapLayout,
    view: &MapView,
    id: SituationId,
    by: isize,
) -> Option<SituationId> {
    let p = layout.positions[id.index()];
    let layer = layout.layers.get(p[1] as usize)?;
    let at = layer.partition_point(|s| layout.positions[s.index()][0] < p[0]);
    if by < 0 {
        layer[..at]
            .iter()
            .rev()
            .copied()
            .find(|s| !view.is_hidden(*s))
    } else {
        layer
            .get(at + 1..)?
            .iter()
            .copied()
            .find(|s| !view.is_hidden(*s))
    }
}

fn nearest(layout: &MapLayout, view: &MapView, canvas: Rect, pointer: Pos2) -> Option<SituationId> {
    let reach = node_radius(view) + 6.0;
    let at = view.to_layout(canvas, pointer);
    let dy = reach / view.scale.y;
    let dx = reach / view.scale.x;
    let y0 = (at[1] - dy).floor().max(0.0) as usize;
    let y1 = (at[1] + dy).ceil().max(0.0) as usize;
    let mut best: Option<(f32, SituationId)> = None;
    // A few layers at most (when zoomed far out, the nearest rows only).
    for y in y0..=y1.min(y0 + 8) {
        for id in layout.in_range(y, at[0] - dx, at[0] + dx).iter().take(64) {
            if view.is_hidden(*id) {
                continue;
            }
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

fn summary_text(
    scenario: &Scenario,
    session: &Session,
    layout: &MapLayout,
    id: SituationId,
) -> String {
    let graph = session.graph();
    let mut text = format!("{}\n{id}: ", situation_label(scenario, graph, layout, id));
    text.push_str(&match graph.status(id) {
        Status::Outcome(o) => format!("outcome {}", scenario.outcome(o).label),
        Status::Open => format!("{} to move", turn_label(scenario, graph.turn(id))),
        Status::DeadEnd => "dead end".to_owned(),
        Status::Frontier(_) => "frontier (not expanded)".to_owned(),
    });
    text.push_str(&format!(", {} moves from the start", graph.node(id).depth));
    let n_below = layout.subtree_size(id).saturating_sub(1);
    if n_below > 0 {
        text.push_str(&format!(", {n_below} below it"));
    }
    for (v, value) in scenario.variables.iter().zip(graph.values(id)) {
        text.push_str(&format!("\n{}: {}", v.display_name(), v.value_label(value)));
    }
    text.push_str("\nClick to go here; right-click to collapse.");
    text
}

fn legend_ui(ui: &mut Ui, scenario: &Scenario, colouring: Colouring, is_game: bool) {
    ui.horizontal_wrapped(|ui| {
        let swatch = |ui: &mut Ui, shape: NodeShape, colour: Color32, text: &str| {
            let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
            let mut mesh = Mesh::default();
            shape_into(&mut mesh, shape, rect.center(), 5.0, colour);
            ui.painter().add(Shape::mesh(mesh));
            ui.label(RichText::new(text).small());
        };
        match colouring {
            Colouring::Turn => {
                for (a, actor) in scenario.actors.iter().enumerate() {
                    let index = ActorIndex(a as u16);
                    let who = if actor.is_chance() {
                        Mover::Chance
                    } else {
                        Mover::Actor(index)
                    };
                    let colour = if who == Mover::Chance {
                        draw::CHANCE_GREY
                    } else {
                        actor_colour(scenario, index)
                    };
                    swatch(ui, shape_of(who), colour, &actor.name);
                }
                swatch(ui, NodeShape::Bar, draw::OUTCOME_GOLD, "outcome");
            }
            Colouring::Outcome => {
                for (o, outcome) in scenario.outcomes.iter().enumerate() {
                    swatch(
                        ui,
                        NodeShape::Bar,
                        draw::OUTCOME_COLOURS[o % draw::OUTCOME_COLOURS.len()],
                        &outcome.label,
                    );
                }
            }
        }
        swatch(ui, NodeShape::Bar, draw::DEAD_END_RED, "dead end");
        let mut key = "bold: current path   green: rational play   ringed: visited   dashed: merge or cycle   magenta: search match   blue ring: selected".to_owned();
        if is_game {
            key.push_str("   dotted: information set");
        }
        ui.label(RichText::new(key).small().color(ui.visuals().weak_text_color()));
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
