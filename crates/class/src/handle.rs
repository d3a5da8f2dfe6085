//! The instructor's handle on a running class: start, the commands, the tally, stop.
//!
//! The server runs on a tokio runtime the handle owns (its worker threads are the side
//! threads); dropping or stopping the handle closes every student's connection and shuts
//! the runtime down.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::Ordering;
use std::sync::{Arc, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::runtime::Runtime;
use tokio::sync::oneshot;

use crate::net::{default_route_addr, interfaces};
use crate::room::Room;
use crate::server::{self, Shared};
use crate::token::Keys;
use crate::{
    Bind, Board, ClassError, DEFAULT_MAX_STUDENTS, QuestionSpec, STEP_CODE_SECS, Tally, TeamSetup,
    names,
};
use demarche_core::session::ClassRecord;

/// How long a client may take to send a request's head unless the config says otherwise:
/// generous for a phone on a busy Wi-Fi, short enough that idle sockets do not pile up.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// A callback the server calls when something the projector shows has changed (a student
/// joined or answered), so the app can ask for a repaint.
pub type Repaint = Arc<dyn Fn() + Send + Sync>;

/// How to start a class.
#[derive(Clone)]
pub struct ClassConfig {
    /// Which interface to listen on.
    pub bind: Bind,
    /// The port; 0 lets the system pick a free one.
    pub port: u16,
    /// The most students that may join.
    pub max_students: usize,
    /// The room code; a random four-letter one when `None`.
    pub room_code: Option<String>,
    /// Whether joining also needs the two-step code shown on the projector.
    pub step_code: bool,
    /// How long a client may take to send a request's head (the request line and
    /// headers) once it connects; a client that dribbles it or sends nothing is dropped,
    /// so it cannot hold a connection open for ever.
    pub header_timeout: Duration,
    /// Called when the projector's tally changes.
    pub repaint: Option<Repaint>,
}

impl std::fmt::Debug for ClassConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClassConfig")
            .field("bind", &self.bind)
            .field("port", &self.port)
            .field("max_students", &self.max_students)
            .field("room_code", &self.room_code)
            .field("step_code", &self.step_code)
            .field("header_timeout", &self.header_timeout)
            .field("repaint", &self.repaint.is_some())
            .finish()
    }
}

impl Default for ClassConfig {
    fn default() -> Self {
        Self {
            bind: Bind::DefaultRoute,
            port: 8470,
            max_students: DEFAULT_MAX_STUDENTS,
            room_code: None,
            step_code: false,
            header_timeout: HEADER_TIMEOUT,
            repaint: None,
        }
    }
}

impl ClassConfig {
    /// A class on 127.0.0.1 and a free port: for tests and trying the page alone.
    pub fn loopback() -> Self {
        Self {
            bind: Bind::Addr(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            port: 0,
            ..Self::default()
        }
    }
}

/// A running class. Every instructor command goes through it; none is reachable over HTTP.
pub struct ClassHandle {
    shared: Arc<Shared>,
    runtime: Option<Runtime>,
    shutdown: Option<oneshot::Sender<()>>,
    addr: SocketAddr,
    url_host: SocketAddr,
}

/// Listens on `addr` with a backlog for a whole class scanning the QR code at once.
fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

fn now_window() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / STEP_CODE_SECS)
}

impl ClassHandle {
    /// Starts the server as `config` says and returns once it listens.
    pub fn start(config: ClassConfig) -> Result<Self, ClassError> {
        let (bind_ip, url_ip) = match config.bind {
            Bind::DefaultRoute => {
                let ip = default_route_addr().ok_or_else(|| ClassError::NoInterface {
                    reason: "no interface is on a default route; pick one from the list".into(),
                })?;
                (ip, ip)
            }
            Bind::Addr(ip) => (ip, ip),
            Bind::All => (
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                default_route_addr().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            ),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("demarche-class")
            .enable_all()
            .build()
            .map_err(ClassError::Runtime)?;
        let want = SocketAddr::new(bind_ip, config.port);
        let listener = runtime
            .block_on(async { listen(want) })
            .map_err(|source| ClassError::Bind { addr: want, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| ClassError::Bind { addr: want, source })?;
        let url_host = SocketAddr::new(url_ip, addr.port());
        let mut allowed_hosts = vec![url_host.to_string()];
        if config.bind == Bind::All {
            allowed_hosts.extend(
                interfaces()
                    .iter()
                    .map(|i| SocketAddr::new(i.addr, addr.port()).to_string()),
            );
            allowed_hosts.push(format!("localhost:{}", addr.port()));
        }
        let room_code = match config.room_code {
            Some(code) => code,
            None => names::room_code().ok_or_else(|| ClassError::Random("no room code".into()))?,
        };
        let mut room = Room::new(config.max_students);
        room.step_code = config.step_code;
        let shared = Arc::new(Shared::new(
            room,
            Keys::new()?,
            room_code,
            allowed_hosts,
            config.repaint,
        ));
        let (tx, rx) = oneshot::channel();
        let app = server::router(shared.clone());
        runtime.spawn(server::serve(listener, app, config.header_timeout, rx));
        Ok(Self {
            shared,
            runtime: Some(runtime),
            shutdown: Some(tx),
            addr,
            url_host,
        })
    }

    fn room(&self) -> MutexGuard<'_, Room> {
        self.shared.room()
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL students open; it carries the room code, so scanning joins in one step.
    pub fn join_url(&self) -> String {
        format!("http://{}/?code={}", self.url_host, self.shared.room_code)
    }

    /// The URL without the code, for students who type the code themselves.
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.url_host)
    }

    /// The room code.
    pub fn room_code(&self) -> &str {
        &self.shared.room_code
    }

    /// The two-step code to show on the projector now, if the class uses one.
    pub fn step_code(&self) -> Option<String> {
        self.room()
            .step_code
            .then(|| self.shared.keys.step_code(now_window()))
    }

    /// Turns the two-step code on or off.
    pub fn set_step_code(&self, on: bool) {
        self.room().step_code = on;
    }

    /// Locks or unlocks joining; students already in may still reconnect.
    pub fn lock_joining(&self, locked: bool) {
        self.room().joining_locked = locked;
    }

    /// Sets the most students that may join (those already in stay).
    pub fn set_max(&self, max_students: usize) {
        self.room().max_students = max_students;
    }

    /// What students see of the scenario: call it at every step.
    pub fn set_board(&self, board: Board) {
        self.room().board = board;
        self.shared.changed();
    }

    /// Sets up teams, one per actor.
    pub fn set_teams(&self, setup: TeamSetup) -> Result<(), ClassError> {
        self.room().set_teams(setup)?;
        self.shared.changed();
        Ok(())
    }

    /// Opens a question; returns its number in the class record.
    pub fn open(&self, spec: QuestionSpec) -> Result<usize, ClassError> {
        let id = {
            let mut room = self.room();
            room.open(spec)?;
            room.current_id().ok_or(ClassError::NoQuestion)?
        };
        self.shared.changed();
        Ok(id)
    }

    /// Locks the open question's ballots.
    pub fn lock(&self) -> Result<(), ClassError> {
        self.room().lock()?;
        self.shared.changed();
        Ok(())
    }

    /// Reveals the open question's results (and locks it).
    pub fn reveal(&self) -> Result<(), ClassError> {
        self.room().reveal()?;
        self.shared.changed();
        Ok(())
    }

    /// Records which option happened when the step was played, which scores predictions.
    pub fn resolve(&self, realised: usize) -> Result<(), ClassError> {
        self.room().resolve(realised)?;
        self.shared.changed();
        Ok(())
    }

    /// Takes back the result of the open question (the instructor undid the move that
    /// scored it): its scores go, and the move played next scores it.
    pub fn unresolve(&self) -> Result<(), ClassError> {
        self.room().unresolve()?;
        self.shared.changed();
        Ok(())
    }

    /// Closes the open question (it stays in the record).
    pub fn close_question(&self) {
        self.room().close();
        self.shared.changed();
    }

    /// The projector's snapshot: cheap enough to read every frame.
    pub fn tally(&self) -> Tally {
        self.room().tally()
    }

    /// A number that grows whenever the room changes (a student joins or answers, the
    /// instructor acts): the app reads the record again only when it has grown.
    pub fn revision(&self) -> u64 {
        self.shared.revision.load(Ordering::SeqCst)
    }

    /// Everything so far, for the session file and the debrief.
    pub fn record(&self) -> ClassRecord {
        self.room().record()
    }

    /// How many student connections are open now.
    pub fn n_connected(&self) -> usize {
        self.shared.live.load(Ordering::Relaxed)
    }

    /// Stops the class: students see that it ended, and the server shuts down.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        self.shared.stop();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            // Let each connection tell its page the class ended, for at most a second.
            let shared = self.shared.clone();
            runtime.block_on(async move {
                let all_closed = async {
                    loop {
                        let idle = shared.idle.notified();
                        tokio::pin!(idle);
                        idle.as_mut().enable();
                        if shared.live.load(Ordering::SeqCst) == 0 {
                            break;
                        }
                        idle.await;
                    }
                };
                let _ = tokio::time::timeout(Duration::from_secs(1), all_closed).await;
            });
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

impl Drop for ClassHandle {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

impl Shared {
    /// Whether `given` is the two-step code of this window or the one before (a student
    /// typing across a change of code is not refused).
    pub(crate) fn step_code_ok(&self, given: &str) -> bool {
        let w = now_window();
        [w, w.saturating_sub(1)]
            .iter()
            .any(|&w| self.keys.step_code(w) == given.trim())
    }
}
