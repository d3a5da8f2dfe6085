//! Checking a behaviour profile on the tree: expected payoffs, how likely
//! each set is reached, and each player's best-response value.

use rustc_hash::FxHashMap;

use super::tree::{Node, Reach, Tree};

/// Expected payoffs under a behaviour profile: (the two players', every
/// actor's).
pub(super) fn expected(tree: &Tree, behaviour: &[Vec<f64>]) -> ([f64; 2], Vec<f64>, Vec<f64>, f64) {
    let mut two = [0.0; 2];
    let mut all = vec![0.0; tree.n_actors];
    let mut by_outcome = vec![0.0; tree.n_outcomes];
    let mut dead_end = 0.0;
    let mut stack = vec![(0usize, 1.0f64)];
    while let Some((k, p)) = stack.pop() {
        if p == 0.0 {
            continue;
        }
        match &tree.nodes[k] {
            Node::Leaf(v, a, o) => {
                match o {
                    Some(o) => {
                        if let Some(x) = by_outcome.get_mut(o.index()) {
                            *x += p;
                        }
                    }
                    None => dead_end += p,
                }
                two[0] += p * v[0];
                two[1] += p * v[1];
                for (x, y) in all.iter_mut().zip(a) {
                    *x += p * y;
                }
            }
            Node::Chance(children) => {
                for (c, q) in children {
                    stack.push((*c, p * q));
                }
            }
            Node::Decision { set, children, .. } => {
                for (c, q) in children.iter().zip(&behaviour[*set]) {
                    stack.push((*c, p * q));
                }
            }
        }
    }
    (two, all, by_outcome, dead_end)
}

/// How likely play reaches each set.
pub(super) fn set_reach(tree: &Tree, behaviour: &[Vec<f64>]) -> Vec<f64> {
    let mut out = vec![0.0; tree.sets.len()];
    let mut stack = vec![(0usize, 1.0f64)];
    while let Some((k, p)) = stack.pop() {
        match &tree.nodes[k] {
            Node::Leaf(..) => {}
            Node::Chance(children) => {
                for (c, q) in children {
                    stack.push((*c, p * q));
                }
            }
            Node::Decision { set, children, .. } => {
                out[*set] += p;
                for (c, q) in children.iter().zip(&behaviour[*set]) {
                    stack.push((*c, p * q));
                }
            }
        }
    }
    out
}

/// The best a player can get against the other's behaviour: each of its
/// sets takes the action best for the weighted sum over the set's nodes
/// (weights: the chance and opponent probability of reaching each node),
/// its later sets decided first. With perfect recall a later set's choice
/// does not depend on earlier ones, so this is the best response's value.
pub(super) fn best_response(
    tree: &Tree,
    behaviour: &[Vec<f64>],
    _reach: &Reach,
    player: usize,
) -> f64 {
    let n = tree.nodes.len();
    // Opponent-and-chance reach of each node.
    let mut weight = vec![0.0; n];
    weight[0] = 1.0;
    for k in 0..n {
        let w = weight[k];
        match &tree.nodes[k] {
            Node::Leaf(..) => {}
            Node::Chance(children) => {
                for (c, q) in children {
                    weight[*c] = w * q;
                }
            }
            Node::Decision {
                player: p,
                set,
                children,
                ..
            } => {
                for (a, c) in children.iter().enumerate() {
                    weight[*c] = if *p == player {
                        w
                    } else {
                        w * behaviour[*set][a]
                    };
                }
            }
        }
    }
    // Values bottom-up need each own set decided once all its nodes'
    // subtrees are valued. Sets deeper in the player's own history come
    // first: sort the player's sets by own depth, deepest first, and
    // value the tree repeatedly? Instead, value nodes in reverse order
    // (children were pushed after parents), deciding a set when the last
    // of its nodes is met. With perfect recall no node of a set lies
    // below another node of the same set, and every node below a set's
    // node that belongs to a later own set is decided from nodes below
    // the same action, so by the time the reverse pass reaches the first
    // (lowest index) node of a set... that is not guaranteed, so decide
    // lazily with memoised recursion instead.
    let mut value: Vec<Option<f64>> = vec![None; n];
    let mut decided: Vec<Option<usize>> = vec![None; tree.sets.len()];
    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (k, node) in tree.nodes.iter().enumerate() {
        if let Node::Decision { player: p, set, .. } = node
            && *p == player
        {
            members.entry(*set).or_default().push(k);
        }
    }
    node_value(
        0,
        tree,
        behaviour,
        player,
        &weight,
        &members,
        &mut value,
        &mut decided,
    )
}

/// The value to `player` of the subtree at `k`, unweighted (as if reached
/// with probability one by the others), under its best choices below.
#[allow(clippy::too_many_arguments)]
fn node_value(
    k: usize,
    tree: &Tree,
    behaviour: &[Vec<f64>],
    player: usize,
    weight: &[f64],
    members: &FxHashMap<usize, Vec<usize>>,
    value: &mut Vec<Option<f64>>,
    decided: &mut Vec<Option<usize>>,
) -> f64 {
    if let Some(v) = value[k] {
        return v;
    }
    let v = match &tree.nodes[k] {
        Node::Leaf(two, _, _) => two[player],
        Node::Chance(children) => {
            let mut s = 0.0;
            for (c, q) in children {
                s += q * node_value(*c, tree, behaviour, player, weight, members, value, decided);
            }
            s
        }
        Node::Decision {
            player: p,
            set,
            children,
            ..
        } if *p != player => {
            let mut s = 0.0;
            for (c, q) in children.iter().zip(&behaviour[*set]) {
                s += q * node_value(*c, tree, behaviour, player, weight, members, value, decided);
            }
            s
        }
        Node::Decision { set, children, .. } => {
            let a = match decided[*set] {
                Some(a) => a,
                None => {
                    let nodes = members.get(set).cloned().unwrap_or_default();
                    let mut best = (0usize, f64::NEG_INFINITY);
                    for a in 0..children.len() {
                        let mut s = 0.0;
                        for h in &nodes {
                            if let Node::Decision { children: ch, .. } = &tree.nodes[*h] {
                                let c = ch[a];
                                s += weight[*h]
                                    * node_value(
                                        c, tree, behaviour, player, weight, members, value, decided,
                                    );
                            }
                        }
                        if s > best.1 {
                            best = (a, s);
                        }
                    }
                    decided[*set] = Some(best.0);
                    best.0
                }
            };
            node_value(
                children[a],
                tree,
                behaviour,
                player,
                weight,
                members,
                value,
                decided,
            )
        }
    };
    value[k] = Some(v);
    v
}
