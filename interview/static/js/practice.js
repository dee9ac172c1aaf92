// The answer page: server-kept timer, autosaved drafts (server + this browser), Markdown
// preview, CodeMirror for code, and "run examples". The page works without it.
(function () {
  "use strict";
  const form = document.getElementById("answer-form");
  if (!form) return;
  const textarea = document.getElementById("answer");
  const status = document.getElementById("save-status");
  const counter = document.getElementById("count");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const key = "interview:draft:" + form.dataset.item;
  const limit = parseInt(form.dataset.limit, 10);
  let dirty = false;
  let editor = null;

  function post(url, fields) {
    const body = new FormData();
    body.append("csrf_token", csrf);
    Object.entries(fields).forEach(([k, v]) => body.append(k, v));
    return fetch(url, { method: "POST", body, headers: { Accept: "application/json", "X-CSRFToken": csrf }, credentials: "same-origin" });
  }

  // Timer: the server says how many seconds were left when the page was built. It stays in
  // view (sticky), warns at 5 and 1 minutes, and at zero either submits (the candidate's
  // setting) or lets them keep writing, marked late.
  const timer = document.getElementById("timer");
  const note = document.getElementById("timer-note");
  const startLeft = parseInt(timer.dataset.secondsLeft || "0", 10);
  const endsAt = Date.now() + startLeft * 1000;
  const autoSubmit = timer.dataset.timeUp === "submit";
  const warned = { five: startLeft <= 300, one: startLeft <= 60, zero: startLeft < 0 };
  function warn(text) {
    note.textContent = text;
    note.classList.add("warn");
  }
  function tick() {
    const left = Math.round((endsAt - Date.now()) / 1000);
    if (left >= 0) {
      const m = Math.floor(left / 60), s = left % 60;
      timer.textContent = m + ":" + String(s).padStart(2, "0") + " left";
      timer.classList.toggle("warn5", left <= 300 && left > 60);
      timer.classList.toggle("warn1", left <= 60);
      if (left <= 60 && !warned.one) {
        warned.one = warned.five = true;
        warn("1 minute left." + (autoSubmit ? " Your answer is submitted automatically at zero." : ""));
      } else if (left <= 300 && !warned.five) {
        warned.five = true;
        warn("5 minutes left.");
      }
    } else {
      timer.textContent = "Time is up: you can still submit (marked late)";
      timer.classList.remove("warn5", "warn1");
      timer.classList.add("late");
      if (!warned.zero) {
        warned.zero = true;
        if (autoSubmit) {
          warn("Time is up: submitting your answer…");
          timeUp();
        } else {
          warn("Time is up: keep writing if you need to; the answer will be marked late.");
        }
      }
    }
  }
  function timeUp() {
    document.getElementById("automatic").value = "1";
    const button = document.getElementById("submit");
    if (form.requestSubmit) form.requestSubmit(button); else button.click();
  }
  // A page opened 5 or 1 minutes before the end says so at once.
  if (startLeft >= 0 && startLeft <= 60) warn("Less than 1 minute left." + (autoSubmit ? " Your answer is submitted automatically at zero." : ""));
  else if (startLeft >= 0 && startLeft <= 300) warn("Less than 5 minutes left.");
  tick();
  setInterval(tick, 1000);

  // Hints, one at a time; the server records how many were shown.
  const hintForm = document.getElementById("hint-form");
  if (hintForm) {
    const hintButton = document.getElementById("show-hint");
    hintForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      hintButton.disabled = true;
      fetch(hintForm.action, { method: "POST", body: new FormData(hintForm), headers: { Accept: "application/json", "X-CSRFToken": csrf }, credentials: "same-origin" })
        .then((r) => r.json())
        .then((data) => {
          hintButton.disabled = false;
          if (!data.hints) return;
          const list = document.getElementById("hint-list");
          list.textContent = "";
          data.hints.forEach((h) => { const li = document.createElement("li"); li.textContent = h; list.appendChild(li); });
          const n = data.hints.length, total = data.total;
          document.getElementById("hint-count").textContent = n + " of " + total + " hint" + (total === 1 ? "" : "s") + " used; the count is kept with your answer.";
          hintButton.textContent = "Show a hint (" + (n + 1) + " of " + total + ")";
          hintButton.hidden = n >= total;
        })
        .catch(() => { hintButton.disabled = false; });
    });
  }

  // Drafts: keep a copy in this browser at once, send to the server every few seconds.
  function remember() {
    try { localStorage.setItem(key, JSON.stringify({ text: textarea.value, at: new Date().toISOString() })); } catch (e) { /* private mode */ }
  }
  function restoreLocal() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    const serverAt = form.dataset.serverDraftAt;
    if (saved && saved.text && saved.text !== textarea.value && (!serverAt || saved.at > serverAt)) {
      textarea.value = saved.text;
      status.textContent = "Restored text this browser kept before the page closed.";
      dirty = true;
    }
  }
  function count() {
    counter.textContent = textarea.value.length.toLocaleString() + " characters.";
    counter.classList.toggle("over", textarea.value.length > limit);
  }
  function save() {
    if (!dirty) return;
    dirty = false;
    post(form.dataset.draftUrl, { answer: textarea.value })
      .then((r) => r.json().then((data) => ({ ok: r.ok, data })))
      .then(({ ok, data }) => {
        status.textContent = ok ? "Draft saved " + new Date().toLocaleTimeString() + "." : data.error;
      })
      .catch(() => { dirty = true; status.textContent = "Offline: the draft is kept in this browser and will be sent again."; });
  }
  restoreLocal();
  textarea.addEventListener("input", () => { dirty = true; remember(); count(); });
  setInterval(save, 3000);
  function flush() {
    if (!dirty) return;
    const body = new FormData();
    body.append("csrf_token", csrf);
    body.append("answer", textarea.value);
    navigator.sendBeacon(form.dataset.draftUrl, body);
    dirty = false;
  }
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(); });
  window.addEventListener("pagehide", flush);
  form.addEventListener("submit", (ev) => {
    if (ev.submitter && ev.submitter.id === "submit") {
      dirty = false;
      try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
    }
  });
  count();

  // Editor: CodeMirror for code and Markdown, when its bundle is on the page.
  if (window.InterviewEditor && form.dataset.mode === "python") {
    editor = window.InterviewEditor.attach(textarea, "python");
  }

  // Markdown preview, rendered and sanitised by the server.
  const tabs = document.getElementById("tabs");
  const preview = document.getElementById("preview");
  if (form.dataset.mode === "markdown") {
    tabs.hidden = false;
    tabs.addEventListener("click", (ev) => {
      const tab = ev.target.dataset.tab;
      if (!tab) return;
      tabs.querySelectorAll(".tab").forEach((b) => b.classList.toggle("active", b.dataset.tab === tab));
      const showing = tab === "preview";
      textarea.hidden = showing;
      preview.hidden = !showing;
      if (showing) {
        post(form.dataset.previewUrl, { answer: textarea.value })
          .then((r) => r.json())
          .then((data) => { preview.innerHTML = data.html || "<p class=\"muted\">Nothing to preview yet.</p>"; });
      }
    });
  }

  // Run the visible examples, or the candidate's own arguments, in the sandbox (queued; the
  // worker runs it). The server writes calls and values as Python does.
  const run = document.getElementById("run-examples");
  const out = document.getElementById("run-result");
  const own = document.getElementById("run-own");
  const ownInput = document.getElementById("run-input");
  const ownRun = document.getElementById("run-mine");
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function cell(row, node, cls) {
    const td = document.createElement("td");
    if (typeof node === "string") td.textContent = node; else if (node) td.appendChild(node);
    if (cls) td.className = cls;
    row.appendChild(td);
  }
  function detail(t) {
    const box = document.createElement("div");
    if (!t.visible) return box;
    box.appendChild(el("code", t.call, "call"));
    const values = el("div", null, "values");
    if (t.custom) {
      values.append("returned ", el("code", t.status === "error" ? "(no value)" : t.actual_text));
    } else {
      values.append("expected ", el("code", t.expected_text), ", got ",
        el("code", t.status === "error" ? "(no value)" : t.actual_text));
    }
    box.appendChild(values);
    [["stdout", "printed"], ["stderr", "stderr"]].forEach(([stream, label]) => {
      if (t[stream]) {
        box.appendChild(el("div", label, "muted small"));
        box.appendChild(el("pre", t[stream], "output " + stream));
      }
    });
    return box;
  }
  function show(verdict) {
    out.textContent = "";
    const custom = (verdict.tests || []).some((t) => t.custom);
    const head = el("p", null, "verdict " + verdict.status);
    head.textContent = custom
      ? verdict.status.replace("_", " ") + ": " + (verdict.message || "")
      : verdict.status.replace("_", " ") + ": " + verdict.passed + " of " + verdict.total + " examples passed. " + (verdict.message || "");
    out.appendChild(head);
    if (verdict.warning) out.appendChild(el("p", verdict.warning, "error"));
    const table = el("table", null, "tests");
    (verdict.tests || []).forEach((t) => {
      const row = document.createElement("tr");
      cell(row, t.name);
      cell(row, t.status, "st-" + t.status);
      cell(row, detail(t));
      cell(row, t.message || "");
      table.appendChild(row);
    });
    out.appendChild(table);
  }
  function busy(on) {
    if (run) run.disabled = on;
    if (ownRun) ownRun.disabled = on;
  }
  function poll(url, tries) {
    fetch(url, { headers: { Accept: "application/json" } }).then((r) => r.json()).then((data) => {
      if (data.status === "done") { show(data.verdict); busy(false); }
      else if (tries > 0) setTimeout(() => poll(url, tries - 1), 700);
      else { out.textContent = "Still running; try again in a moment."; busy(false); }
    });
  }
  function start(fields, what) {
    busy(true);
    out.textContent = what;
    post(form.dataset.runUrl, Object.assign({ answer: textarea.value }, fields))
      .then((r) => r.json())
      .then((data) => { if (data.url) poll(data.url, 60); else { out.textContent = data.error; busy(false); } });
  }
  if (run) {
    run.hidden = false;
    run.addEventListener("click", () => start({}, "Running the examples in the sandbox…"));
  }
  if (own) {
    own.hidden = false;
    ownRun.addEventListener("click", () => start({ input: ownInput.value }, "Running your input in the sandbox…"));
    ownInput.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); ownRun.click(); } });
  }
})();
