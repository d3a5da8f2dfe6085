//! The map's keyboard and pointer: moving the selection between
//! situations, and the situation nearest the pointer.

use super::*;

/// Arrows: Up to the parent, Down to a child (the one on the path if the
/// path goes on from here), Left and Right to the sibling or, at the end of
/// the siblings, the neighbour in the layer; Enter goes there; Escape
/// selects the current situation again.
pub(super) fn keyboard(
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
pub(super) fn layer_neighbour(
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

pub(super) fn nearest(
    layout: &MapLayout,
    view: &MapView,
    canvas: Rect,
    pointer: Pos2,
) -> Option<SituationId> {
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
