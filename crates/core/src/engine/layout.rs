//! The map's layout: a tidy tree of the unfolding from the start. The app's
//! map and the SVG export both draw these positions and these labels, so the
//! exported picture is the one on the screen.
//!
//! The tree is the shortest-path tree from the start: every situation is
//! drawn once, under the step that first reaches it; the other steps into a
//! situation reached earlier (merges and cycles) are drawn as cross-links.
//! Layer = depth (moves from the start). Within layers, x comes from
//! Walker's tidy-tree algorithm in its linear-time form (Buchheim, Jünger
//! and Leipert, "Improving Walker's algorithm to run in linear time", 2002):
//! a parent is centred over its children, subtrees are pushed apart only as
//! far as their contours need (one unit between neighbours in a layer), and
//! the space is shared out among the subtrees in between, so small subtrees
//! tuck in beside big ones instead of each getting a band as wide as its
//! leaves. Tree edges never cross. Both walks are iterative (a 200,000-move
//! line does not overflow the stack). O(situations + steps).

use super::{SituationGraph, SituationId, Status, StepId, Turn};
use crate::model::{Scenario, format_percent};

/// No parent, child or thread.
const NONE: u32 = u32::MAX;

/// Positions of every situation, in layout units: x in node slots (one
/// unit between neighbours in a layer), y in layers (one unit per move).
#[derive(Clone, Debug, Default)]
pub struct MapLayout {
    /// Per situation: x, y.
    pub positions: Vec<[f32; 2]>,
    /// Width in node slots (every x lies in `0.5..width`).
    pub width: f32,
    /// Number of layers.
    pub n_layers: u32,
    /// Per layer: the situations in it, sorted by x, for culling.
    pub layers: Vec<Vec<SituationId>>,
    /// Per situation: the step from its parent in the tree, if any.
    pub tree_parent: Vec<Option<StepId>>,
    /// Per situation: where its children start in `children` (CSR form;
    /// one more entry than situations).
    child_start: Vec<u32>,
    /// The tree's children of every situation, in step order.
    children: Vec<SituationId>,
    /// Per situation: its parent in the tree (`NONE` for the start).
    parent: Vec<u32>,
    /// Per situation: how many situations its subtree holds, itself included.
    subtree: Vec<u32>,
    /// The names a game file gives its nodes ([`Self::with_names`]).
    names: SituationNames,
}

/// The names a game file gives some of its situations (a Gambit node's
/// label), for the map ([`MapLayout::with_names`]). All names are kept in one string, with
/// eight bytes per named situation and nothing for the others, so a
/// million-node tree without names costs nothing and one with names costs
/// little more than their text. Look-up is a binary search: O(log named).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SituationNames {
    /// Every name, one after the other.
    text: String,
    /// Per named situation, by increasing id: its id and where its name
    /// ends in `text` (it starts where the previous one ends).
    ends: Vec<(u32, u32)>,
}

impl SituationNames {
    /// No names.
    pub fn new() -> SituationNames {
        SituationNames::default()
    }

    /// Room for `n_names` more names of `n_bytes` in all, asked of the
    /// system first, so that memory it refuses is an error, not an abort.
    pub fn try_reserve(
        &mut self,
        n_names: usize,
        n_bytes: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        self.ends.try_reserve_exact(n_names)?;
        self.text.try_reserve_exact(n_bytes)
    }

    /// Names situation `id`. Ids must be given in increasing order, and
    /// an empty name is not kept (the situation keeps its usual label);
    /// returns whether the name was kept. Past 4 GiB of names the rest
    /// are dropped.
    pub fn push(&mut self, id: SituationId, name: &str) -> bool {
        let in_order = self.ends.last().is_none_or(|(last, _)| *last < id.0);
        let end = u32::try_from(self.text.len() + name.len());
        match end {
            Ok(end) if in_order && !name.is_empty() => {
                self.text.push_str(name);
                self.ends.push((id.0, end));
                true
            }
            _ => false,
        }
    }

    /// As [`Self::push`], growing the tables as a vector grows (by
    /// doubling) and asking the system first: a refusal is an error.
    pub fn try_push(
        &mut self,
        id: SituationId,
        name: &str,
    ) -> Result<bool, std::collections::TryReserveError> {
        self.ends.try_reserve(1)?;
        self.text.try_reserve(name.len())?;
        Ok(self.push(id, name))
    }

    /// Gives back the room reserved beyond what the names hold.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// The name of situation `id`, if it has one.
    pub fn name(&self, id: SituationId) -> Option<&str> {
        let k = self.ends.binary_search_by_key(&id.0, |(s, _)| *s).ok()?;
        let start = match k {
            0 => 0,
            _ => self.ends.get(k - 1).map_or(0, |(_, e)| *e as usize),
        };
        let end = self.ends.get(k).map_or(0, |(_, e)| *e as usize);
        self.text.get(start..end)
    }

    /// How many situations have a name.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no situation has a name.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes held: the text and the index.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<(u32, u32)>()
    }
}

impl MapLayout {
    /// The layout with the names a game file gives its situations, which
    /// [`situation_label`] shows in place of the step that led there.
    pub fn with_names(mut self, names: SituationNames) -> MapLayout {
        self.names = names;
        self
    }

    /// The name the game file gives situation `id`, if any.
    pub fn name(&self, id: SituationId) -> Option<&str> {
        self.names.name(id)
    }

    /// Every name the layout shows ([`Self::with_names`]).
    pub fn names(&self) -> &SituationNames {
        &self.names
    }

    /// Lays out a graph. O(situations + steps).
    pub fn new(graph: &SituationGraph) -> MapLayout {
        let n = graph.n_situations();
        let tree_parent = graph.shortest_path_tree();
        let mut parent = vec![NONE; n];
        let mut n_children = vec![0u32; n + 1];
        for id in graph.situations() {
            for s in graph.steps(id) {
                let to = graph.target(s);
                if tree_parent[to.index()] == Some(s) && parent[to.index()] == NONE {
                    parent[to.index()] = id.0;
                    n_children[id.index()] += 1;
                }
            }
        }
        // Children in CSR form, in step order.
        let mut child_start = vec![0u32; n + 1];
        for i in 0..n {
            child_start[i + 1] = child_start[i] + n_children[i];
        }
        let mut fill: Vec<u32> = child_start[..n].to_vec();
        let mut children = vec![SituationId(0); child_start[n] as usize];
        for id in graph.situations() {
            for s in graph.steps(id) {
                let to = graph.target(s);
                if parent[to.index()] == id.0 && tree_parent[to.index()] == Some(s) {
                    let slot = &mut fill[id.index()];
                    // A step repeated to the same child is placed once.
                    if children[child_start[id.index()] as usize..*slot as usize].contains(&to) {
                        continue;
                    }
                    children[*slot as usize] = to;
                    *slot += 1;
                }
            }
        }
        let mut layout = MapLayout {
            positions: vec![[0.0, 0.0]; n],
            width: 0.0,
            n_layers: 0,
            layers: Vec::new(),
            tree_parent,
            child_start,
            children,
            parent,
            subtree: vec![1; n],
            names: SituationNames::new(),
        };
        if n == 0 {
            return layout;
        }
        // Breadth-first order from the start: parents before children.
        let mut order = Vec::with_capacity(n);
        let mut reached = vec![false; n];
        order.push(graph.start());
        reached[graph.start().index()] = true;
        let mut i = 0;
        while i < order.len() {
            let id = order[i];
            for c in layout.tree_children(id) {
                if !reached[c.index()] {
                    reached[c.index()] = true;
                    order.push(*c);
                }
            }
            i += 1;
        }
        for id in order.iter().rev() {
            let p = layout.parent[id.index()];
            if p != NONE {
                layout.subtree[p as usize] += layout.subtree[id.index()];
            }
        }
        let xs = tidy_x(&layout, &order);
        let min_x = order
            .iter()
            .map(|id| xs[id.index()])
            .fold(f64::INFINITY, f64::min);
        let mut width = 0.0f32;
        let mut n_layers = 0;
        for id in &order {
            let x = (xs[id.index()] - min_x) as f32 + 0.5;
            let depth = graph.node(*id).depth;
            layout.positions[id.index()] = [x, depth as f32];
            width = width.max(x + 0.5);
            n_layers = n_layers.max(depth + 1);
        }
        // Situations the tree does not reach (none after a full expansion)
        // go to the right so nothing is lost.
        for id in graph.situations() {
            if !reached[id.index()] {
                layout.positions[id.index()] = [width + 0.5, graph.node(id).depth as f32];
                width += 1.0;
                n_layers = n_layers.max(graph.node(id).depth + 1);
            }
        }
        let mut layers: Vec<Vec<SituationId>> = vec![Vec::new(); n_layers as usize];
        for id in graph.situations() {
            if let Some(layer) = layers.get_mut(layout.positions[id.index()][1] as usize) {
                layer.push(id);
            }
        }
        let positions = &layout.positions;
        for layer in &mut layers {
            layer.sort_by(|a, b| positions[a.index()][0].total_cmp(&positions[b.index()][0]));
        }
        layout.layers = layers;
        layout.width = width;
        layout.n_layers = n_layers;
        layout
    }

    /// The situations of layer `y` whose x lies in `x_min..=x_max`.
    pub fn in_range(&self, y: usize, x_min: f32, x_max: f32) -> &[SituationId] {
        let Some(layer) = self.layers.get(y) else {
            return &[];
        };
        let from = layer.partition_point(|id| self.positions[id.index()][0] < x_min);
        let to = layer.partition_point(|id| self.positions[id.index()][0] <= x_max);
        &layer[from..to.max(from)]
    }

    /// The leftmost and rightmost x of layer `y`, if it has situations.
    pub fn layer_extent(&self, y: usize) -> Option<(f32, f32)> {
        let layer = self.layers.get(y)?;
        let first = layer.first()?;
        let last = layer.last()?;
        Some((
            self.positions[first.index()][0],
            self.positions[last.index()][0],
        ))
    }

    /// The situation's children in the tree, in step order.
    pub fn tree_children(&self, id: SituationId) -> &[SituationId] {
        let i = id.index();
        match (self.child_start.get(i), self.child_start.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.children[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The situation's parent in the tree (`None` for the start).
    pub fn tree_parent_of(&self, id: SituationId) -> Option<SituationId> {
        match self.parent.get(id.index()) {
            Some(&p) if p != NONE => Some(SituationId(p)),
            _ => None,
        }
    }

    /// The situations of the situation's subtree in the tree, itself included.
    pub fn subtree_size(&self, id: SituationId) -> usize {
        self.subtree.get(id.index()).map_or(0, |&n| n as usize)
    }

    /// The situation's tree neighbour `by` places along its layer among its
    /// parent's children (-1 is the sibling on the left), if there is one.
    pub fn sibling(&self, id: SituationId, by: isize) -> Option<SituationId> {
        let p = self.tree_parent_of(id)?;
        let siblings = self.tree_children(p);
        let at = siblings.iter().position(|s| *s == id)?;
        let to = at.checked_add_signed(by)?;
        siblings.get(to).copied()
    }
}

/// Walker's x positions, linear time (Buchheim, Jünger, Leipert 2002),
/// with both walks as loops over `order` (breadth first from the root).
fn tidy_x(layout: &MapLayout, order: &[SituationId]) -> Vec<f64> {
    const DISTANCE: f64 = 1.0;
    let n = layout.positions.len();
    let mut prelim = vec![0.0f64; n];
    let mut modifier = vec![0.0f64; n];
    let mut shift = vec![0.0f64; n];
    let mut change = vec![0.0f64; n];
    let mut thread = vec![NONE; n];
    let mut ancestor: Vec<u32> = (0..n as u32).collect();
    // A node's own midpoint over its children, found once they are placed.
    let mut midpoint = vec![0.0f64; n];
    // A node's place among its siblings.
    let mut number = vec![0u32; n];
    for id in order {
        for (k, c) in layout.tree_children(*id).iter().enumerate() {
            number[c.index()] = k as u32;
        }
    }
    let first_child = |v: usize| layout.tree_children(SituationId(v as u32)).first();
    let last_child = |v: usize| layout.tree_children(SituationId(v as u32)).last();
    let next_left = |v: usize, thread: &[u32]| -> u32 { first_child(v).map_or(thread[v], |c| c.0) };
    let next_right = |v: usize, thread: &[u32]| -> u32 { last_child(v).map_or(thread[v], |c| c.0) };

    // First walk, children before parents: at each parent, place each
    // child next to its left sibling and push it clear of the subtrees on
    // its left (apportion), then spread the shifts and centre the parent.
    for id in order.iter().rev() {
        let v = id.index();
        let kids = layout.tree_children(*id);
        if kids.is_empty() {
            continue;
        }
        let mut default_ancestor = kids[0].index();
        for (k, w) in kids.iter().enumerate() {
            let w = w.index();
            let has_children = first_child(w).is_some();
            if k == 0 {
                prelim[w] = midpoint[w];
            } else {
                let left = kids[k - 1].index();
                prelim[w] = prelim[left] + DISTANCE;
                if has_children {
                    modifier[w] = prelim[w] - midpoint[w];
                }
                // Apportion: walk the right contour of the left forest and
                // the left contour of w's subtree down together.
                let mut vip = w;
                let mut vop = w;
                let mut vim = left;
                let mut vom = kids[0].index();
                let mut sip = modifier[vip];
                let mut sop = modifier[vop];
                let mut sim = modifier[vim];
                let mut som = modifier[vom];
                loop {
                    let r = next_right(vim, &thread);
                    let l = next_left(vip, &thread);
                    if r == NONE || l == NONE {
                        break;
                    }
                    vim = r as usize;
                    vip = l as usize;
                    vom = next_left(vom, &thread) as usize;
                    vop = next_right(vop, &thread) as usize;
                    ancestor[vop] = w as u32;
                    let gap = (prelim[vim] + sim) - (prelim[vip] + sip) + DISTANCE;
                    if gap > 0.0 {
                        // The greatest uncommon ancestor of vim on the left.
                        let a = ancestor[vim] as usize;
                        let wm = if layout.parent[a] == v as u32 {
                            a
                        } else {
                            default_ancestor
                        };
                        let subtrees = f64::from(number[w] - number[wm]);
                        change[w] -= gap / subtrees;
                        shift[w] += gap;
                        change[wm] += gap / subtrees;
                        prelim[w] += gap;
                        modifier[w] += gap;
                        sip += gap;
                        sop += gap;
                    }
                    sim += modifier[vim];
                    sip += modifier[vip];
                    som += modifier[vom];
                    sop += modifier[vop];
                }
                let r = next_right(vim, &thread);
                if r != NONE && next_right(vop, &thread) == NONE {
                    thread[vop] = r;
                    modifier[vop] += sim - sop;
                }
                let l = next_left(vip, &thread);
                if l != NONE && next_left(vom, &thread) == NONE {
                    thread[vom] = l;
                    modifier[vom] += sip - som;
                    default_ancestor = w;
                }
            }
        }
        // Execute the shifts, right to left.
        let mut total_shift = 0.0;
        let mut total_change = 0.0;
        for w in kids.iter().rev() {
            let w = w.index();
            prelim[w] += total_shift;
            modifier[w] += total_shift;
            total_change += change[w];
            total_shift += shift[w] + total_change;
        }
        let (first, last) = (kids[0].index(), kids[kids.len() - 1].index());
        midpoint[v] = (prelim[first] + prelim[last]) / 2.0;
    }
    // Second walk, parents before children: add up the modifiers.
    let root = order[0].index();
    prelim[root] = midpoint[root];
    let mut sum = vec![0.0f64; n];
    let mut xs = vec![0.0f64; n];
    for id in order {
        let v = id.index();
        xs[v] = prelim[v] + sum[v];
        for c in layout.tree_children(*id) {
            sum[c.index()] = sum[v] + modifier[v];
        }
    }
    xs
}

/// What a situation is called on the map and in the SVG: the name the game
/// file gives it (a Gambit node's label), or else the move and result that
/// led there (the step from its parent in the tree); at an outcome, the
/// outcome's name with each actor's payoff, Gambit style, after the node's
/// name when it has one of its own.
pub fn situation_label(
    scenario: &Scenario,
    graph: &SituationGraph,
    layout: &MapLayout,
    id: SituationId,
) -> String {
    let name = layout.name(id);
    if let Status::Outcome(o) = graph.status(id) {
        let outcome = scenario.outcome(o);
        let payoffs: Vec<String> = outcome
            .payoffs
            .iter()
            .map(|p| crate::model::read_number(*p))
            .collect();
        return match name {
            Some(name) if name != outcome.label => {
                format!("{name}: {} ({})", outcome.label, payoffs.join(", "))
            }
            _ => format!("{} ({})", outcome.label, payoffs.join(", ")),
        };
    }
    let led_here = name.map(str::to_owned).or_else(|| {
        layout
            .tree_parent
            .get(id.index())
            .copied()
            .flatten()
            .map(|s| step_text(scenario, graph, s, false))
    });
    match (led_here, graph.status(id)) {
        (None, _) => "Start".to_owned(),
        (Some(text), Status::DeadEnd) => format!("{text} (dead end)"),
        (Some(text), Status::Frontier(_)) => format!("{text} …"),
        (Some(text), _) => text,
    }
}

/// What a step is called on the map's edges: the move, and for a chance
/// result the result and its probability (`with_probability`), e.g.
/// `Raise enrichment: talks collapse (20 %)`.
pub fn step_text(
    scenario: &Scenario,
    graph: &SituationGraph,
    step: StepId,
    with_probability: bool,
) -> String {
    let s = graph.step(step);
    let m = scenario.move_(s.move_);
    match s.result.and_then(|r| m.results.get(r.index())) {
        Some(r) if with_probability => {
            format!(
                "{}: {} ({})",
                m.label,
                r.label,
                format_percent(r.probability)
            )
        }
        Some(r) => format!("{}: {}", m.label, r.label),
        None => m.label.clone(),
    }
}

/// Who moves at a situation, for the map's colour and shape: an actor, the
/// chance player of a Gambit game, anyone, or nobody (an end).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    /// An actor; its colour is the actor's and its shape goes by its index.
    Actor(crate::model::ActorIndex),
    /// Gambit's chance player (an actor with the id `chance`).
    Chance,
    /// Anyone with an available move.
    Anyone,
    /// Nobody: an outcome, a dead end or the frontier.
    Nobody,
}

/// The mover at a situation.
pub fn mover(scenario: &Scenario, graph: &SituationGraph, id: SituationId) -> Mover {
    if graph.status(id) != Status::Open {
        return Mover::Nobody;
    }
    match graph.turn(id) {
        Turn::Actor(a) if scenario.actor(a).is_chance() => Mover::Chance,
        Turn::Actor(a) => Mover::Actor(a),
        Turn::Anyone => Mover::Anyone,
    }
}

/// A node's shape on the map and in the SVG: by the mover's index for
/// actors, a diamond for chance, a bar for an end (Gambit draws payoffs at
/// the leaves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeShape {
    Circle,
    Square,
    TriangleUp,
    Hexagon,
    TriangleDown,
    Pentagon,
    Diamond,
    Bar,
}

const ACTOR_SHAPES: [NodeShape; 6] = [
    NodeShape::Circle,
    NodeShape::Square,
    NodeShape::TriangleUp,
    NodeShape::Hexagon,
    NodeShape::TriangleDown,
    NodeShape::Pentagon,
];

/// The shape for a mover.
pub fn shape_of(who: Mover) -> NodeShape {
    match who {
        Mover::Actor(a) => ACTOR_SHAPES[a.index() % ACTOR_SHAPES.len()],
        Mover::Chance => NodeShape::Diamond,
        Mover::Anyone => NodeShape::Circle,
        Mover::Nobody => NodeShape::Bar,
    }
}

/// The corners of a shape's polygon around (0, 0) at "radius" `r` (half its
/// width), as the map draws it; `None` for a circle. The SVG draws the same.
pub fn shape_points(shape: NodeShape, r: f32) -> Option<Vec<[f32; 2]>> {
    let regular = |n: u32, scale: f32, start_deg: f32| -> Vec<[f32; 2]> {
        (0..n)
            .map(|k| {
                let angle = (start_deg + 360.0 * k as f32 / n as f32).to_radians();
                [angle.cos() * r * scale, angle.sin() * r * scale]
            })
            .collect()
    };
    match shape {
        NodeShape::Circle => None,
        NodeShape::Square => {
            let h = 0.9 * r;
            Some(vec![[-h, -h], [h, -h], [h, h], [-h, h]])
        }
        NodeShape::Bar => {
            let (w, h) = (1.3 * r, 0.65 * r);
            Some(vec![[-w, -h], [w, -h], [w, h], [-w, h]])
        }
        NodeShape::TriangleUp => Some(regular(3, 1.15, -90.0)),
        NodeShape::TriangleDown => Some(regular(3, 1.15, 90.0)),
        NodeShape::Hexagon => Some(regular(6, 1.05, 0.0)),
        NodeShape::Pentagon => Some(regular(5, 1.08, -90.0)),
        NodeShape::Diamond => Some(regular(4, 1.25, 0.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;
    use crate::synthetic::{SyntheticSpec, generate};

    fn check_tidy(graph: &SituationGraph, layout: &MapLayout) {
        assert_eq!(layout.positions.len(), graph.n_situations());
        for id in graph.situations() {
            assert_eq!(layout.positions[id.index()][1], graph.node(id).depth as f32);
            if let Some(parent) = layout.tree_parent_of(id) {
                assert_eq!(
                    layout.positions[id.index()][1],
                    layout.positions[parent.index()][1] + 1.0
                );
            }
            // A parent sits midway over its first and last child.
            let kids = layout.tree_children(id);
            if let (Some(a), Some(b)) = (kids.first(), kids.last()) {
                let mid = (layout.positions[a.index()][0] + layout.positions[b.index()][0]) / 2.0;
                assert!((layout.positions[id.index()][0] - mid).abs() < 1e-3);
            }
        }
        // Neighbours in a layer at least one unit apart, and tree edges do
        // not cross: in each layer, x order follows the parents' x order.
        for layer in &layout.layers {
            let xs: Vec<f32> = layer
                .iter()
                .map(|id| layout.positions[id.index()][0])
                .collect();
            assert!(xs.windows(2).all(|w| w[1] - w[0] > 0.999), "{xs:?}");
            let parents: Vec<f32> = layer
                .iter()
                .filter_map(|id| layout.tree_parent_of(*id))
                .map(|p| layout.positions[p.index()][0])
                .collect();
            assert!(parents.windows(2).all(|w| w[0] <= w[1]), "{parents:?}");
        }
        for id in graph.situations() {
            let x = layout.positions[id.index()][0];
            assert!(x >= 0.5 - 1e-3 && x <= layout.width - 0.5 + 1e-3);
        }
    }

    #[test]
    fn children_sit_under_their_parent_and_layers_are_depths() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let layout = MapLayout::new(&graph);
        check_tidy(&graph, &layout);
        let all = layout.in_range(1, f32::MIN, f32::MAX).len();
        assert_eq!(all, layout.layers[1].len());
        assert!(
            layout
                .in_range(1, layout.width + 1.0, layout.width + 2.0)
                .is_empty()
        );
        assert_eq!(layout.subtree_size(graph.start()), graph.n_situations());
        assert_eq!(
            situation_label(&scenario, &graph, &layout, graph.start()),
            "Start"
        );
    }

    #[test]
    fn a_larger_generated_tree_is_tidy_and_narrower_than_its_leaves() {
        let spec = SyntheticSpec {
            n_actors: 2,
            n_variables: 3,
            n_levels: 6,
            n_moves: 3,
            chance_every: 2,
        };
        let scenario = load_str(&generate(&spec), "synthetic.ron").unwrap();
        let graph = expand(&scenario);
        let layout = MapLayout::new(&graph);
        check_tidy(&graph, &layout);
        let n_leaves = graph
            .situations()
            .filter(|id| layout.tree_children(*id).is_empty())
            .count();
        // Compact: no wider than one slot per leaf.
        assert!(
            layout.width <= n_leaves as f32 + 1e-3,
            "{} > {n_leaves}",
            layout.width
        );
    }

    #[test]
    fn a_long_line_is_one_column() {
        let spec = SyntheticSpec {
            n_actors: 1,
            n_variables: 1,
            n_levels: 3000,
            n_moves: 1,
            chance_every: 0,
        };
        let scenario = load_str(&generate(&spec), "line.ron").unwrap();
        let graph = expand(&scenario);
        let layout = MapLayout::new(&graph);
        assert_eq!(layout.width, 1.0);
        assert_eq!(layout.n_layers as usize, graph.n_situations());
        assert_eq!(layout.sibling(SituationId(1), 1), None);
    }
}
