//! The class server under load: 300 simulated students on 127.0.0.1 join, vote and
//! reconnect; prints join latency, vote-to-projector latency (p50/p95), the cost of the
//! projector's tally read, and the server's memory per idle client.
//!
//! `cargo run --release -p demarche-class --example class_load [-- --students N]`
//!
//! `-- --against ADDR --code CODE` instead loads a class the app serves (`demarche
//! --class --bind 127.0.0.1 --port P`): the students join, wait for the question the
//! instructor opens, all vote at once, and half of them reconnect; run the app with
//! `DEMARCHE_FRAME_STATS=1` to see its frame times meanwhile.
//!
//! Latencies are measured with the server in this process (the projector reads the
//! tally when the server's repaint callback fires, as the app does). Memory is measured
//! on a child process that runs only the server, so the clients' own buffers are not
//! counted: its resident set before and after the students connect, over their number.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use demarche_class::{ClassConfig, ClassHandle, OptionSpec, QuestionKind, QuestionSpec};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--serve") {
        serve();
        return;
    }
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let n = value("--students")
        .and_then(|s| s.parse().ok())
        .unwrap_or(300usize);
    if let Some(addr) = value("--against") {
        let addr: SocketAddr = addr.parse().expect("--against ADDR:PORT");
        let code = value("--code").expect("--code CODE, the room code the app shows");
        against(addr, code, n);
        return;
    }
    latencies(n);
    memory(n);
}

fn spec(step: u32) -> QuestionSpec {
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

fn config(n: usize) -> ClassConfig {
    ClassConfig {
        room_code: Some("LOAD".into()),
        max_students: n + 10,
        ..ClassConfig::loopback()
    }
}

/// Loads a class another process serves: `n` students join with `code`, wait for the
/// instructor's question, vote all at once, then half of them reconnect.
fn against(addr: SocketAddr, code: &str, n: usize) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let start = Instant::now();
        let joins = futures_util::future::join_all((0..n).map(|_| async {
            let reply = post_join(addr, json!({ "code": code })).await;
            let token = reply["token"].as_str().unwrap().to_string();
            let mut ws = connect(addr, &token).await;
            next_state(&mut ws).await;
            (token, ws)
        }))
        .await;
        println!(
            "{n} joined in {:.0} ms; open a vote in the app (V)",
            start.elapsed().as_secs_f64() * 1e3
        );
        let mut students = joins;
        let mut question = Value::Null;
        for (_, ws) in students.iter_mut() {
            loop {
                let state = next_state(ws).await;
                if !state["question"].is_null() {
                    question = state["question"]["id"].clone();
                    break;
                }
            }
        }
        let start = Instant::now();
        let sends = students.iter_mut().enumerate().map(|(i, (_, ws))| {
            let vote = json!({ "kind": "vote", "question": question, "option": i % 2 });
            ws.send(Message::Text(vote.to_string().into()))
        });
        for sent in futures_util::future::join_all(sends).await {
            sent.unwrap();
        }
        for (_, ws) in students.iter_mut() {
            next_state(ws).await;
        }
        println!("{n} voted in {:.0} ms", start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        for (token, ws) in students.iter_mut().step_by(2) {
            let _ = ws.close(None).await;
            *ws = connect(addr, token).await;
            next_state(ws).await;
        }
        println!(
            "{} reconnected in {:.0} ms",
            n.div_ceil(2),
            start.elapsed().as_secs_f64() * 1e3
        );
    });
}

async fn post_join(addr: SocketAddr, body: Value) -> Value {
    let body = body.to_string();
    let request = format!(
        "POST /join HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    let (_, json) = reply.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(json).unwrap()
}

async fn connect(addr: SocketAddr, token: &str) -> Ws {
    let mut request = format!("ws://{addr}/ws?token={token}")
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("Origin", format!("http://{addr}").parse().unwrap());
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

async fn next_state(ws: &mut Ws) -> Value {
    loop {
        if let Some(Ok(Message::Text(text))) = ws.next().await {
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if value["kind"] == "state" {
                return value;
            }
        }
    }
}

/// A student joins (POST /join, WebSocket, first state); returns its token and socket.
async fn join(addr: SocketAddr) -> (String, Ws, Duration) {
    let start = Instant::now();
    let reply = post_join(addr, json!({ "code": "LOAD" })).await;
    let token = reply["token"].as_str().unwrap().to_string();
    let mut ws = connect(addr, &token).await;
    next_state(&mut ws).await;
    (token, ws, start.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{what}: p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms ({} samples)",
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.95).as_secs_f64() * 1e3,
        samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        samples.len()
    );
}

fn latencies(n: usize) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut config = config(n);
    config.repaint = Some(Arc::new(move || {
        let _ = tx.send(Instant::now());
    }));
    let class = ClassHandle::start(config).unwrap();
    let addr = class.addr();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        // All join at once, as a class does when the QR code goes up.
        let joins = futures_util::future::join_all((0..n).map(|_| join(addr))).await;
        report(
            &format!("join ({n} at once)"),
            joins.iter().map(|j| j.2).collect(),
        );
        let mut students: Vec<(String, Ws)> = joins.into_iter().map(|(t, w, _)| (t, w)).collect();
        while rx.try_recv().is_ok() {}

        let q = class.open(spec(1)).unwrap();
        for (_, ws) in students.iter_mut() {
            next_state(ws).await;
        }
        // One vote at a time: from the student's send to the projector's tally showing it.
        let mut one_by_one = Vec::new();
        let mut tally_read = Vec::new();
        for (i, (_, ws)) in students.iter_mut().enumerate() {
            let start = Instant::now();
            let vote = json!({ "kind": "vote", "question": q, "option": i % 2 }).to_string();
            ws.send(Message::Text(vote.into())).await.unwrap();
            loop {
                rx.recv().await.unwrap();
                let read = Instant::now();
                let seen = class.tally().question.map_or(0, |t| t.n_ballots);
                tally_read.push(read.elapsed());
                if seen > i {
                    break;
                }
            }
            one_by_one.push(start.elapsed());
            next_state(ws).await;
        }
        report("vote to projector, one at a time", one_by_one);
        report(
            &format!("projector's tally read with {n} students"),
            tally_read,
        );

        // All vote at once on the next question: when does the k-th ballot show?
        let q = class.open(spec(2)).unwrap();
        for (_, ws) in students.iter_mut() {
            next_state(ws).await;
        }
        while rx.try_recv().is_ok() {}
        let start = Instant::now();
        let sends = students.iter_mut().enumerate().map(|(i, (_, ws))| {
            let vote = json!({ "kind": "vote", "question": q, "option": i % 2 }).to_string();
            ws.send(Message::Text(vote.into()))
        });
        for sent in futures_util::future::join_all(sends).await {
            sent.unwrap();
        }
        let mut shown = Vec::new();
        while shown.len() < n {
            rx.recv().await.unwrap();
            let seen = class.tally().question.map_or(0, |t| t.n_ballots);
            while shown.len() < seen {
                shown.push(start.elapsed());
            }
        }
        report(
            &format!("vote to projector, {n} at once (k-th ballot shown)"),
            shown,
        );
        for (_, ws) in students.iter_mut() {
            next_state(ws).await;
        }

        // Everyone's Wi-Fi drops: all reconnect with their tokens and get their ballot back.
        let tokens: Vec<String> = students
            .drain(..)
            .map(|(t, ws)| {
                drop(ws);
                t
            })
            .collect();
        let rejoins = futures_util::future::join_all(tokens.iter().map(|token| async move {
            let start = Instant::now();
            post_join(addr, json!({ "code": "LOAD", "token": token })).await;
            let mut ws = connect(addr, token).await;
            let state = next_state(&mut ws).await;
            assert!(
                state["question"]["mine"]["choice"].is_u64(),
                "the ballot came back"
            );
            (start.elapsed(), ws)
        }))
        .await;
        report(
            &format!("reconnect with the ballot back ({n} at once)"),
            rejoins.iter().map(|r| r.0).collect(),
        );
        assert_eq!(class.tally().n_students, n);
    });
    class.stop();
}

/// The child: only the server, reporting its memory on request.
fn serve() {
    let n: usize = std::env::var("CLASS_LOAD_STUDENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let class = ClassHandle::start(config(n)).unwrap();
    println!("{}", class.addr());
    let _ = std::io::stdout().flush();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        match line.trim() {
            "rss" => {
                println!("{} {}", rss_kib(std::process::id()), class.n_connected());
                let _ = std::io::stdout().flush();
            }
            _ => break,
        }
    }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn memory(n: usize) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg("--serve")
        .env("CLASS_LOAD_STUDENTS", n.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let addr: SocketAddr = lines.next().unwrap().unwrap().parse().unwrap();
    let mut ask = |stdin: &mut std::process::ChildStdin| -> (u64, usize) {
        writeln!(stdin, "rss").unwrap();
        let line = lines.next().unwrap().unwrap();
        let (rss, connected) = line.split_once(' ').unwrap();
        (rss.parse().unwrap(), connected.parse().unwrap())
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Warm the server with a few students first, so the runtime's own start-up
    // allocations are not counted against the idle ones.
    let warm = rt.block_on(futures_util::future::join_all((0..10).map(|_| join(addr))));
    let (before, _) = ask(&mut stdin);
    let students = rt.block_on(futures_util::future::join_all((0..n).map(|_| join(addr))));
    let (after, connected) = ask(&mut stdin);
    println!(
        "server memory: {before} KiB with 10 students, {after} KiB with {connected} connected; {:.1} KiB per idle client",
        (after.saturating_sub(before)) as f64 / n as f64
    );
    drop(students);
    drop(warm);
    writeln!(stdin, "quit").unwrap();
    let _ = child.wait();
}
