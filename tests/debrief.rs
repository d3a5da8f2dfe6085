//! The debrief of a scripted class path, compared with the expected file:
//! steps, quotes, changes, notes, the alternatives not taken with the
//! outcomes they could still reach, rational play for comparison.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use demarche::io::debrief;
use demarche::io::load_file;
use demarche::session::{Action, Session};

#[test]
fn the_debrief_of_a_scripted_path_matches_the_expected_file() {
    let scenario = Arc::new(load_file(Path::new("tests/data/ok/harbour.ron")).unwrap());
    let mut session = Session::new(Arc::clone(&scenario));
    let take = |session: &mut Session, m: &str, r: Option<&str>| {
        let action = Action::take_named(session.scenario(), m, r).unwrap();
        session.apply(action).unwrap();
    };
    take(&mut session, "offer_shared_use", Some("rejected"));
    session
        .apply(Action::Note {
            text: "The class expected West to accept.".into(),
        })
        .unwrap();
    take(&mut session, "return_to_table", None);
    session
        .apply(Action::Bookmark {
            label: "Second chance".into(),
        })
        .unwrap();
    take(&mut session, "break_off", None);

    let text = debrief(&session, "2026-11-26");
    let expected_path = Path::new("tests/data/debrief/harbour.md");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(expected_path, &text).unwrap();
    }
    let expected = std::fs::read_to_string(expected_path).unwrap();
    assert_eq!(
        text,
        expected,
        "set UPDATE_EXPECTED=1 to rewrite {}",
        expected_path.display()
    );
}
