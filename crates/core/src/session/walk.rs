//! The walk: the user's exploration of the situation graph as a tree of
//! visits, with the current position, bookmarks and notes.
//!
//! The graph may merge and cycle; the walk does not. Each visit is one
//! arrival at a situation along one path, so the same situation reached
//! along two paths is two visits, and every branch the user tried is kept.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::{SituationId, StepId};

/// A node of the exploration tree. Ids are given in creation order; the
/// start is always 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VisitId(pub u32);

impl VisitId {
    /// The start visit, at the scenario's opening situation.
    pub const START: VisitId = VisitId(0);

    /// The position in [`Walk::visits`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for VisitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One arrival at a situation along one path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// The situation arrived at.
    pub situation: SituationId,
    /// The visit this one was reached from; `None` for the start.
    pub parent: Option<VisitId>,
    /// The step taken from the parent's situation; `None` for the start.
    pub via: Option<StepId>,
    /// The visits reached from this one, in the order they were explored.
    pub children: Vec<VisitId>,
}

/// A visit the user marked to come back to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bookmark {
    /// The marked visit.
    pub visit: VisitId,
    /// What the user called it.
    pub label: String,
}

/// A chance roll that led to a visit: the number drawn from the session's
/// seed, so a class can replay the same rolls.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Roll {
    /// The seed the number was drawn with.
    pub seed: u64,
    /// Which roll of the walk this was, counting from 1.
    pub number: u64,
    /// The number drawn, in [0, 1).
    pub drawn: f64,
}

/// The tree of explored paths, the current visit, bookmarks and notes.
///
/// Only the session changes a walk, so its invariants hold by construction:
/// the start is visit 0, every other visit has a parent created before it,
/// a visit's children are reached by distinct steps, at most one bookmark
/// names each visit, and every id it holds names one of its visits.
#[derive(Clone, Debug, PartialEq)]
pub struct Walk {
    /// Every visit, in creation order; 0 is the start.
    visits: Vec<Visit>,
    current: VisitId,
    /// Per visit, the child visited last from it: where Forward goes.
    forward: Vec<Option<VisitId>>,
    /// In the order they were made.
    bookmarks: Vec<Bookmark>,
    notes: BTreeMap<VisitId, String>,
    /// The roll that led to each visit reached by rolling (the latest, when
    /// a roll led to a visit made before).
    rolls: BTreeMap<VisitId, Roll>,
    /// Rolls made so far; the next roll is number `n_rolls + 1`.
    n_rolls: u64,
}

impl Walk {
    /// A walk that has only the start visit, at `start`.
    pub fn new(start: SituationId) -> Walk {
        Walk {
            visits: vec![Visit {
                situation: start,
                parent: None,
                via: None,
                children: Vec::new(),
            }],
            current: VisitId::START,
            forward: vec![None],
            bookmarks: Vec::new(),
            notes: BTreeMap::new(),
            rolls: BTreeMap::new(),
            n_rolls: 0,
        }
    }

    /// Every visit, in creation order; index 0 is the start.
    pub fn visits(&self) -> &[Visit] {
        &self.visits
    }

    /// A visit of this walk.
    ///
    /// # Panics
    ///
    /// If `id` is not a visit of this walk; check untrusted ids with
    /// [`Self::contains`] first.
    pub fn visit(&self, id: VisitId) -> &Visit {
        &self.visits[id.index()]
    }

    /// Whether `id` names a visit of this walk.
    pub fn contains(&self, id: VisitId) -> bool {
        id.index() < self.visits.len()
    }

    /// The visit the user is at.
    pub fn current(&self) -> VisitId {
        self.current
    }

    /// Where Forward goes from `id`: the child visited last from it, if any.
    pub fn forward(&self, id: VisitId) -> Option<VisitId> {
        self.forward.get(id.index()).copied().flatten()
    }

    /// The bookmarks, in the order they were made.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.bookmarks
    }

    /// The bookmark on a visit, if it has one.
    pub fn bookmark(&self, id: VisitId) -> Option<&Bookmark> {
        self.bookmarks.iter().find(|b| b.visit == id)
    }

    /// The note on a visit, if it has one.
    pub fn note(&self, id: VisitId) -> Option<&str> {
        self.notes.get(&id).map(String::as_str)
    }

    /// Every note, by visit.
    pub fn notes(&self) -> &BTreeMap<VisitId, String> {
        &self.notes
    }

    /// The roll that led to a visit, if it was reached by rolling.
    pub fn roll(&self, id: VisitId) -> Option<&Roll> {
        self.rolls.get(&id)
    }

    /// How many rolls this walk has made.
    pub fn n_rolls(&self) -> u64 {
        self.n_rolls
    }

    /// The visits from the start to `id`, both included; empty when `id` is
    /// not a visit of this walk.
    pub fn path_to(&self, id: VisitId) -> Vec<VisitId> {
        let mut path = Vec::new();
        let mut at = Some(id);
        while let Some(v) = at {
            let Some(visit) = self.visits.get(v.index()) else {
                return Vec::new();
            };
            path.push(v);
            // Parents are created before their children, so this ends; the
            // guard only keeps a broken walk from looping.
            if path.len() > self.visits.len() {
                return Vec::new();
            }
            at = visit.parent;
        }
        path.reverse();
        path
    }

    /// The branches: visits with no children, in creation order.
    pub fn leaves(&self) -> Vec<VisitId> {
        self.visits
            .iter()
            .enumerate()
            .filter(|(_, v)| v.children.is_empty())
            .map(|(i, _)| VisitId(i as u32))
            .collect()
    }

    /// The child of `parent` reached by `step`, if that step was explored.
    pub fn child(&self, parent: VisitId, step: StepId) -> Option<VisitId> {
        let visit = self.visits.get(parent.index())?;
        visit
            .children
            .iter()
            .copied()
            .find(|c| self.visits.get(c.index()).and_then(|v| v.via) == Some(step))
    }

    /// Adds a visit to `situation` reached from `parent` by `step`, and
    /// returns it. The caller makes sure `parent` exists and the step was not
    /// explored from it yet.
    pub(super) fn add_child(
        &mut self,
        parent: VisitId,
        step: StepId,
        situation: SituationId,
    ) -> VisitId {
        let id = VisitId(self.visits.len() as u32);
        self.visits.push(Visit {
            situation,
            parent: Some(parent),
            via: Some(step),
            children: Vec::new(),
        });
        self.forward.push(None);
        if let Some(p) = self.visits.get_mut(parent.index()) {
            p.children.push(id);
        }
        id
    }

    /// The child of `parent` reached by `step`, added if it is new.
    pub(super) fn child_or_add(
        &mut self,
        parent: VisitId,
        step: StepId,
        situation: SituationId,
    ) -> VisitId {
        match self.child(parent, step) {
            Some(existing) => existing,
            None => self.add_child(parent, step, situation),
        }
    }

    /// Makes `id` the current visit. Forward from each visit on the path to
    /// it now leads towards it, as a browser's does after following links.
    pub(super) fn set_current(&mut self, id: VisitId) {
        if !self.contains(id) {
            return;
        }
        self.current = id;
        let path = self.path_to(id);
        for pair in path.windows(2) {
            if let Some(slot) = self.forward.get_mut(pair[0].index()) {
                *slot = Some(pair[1]);
            }
        }
    }

    /// Sets where Forward goes from `id`, without moving; used when a saved
    /// walk is restored. Ignored unless `child` is a child of `id`.
    pub(super) fn set_forward(&mut self, id: VisitId, child: VisitId) {
        let is_child = self
            .visits
            .get(child.index())
            .is_some_and(|c| c.parent == Some(id));
        if let (true, Some(slot)) = (is_child, self.forward.get_mut(id.index())) {
            *slot = Some(child);
        }
    }

    /// Bookmarks `id` with `label`, replacing the label of an existing
    /// bookmark on it (which keeps its place in the list).
    pub(super) fn set_bookmark(&mut self, id: VisitId, label: String) {
        match self.bookmarks.iter_mut().find(|b| b.visit == id) {
            Some(existing) => existing.label = label,
            None => self.bookmarks.push(Bookmark { visit: id, label }),
        }
    }

    /// Removes the bookmark on `id`; returns whether there was one.
    pub(super) fn remove_bookmark(&mut self, id: VisitId) -> bool {
        let before = self.bookmarks.len();
        self.bookmarks.retain(|b| b.visit != id);
        self.bookmarks.len() != before
    }

    /// Records the roll that led to `id` and counts it.
    pub(super) fn set_roll(&mut self, id: VisitId, roll: Roll) {
        self.n_rolls = self.n_rolls.max(roll.number);
        self.rolls.insert(id, roll);
    }

    /// Sets the note on `id`; a blank text removes it.
    pub(super) fn set_note(&mut self, id: VisitId, text: String) {
        if text.trim().is_empty() {
            self.notes.remove(&id);
        } else {
            self.notes.insert(id, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// start -> 1 -> 2, and start -> 3.
    fn small_tree() -> Walk {
        let mut walk = Walk::new(SituationId(0));
        let a = walk.add_child(VisitId::START, StepId(0), SituationId(1));
        let b = walk.add_child(a, StepId(5), SituationId(4));
        walk.set_current(b);
        let c = walk.add_child(VisitId::START, StepId(1), SituationId(2));
        walk.set_current(c);
        walk
    }

    #[test]
    fn paths_and_leaves_follow_the_tree() {
        let walk = small_tree();
        assert_eq!(
            walk.path_to(VisitId(2)),
            [VisitId(0), VisitId(1), VisitId(2)]
        );
        assert_eq!(walk.path_to(VisitId(0)), [VisitId(0)]);
        assert!(walk.path_to(VisitId(9)).is_empty());
        assert_eq!(walk.leaves(), [VisitId(2), VisitId(3)]);
        assert_eq!(
            walk.visit(VisitId::START).children,
            [VisitId(1), VisitId(3)]
        );
    }

    #[test]
    fn forward_remembers_the_child_visited_last() {
        let mut walk = small_tree();
        assert_eq!(walk.forward(VisitId::START), Some(VisitId(3)));
        assert_eq!(walk.forward(VisitId(1)), Some(VisitId(2)));
        walk.set_current(VisitId(2));
        assert_eq!(walk.forward(VisitId::START), Some(VisitId(1)));
        assert_eq!(walk.forward(VisitId(2)), None);
    }

    #[test]
    fn children_are_found_by_their_step() {
        let mut walk = small_tree();
        assert_eq!(walk.child(VisitId::START, StepId(1)), Some(VisitId(3)));
        assert_eq!(walk.child(VisitId::START, StepId(7)), None);
        assert_eq!(
            walk.child_or_add(VisitId(1), StepId(5), SituationId(4)),
            VisitId(2)
        );
        assert_eq!(walk.visits().len(), 4);
    }

    #[test]
    fn a_bookmark_per_visit_and_blank_notes_vanish() {
        let mut walk = small_tree();
        walk.set_bookmark(VisitId(1), "first".to_owned());
        walk.set_bookmark(VisitId(2), "second".to_owned());
        walk.set_bookmark(VisitId(1), "renamed".to_owned());
        let labels: Vec<&str> = walk.bookmarks().iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["renamed", "second"]);
        assert!(walk.remove_bookmark(VisitId(2)));
        assert!(!walk.remove_bookmark(VisitId(2)));

        walk.set_note(VisitId(1), "why".to_owned());
        assert_eq!(walk.note(VisitId(1)), Some("why"));
        walk.set_note(VisitId(1), "  ".to_owned());
        assert_eq!(walk.note(VisitId(1)), None);
    }
}
