//! The real-browser test: Debian's chromium, headless at a phone's size, opens the join
//! URL, votes, and sees the reveal, with nothing in its console.
//!
//! It runs when `DEMARCHE_CHROMIUM` names the browser (`.ci/run` installs chromium and
//! sets it); without it the test says so and passes. Chromium is driven over the
//! DevTools protocol on a WebSocket, with the same client library the other tests use,
//! so the test needs no browser download and no driver process.

use std::process::Stdio;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::common::*;

/// A DevTools connection to one page of the browser.
struct Cdp {
    remote: Remote,
    session: Option<String>,
}

impl Cdp {
    async fn call(&mut self, method: &str, params: Value) -> Value {
        let mut message = json!({ "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        let value = self.remote.send("chromium", message).await;
        assert!(value.get("error").is_none(), "{method}: {value}");
        value["result"].clone()
    }

    /// Errors the browser logged: console errors, uncaught exceptions, failed loads.
    fn errors(&self) -> Vec<String> {
        self.remote
            .events
            .iter()
            .filter_map(|e| match e["method"].as_str()? {
                "Runtime.exceptionThrown" => Some(e["params"]["exceptionDetails"].to_string()),
                "Runtime.consoleAPICalled" if e["params"]["type"] == "error" => {
                    Some(e["params"]["args"].to_string())
                }
                "Log.entryAdded" if e["params"]["entry"]["level"] == "error" => {
                    Some(e["params"]["entry"]["text"].to_string())
                }
                _ => None,
            })
            .collect()
    }
}
impl Page for Cdp {
    async fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
            )
            .await;
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }
}

#[test]
fn a_phone_sized_chromium_joins_votes_and_sees_the_reveal() {
    let Ok(chromium) = std::env::var("DEMARCHE_CHROMIUM") else {
        eprintln!("DEMARCHE_CHROMIUM is not set: the real-browser test did not run");
        return;
    };
    let (class, q, rx) = browser_class();
    let profile = profile_dir("chromium");
    runtime().block_on(async {
        let mut browser = tokio::process::Command::new(&chromium)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=390,844",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(browser.stderr.take().unwrap()).lines();
        let endpoint = tokio::time::timeout(WAIT, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return url.to_string();
                }
            }
            panic!("chromium exited without a DevTools endpoint");
        })
        .await
        .expect("chromium starts");
        // Keep reading chromium's stderr so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });

        let (ws, _) = tokio_tungstenite::connect_async(endpoint.as_str())
            .await
            .unwrap();
        let mut cdp = Cdp {
            remote: Remote::new(ws),
            session: None,
        };
        let target = cdp
            .call("Target.createTarget", json!({ "url": "about:blank" }))
            .await;
        let attached = cdp
            .call(
                "Target.attachToTarget",
                json!({ "targetId": target["targetId"], "flatten": true }),
            )
            .await;
        cdp.session = attached["sessionId"].as_str().map(String::from);
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] {
            cdp.call(domain, json!({})).await;
        }
        cdp.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true }),
        )
        .await;
        cdp.call("Page.navigate", json!({ "url": class.join_url() }))
            .await;

        sees_the_vote(&mut cdp).await;
        votes_and_sees_the_reveal(&mut cdp, &class, &rx).await;

        // To look at the page: DEMARCHE_CLASS_SHOT=path keeps a base64 PNG of the reveal.
        if let Ok(path) = std::env::var("DEMARCHE_CLASS_SHOT") {
            let shot = cdp
                .call("Page.captureScreenshot", json!({ "format": "png" }))
                .await;
            std::fs::write(path, shot["data"].as_str().unwrap()).unwrap();
        }
        // Let any late error in flight arrive: one more round trip through the page.
        cdp.eval("1").await;
        assert_eq!(cdp.errors(), Vec::<String>::new());
        // The favicon is there (a missing one is a console error in chromium).
        let favicon = cdp
            .eval("fetch('/favicon.svg').then((r) => r.status)")
            .await;
        assert_eq!(favicon, json!(200));
        let _ = cdp.call("Browser.close", json!({})).await;
        let _ = tokio::time::timeout(WAIT, browser.wait()).await;
    });
    assert_eq!(class.record().questions[q].ballots[0].choice, Some(1));
    let _ = std::fs::remove_dir_all(&profile);
}
