// Mermaid diagrams in answers: a live preview beside the editor, a palette that writes the
// flowchart for the candidate, and rendered diagrams on result and review pages.
//
// The page's CSP forbids inline styles, and Mermaid writes a <style> element and style=""
// attributes while it draws. While Mermaid renders, style attributes go through the CSSOM
// (element.style) and <style> elements become constructed stylesheets in
// document.adoptedStyleSheets; neither is inline style, so style-src stays 'self'. The SVG
// that comes back is parsed in an inert document and moved in the same way.
(function () {
  "use strict";
  const mermaid = window.mermaid;
  if (!mermaid) return;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    theme: "neutral",
    suppressErrorRendering: true,
    maxTextSize: 20000,
  });

  const FENCE = /^(`{3,}|~{3,})[ \t]*mermaid[^\n]*\n([\s\S]*?)^\1[ \t]*$/gim;
  const sheets = new WeakMap(); // container -> its constructed stylesheets
  let counter = 0;

  function blocks(text) {
    const out = [];
    for (const m of (text || "").matchAll(FENCE)) out.push(m[2]);
    return out;
  }

  function adopt(cssText, list) {
    const sheet = new CSSStyleSheet();
    try { sheet.replaceSync(cssText); } catch (e) { return; }
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    list.push(sheet);
  }

  function drop(list) {
    if (!list || !list.length) return;
    const gone = new Set(list);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !gone.has(s));
    list.length = 0;
  }

  // Run Mermaid with style attributes and <style> elements rerouted through the CSSOM. When
  // Mermaid serialises its drawing (innerHTML of the "d<id>" wrapper) the style attributes
  // are swapped for data-mmd-style indexes into `styles`, so no HTML parser (Mermaid's
  // DOMPurify, our DOMParser) ever meets an inline style.
  async function renderString(id, source, list, styles) {
    const E = Element.prototype, N = Node.prototype;
    const set = E.setAttribute, setNS = E.setAttributeNS, ins = N.insertBefore, app = N.appendChild;
    const inner = Object.getOwnPropertyDescriptor(E, "innerHTML");
    E.setAttribute = function (name, value) {
      if (String(name).toLowerCase() === "style") { this.style.cssText = String(value); return; }
      return set.call(this, name, value);
    };
    E.setAttributeNS = function (ns, name, value) {
      if (String(name).toLowerCase() === "style") { this.style.cssText = String(value); return; }
      return setNS.call(this, ns, name, value);
    };
    const capture = (orig) => function (node, ref) {
      if (node && node.nodeType === 1 && node.localName === "style" && this.isConnected) {
        adopt(node.textContent || "", list);
        return node;
      }
      return orig.call(this, node, ref);
    };
    N.insertBefore = capture(ins);
    N.appendChild = capture(app);
    Object.defineProperty(E, "innerHTML", {
      configurable: true,
      enumerable: inner.enumerable,
      get() {
        if (this.id !== "d" + id) return inner.get.call(this);
        const saved = [this, ...this.querySelectorAll("[style]")]
          .filter((el) => el.hasAttribute("style"))
          .map((el) => [el, el.getAttribute("style")]);
        for (const [el, css] of saved) {
          set.call(el, "data-mmd-style", String(styles.push(css) - 1));
          el.removeAttribute("style");
        }
        try { return inner.get.call(this); } finally {
          for (const [el, css] of saved) { el.style.cssText = css; el.removeAttribute("data-mmd-style"); }
        }
      },
      set(value) { inner.set.call(this, value); },
    });
    try {
      return (await mermaid.render(id, source)).svg;
    } finally {
      E.setAttribute = set; E.setAttributeNS = setNS; N.insertBefore = ins; N.appendChild = app;
      Object.defineProperty(E, "innerHTML", inner);
    }
  }

  // Parse the SVG text in an inert document (it has no inline style left), adopt it here and
  // give each element its style back through the CSSOM.
  function toNode(svgText, list, styles) {
    const doc = new DOMParser().parseFromString(svgText, "text/html");
    const svg = doc.querySelector("svg");
    if (!svg) return null;
    svg.querySelectorAll("style").forEach((s) => { adopt(s.textContent || "", list); s.remove(); });
    svg.querySelectorAll("script, foreignObject iframe").forEach((s) => s.remove());
    const node = document.importNode(svg, true);
    for (const el of [node, ...node.querySelectorAll("[data-mmd-style]")]) {
      const css = styles[Number(el.getAttribute("data-mmd-style"))];
      if (css !== undefined) el.style.cssText = css;
      el.removeAttribute("data-mmd-style");
    }
    node.removeAttribute("height");
    node.classList.add("diagram-svg");
    return node;
  }

  async function renderInto(container, source) {
    const previous = sheets.get(container) || [];
    const list = [];
    container.setAttribute("aria-busy", "true");
    try {
      const ok = await mermaid.parse(source, { suppressErrors: true });
      if (!ok) throw new Error("Mermaid could not read this diagram: check the arrows and brackets.");
      const id = "mmd-" + (++counter) + "-" + Math.random().toString(36).slice(2, 8);
      const styles = [];
      const node = toNode(await renderString(id, source, list, styles), list, styles);
      if (!node) throw new Error("The diagram could not be drawn.");
      container.replaceChildren(node);
      container.classList.remove("diagram-error");
      drop(previous);
      sheets.set(container, list);
    } catch (err) {
      drop(list);
      const p = document.createElement("p");
      p.className = "error small";
      p.textContent = (err && err.message ? err.message : String(err)).slice(0, 300);
      container.replaceChildren(p);
      container.classList.add("diagram-error");
    } finally {
      container.removeAttribute("aria-busy");
    }
  }

  // Rendered views: every [data-diagram-text] holds Markdown whose mermaid fences are drawn.
  async function renderViews() {
    for (const holder of document.querySelectorAll("[data-diagram-text]")) {
      const target = holder.querySelector(".diagram-figures") || holder;
      const sources = blocks(holder.dataset.diagramText);
      if (!sources.length) { holder.hidden = true; continue; }
      holder.hidden = false;
      for (const source of sources) {
        const fig = document.createElement("div");
        fig.className = "diagram";
        target.appendChild(fig);
        await renderInto(fig, source);
      }
    }
  }

  // ---- editor: palette and live preview --------------------------------------------------
  const PARTS = {
    client: ["client", "([", "Client", "])"],
    api: ["api", "[", "API", "]"],
    feature_store: ["feature_store", "[(", "Feature store", ")]"],
    model_server: ["model_server", "[", "Model server", "]"],
    queue: ["queue", "[[", "Queue", "]]"],
    batch_job: ["batch_job", "{{", "Batch job", "}}"],
    warehouse: ["warehouse", "[(", "Warehouse", ")]"],
    monitoring: ["monitoring", "((", "Monitoring", "))"],
  };
  const NODE_DEF = /^\s*([A-Za-z_][\w]*)\s*(\(\[|\[\(|\[\[|\(\(|\{\{|\[|\(|\{|>)/gm;

  function editorSetup() {
    const panel = document.getElementById("diagram-panel");
    const textarea = document.getElementById("answer");
    if (!panel || !textarea) return;
    panel.hidden = false;
    const preview = document.getElementById("diagram-preview");
    const from = document.getElementById("diagram-from");
    const to = document.getElementById("diagram-to");
    const label = document.getElementById("diagram-label");
    const status = document.getElementById("diagram-status");

    // The first mermaid fence of the answer: [start of body, end of body], or null.
    function fence(text) {
      FENCE.lastIndex = 0;
      const m = FENCE.exec(text);
      FENCE.lastIndex = 0;
      if (!m) return null;
      const start = m.index + m[0].indexOf("\n") + 1;
      return [start, start + m[2].length];
    }

    function ensureFence() {
      let text = textarea.value;
      if (!fence(text)) {
        const sep = text && !text.endsWith("\n") ? "\n\n" : text ? "\n" : "";
        text = text + sep + "```mermaid\nflowchart LR\n```\n";
      }
      return text;
    }

    function ids() {
      const f = fence(textarea.value);
      if (!f) return [];
      const body = textarea.value.slice(f[0], f[1]);
      const seen = [];
      for (const m of body.matchAll(NODE_DEF)) {
        if (!["flowchart", "graph", "subgraph", "end", "style", "classDef", "class"].includes(m[1])
            && !seen.includes(m[1])) seen.push(m[1]);
      }
      return seen;
    }

    function write(text) {
      textarea.value = text;
      textarea.dispatchEvent(new Event("input", { bubbles: true })); // autosave sees it
      refreshSelects();
      schedule();
    }

    function addLine(line) {
      const text = ensureFence();
      const f = fence(text);
      const body = text.slice(f[0], f[1]);
      const glue = body === "" || body.endsWith("\n") ? "" : "\n";
      write(text.slice(0, f[1]) + glue + line + "\n" + text.slice(f[1]));
    }

    function refreshSelects() {
      const list = ids();
      for (const sel of [from, to]) {
        const keep = sel.value;
        sel.replaceChildren(...list.map((id) => new Option(id, id)));
        if (list.includes(keep)) sel.value = keep;
      }
      if (list.length > 1 && from.value === to.value) to.value = list[list.length - 1];
    }

    panel.addEventListener("click", (ev) => {
      const part = ev.target.closest("[data-part]");
      if (part) {
        const [base, open, name, close] = PARTS[part.dataset.part];
        let id = base, n = 2;
        while (ids().includes(id)) id = base + "_" + n++;
        addLine("  " + id + open + (n > 2 ? name + " " + (n - 1) : name) + close);
        status.textContent = "Added " + name.toLowerCase() + ".";
        return;
      }
      if (ev.target.id === "diagram-connect") {
        if (!from.value || !to.value) { status.textContent = "Add two parts first."; return; }
        const text = label.value.replace(/[|\n\r"`<>{}[\]()]/g, " ").replace(/\s+/g, " ").trim();
        addLine("  " + from.value + (text ? " -->|" + text + "| " : " --> ") + to.value);
        status.textContent = "Arrow added: " + from.value + " to " + to.value + ".";
        label.value = "";
      }
    });

    let timer = null, last = null;
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const sources = blocks(textarea.value);
        const key = sources.join("\n---\n");
        if (key === last) return;
        last = key;
        if (!sources.length) {
          drop(sheets.get(preview));
          const p = document.createElement("p");
          p.className = "muted small";
          p.textContent = "No diagram yet: add parts from the palette or write a ```mermaid block.";
          preview.replaceChildren(p);
          return;
        }
        await renderInto(preview, sources[0]);
      }, 400);
    }
    textarea.addEventListener("input", () => { refreshSelects(); schedule(); });
    refreshSelects();
    schedule();
  }

  window.InterviewDiagrams = { blocks, renderInto };
  editorSetup();
  renderViews();
})();
