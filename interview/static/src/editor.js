// Source of static/vendor/editor.js: CodeMirror 6 with Python, SQL and Markdown modes.
// Rebuild with `make editor` (npm ci + esbuild); the built file is committed so the app
// needs no Node.js at run time.
import { basicSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { markdown } from "@codemirror/lang-markdown";
import { sql, SQLite } from "@codemirror/lang-sql";
import { indentUnit } from "@codemirror/language";
import { EditorView, keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";

// The language a code answer is written in: the page sets data-language="sql" on the
// answer form (or the textarea) for SQL questions; anything else keeps the caller's choice.
function languageOf(textarea, language) {
  const host = textarea.closest("[data-language]");
  const declared = host ? host.dataset.language : "";
  return language === "python" && declared === "sql" ? "sql" : language;
}

function languageSupport(language) {
  if (language === "sql") return sql({ dialect: SQLite, upperCaseKeywords: true });
  if (language === "python") return python();
  return markdown();
}

// The page's Content-Security-Policy allows <style> elements only with this request's nonce
// (style-src 'self' 'nonce-...'); CodeMirror puts it on the styles it injects.
function nonceOf(textarea) {
  const host = textarea.closest("[data-csp-nonce]");
  return host ? host.dataset.cspNonce : "";
}

// Replace a <textarea> with an editor that writes back to it on every change.
function attach(textarea, requested) {
  const language = languageOf(textarea, requested);
  const nonce = nonceOf(textarea);
  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      nonce ? EditorView.cspNonce.of(nonce) : [],
      basicSetup,
      keymap.of([indentWithTab]),
      indentUnit.of(language === "sql" ? "  " : "    "),
      languageSupport(language),
      EditorView.lineWrapping,
      // CodeMirror owns the class attribute of its element: a class added by hand is lost
      // on the first update, so the page's styles hook on through this facet.
      EditorView.editorAttributes.of({ class: "cm-host" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) {
          textarea.value = update.state.doc.toString();
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }),
    ],
  });
  textarea.style.display = "none";
  textarea.parentNode.insertBefore(view.dom, textarea);
  return {
    view,
    setValue(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
  };
}

window.InterviewEditor = { attach };
