//! The map's layout: a layered tree drawn from the start. The app's map
//! and the SVG export both draw these positions, so the exported picture is
//! the one on the screen.
//!
//! Layer = depth (moves from the start on a shortest path). Within layers,
//! situations are placed by a tidy-tree pass over the shortest-path tree:
//! every situation gets a horizontal band as wide as the number of leaves
//! below it and sits in the middle of its band, so children stay under their
//! parent and tree edges never cross. Steps that merge into a situation
//! found earlier are drawn as extra edges. O(situations + steps).

use super::{SituationGraph, SituationId, StepId};

/// Positions of every situation, in layout units: x in leaf slots, y in
/// layers (one unit per move).
#[derive(Clone, Debug, Default)]
pub struct MapLayout {
    /// Per situation: x, y.
    pub positions: Vec<[f32; 2]>,
    /// Width in leaf slots.
    pub width: f32,
    /// Number of layers.
    pub n_layers: u32,
    /// Per layer: the situations in it, sorted by x, for culling.
    pub layers: Vec<Vec<SituationId>>,
    /// Per situation: the step from its parent in the tree, if any.
    pub tree_parent: Vec<Option<StepId>>,
}

impl MapLayout {
    /// Lays out a graph.
    pub fn new(graph: &SituationGraph) -> MapLayout {
        let n = graph.n_situations();
        let parents = graph.shortest_path_tree();
        // Children in the tree, in step order.
        let mut children: Vec<Vec<SituationId>> = vec![Vec::new(); n];
        for id in graph.situations() {
            for s in graph.steps(id) {
                let to = graph.target(s);
                if parents[to.index()] == Some(s) {
                    children[id.index()].push(to);
                }
            }
        }
        // Breadth-first order from the start, so parents come first.
        let mut order = Vec::with_capacity(n);
        let mut reached = vec![false; n];
        if n > 0 {
            order.push(graph.start());
            reached[0] = true;
        }
        let mut i = 0;
        while i < order.len() {
            let id = order[i];
            for c in &children[id.index()] {
                if !reached[c.index()] {
                    reached[c.index()] = true;
                    order.push(*c);
                }
            }
            i += 1;
        }
        // Leaves below each situation, children before parents.
        let mut leaves = vec![1.0f32; n];
        for id in order.iter().rev() {
            let below: f32 = children[id.index()].iter().map(|c| leaves[c.index()]).sum();
            if below > 0.0 {
                leaves[id.index()] = below;
            }
        }
        let mut positions = vec![[0.0f32, 0.0f32]; n];
        let mut left = vec![0.0f32; n];
        let mut n_layers = 0;
        for id in &order {
            let i = id.index();
            let depth = graph.node(*id).depth;
            positions[i] = [left[i] + leaves[i] / 2.0, depth as f32];
            n_layers = n_layers.max(depth + 1);
            let mut cursor = left[i];
            for c in &children[i] {
                left[c.index()] = cursor;
                cursor += leaves[c.index()];
            }
        }
        // Situations the tree does not reach (none after a full expansion)
        // go to the right so nothing is lost.
        let mut width = if n > 0 { leaves[0] } else { 0.0 };
        for id in graph.situations() {
            if !reached[id.index()] {
                positions[id.index()] = [width + 0.5, graph.node(id).depth as f32];
                width += 1.0;
                n_layers = n_layers.max(graph.node(id).depth + 1);
            }
        }
        let mut layers: Vec<Vec<SituationId>> = vec![Vec::new(); n_layers as usize];
        for id in graph.situations() {
            if let Some(layer) = layers.get_mut(positions[id.index()][1] as usize) {
                layer.push(id);
            }
        }
        for layer in &mut layers {
            layer.sort_by(|a, b| positions[a.index()][0].total_cmp(&positions[b.index()][0]));
        }
        MapLayout {
            positions,
            width,
            n_layers,
            layers,
            tree_parent: parents,
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    #[test]
    fn children_sit_under_their_parent_and_layers_are_depths() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let layout = MapLayout::new(&graph);
        assert_eq!(layout.positions.len(), graph.n_situations());
        for id in graph.situations() {
            assert_eq!(layout.positions[id.index()][1], graph.node(id).depth as f32);
            if let Some(step) = layout.tree_parent[id.index()] {
                let parent = graph.source(step);
                assert_eq!(
                    layout.positions[id.index()][1],
                    layout.positions[parent.index()][1] + 1.0
                );
            }
        }
        // Tree edges do not cross: in each layer, x order follows the parents' x order.
        for layer in &layout.layers {
            let xs: Vec<f32> = layer
                .iter()
                .map(|id| layout.positions[id.index()][0])
                .collect();
            assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
        }
        let all = layout.in_range(1, f32::MIN, f32::MAX).len();
        assert_eq!(all, layout.layers[1].len());
        assert!(
            layout
                .in_range(1, layout.width + 1.0, layout.width + 2.0)
                .is_empty()
        );
    }
}
