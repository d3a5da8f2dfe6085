//! The HTTP and WebSocket side: the page, joining, and each student's live connection.
//!
//! Every input is bounded: request bodies (2 KiB), WebSocket messages (4 KiB), messages
//! per second per connection, connections, students. Every request has a timeout. The
//! Host header must name this server and a WebSocket's Origin must be its own page, so a
//! page elsewhere on the network cannot drive a student's browser. Nothing here reaches
//! an instructor command: a student can only join, pick a team and cast a ballot.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::{SinkExt, StreamExt};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde::Deserialize;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::handle::Repaint;
use crate::names;
use crate::room::{BallotIn, Room};
use crate::token::{Keys, random_u64};

/// The largest request body accepted.
pub(crate) const MAX_BODY_BYTES: usize = 2048;
/// The largest WebSocket message accepted.
pub(crate) const MAX_MESSAGE_BYTES: usize = 4096;
/// Messages a connection may send per second before it is dropped; a person tapping
/// and dragging sliders sends a few.
pub(crate) const MAX_MESSAGES_PER_SEC: u32 = 30;
/// Connections beyond the class's maximum students, for reloads that overlap.
const SPARE_CONNECTIONS: usize = 32;
/// Time allowed for any plain HTTP request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest room or step code read.
const MAX_CODE_CHARS: usize = 16;

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/style.css");
const FAVICON: &str = include_str!("page/favicon.svg");

/// What the handle and every connection share.
pub(crate) struct Shared {
    room: Mutex<Room>,
    pub(crate) keys: Keys,
    pub(crate) room_code: String,
    allowed_hosts: Vec<String>,
    version: watch::Sender<u64>,
    stopping: AtomicBool,
    repaint: Option<Repaint>,
    pub(crate) live: AtomicUsize,
    /// Grows with every change to the room: a join, a ballot, an instructor's action.
    pub(crate) revision: AtomicU64,
    /// Woken when the last connection closes, so stopping can let each say goodbye.
    pub(crate) idle: tokio::sync::Notify,
}

impl Shared {
    pub(crate) fn new(
        room: Room,
        keys: Keys,
        room_code: String,
        allowed_hosts: Vec<String>,
        repaint: Option<Repaint>,
    ) -> Self {
        Self {
            room: Mutex::new(room),
            keys,
            room_code,
            allowed_hosts,
            version: watch::Sender::new(0),
            stopping: AtomicBool::new(false),
            repaint,
            live: AtomicUsize::new(0),
            idle: tokio::sync::Notify::new(),
            revision: AtomicU64::new(0),
        }
    }

    /// The room; a panic elsewhere while it was held leaves it usable (the data is plain).
    pub(crate) fn room(&self) -> MutexGuard<'_, Room> {
        self.room
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tells every connection that what students see has changed.
    pub(crate) fn changed(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
        self.version.send_modify(|v| *v += 1);
    }

    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.changed();
    }

    fn repaint(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
        if let Some(repaint) = &self.repaint {
            repaint();
        }
    }
}

/// Serves `app` on `listener` until `stop` fires. Each connection gets `header_timeout`
/// to send its first byte and then its whole request head (hyper's header timeout, which
/// `axum::serve` leaves off); a slow or silent client is dropped and the rest carry on.
/// Connections upgraded to WebSockets are the server's own tasks from then on.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    stop: oneshot::Receiver<()>,
) {
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors or a connection reset before it was accepted:
                // the next accept may succeed once clients leave.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => return,
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut first = [0_u8; 1];
            match tokio::time::timeout(header_timeout, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            let _ = connection.await;
        });
    }
}

/// The router of the student side.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(page))
        .route(
            "/app.js",
            get(|| asset(SCRIPT, "text/javascript; charset=utf-8")),
        )
        .route(
            "/style.css",
            get(|| asset(STYLE, "text/css; charset=utf-8")),
        )
        .route("/favicon.svg", get(|| asset(FAVICON, "image/svg+xml")))
        .route("/favicon.ico", get(|| asset(FAVICON, "image/svg+xml")))
        .route("/join", post(join))
        .route("/ws", get(ws))
        .fallback(|| async { refuse(StatusCode::NOT_FOUND, "no such page") })
        .layer(middleware::from_fn_with_state(shared.clone(), check_host))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(shared)
}

/// A refusal as JSON the page can show: `{"error": "..."}`.
fn refuse(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

/// Refuses requests whose Host is not this server's address, so a name that resolves
/// to this laptop (DNS rebinding) gives a page elsewhere no way in.
async fn check_host(State(s): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !s.allowed_hosts.iter().any(|h| h == host) {
        return refuse(StatusCode::FORBIDDEN, "unknown host");
    }
    next.run(request).await
}

fn with_headers(mut response: Response, content_type: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn page() -> Response {
    let mut response = with_headers(PAGE.into_response(), "text/html; charset=utf-8");
    // Only this server's own script, style and socket: nothing a student could inject
    // would run, and the page loads nothing from elsewhere.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    response
}

async fn asset(body: &'static str, content_type: &'static str) -> Response {
    with_headers(body.into_response(), content_type)
}

#[derive(Deserialize)]
struct JoinRequest {
    code: Option<String>,
    step_code: Option<String>,
    token: Option<String>,
}

async fn join(
    State(s): State<Arc<Shared>>,
    body: Result<axum::Json<JoinRequest>, JsonRejection>,
) -> Response {
    let request = match body {
        Ok(axum::Json(request)) => request,
        Err(rejection) => {
            let status = rejection.status();
            let message = if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
                "send the join request as JSON"
            } else if status == StatusCode::PAYLOAD_TOO_LARGE {
                "the request is too large"
            } else {
                "the join request is not valid JSON"
            };
            return refuse(status, message);
        }
    };
    // A student coming back (reload, Wi-Fi drop) with a token this server signed.
    if let Some(token) = &request.token {
        if let Some(id) = s.keys.verify(token) {
            let room = s.room();
            if let Some(n) = room.student(id) {
                let nickname = room.students[n].nickname.clone();
                return axum::Json(json!({ "token": token, "nickname": nickname })).into_response();
            }
        }
        if request.code.is_none() {
            return refuse(
                StatusCode::FORBIDDEN,
                "this page's session has ended; join again with the room code",
            );
        }
    }
    let code = request.code.as_deref().unwrap_or("");
    if code.chars().count() > MAX_CODE_CHARS {
        return refuse(StatusCode::BAD_REQUEST, "the room code is too long");
    }
    if !code.trim().eq_ignore_ascii_case(&s.room_code) {
        return refuse(StatusCode::FORBIDDEN, "wrong room code");
    }
    let step_code = request.step_code.as_deref().unwrap_or("");
    let needs_step_code = s.room().step_code;
    if needs_step_code && (step_code.chars().count() > MAX_CODE_CHARS || !s.step_code_ok(step_code))
    {
        return (
            StatusCode::FORBIDDEN,
            axum::Json(json!({ "error": "enter the code shown on the projector", "needs_step_code": true })),
        )
            .into_response();
    }
    let Ok(id) = random_u64() else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server has no randomness; try again",
        );
    };
    let joined = {
        let mut room = s.room();
        let Some(nickname) = names::nickname(&|n| room.nickname_taken(n)) else {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "no nickname left; try again",
            );
        };
        room.join(id, nickname.clone()).map(|_| nickname)
    };
    match joined {
        Ok(nickname) => {
            s.repaint();
            axum::Json(json!({ "token": s.keys.token(id), "nickname": nickname })).into_response()
        }
        Err(message) if message.starts_with("the class is full") => {
            refuse(StatusCode::SERVICE_UNAVAILABLE, &message)
        }
        Err(message) => refuse(StatusCode::FORBIDDEN, &message),
    }
}

#[derive(Deserialize)]
struct WsQuery {
    token: String,
}

async fn ws(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    query: Result<Query<WsQuery>, axum::extract::rejection::QueryRejection>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .unwrap_or("");
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if origin != format!("http://{host}") {
        return refuse(
            StatusCode::FORBIDDEN,
            "connections come only from the class's own page",
        );
    }
    let Ok(Query(query)) = query else {
        return refuse(StatusCode::UNAUTHORIZED, "join the class first");
    };
    let student = s
        .keys
        .verify(&query.token)
        .and_then(|id| s.room().student(id));
    let Some(student) = student else {
        return refuse(StatusCode::UNAUTHORIZED, "join the class first");
    };
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => {
            return refuse(
                rejection.status(),
                "this address takes WebSocket connections only",
            );
        }
    };
    let max_live = s.room().max_students + SPARE_CONNECTIONS;
    if s.live.fetch_add(1, Ordering::SeqCst) >= max_live {
        s.live.fetch_sub(1, Ordering::SeqCst);
        return refuse(StatusCode::SERVICE_UNAVAILABLE, "too many connections");
    }
    let guard = Live(s.clone());
    // Small buffers keep an idle student cheap (tungstenite's defaults are 128 KiB each
    // way); messages here are a few hundred bytes. Writes go out at once.
    upgrade
        .read_buffer_size(MAX_MESSAGE_BYTES)
        .write_buffer_size(0)
        .max_write_buffer_size(64 * 1024)
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| run_socket(socket, guard, student))
}

/// Counts a live connection until dropped.
struct Live(Arc<Shared>);

impl Drop for Live {
    fn drop(&mut self) {
        if self.0.live.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

/// What a student's page sends.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ClientMessage {
    Vote { question: usize, option: usize },
    Predict { question: usize, probs: Vec<f64> },
    Team { team: usize },
}

/// What to do after a student's message.
enum Outcome {
    /// Accepted: send the student's new state.
    Accepted,
    /// Refused, but the connection is sound: say why and carry on.
    Refused(String),
    /// Malformed: say why and drop the connection.
    Dropped(String),
}

fn handle_text(s: &Shared, student: usize, text: &str) -> Outcome {
    let message: ClientMessage = match serde_json::from_str(text) {
        Ok(m) => m,
        Err(_) => return Outcome::Dropped("the server did not understand that message".into()),
    };
    let mut room = s.room();
    let result = match message {
        ClientMessage::Vote { question, option } => {
            room.ballot(student, question, BallotIn::Choice(option))
        }
        ClientMessage::Predict { question, probs } => {
            room.ballot(student, question, BallotIn::Probs(probs))
        }
        ClientMessage::Team { team } => room.choose_team(student, team),
    };
    match result {
        Ok(()) => Outcome::Accepted,
        Err(message) => Outcome::Refused(message),
    }
}

fn state_message(s: &Shared, student: usize) -> Message {
    Message::Text(s.room().view(student).to_string().into())
}

fn error_message(text: &str) -> Message {
    Message::Text(
        json!({ "kind": "error", "message": text })
            .to_string()
            .into(),
    )
}

async fn run_socket(socket: WebSocket, live: Live, student: usize) {
    let s = live.0.clone();
    let (mut tx, mut rx) = socket.split();
    let mut version = s.version.subscribe();
    if tx.send(state_message(&s, student)).await.is_err() {
        return;
    }
    let mut window = Instant::now();
    let mut in_window = 0u32;
    loop {
        tokio::select! {
            incoming = rx.next() => {
                // An error here is a protocol violation (invalid UTF-8, an oversized
                // frame) or a dropped connection: either way this connection ends.
                let Some(Ok(message)) = incoming else { break };
                if window.elapsed() >= Duration::from_secs(1) {
                    window = Instant::now();
                    in_window = 0;
                }
                in_window += 1;
                if in_window > MAX_MESSAGES_PER_SEC {
                    let why = error_message("too many messages; reload the page to carry on");
                    goodbye(&mut tx, &mut rx, why, close(4429, "too many messages")).await;
                    break;
                }
                let outcome = match message {
                    Message::Text(text) => handle_text(&s, student, text.as_str()),
                    Message::Binary(_) => Outcome::Dropped("the server takes text messages only".into()),
                    Message::Close(_) => break,
                    Message::Ping(_) | Message::Pong(_) => continue,
                };
                let sent = match outcome {
                    Outcome::Accepted => {
                        s.repaint();
                        tx.send(state_message(&s, student)).await
                    }
                    Outcome::Refused(why) => tx.send(error_message(&why)).await,
                    Outcome::Dropped(why) => {
                        goodbye(&mut tx, &mut rx, error_message(&why), close(4400, "malformed message")).await;
                        break;
                    }
                };
                if sent.is_err() {
                    break;
                }
            }
            changed = version.changed() => {
                if changed.is_err() || s.stopping.load(Ordering::SeqCst) {
                    let _ = tx.send(Message::Text(json!({ "kind": "ended" }).to_string().into())).await;
                    let _ = tx.send(close(1001, "the class has ended")).await;
                    break;
                }
                if tx.send(state_message(&s, student)).await.is_err() {
                    break;
                }
            }
        }
    }
    drop(live);
}

/// Says why and closes, then reads what the client had already sent until it answers
/// the close (at most two seconds): closing with unread data would reset the connection
/// and lose the explanation on the way.
async fn goodbye(
    tx: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    rx: &mut futures_util::stream::SplitStream<WebSocket>,
    why: Message,
    close: Message,
) {
    if tx.send(why).await.is_err() || tx.send(close).await.is_err() {
        return;
    }
    let drain = async {
        while let Some(Ok(message)) = rx.next().await {
            if matches!(message, Message::Close(_)) {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
}

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}
