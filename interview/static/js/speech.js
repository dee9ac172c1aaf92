// "Speak your answer": record with MediaRecorder (timer, level meter from an AnalyserNode),
// keep the audio in this page until the candidate sends it, then poll for the transcript
// and put it into the answer box, where it can be edited before submitting.
(function () {
  "use strict";
  const panel = document.getElementById("speech-panel");
  const textarea = document.getElementById("answer");
  if (!panel || !textarea || panel.dataset.enabled !== "1") return;
  const $ = (id) => document.getElementById(id);
  const status = $("speech-status");
  const maxSeconds = Number(panel.dataset.maxSeconds);
  const maxBytes = Number(panel.dataset.maxBytes);
  const csrf = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
    $("speech-unsupported").hidden = false;
    return;
  }
  $("speech-controls").hidden = false;

  let recorder = null, stream = null, audioCtx = null, chunks = [], blob = null;
  let started = 0, seconds = 0, ticker = null, meterFrame = null;

  const fmt = (s) => Math.floor(s / 60) + ":" + String(Math.floor(s % 60)).padStart(2, "0");
  const say = (text, isError) => { status.textContent = text; status.classList.toggle("error", !!isError); };

  function pickType() {
    for (const t of ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"]) {
      if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(t)) return t;
    }
    return "";
  }

  function meter(analyser) {
    const data = new Uint8Array(analyser.fftSize);
    const level = $("speech-level");
    const tick = () => {
      analyser.getByteTimeDomainData(data);
      let sum = 0;
      for (const v of data) { const x = (v - 128) / 128; sum += x * x; }
      level.value = Math.min(1, Math.sqrt(sum / data.length) * 4);
      meterFrame = requestAnimationFrame(tick);
    };
    tick();
  }

  function cleanup() {
    clearInterval(ticker);
    cancelAnimationFrame(meterFrame);
    $("speech-level").value = 0;
    if (stream) stream.getTracks().forEach((t) => t.stop());
    if (audioCtx) audioCtx.close();
    stream = null; audioCtx = null;
    panel.classList.remove("recording");
  }

  $("speech-record").addEventListener("click", async () => {
    blob = null; chunks = [];
    $("speech-review").hidden = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      say("The microphone is not available (" + err.name + "). Allow it in the browser, or type your answer.", true);
      return;
    }
    const type = pickType();
    recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    recorder.addEventListener("dataavailable", (ev) => { if (ev.data && ev.data.size) chunks.push(ev.data); });
    recorder.addEventListener("stop", () => {
      cleanup();
      blob = new Blob(chunks, { type: (recorder.mimeType || type || "audio/webm") });
      seconds = (performance.now() - started) / 1000;
      $("speech-summary").textContent = "Recorded " + fmt(seconds) + " (" +
        (blob.size / 1048576).toFixed(1) + " MB). It is only in this page until you send it.";
      $("speech-review").hidden = false;
      $("speech-record").disabled = false;
      $("speech-record").textContent = "Record again";
      $("speech-stop").disabled = true;
      if (blob.size > maxBytes) say("This recording is larger than the " + Math.floor(maxBytes / 1048576) + " MB limit: record a shorter answer.", true);
      else say("");
    });
    audioCtx = new AudioContext();
    const analyser = audioCtx.createAnalyser();
    analyser.fftSize = 1024;
    audioCtx.createMediaStreamSource(stream).connect(analyser);
    meter(analyser);
    started = performance.now();
    recorder.start(1000);
    panel.classList.add("recording");
    $("speech-record").disabled = true;
    $("speech-stop").disabled = false;
    say("Recording…");
    ticker = setInterval(() => {
      const s = (performance.now() - started) / 1000;
      $("speech-timer").textContent = fmt(s);
      $("speech-timer").classList.toggle("near-limit", s > maxSeconds - 30);
      if (s >= maxSeconds) {
        recorder.stop();
        say("Stopped at the " + Math.floor(maxSeconds / 60) + "-minute limit.", true);
      }
    }, 250);
  });

  $("speech-stop").addEventListener("click", () => { if (recorder && recorder.state !== "inactive") recorder.stop(); });
  $("speech-discard").addEventListener("click", () => {
    blob = null; $("speech-review").hidden = true; $("speech-timer").textContent = "0:00"; say("Recording discarded.");
  });

  async function poll(url) {
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, i < 10 ? 700 : 2000));
      let data;
      try {
        const res = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!res.ok) continue;
        data = await res.json();
      } catch (e) { continue; }
      if (data.status === "done") return data;
      if (data.status === "failed") throw new Error(data.error || "Transcription failed.");
    }
    throw new Error("The transcript is taking too long; try again later or type your answer.");
  }

  $("speech-send").addEventListener("click", async () => {
    if (!blob) return;
    if (blob.size > maxBytes) { say("This recording is larger than the limit: record a shorter answer.", true); return; }
    const form = new FormData();
    const ext = blob.type.includes("ogg") ? "ogg" : blob.type.includes("mp4") ? "m4a" : "webm";
    form.append("audio", blob, "answer." + ext);
    form.append("duration", seconds.toFixed(1));
    form.append("keep", $("speech-keep").checked ? "1" : "0");
    $("speech-send").disabled = true;
    say("Sending the recording…");
    try {
      const res = await fetch(panel.dataset.uploadUrl, {
        method: "POST", body: form, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
      let data = {};
      try { data = await res.json(); } catch (e) { /* an HTML error page */ }
      if (!res.ok) {
        const msg = data.error ? (data.error.message || data.error) : "The server refused the recording (" + res.status + ").";
        throw new Error(msg);
      }
      say("Stored. Transcribing… (you can keep typing meanwhile)");
      const done = await poll(data.url);
      const text = done.transcript || "";
      textarea.value = textarea.value.trim() ? textarea.value.replace(/\s+$/, "") + "\n\n" + text : text;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      textarea.focus();
      blob = null;
      $("speech-review").hidden = true;
      say("Transcript added to your answer: check it, edit it, then submit.");
    } catch (err) {
      say(err.message + " Your recording is still here: try again, or type your answer.", true);
    } finally {
      $("speech-send").disabled = false;
    }
  });
})();
