//! The debrief written out: the document [`crate::report::debrief_document`]
//! builds, as Markdown or as one self-contained HTML page for printing.

use crate::report::debrief_document;
use crate::session::Session;

/// The current path of a session as a Markdown debrief, dated `date`.
pub fn debrief(session: &Session, date: &str) -> String {
    debrief_document(session, date).to_markdown()
}

/// The same debrief as one self-contained HTML page (no scripts, no
/// outside files), laid out for printing.
pub fn debrief_html(session: &Session, date: &str) -> String {
    debrief_document(session, date).to_html()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::load_str;
    use crate::session::Action;

    #[test]
    fn debrief_lists_steps_changes_quotes_and_the_outcome() {
        let scenario = Arc::new(load_str(crate::synthetic::SMALL, "small.ron").unwrap());
        let mut session = Session::new(scenario.clone());
        let arm = scenario.move_by_id("arm").unwrap();
        session
            .apply(Action::Take {
                move_: arm,
                result: None,
            })
            .unwrap();
        session
            .apply(Action::Note {
                text: "North moves first.".into(),
            })
            .unwrap();
        let threaten = scenario.move_by_id("threaten").unwrap();
        session
            .apply(Action::Take {
                move_: threaten,
                result: None,
            })
            .unwrap();
        let text = debrief(&session, "2026-01-02");
        assert!(text.starts_with("# Debrief: Small standoff\n"), "{text}");
        assert!(text.contains("### Step 1. North: Arm\n"), "{text}");
        assert!(text.contains("> “north arms” (Test notes)\n"), "{text}");
        assert!(
            text.contains("- **Changes:** Armed: no → yes; Score: 0 → 1\n"),
            "{text}"
        );
        assert!(
            text.contains("**Class note:** North moves first.\n"),
            "{text}"
        );
        assert!(text.contains("### Step 2. South: Threaten\n"), "{text}");
        assert!(text.contains("Outcome: **War**"), "{text}");
        assert!(text.contains("| North | -5 |"), "{text}");
        let html = debrief_html(&session, "2026-01-02");
        assert!(html.contains("<h3>Step 1. North: Arm</h3>"), "{html}");
    }
}
