//! scratch
#![allow(clippy::unwrap_used)]
use std::sync::Arc;
use demarche::session::*;
#[test]
fn show() {
    let sc = Arc::new(demarche::model::load_str(demarche::synthetic::SMALL, "small.ron").unwrap());
    let mut s = Session::new(sc.clone());
    s.apply(Action::take_named(&sc, "arm", None).unwrap()).unwrap();
    s.apply(Action::take_named(&sc, "offer", Some("refused")).unwrap()).unwrap();
    s.apply(Action::Bookmark{label: "x".into()}).unwrap();
    s.apply(Action::Note{text: "multi\nline \"q\"".into()}).unwrap();
    s.apply(Action::Back).unwrap();
    println!("{}", s.to_ron().unwrap());
    println!("{}", Session::from_ron("(version: 1, scenario: \"small\" visits: [])", sc.clone()).unwrap_err());
    println!("{:?}", Session::from_ron("(version: 1, scenario: \"small\", visits: [(parent: 0, step: (move: \"x\"))], bogus: 3)", sc.clone()).map(|x| x.1).unwrap());
    println!("n = {} frontier = {}", s.graph().n_situations(), s.graph().situations().filter(|id| matches!(s.graph().status(*id), demarche::engine::Status::Frontier(_))).count());
}
