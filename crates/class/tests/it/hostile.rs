//! Hostile input: each kind gets a clean refusal, and the honest students' ballots and
//! connections carry on untouched.

use std::net::SocketAddr;
use std::time::Duration;

use demarche_class::{ClassConfig, ClassHandle};
use futures_util::SinkExt;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};

use crate::common::*;

/// Two honest students who voted on an open question.
struct Honest {
    a: Student,
    b: Student,
    q: usize,
}

async fn honest(class: &ClassHandle) -> Honest {
    let addr = class.addr();
    let (mut a, _) = Student::join(addr).await;
    let (mut b, _) = Student::join(addr).await;
    let q = class.open(vote_spec(1)).unwrap();
    a.state_where(|s| !s["question"].is_null()).await;
    b.state_where(|s| !s["question"].is_null()).await;
    a.vote(q, 0).await;
    b.vote(q, 1).await;
    Honest { a, b, q }
}

impl Honest {
    /// The honest ballots are as cast, and both students can still vote.
    async fn intact(mut self, class: &ClassHandle) {
        let record = class.record();
        let ballots: Vec<Option<usize>> = record.questions[0]
            .ballots
            .iter()
            .map(|b| b.choice)
            .collect();
        assert_eq!(&ballots[..2], &[Some(0), Some(1)]);
        let a = self.a.vote(self.q, 1).await;
        assert_eq!(a["question"]["mine"], json!({ "choice": 1 }));
        let b = self.b.vote(self.q, 0).await;
        assert_eq!(b["question"]["mine"], json!({ "choice": 0 }));
    }
}

/// Runs `attack` between an honest class's votes and the check that they are intact.
fn with_honest_class<F>(attack: impl FnOnce(SocketAddr, String) -> F)
where
    F: Future<Output = ()>,
{
    let class = class();
    let addr = class.addr();
    runtime().block_on(async {
        let honest = honest(&class).await;
        let token = honest.a.token.clone();
        attack(addr, token).await;
        honest.intact(&class).await;
    });
}

async fn join_refused(addr: SocketAddr, content_type: &str, body: &[u8], status: u16, error: &str) {
    let (got, text) = post(addr, "/join", content_type, body).await;
    assert_eq!(got, status, "{text}");
    if !error.is_empty() {
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["error"], error);
    }
}

#[test]
fn an_oversized_body_is_refused() {
    with_honest_class(|addr, _| async move {
        let body = format!("{{\"code\":\"{}\"}}", "A".repeat(10_000));
        join_refused(addr, "application/json", body.as_bytes(), 413, "").await;
    });
}

#[test]
fn a_bad_code_is_refused() {
    with_honest_class(|addr, _| async move {
        for code in ["ROOX", "", "ROOM ROOM", "<script>"] {
            let body = json!({ "code": code }).to_string();
            join_refused(
                addr,
                "application/json",
                body.as_bytes(),
                403,
                "wrong room code",
            )
            .await;
        }
    });
}

#[test]
fn a_code_too_long_is_refused() {
    with_honest_class(|addr, _| async move {
        let body = json!({ "code": "R".repeat(200) }).to_string();
        join_refused(
            addr,
            "application/json",
            body.as_bytes(),
            400,
            "the room code is too long",
        )
        .await;
    });
}

#[test]
fn malformed_json_is_refused() {
    with_honest_class(|addr, _| async move {
        join_refused(
            addr,
            "application/json",
            b"{\"code\": ",
            400,
            "the join request is not valid JSON",
        )
        .await;
        join_refused(
            addr,
            "application/json",
            b"[1,2,3]",
            422,
            "the join request is not valid JSON",
        )
        .await;
    });
}

#[test]
fn invalid_utf8_is_refused() {
    with_honest_class(|addr, _| async move {
        join_refused(
            addr,
            "application/json",
            b"{\"code\": \"\xff\xfe\"}",
            400,
            "the join request is not valid JSON",
        )
        .await;
    });
}

#[test]
fn a_body_that_is_not_json_is_refused() {
    with_honest_class(|addr, _| async move {
        join_refused(
            addr,
            "text/plain",
            b"code=ROOM",
            415,
            "send the join request as JSON",
        )
        .await;
    });
}

#[test]
fn a_forged_token_is_refused() {
    with_honest_class(|addr, token| async move {
        let forged = format!(
            "{}{}",
            &token[..token.len() - 1],
            if token.ends_with('0') { '1' } else { '0' }
        );
        let body = json!({ "token": forged }).to_string();
        join_refused(
            addr,
            "application/json",
            body.as_bytes(),
            403,
            "this page's session has ended; join again with the room code",
        )
        .await;
        // Nor does a forged token open a WebSocket.
        let mut request = format!("ws://{addr}/ws?token={forged}")
            .into_client_request()
            .unwrap();
        request
            .headers_mut()
            .insert("Origin", format!("http://{addr}").parse().unwrap());
        assert_ws_refused(tokio_tungstenite::connect_async(request).await, 401);
    });
}

fn assert_ws_refused<T>(result: Result<T, tungstenite::Error>, status: u16) {
    match result {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), status),
        Err(e) => panic!("expected HTTP {status}, got {e}"),
        Ok(_) => panic!("expected HTTP {status}, got a connection"),
    }
}

#[test]
fn a_websocket_without_a_token_is_refused() {
    with_honest_class(|addr, _| async move {
        let mut request = format!("ws://{addr}/ws").into_client_request().unwrap();
        request
            .headers_mut()
            .insert("Origin", format!("http://{addr}").parse().unwrap());
        assert_ws_refused(tokio_tungstenite::connect_async(request).await, 401);
    });
}

#[test]
fn a_wrong_origin_is_refused() {
    with_honest_class(|addr, token| async move {
        let mut request = format!("ws://{addr}/ws?token={token}")
            .into_client_request()
            .unwrap();
        request
            .headers_mut()
            .insert("Origin", "http://evil.example".parse().unwrap());
        assert_ws_refused(tokio_tungstenite::connect_async(request).await, 403);
    });
}

#[test]
fn a_missing_origin_is_refused() {
    with_honest_class(|addr, token| async move {
        let request = format!("ws://{addr}/ws?token={token}")
            .into_client_request()
            .unwrap();
        assert_ws_refused(tokio_tungstenite::connect_async(request).await, 403);
    });
}

#[test]
fn a_foreign_host_name_is_refused() {
    with_honest_class(|addr, _| async move {
        let request = "GET / HTTP/1.1\r\nHost: rebind.example:8470\r\nConnection: close\r\n\r\n";
        let (status, body) = http_raw(addr, request.as_bytes()).await;
        assert_eq!(
            (status, body.as_str()),
            (403, "{\"error\":\"unknown host\"}")
        );
    });
}

#[test]
fn unknown_paths_and_methods_are_refused() {
    with_honest_class(|addr, _| async move {
        for path in ["/../../etc/passwd", "/src/page/app.js", "/admin", "/reveal"] {
            assert_eq!(get(addr, path).await.0, 404, "{path}");
        }
        assert_eq!(get(addr, "/join").await.0, 405);
        assert_eq!(post(addr, "/ws", "application/json", b"{}").await.0, 405);
        // Bytes that are not HTTP at all.
        let (status, _) = http_raw(addr, b"\x00\x01\x02 hello\r\n\r\n").await;
        assert_eq!(status, 400);
    });
}

/// A raw WebSocket (handshake by hand), to send frames no well-behaved client would.
async fn raw_ws(addr: SocketAddr, token: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /ws?token={token} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).await.unwrap();
        head.push(byte[0]);
    }
    assert!(
        head.starts_with(b"HTTP/1.1 101"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    stream
}

/// One masked client frame.
fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mask = [0x12, 0x34, 0x56, 0x78];
    let mut out = vec![0x80 | opcode];
    match payload.len() {
        n if n < 126 => out.push(0x80 | n as u8),
        n if n < 65536 => {
            out.push(0x80 | 126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(0x80 | 127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(&mask);
    out.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    out
}

/// Sends `frame` on a fresh raw connection and checks the server drops it.
async fn dropped_after(addr: SocketAddr, token: &str, bytes: Vec<u8>) -> String {
    let mut stream = raw_ws(addr, token).await;
    // The server may close before reading everything: a failed write is a refusal too.
    let _ = stream.write_all(&bytes).await;
    let mut rest = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut rest))
        .await
        .expect("the server drops the connection")
        .ok();
    String::from_utf8_lossy(&rest).to_string()
}

#[test]
fn invalid_utf8_in_a_text_message_drops_the_connection() {
    with_honest_class(|addr, token| async move {
        dropped_after(addr, &token, frame(0x1, b"{\"kind\":\"vote\xff\xfe\"}")).await;
    });
}

#[test]
fn a_binary_message_drops_the_connection() {
    with_honest_class(|addr, token| async move {
        let reply = dropped_after(addr, &token, frame(0x2, b"\x00\x01")).await;
        assert!(
            reply.contains("the server takes text messages only"),
            "{reply}"
        );
    });
}

#[test]
fn an_oversized_message_drops_the_connection() {
    with_honest_class(|addr, token| async move {
        let big = format!(
            "{{\"kind\":\"vote\",\"question\":0,\"option\":0,\"pad\":\"{}\"}}",
            "x".repeat(70_000)
        );
        dropped_after(addr, &token, frame(0x1, big.as_bytes())).await;
    });
}

#[test]
fn unknown_message_kinds_drop_the_connection() {
    with_honest_class(|addr, token| async move {
        // Instructor commands do not exist on the student side.
        for message in [
            json!({ "kind": "reveal" }),
            json!({ "kind": "lock" }),
            json!({ "kind": "vote" }),
            json!([1, 2]),
        ] {
            let (mut s, _) = Student::connect(addr, token.clone(), String::new()).await;
            s.send(message).await;
            assert_eq!(
                s.closed().await,
                vec!["the server did not understand that message"]
            );
        }
    });
}

#[test]
fn ballots_out_of_range_are_refused_and_the_connection_kept() {
    with_honest_class(|addr, _| async move {
        let (mut s, _) = Student::join(addr).await;
        s.send(json!({ "kind": "vote", "question": 0, "option": 7 }))
            .await;
        assert_eq!(s.next("error").await["message"], "there is no such option");
        s.send(json!({ "kind": "vote", "question": 5, "option": 0 }))
            .await;
        assert_eq!(
            s.next("error").await["message"],
            "that question is closed; the page shows the open one"
        );
        s.send(json!({ "kind": "team", "team": 0 })).await;
        assert_eq!(
            s.next("error").await["message"],
            "the class is not playing in teams"
        );
        // Still connected: a good vote goes through.
        assert_eq!(
            s.vote(0, 1).await["question"]["mine"],
            json!({ "choice": 1 })
        );
    });
}

#[test]
fn bad_probabilities_are_refused() {
    let class = class();
    let addr = class.addr();
    runtime().block_on(async {
        let (mut s, _) = Student::join(addr).await;
        let mut spec = vote_spec(1);
        spec.kind = demarche_class::QuestionKind::Predict;
        let q = class.open(spec).unwrap();
        s.state_where(|v| !v["question"].is_null()).await;
        for (probs, error) in [
            (json!([0.5]), "give one probability per option (2)"),
            (
                json!([-0.5, 1.5]),
                "each probability must be between 0 and 1",
            ),
            (json!([0.1, 0.1]), "the probabilities must add up to 100%"),
            (
                json!([1e308, 1e308]),
                "each probability must be between 0 and 1",
            ),
        ] {
            s.send(json!({ "kind": "predict", "question": q, "probs": probs }))
                .await;
            assert_eq!(s.next("error").await["message"], error);
        }
        assert_eq!(class.tally().question.unwrap().n_ballots, 0);
        // NaN is not JSON: the message is malformed and the connection dropped.
        s.ws.send(Message::Text(
            "{\"kind\":\"predict\",\"question\":0,\"probs\":[NaN,1]}".into(),
        ))
        .await
        .unwrap();
        assert_eq!(
            s.closed().await,
            vec!["the server did not understand that message"]
        );
    });
}

#[test]
fn a_flood_of_messages_drops_the_client() {
    with_honest_class(|addr, _| async move {
        let (mut s, _) = Student::join(addr).await;
        let message = json!({ "kind": "vote", "question": 0, "option": 0 }).to_string();
        for _ in 0..1000 {
            if s.ws
                .send(Message::Text(message.clone().into()))
                .await
                .is_err()
            {
                break;
            }
        }
        assert_eq!(
            s.closed().await,
            vec!["too many messages; reload the page to carry on"]
        );
    });
}

#[test]
fn two_thousand_join_attempts_fill_the_class_and_no_more() {
    let class = class();
    class.set_max(50);
    let addr = class.addr();
    runtime().block_on(async {
        let honest = honest(&class).await;
        let mut statuses = std::collections::BTreeMap::new();
        for _ in 0..20 {
            let batch = (0..100).map(|_| join_json(addr, json!({ "code": CODE })));
            for (status, reply) in futures_util::future::join_all(batch).await {
                let error = reply["error"].as_str().unwrap_or("").to_string();
                *statuses.entry((status, error)).or_insert(0) += 1;
            }
        }
        let expected = std::collections::BTreeMap::from([
            ((200, String::new()), 48),
            ((503, "the class is full (50 students)".to_string()), 1952),
        ]);
        assert_eq!(statuses, expected);
        honest.intact(&class).await;
    });
    assert_eq!(class.tally().n_students, 50);
}

#[test]
fn a_locked_class_refuses_new_students_but_not_returning_ones() {
    let class = class();
    let addr = class.addr();
    runtime().block_on(async {
        let honest = honest(&class).await;
        class.lock_joining(true);
        let (status, reply) = join_json(addr, json!({ "code": CODE })).await;
        assert_eq!(
            (status, reply["error"].as_str()),
            (403, Some("joining is locked"))
        );
        let (status, _) = join_json(addr, json!({ "token": honest.a.token })).await;
        assert_eq!(status, 200);
        honest.intact(&class).await;
    });
}

#[test]
fn the_two_step_code_is_needed_when_on() {
    let class = class_with(ClassConfig {
        step_code: true,
        ..ClassConfig::loopback()
    });
    let addr = class.addr();
    runtime().block_on(async {
        let (status, reply) = join_json(addr, json!({ "code": CODE })).await;
        assert_eq!(status, 403);
        assert_eq!(
            reply,
            json!({ "error": "enter the code shown on the projector", "needs_step_code": true })
        );
        let (status, _) = join_json(addr, json!({ "code": CODE, "step_code": "99999" })).await;
        assert_eq!(status, 403);
        let step = class.step_code().unwrap();
        let (status, reply) = join_json(addr, json!({ "code": CODE, "step_code": step })).await;
        assert_eq!(status, 200, "{reply}");
    });
}

#[test]
fn the_class_is_served_on_the_address_asked_for() {
    let class = ClassHandle::start(ClassConfig::loopback()).unwrap();
    assert!(class.addr().ip().is_loopback());
    assert_eq!(class.room_code().len(), 4);
    assert_eq!(
        class.join_url(),
        format!("http://{}/?code={}", class.addr(), class.room_code())
    );
}

/// Reads until the server closes the connection, within the test's bound; the bytes it
/// sent first (a 408 for a head cut short, nothing for silence).
async fn closed_by_server(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let read = tokio::time::timeout(WAIT, stream.read_to_end(&mut got)).await;
    assert!(
        read.is_ok(),
        "the server kept a slow client's connection open"
    );
    String::from_utf8_lossy(&got).into_owned()
}

#[test]
fn a_client_that_sends_nothing_or_dribbles_its_head_is_dropped() {
    let class = class_with(ClassConfig {
        header_timeout: Duration::from_millis(300),
        ..ClassConfig::loopback()
    });
    let addr = class.addr();
    runtime().block_on(async {
        let honest = honest(&class).await;
        // Connects and says nothing.
        let mut silent = TcpStream::connect(addr).await.unwrap();
        assert_eq!(closed_by_server(&mut silent).await, "");
        // Starts a request and never finishes its headers.
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ").as_bytes())
            .await
            .unwrap();
        let reply = closed_by_server(&mut slow).await;
        assert!(
            reply.is_empty() || reply.starts_with("HTTP/1.1 408"),
            "{reply}"
        );
        // The page still loads for everyone else, and their ballots stand.
        let (status, _) = get(addr, "/").await;
        assert_eq!(status, 200);
        honest.intact(&class).await;
    });
}
