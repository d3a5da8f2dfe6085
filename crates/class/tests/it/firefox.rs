//! The real-browser test in Firefox: Debian's firefox-esr, headless at a phone's size,
//! opens the join URL, votes, and sees the reveal, with nothing in its console and no
//! failed request.
//!
//! It runs when `DEMARCHE_FIREFOX` names the browser; without it the test says so and
//! passes. Firefox speaks WebDriver BiDi itself on a WebSocket when started with
//! `--remote-debugging-port`, so the test drives it with the same client library the
//! other tests use: no driver process (geckodriver) and no download.

use std::process::Stdio;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio_tungstenite::tungstenite::Message;

use crate::common::*;

/// A WebDriver BiDi session with one browsing context (the tab the page is in).
struct Bidi {
    remote: Remote,
    context: String,
}

impl Bidi {
    /// Sends a command and returns its result; events that arrive meanwhile are kept.
    async fn call(&mut self, method: &str, params: Value) -> Value {
        let message = json!({ "method": method, "params": params });
        let value = self.remote.send("firefox", message).await;
        assert_eq!(value["type"], "success", "{method}: {value}");
        value["result"].clone()
    }

    /// A PNG of the viewport, base64 as BiDi sends it.
    async fn screenshot(&mut self) -> String {
        let context = self.context.clone();
        let shot = self
            .call(
                "browsingContext.captureScreenshot",
                json!({ "context": context }),
            )
            .await;
        shot["data"].as_str().unwrap().to_string()
    }

    /// What went wrong in the page: console errors and warnings, uncaught exceptions,
    /// and requests that failed or were answered with an error status (Firefox does not
    /// log a missing favicon in the console, so its 404 is caught here).
    fn errors(&self) -> Vec<String> {
        self.remote
            .events
            .iter()
            .filter_map(|e| {
                let p = &e["params"];
                let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
                match e["method"].as_str()? {
                    "log.entryAdded" if p["level"] == "error" || p["level"] == "warn" => {
                        Some(format!(
                            "{} {}: {}",
                            text(&p["type"]),
                            text(&p["level"]),
                            text(&p["text"])
                        ))
                    }
                    "network.responseCompleted"
                        if p["response"]["status"].as_u64().unwrap_or(0) >= 400 =>
                    {
                        Some(format!(
                            "{} answered {}",
                            text(&p["request"]["url"]),
                            p["response"]["status"]
                        ))
                    }
                    "network.fetchError" => Some(format!(
                        "{} failed: {}",
                        text(&p["request"]["url"]),
                        text(&p["errorText"])
                    )),
                    _ => None,
                }
            })
            .collect()
    }

    /// The status the server gave the page's request for `url` (the query left out),
    /// waiting for it: the favicon, for one, loads apart from the page.
    async fn status_of(&mut self, url: &str) -> u64 {
        let status = |events: &[Value]| {
            events.iter().find_map(|e| {
                let p = &e["params"];
                let requested = p["request"]["url"].as_str()?;
                let requested = requested.split('?').next().unwrap_or(requested);
                (e["method"] == "network.responseCompleted" && requested == url)
                    .then(|| p["response"]["status"].as_u64())?
            })
        };
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(found) = status(&self.remote.events) {
                return found;
            }
            let message = tokio::time::timeout_at(deadline, self.remote.ws.next())
                .await
                .unwrap_or_else(|_| panic!("the page never requested {url}"))
                .unwrap()
                .unwrap();
            if let Message::Text(text) = message {
                self.remote
                    .events
                    .push(serde_json::from_str(text.as_str()).unwrap());
            }
        }
    }
}
impl Page for Bidi {
    /// Evaluates `expression` in the page, awaiting it if it is a promise; returns a
    /// string, number or boolean result as JSON (null for anything else).
    async fn eval(&mut self, expression: &str) -> Value {
        let context = self.context.clone();
        let result = self
            .call(
                "script.evaluate",
                json!({
                    "expression": expression,
                    "target": { "context": context },
                    "awaitPromise": true,
                }),
            )
            .await;
        assert_eq!(result["type"], "success", "{expression}: {result}");
        result["result"]["value"].clone()
    }
}

#[test]
fn a_phone_sized_firefox_joins_votes_and_sees_the_reveal() {
    let Ok(firefox) = std::env::var("DEMARCHE_FIREFOX") else {
        eprintln!("DEMARCHE_FIREFOX is not set: the Firefox test did not run");
        return;
    };
    let shots = std::env::var("DEMARCHE_FIREFOX_SHOTS").ok();
    let (class, q, rx) = browser_class();
    let origin = format!("http://{}", class.addr());
    let profile = profile_dir("firefox");
    runtime().block_on(async {
        // kill_on_drop is the guard: a failed assertion unwinds through this scope and
        // the browser goes with it.
        let mut browser = tokio::process::Command::new(&firefox)
            .args([
                "--headless",
                "--no-remote",
                "--remote-debugging-port=0",
                "--width",
                "390",
                "--height",
                "844",
                "-profile",
            ])
            .arg(&profile)
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(browser.stderr.take().unwrap()).lines();
        let endpoint = tokio::time::timeout(WAIT, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("WebDriver BiDi listening on ") {
                    return url.trim().to_string();
                }
            }
            panic!("firefox exited without a WebDriver BiDi endpoint");
        })
        .await
        .expect("firefox starts");
        // Keep reading firefox's stderr so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });

        let (ws, _) = tokio_tungstenite::connect_async(format!("{endpoint}/session"))
            .await
            .unwrap();
        let mut bidi = Bidi {
            remote: Remote::new(ws),
            context: String::new(),
        };
        bidi.call("session.new", json!({ "capabilities": {} }))
            .await;
        bidi.call(
            "session.subscribe",
            json!({ "events": ["log.entryAdded", "network.responseCompleted", "network.fetchError"] }),
        )
        .await;
        let tree = bidi
            .call("browsingContext.getTree", json!({ "maxDepth": 0 }))
            .await;
        bidi.context = tree["contexts"][0]["context"].as_str().unwrap().to_string();
        let context = bidi.context.clone();
        bidi.call(
            "browsingContext.setViewport",
            json!({ "context": context, "viewport": { "width": 390, "height": 844 }, "devicePixelRatio": 3 }),
        )
        .await;
        bidi.call(
            "browsingContext.navigate",
            json!({ "context": context, "url": class.join_url(), "wait": "complete" }),
        )
        .await;

        sees_the_vote(&mut bidi).await;
        // The viewport is a phone's.
        assert_eq!(bidi.eval("window.innerWidth").await, json!(390));
        if let Some(prefix) = &shots {
            let shot = bidi.screenshot().await;
            std::fs::write(format!("{prefix}-vote.png.b64"), shot).unwrap();
        }

        votes_and_sees_the_reveal(&mut bidi, &class, &rx).await;
        assert_eq!(
            bidi.eval("document.documentElement.scrollWidth <= 390")
                .await,
            json!(true)
        );
        if let Some(prefix) = &shots {
            let shot = bidi.screenshot().await;
            std::fs::write(format!("{prefix}-reveal.png.b64"), shot).unwrap();
        }

        // A student who opens the URL without the code sees the join form with one field:
        // the projector's code is asked for only when the class has one.
        bidi.eval("localStorage.clear()").await;
        bidi.call(
            "browsingContext.navigate",
            json!({ "context": context, "url": class.base_url(), "wait": "complete" }),
        )
        .await;
        bidi.until("!document.getElementById('join').hidden").await;
        let shown = "(id) => document.getElementById(id).getClientRects().length > 0";
        assert_eq!(
            bidi.eval(&format!("[({shown})('code'), ({shown})('step-code')].join()"))
                .await,
            json!("true,false")
        );

        // The page, its script, its style and its favicon all loaded.
        for path in ["/", "/join", "/app.js", "/style.css", "/favicon.svg"] {
            let status = bidi.status_of(&format!("{origin}{path}")).await;
            assert_eq!(status, 200, "{path}");
        }
        // Let any late error in flight arrive: one more round trip through the page.
        bidi.eval("1").await;
        assert_eq!(bidi.errors(), Vec::<String>::new());
        // Close the browser without waiting for an answer it may not send as it goes.
        let close = json!({ "id": 0, "method": "browser.close", "params": {} });
        let _ = bidi.remote.ws.send(Message::Text(close.to_string().into())).await;
        let _ = tokio::time::timeout(WAIT, browser.wait()).await;
    });
    assert_eq!(class.record().questions[q].ballots[0].choice, Some(1));
    let _ = std::fs::remove_dir_all(&profile);
}
