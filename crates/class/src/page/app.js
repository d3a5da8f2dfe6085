// The student page of a demarche class. Everything shown is set with textContent, so
// nothing a scenario or the network carries can become markup.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "demarche-class-token";
  const params = new URLSearchParams(location.search);
  let code = params.get("code") || "";
  let token = localStorage.getItem(TOKEN_KEY) || "";
  let socket = null;
  let ended = false;
  let retryMs = 500;
  let drafts = null; // the slider values of the question being predicted

  // ICD 203 words for a probability, as the scenarios use them.
  const WORDS = [[0.05, "almost no chance"], [0.2, "very unlikely"], [0.45, "unlikely"],
    [0.55, "roughly even chance"], [0.8, "likely"], [0.95, "very likely"], [1.01, "almost certain"]];
  function word(p) {
    for (const [upper, w] of WORDS) { if (p < upper) return w; }
    return "almost certain";
  }
  function pct(p) { return Math.round(p * 100) + "%"; }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function show(id) {
    for (const s of ["join", "class", "ended"]) $(s).hidden = s !== id;
  }

  function showJoin(error, needsStepCode) {
    show("join");
    $("code").value = code;
    $("step-label").hidden = !needsStepCode;
    $("join-error").textContent = error || "";
    $("status").textContent = "Not joined";
  }

  async function join(stepCode) {
    $("status").textContent = "Joining…";
    const body = { code: code || null, token: token || null, step_code: stepCode || null };
    let response;
    try {
      response = await fetch("/join", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (e) {
      $("status").textContent = "Cannot reach the class; trying again…";
      setTimeout(() => join(stepCode), 2000);
      return;
    }
    let data = {};
    try { data = await response.json(); } catch (e) { data = { error: "unexpected reply" }; }
    if (!response.ok) {
      token = "";
      localStorage.removeItem(TOKEN_KEY);
      showJoin(data.error || ("error " + response.status), data.needs_step_code);
      return;
    }
    token = data.token;
    localStorage.setItem(TOKEN_KEY, token);
    connect();
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws?token=" + encodeURIComponent(token));
    socket.onopen = () => { retryMs = 500; $("status").textContent = "Connected"; };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.kind === "state") render(message);
      else if (message.kind === "error") $("message").textContent = message.message;
      else if (message.kind === "ended") { ended = true; show("ended"); $("status").textContent = "Ended"; }
    };
    socket.onclose = () => {
      socket = null;
      if (ended) return;
      $("status").textContent = "Reconnecting…";
      // Rejoin with the token: the server gives the same ballots back.
      setTimeout(() => join(), retryMs);
      retryMs = Math.min(retryMs * 2, 8000);
    };
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function render(state) {
    show("class");
    $("message").textContent = "";
    $("title").textContent = state.board.title || "demarche class";
    document.title = state.board.title || "demarche class";
    $("me").textContent = "You are " + state.nickname + (state.team ? " (team " + state.team + ")" : "");
    $("step").textContent = "Step " + state.board.step + (state.board.to_move ? " · " + state.board.to_move + " to move" : "");
    const narrative = $("narrative");
    narrative.replaceChildren(...state.board.narrative.map((line) => el("p", line)));
    $("facts").replaceChildren(...state.board.facts.map((fact) => el("li", fact)));
    renderTeams(state);
    renderQuestion(state.question);
  }

  function renderTeams(state) {
    const box = $("teams");
    const choosing = state.teams && state.teams.choose &&
      !(state.question && state.question.kind === "teams");
    box.hidden = !choosing;
    if (!choosing) { box.replaceChildren(); return; }
    const buttons = state.teams.labels.map((label, i) => {
      const b = el("button", label, "team");
      b.setAttribute("aria-pressed", String(state.team === label));
      b.onclick = () => send({ kind: "team", team: i });
      return b;
    });
    box.replaceChildren(el("h2", "Pick your team"), ...buttons);
  }

  function renderQuestion(q) {
    const box = $("question");
    if (!q) { drafts = null; box.replaceChildren(el("p", "Waiting for the instructor…")); return; }
    const parts = [el("h2", q.prompt)];
    if (q.result) {
      parts.push(...renderResult(q));
    } else if (q.role === "vote" || q.role === "choose") {
      if (q.role === "choose") parts.push(el("p", "Your team chooses in secret."));
      q.options.forEach((label, i) => {
        const b = el("button", label, "option");
        b.dataset.index = String(i);
        b.setAttribute("aria-pressed", String(!!q.mine && q.mine.choice === i));
        b.disabled = q.locked;
        b.onclick = () => send({ kind: "vote", question: q.id, option: i });
        parts.push(b);
      });
      parts.push(el("p", q.locked ? "Voting is locked." : (q.mine ? "Your vote is in; you may change it." : "Tap your choice.")));
    } else if (q.role === "predict") {
      parts.push(...renderPredict(q));
    } else {
      parts.push(el("p", q.kind === "teams" ? "Your team's choice is being made." : "Waiting…"));
    }
    box.replaceChildren(...parts);
  }

  function renderPredict(q) {
    const n = q.options.length;
    if (!drafts || drafts.id !== q.id) {
      const start = q.mine && q.mine.probs ? q.mine.probs : q.options.map(() => 1 / n);
      drafts = { id: q.id, values: start.map((p) => Math.round(p * 100)) };
    }
    const parts = [el("p", "How likely is each? Move the sliders; they are scaled to add up to 100%.")];
    const labels = [];
    q.options.forEach((label, i) => {
      const row = el("div", null, "row");
      const text = el("label", label);
      const input = document.createElement("input");
      input.type = "range"; input.min = "0"; input.max = "100"; input.step = "1";
      input.value = String(drafts.values[i]);
      input.disabled = q.locked;
      input.setAttribute("aria-label", label);
      const value = el("span");
      labels.push(value);
      input.oninput = () => { drafts.values[i] = Number(input.value); update(); };
      text.appendChild(input);
      row.append(text, value);
      parts.push(row);
    });
    function normalised() {
      const total = drafts.values.reduce((a, b) => a + b, 0);
      return drafts.values.map((v) => total > 0 ? v / total : 1 / n);
    }
    function update() {
      normalised().forEach((p, i) => { labels[i].textContent = pct(p) + " · " + word(p); });
    }
    update();
    const sendButton = el("button", q.mine ? "Update my prediction" : "Send my prediction", "send");
    sendButton.disabled = q.locked;
    sendButton.onclick = () => send({ kind: "predict", question: q.id, probs: normalised() });
    parts.push(sendButton);
    parts.push(el("p", q.locked ? "Predictions are locked." : (q.mine ? "Your prediction is in." : "")));
    return parts;
  }

  function renderResult(q) {
    const r = q.result;
    const parts = [el("p", "Revealed · blue: the class, grey: the model", "revealed")];
    const total = r.counts.reduce((a, b) => a + (b || 0), 0);
    const list = el("div", null, "result");
    list.id = "result";
    q.options.forEach((label, i) => {
      const row = el("div", null, "row" + (r.realised === i ? " realised" : ""));
      const bits = [];
      if (r.counts[i] !== null) bits.push(r.counts[i] + " of " + total + (total === 1 ? " vote" : " votes") + " (" + pct(r.counts[i] / Math.max(1, total)) + ")");
      if (r.mean[i] !== null) bits.push("class " + pct(r.mean[i]));
      bits.push("model " + pct(r.model[i]));
      row.append(el("div", label + ": " + bits.join(" · ")));
      const share = r.mean[i] !== null ? r.mean[i] : (r.counts[i] !== null ? r.counts[i] / Math.max(1, total) : 0);
      const bar = el("div", null, "bar");
      bar.style.width = Math.round(share * 100) + "%";
      const model = el("div", null, "bar model");
      model.style.width = Math.round(r.model[i] * 100) + "%";
      row.append(bar, model);
      list.append(row);
    });
    parts.push(list);
    if (r.class_choice !== null) parts.push(el("p", "The class chose: " + q.options[r.class_choice]));
    if (r.realised !== null) parts.push(el("p", "What happened: " + q.options[r.realised]));
    return parts;
  }

  $("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    code = $("code").value.trim();
    join($("step-code").value.trim());
  });

  if (code || token) join(); else showJoin("", false);
})();
