//! Helpers: a class on 127.0.0.1, a raw HTTP client, a student over WebSocket, and the
//! scene the real-browser tests share.

use std::net::SocketAddr;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use demarche_class::{Board, ClassConfig, ClassHandle, OptionSpec, QuestionKind, QuestionSpec};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The room code every test class uses.
pub const CODE: &str = "ROOM";

/// How long a test waits for any one reply before failing (never reached when it works).
pub const WAIT: Duration = Duration::from_secs(10);

/// A class on 127.0.0.1 with room code "ROOM".
pub fn class() -> ClassHandle {
    class_with(ClassConfig::loopback())
}

pub fn class_with(mut config: ClassConfig) -> ClassHandle {
    config.room_code = Some(CODE.into());
    ClassHandle::start(config).unwrap()
}

/// A runtime for the test's clients (the server has its own).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A vote between two moves, with the model's forecast.
pub fn vote_spec(step: u32) -> QuestionSpec {
    QuestionSpec {
        step,
        kind: QuestionKind::Vote,
        prompt: "What should Iran do?".into(),
        options: vec![
            OptionSpec::new("Insist on lifting all sanctions", 0.7),
            OptionSpec::new("Accept step-by-step relief", 0.3),
        ],
    }
}

/// A raw HTTP/1.1 exchange: sends `request` bytes, returns the status and the body.
pub async fn http_raw(addr: SocketAddr, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut reply = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut reply))
        .await
        .expect("the server answers")
        .ok();
    let text = String::from_utf8_lossy(&reply).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A POST of `body` with a content type, through the raw client.
pub async fn post(addr: SocketAddr, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    http_raw(addr, &request).await
}

/// A GET through the raw client.
pub async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    http_raw(addr, request.as_bytes()).await
}

/// POST /join with a JSON body; returns the status and the JSON reply.
pub async fn join_json(addr: SocketAddr, body: Value) -> (u16, Value) {
    let (status, text) = post(
        addr,
        "/join",
        "application/json",
        body.to_string().as_bytes(),
    )
    .await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub(crate) type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A student: a token and an open WebSocket.
pub struct Student {
    pub token: String,
    pub nickname: String,
    pub ws: Ws,
}

/// Opens the WebSocket of `token` with the page's own Origin.
pub async fn connect(addr: SocketAddr, token: &str) -> Ws {
    let mut request = format!("ws://{addr}/ws?token={token}")
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("Origin", format!("http://{addr}").parse().unwrap());
    let (ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    ws
}

impl Student {
    /// Joins with the room code and connects; reads the first state.
    pub async fn join(addr: SocketAddr) -> (Student, Value) {
        let (status, reply) = join_json(addr, json!({ "code": CODE })).await;
        assert_eq!(status, 200, "{reply}");
        let token = reply["token"].as_str().unwrap().to_string();
        let nickname = reply["nickname"].as_str().unwrap().to_string();
        Student::connect(addr, token, nickname).await
    }

    /// Connects with a token already held.
    pub async fn connect(addr: SocketAddr, token: String, nickname: String) -> (Student, Value) {
        let ws = connect(addr, &token).await;
        let mut student = Student {
            token,
            nickname,
            ws,
        };
        let state = student.state().await;
        (student, state)
    }

    /// The next message of kind `kind`.
    pub async fn next(&mut self, kind: &str) -> Value {
        loop {
            let message = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("a message in time")
                .expect("the connection is open")
                .expect("a sound message");
            if let Message::Text(text) = message {
                let value: Value = serde_json::from_str(text.as_str()).unwrap();
                if value["kind"] == kind {
                    return value;
                }
            }
        }
    }

    /// The next state message.
    pub async fn state(&mut self) -> Value {
        self.next("state").await
    }

    /// Sends a JSON message.
    pub async fn send(&mut self, message: Value) {
        self.ws
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
    }

    /// Votes for `option` on question `question` and returns the state that answers it.
    pub async fn vote(&mut self, question: usize, option: usize) -> Value {
        self.send(json!({ "kind": "vote", "question": question, "option": option }))
            .await;
        self.state().await
    }

    /// Sends a prediction and returns the state that answers it.
    pub async fn predict(&mut self, question: usize, probs: &[f64]) -> Value {
        self.send(json!({ "kind": "predict", "question": question, "probs": probs }))
            .await;
        self.state().await
    }

    /// Waits until the server closes this connection; panics on any other message kind
    /// than `error`, and returns the error texts received first.
    pub async fn closed(&mut self) -> Vec<String> {
        let mut errors = Vec::new();
        loop {
            match tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("closed in time")
            {
                None | Some(Err(_)) => return errors,
                Some(Ok(Message::Close(_))) => {
                    // Send the queued close reply, so the server need not wait for it.
                    let _ = self.ws.flush().await;
                    return errors;
                }
                Some(Ok(Message::Text(text))) => {
                    let value: Value = serde_json::from_str(text.as_str()).unwrap();
                    if value["kind"] == "error" {
                        errors.push(value["message"].as_str().unwrap().to_string());
                    }
                }
                Some(Ok(_)) => {}
            }
        }
    }
}

impl Student {
    /// Reads states until one satisfies `pred` (broadcasts and replies may interleave).
    pub async fn state_where(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let state = self.state().await;
            if pred(&state) {
                return state;
            }
        }
    }
}

/// The real-browser tests' class: on 127.0.0.1 with the Vienna board and a vote open
/// (question 0), and a channel that hears each repaint the server asks of the app (so
/// the test knows when the page's vote has arrived).
pub fn browser_class() -> (ClassHandle, usize, mpsc::Receiver<()>) {
    let (tx, rx) = mpsc::channel();
    let class = class_with(ClassConfig {
        repaint: Some(Arc::new(move || {
            let _ = tx.send(());
        })),
        ..ClassConfig::loopback()
    });
    class.set_board(Board {
        title: "Vienna talks, November 2021".into(),
        step: 1,
        narrative: vec!["The talks resume in Vienna after five months.".into()],
        facts: vec!["Enrichment: 60%".into(), "Talks: open".into()],
        to_move: Some("Iran".into()),
    });
    let q = class.open(vote_spec(1)).unwrap();
    (class, q, rx)
}

/// What the page shows of the browser class before the reveal.
pub const PAGE_TEXTS: [&str; 6] = [
    "Vienna talks, November 2021",
    "Step 1 · Iran to move",
    "The talks resume in Vienna after five months.",
    "Enrichment: 60%",
    "What should Iran do?",
    "Accept step-by-step relief",
];

/// What the page's question shows once the one vote, for the second move, is revealed.
pub const REVEAL_TEXTS: [&str; 2] = [
    "Accept step-by-step relief: 1 of 1 vote (100%) · model 30%",
    "The class chose: Accept step-by-step relief",
];

/// A script expression that settles once `condition` holds in the page (the page
/// re-renders on each message, so it checks on every animation frame until it does).
pub fn until_expression(condition: &str) -> String {
    format!(
        "new Promise((resolve) => {{ const check = () => {{ if ({condition}) resolve(true); else requestAnimationFrame(check); }}; check(); }})"
    )
}

/// A fresh, empty profile directory for `browser`, unique to this test process.
pub fn profile_dir(browser: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("demarche-class-{browser}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A browser's page as the real-browser tests drive it, whatever the protocol.
pub(crate) trait Page {
    /// Evaluates `expression` in the page, awaiting it if it is a promise.
    async fn eval(&mut self, expression: &str) -> Value;

    /// Waits, inside the page, until `condition` holds (the page re-renders on each
    /// message, so the check runs on every animation frame until it does).
    async fn until(&mut self, condition: &str) {
        let expression = until_expression(condition);
        let waited = tokio::time::timeout(WAIT, self.eval(&expression)).await;
        assert!(waited.is_ok(), "the page never showed: {condition}");
    }
}

/// The page has joined from the code in its URL: it shows the situation and the
/// vote, and nothing is wider than a phone's 390 px.
pub(crate) async fn sees_the_vote(page: &mut impl Page) {
    page.until("document.querySelectorAll('button.option').length === 2")
        .await;
    let text = page.eval("document.body.innerText").await;
    let text = text.as_str().unwrap();
    for expected in PAGE_TEXTS {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
    assert_eq!(
        page.eval("document.documentElement.scrollWidth <= 390")
            .await,
        serde_json::json!(true)
    );
}

/// The student taps the second move, the server counts it, the instructor reveals,
/// and the page shows the class's answer.
pub(crate) async fn votes_and_sees_the_reveal(
    page: &mut impl Page,
    class: &ClassHandle,
    voted: &mpsc::Receiver<()>,
) {
    page.eval("document.querySelectorAll('button.option')[1].click()")
        .await;
    voted
        .recv_timeout(WAIT)
        .expect("the vote reaches the server");
    page.until(
        "document.querySelectorAll('button.option')[1].getAttribute('aria-pressed') === 'true'",
    )
    .await;
    assert_eq!(class.tally().question.unwrap().n_ballots, 1);
    class.reveal().unwrap();
    page.until("document.getElementById('result') !== null")
        .await;
    let text = page
        .eval("document.getElementById('question').innerText")
        .await;
    let text = text.as_str().unwrap();
    for expected in REVEAL_TEXTS {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
}

/// A browser's remote-control socket (the DevTools protocol, WebDriver BiDi): commands
/// go out with an id, and what comes back that is not their answer is kept as events.
pub(crate) struct Remote {
    pub(crate) ws: Ws,
    next_id: u64,
    pub(crate) events: Vec<Value>,
}

impl Remote {
    pub(crate) fn new(ws: Ws) -> Self {
        Self {
            ws,
            next_id: 0,
            events: Vec::new(),
        }
    }

    /// Sends `message` with the next id and returns the answer that carries it; `browser`
    /// names who failed to answer within `WAIT`.
    pub(crate) async fn send(&mut self, browser: &str, mut message: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        message["id"] = json!(id);
        self.ws
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
        loop {
            let reply = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .unwrap_or_else(|_| panic!("{browser} answers {}", message["method"]))
                .unwrap()
                .unwrap();
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if value["id"] == id {
                return value;
            }
            self.events.push(value);
        }
    }
}
