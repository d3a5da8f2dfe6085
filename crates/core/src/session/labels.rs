//! The words the app and the exports use for visits and branches, made
//! from the scenario's labels (never its ids).

use super::session::Session;
use super::walk::VisitId;
use crate::engine::Status;

impl Session {
    /// Text for a visit: the move (and result) that led there, or "Start".
    pub fn visit_label(&self, visit: VisitId) -> String {
        let scenario = self.scenario();
        match self.walk().visits().get(visit.index()).and_then(|v| v.via) {
            None => "Start".to_owned(),
            Some(s) => {
                let step = self.graph().step(s);
                let m = scenario.move_(step.move_);
                match step.result.and_then(|r| m.results.get(r.index())) {
                    Some(r) => format!("{} -> {}", m.label, r.label),
                    None => m.label.clone(),
                }
            }
        }
    }

    /// Text for a branch: where it ends and how long it is, with its
    /// bookmark: "* deal: Agreement (2 moves)".
    pub fn branch_label(&self, leaf: VisitId) -> String {
        let walk = self.walk();
        let n = walk.path_to(leaf).len().saturating_sub(1);
        let end = match walk
            .visits()
            .get(leaf.index())
            .map(|v| self.graph().status(v.situation))
        {
            Some(Status::Outcome(o)) => self.scenario().outcome(o).label.clone(),
            _ => self.visit_label(leaf),
        };
        let moves = if n == 1 {
            "1 move".to_owned()
        } else {
            format!("{n} moves")
        };
        match walk.bookmark(leaf) {
            Some(b) => format!("* {}: {end} ({moves})", b.label),
            None => format!("{end} ({moves})"),
        }
    }
}
