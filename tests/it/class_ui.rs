//! The class window, driven headless with egui_kittest while students on
//! 127.0.0.1 vote from real WebSocket clients: the join screen, the count
//! before the reveal, the bars' text after it, and the class's choice
//! played as a normal move that Undo takes back.

#![cfg(feature = "gui")]

use std::net::SocketAddr;
use std::path::PathBuf;

use demarche::ui::{AppOptions, DemarcheApp, ScenarioSource, UiAction};
use demarche_class::ClassConfig;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

/// A student: joins with the room code and keeps the page's connection.
async fn student(addr: SocketAddr) -> Ws {
    let body = json!({ "code": "ROOM" }).to_string();
    let request = format!(
        "POST /join HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    let reply: Value = serde_json::from_str(reply.split_once("\r\n\r\n").unwrap().1).unwrap();
    let token = reply["token"].as_str().unwrap();
    let mut request = format!("ws://{addr}/ws?token={token}")
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("Origin", format!("http://{addr}").parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    state(&mut ws).await;
    ws
}

async fn state(ws: &mut Ws) -> Value {
    loop {
        if let Some(Ok(Message::Text(text))) = ws.next().await {
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if value["kind"] == "state" {
                return value;
            }
        }
    }
}

/// Votes and waits for the server's answer, so the ballot is counted.
async fn vote(ws: &mut Ws, option: usize) -> Value {
    vote_after(ws, &Value::Null, option).await
}

/// Votes on the first question shown that is not `earlier` (a question
/// the student saw before), and waits for the server's answer; gives the
/// question's id.
async fn vote_after(ws: &mut Ws, earlier: &Value, option: usize) -> Value {
    let question = state_with_question_after(ws, earlier).await["question"]["id"].clone();
    let message = json!({ "kind": "vote", "question": question, "option": option });
    ws.send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
    loop {
        if state(ws).await["question"]["mine"]["choice"] == option {
            return question;
        }
    }
}

async fn state_with_question_after(ws: &mut Ws, earlier: &Value) -> Value {
    loop {
        let s = state(ws).await;
        if !s["question"].is_null() && s["question"]["id"] != *earlier {
            return s;
        }
    }
}

fn app() -> Harness<'static, DemarcheApp> {
    app_saving_to(None)
}

/// The app on the classroom scenario, autosaving under `data_dir` if given.
fn app_saving_to(data_dir: Option<PathBuf>) -> Harness<'static, DemarcheApp> {
    let mut harness = crate::common::app::loaded(AppOptions {
        data_dir,
        ..crate::common::app::options(Some(ScenarioSource::File(PathBuf::from(
            "tests/data/debrief/classroom.ron",
        ))))
    });
    harness.run();
    harness.state_mut().finish_analysis();
    harness.run();
    harness
}

fn session<'a>(harness: &'a Harness<'_, DemarcheApp>) -> &'a demarche::session::Session {
    &harness.state().state.document.as_ref().unwrap().session
}

fn path_len(harness: &Harness<'_, DemarcheApp>) -> usize {
    harness
        .state()
        .state
        .document
        .as_ref()
        .unwrap()
        .session
        .path()
        .len()
}

#[test]
fn the_projector_counts_then_reveals_and_plays_the_class_choice() {
    let mut harness = app();
    harness.state_mut().start_class(ClassConfig {
        room_code: Some("ROOM".into()),
        ..ClassConfig::loopback()
    });
    harness.run();
    let addr = harness.state().class().unwrap().addr();
    // The join screen: the address with the code, and the code in large type.
    harness.get_by_label(&format!("http://{addr}/?code=ROOM"));
    harness.get_by_label("Room code ROOM");
    harness.get_by_label("0 students have joined");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut students = rt.block_on(async {
        vec![
            student(addr).await,
            student(addr).await,
            student(addr).await,
        ]
    });
    harness.run();
    harness.get_by_label("3 students have joined");

    // V opens a vote on the moves available now.
    harness.key_press(Key::V);
    harness.run();
    harness.get_by_label("What should East do?");
    harness.get_by_label("0 of 3 have voted (open)");
    rt.block_on(async {
        vote(&mut students[0], 1).await;
        vote(&mut students[1], 1).await;
    });
    harness.run();
    // Before the reveal: only the count.
    harness.get_by_label("2 of 3 have voted (open)");
    assert!(harness.query_by_label_contains("votes (").is_none());

    harness.key_press(Key::Y);
    harness.run();
    harness.get_by_label("2 of 3 have voted (revealed)");
    harness
        .get_by_label("East: Offer shared use: 0 votes (0 %) · author likely (70 %) · model 70 %");
    harness.get_by_label("East: Break off talks: 2 votes (100 %) · model 30 %");
    harness.get_by_label("The class chose: East: Break off talks");

    // A plays the class's choice as a normal move; Undo takes it back.
    harness.key_press(Key::A);
    harness.run();
    assert_eq!(path_len(&harness), 1);
    let session = &harness.state().state.document.as_ref().unwrap().session;
    let step = session.graph().step(session.path()[0]);
    assert_eq!(
        session.scenario().move_(step.move_).label,
        "Break off talks"
    );
    let record = harness.state().class().unwrap().record();
    assert_eq!(record.questions[0].realised, Some(1));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(path_len(&harness), 0);
}

#[test]
fn the_class_record_is_autosaved_with_the_session_undone_with_its_move_and_exported() {
    let data = tempfile::tempdir().unwrap();
    let mut harness = app_saving_to(Some(data.path().to_owned()));
    harness.state_mut().start_class(ClassConfig {
        room_code: Some("ROOM".into()),
        ..ClassConfig::loopback()
    });
    harness.run();
    // Nothing to export before anyone answers, as in the File menu.
    let export = "Export the class's ballots (CSV)…";
    assert!(harness.get_by_label(export).accesskit_node().is_disabled());
    let addr = harness.state().class().unwrap().addr();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut students = rt.block_on(async { vec![student(addr).await, student(addr).await] });
    harness.key_press(Key::V);
    harness.run();
    // A question asked with no answer yet has no ballot to write either.
    assert!(harness.get_by_label(export).accesskit_node().is_disabled());
    rt.block_on(async {
        vote(&mut students[0], 1).await;
        vote(&mut students[1], 0).await;
    });
    harness.key_press(Key::Y);
    harness.run();
    // A tie goes to the earlier option: the class chose "Offer shared use".
    harness.key_press(Key::A);
    harness.run();
    let recorded = session(&harness).class_record().clone();
    assert!(!harness.get_by_label(export).accesskit_node().is_disabled());
    assert_eq!(recorded.questions.len(), 1);
    assert_eq!(recorded.questions[0].realised, Some(0));
    assert_eq!(recorded.questions[0].counts(), vec![1, 1]);

    // What the window autosaved reads back with the class's answers, as a
    // restart after a crash would find it.
    harness.state().finish_autosave();
    let saved = std::fs::read_dir(data.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "ron"))
        .unwrap();
    let fresh =
        demarche::session::Session::new(std::sync::Arc::new(session(&harness).scenario().clone()));
    let (restored, _) = demarche::io::load_session(&saved, fresh).unwrap();
    assert_eq!(restored.class_record(), &recorded);

    // Undo takes back the move and the score it gave; the next move scores.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(path_len(&harness), 0);
    assert_eq!(session(&harness).class_record().questions[0].realised, None);
    harness.state_mut().apply(UiAction::PickMove(2));
    harness.run();
    assert_eq!(
        session(&harness).class_record().questions[0].realised,
        Some(1)
    );

    // Stopping keeps the answers with the session, and they export as CSV.
    harness
        .state_mut()
        .apply(UiAction::Class(demarche::ui::class::ClassAction::Stop));
    harness.run();
    assert!(harness.state().class().is_none());
    let csv = data.path().join("ballots.csv");
    harness.state_mut().apply(UiAction::ExportTo {
        format: demarche::io::ExportFormat::Ballots,
        audience: demarche::report::Audience::Instructor,
        path: csv.clone(),
    });
    harness.state_mut().finish_export();
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        "question,step,kind,student,team,choice,probabilities,realised\n\
         1,0,vote,s1,,East: Break off talks,,East: Break off talks\n\
         1,0,vote,s2,,East: Offer shared use,,East: Break off talks\n"
    );
}

#[test]
fn a_class_starts_from_the_form_on_the_interface_picked_and_teams_choose_from_the_presenter() {
    use demarche::ui::class::ClassAction;
    let mut harness = app();
    harness
        .state_mut()
        .apply(UiAction::Class(ClassAction::OpenStart));
    harness.run();
    // The form lists the default route's interface and this machine's
    // addresses, loopback last and named as such.
    harness.get_by_label_contains("The default route's");
    harness
        .get_by_label_contains("(127.0.0.1): this laptop only")
        .click();
    harness.get_by_label_contains("Two-step code:").click();
    harness.run();
    // A port another program holds: the class says so and the form stays
    // open to pick another; once the port is free it starts there.
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    harness.get_by_label("Port").click();
    harness.run();
    harness.get_by_label("Port").type_text(&port.to_string());
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("Start the class").click();
    harness.run();
    assert!(harness.state().class().is_none());
    harness.get_by_label_contains(&format!(
        "The class could not start: cannot listen on 127.0.0.1:{port}: "
    ));
    harness.get_by_label_contains("another program uses that port: pick another port in the form");
    drop(held);
    harness.get_by_label("Start the class").click();
    harness.run();
    let class = harness.state().class().unwrap();
    assert_eq!(class.addr().to_string(), format!("127.0.0.1:{port}"));
    // The two-step code shows on the projector only.
    assert!(class.step_code().is_some());
    harness.get_by_label_contains("Code now: ");

    // The join screen's check asks the address from this laptop and says
    // what that does and does not show.
    harness.get_by_label("Check the address").click();
    harness.run();
    harness.state_mut().finish_reach_check();
    harness.run();
    let base = format!("http://{}", harness.state().class().unwrap().addr());
    harness.get_by_label_contains(&format!("{base} answers from this laptop ("));
    harness.get_by_label_contains("use a phone's hotspot or a travel router.");

    // One team per actor, then G: East's team chooses in secret.
    harness
        .state_mut()
        .apply(UiAction::Class(ClassAction::SetUpTeams(true)));
    harness.run();
    harness.get_by_label("Teams: East, West");
    // Dealt out instead: the status says how students learn their team.
    harness
        .state_mut()
        .apply(UiAction::Class(ClassAction::SetUpTeams(false)));
    harness.run();
    harness.get_by_label("Teams: East, West. Each student's phone shows the team they were dealt.");
    harness.key_press(Key::G);
    harness.run();
    harness.get_by_label("Team East: choose your move");
    harness.get_by_label("Team East: choosing (0 of 0)");

    // The presenter view carries the class's buttons and where it stands.
    harness.key_press(Key::P);
    harness.run();
    harness.get_by_label(
        "Class: 0 students · Team East: choose your move · 0 of 0 have answered (open)",
    );
    let locks = harness.query_all_by_label("Lock [L]").count();
    assert_eq!(locks, 2, "the class window's and the presenter's");
    harness
        .query_all_by_label("Lock [L]")
        .last()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label(
        "Class: 0 students · Team East: choose your move · 0 of 0 have answered (locked)",
    );
}

#[test]
fn a_scenario_opened_while_the_class_runs_keeps_each_ones_answers_with_its_own_session() {
    let data = tempfile::tempdir().unwrap();
    let mut harness = app_saving_to(Some(data.path().to_owned()));
    let classroom = session(&harness).scenario().id.clone();
    harness.state_mut().start_class(ClassConfig {
        room_code: Some("ROOM".into()),
        ..ClassConfig::loopback()
    });
    harness.run();
    let addr = harness.state().class().unwrap().addr();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut one = rt.block_on(student(addr));
    harness.key_press(Key::V);
    harness.run();
    let asked = rt.block_on(vote(&mut one, 1));
    harness.run();
    let first = session(&harness).class_record().clone();
    assert_eq!(first.questions.len(), 1);

    // Another scenario, the class still running.
    crate::common::app::open(&mut harness, ScenarioSource::BuiltIn("vienna-2021.ron"));
    harness.get_by_label("Vienna, November 2021: reviving the Iran nuclear deal");
    assert!(harness.state().class().is_some());
    // The classroom's answer went with the classroom's session, saved...
    harness.state().finish_autosave();
    let saved = demarche::io::autosave_path(data.path(), &classroom);
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("East: Break off talks"), "{text}");
    // ...and Vienna's session starts with no question of the classroom's.
    assert!(session(&harness).class_record().questions.is_empty());

    // A question asked on Vienna is Vienna's alone.
    harness.key_press(Key::V);
    harness.run();
    rt.block_on(vote_after(&mut one, &asked, 0));
    harness.key_press(Key::L);
    harness.run();
    let vienna = session(&harness).class_record();
    assert_eq!(vienna.questions.len(), 1);
    assert_eq!(
        vienna.questions[0].prompt,
        "What should Iran (Raisi government) do?"
    );
    assert_eq!(vienna.questions[0].counts()[0], 1);
}
