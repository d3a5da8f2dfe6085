//! What a game file adds to its scenario for the exports: its information
//! sets and the names it gives its nodes.

use crate::engine::{InformationSet, SituationNames};

/// What a game file adds to its scenario, for the exports that show it:
/// its information sets (the debrief, `.efg`, the SVG's dashed sets) and
/// the names it gives its nodes (the SVG's boxes, as on the map). A
/// scenario has neither: `GameFile::default()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct GameFile<'a> {
    /// The information sets of two or more nodes.
    pub information_sets: &'a [InformationSet],
    /// The nodes' names, if the file gives any.
    pub names: Option<&'a SituationNames>,
}
