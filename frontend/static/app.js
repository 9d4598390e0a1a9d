/* Shared by every page: a DOM builder that only ever sets text, the API client with the
 * error shape, label names from nlp/labels.py, clipboard copy, and the header's language toggle. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const SVG_NS = "http://www.w3.org/2000/svg";

  TT.data = JSON.parse(document.getElementById("tt-data").textContent);

  function build(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.setAttribute("class", Array.isArray(v) ? v.filter(Boolean).join(" ") : v);
      else if (k === "text") node.textContent = v;
      else if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k === "i18n") TT.i18n.bind(node, (n) => { n.textContent = t(v, attrs.vars); });
      else if (k === "vars") continue;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));  // text, never HTML
    }
    return node;
  }

  /** el("p", {class: "x", text: userText}, child...) — user data always lands as text nodes. */
  TT.el = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
  TT.svg = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

  /** Set `text` into `node`, with the knowledge base's only markup, **bold**, as <strong>; all else stays text. */
  TT.richText = (node, text) => {
    node.textContent = "";
    String(text).split(/\*\*(.+?)\*\*/s).forEach((part, i) => {
      if (part) node.append(i % 2 ? TT.el("strong", {}, part) : document.createTextNode(part));
    });
    return node;
  };

  TT.pct = (x) => Math.round((Number(x) || 0) * 100);

  TT.labelName = (task, name) => {
    const label = (TT.data.labels[task] || []).find((l) => l.name === name);
    if (!label) return name ? String(name).replace(/_/g, " ") : "";
    return TT.i18n.lang === "zh" ? label.zh : label.en;
  };
  TT.labelNames = (task) => (TT.data.labels[task] || []).map((l) => l.name);
  TT.kindName = (kind) => (TT.i18n.has("kind_" + kind) ? t("kind_" + kind) : kind.replace(/_/g, " "));
  TT.techName = (tech) => (TT.i18n.has("tech_" + tech) ? t("tech_" + tech) : tech.replace(/_/g, " "));
  /** "neg", "mild", "neutral" or "pos", from the emotion's valence in nlp/labels.py. */
  TT.emotionTone = (name) => {
    const label = (TT.data.labels.emotion || []).find((l) => l.name === name);
    const v = label ? label.valence : 0;
    return v <= -0.5 ? "neg" : v < -0.1 ? "mild" : v > 0.1 ? "pos" : "neutral";
  };

  TT.parseDate = (s) => new Date(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(s) ? s : s + "Z");  // stored naive values are UTC
  TT.formatDate = (s) => {
    if (!s) return "";
    const d = TT.parseDate(s);
    return isNaN(d) ? s : d.toLocaleString(TT.i18n.lang === "zh" ? "zh-CN" : "en-GB",
      { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  };

  class ApiError extends Error {
    constructor(status, code, message, details) {
      super(message);
      Object.assign(this, { status, code, details });
    }
  }
  TT.ApiError = ApiError;

  /** fetch JSON from our API; any failure becomes an ApiError carrying {"error": {code, message}}. */
  TT.api = async (path, options) => {
    const opts = { method: "GET", headers: { Accept: "application/json" }, ...(options || {}) };
    if (opts.body !== undefined && typeof opts.body !== "string") {
      opts.body = JSON.stringify(opts.body);
      opts.headers["Content-Type"] = "application/json";
    }
    let res;
    try {
      res = await fetch(path, opts);
    } catch (e) {
      throw new ApiError(0, "network", t("network_error"));
    }
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const err = body && body.error;
      const code = err ? err.code : "http_" + res.status;
      const serverMessage = err && err.message ? err.message : `HTTP ${res.status}`;
      // Known codes are said in the interface's language; the server's English message fills {message}.
      const message = TT.i18n.has("err_" + code) ? t("err_" + code, { message: serverMessage }) : serverMessage;
      throw new ApiError(res.status, code, message, err ? err.details : null);
    }
    return body;
  };

  TT.query = (params) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
    const s = q.toString();
    return s ? "?" + s : "";
  };

  /** Copy text: the async clipboard API where allowed, else a hidden textarea and execCommand. */
  TT.copyText = async (text) => {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* denied: fall back */ }
    const ta = TT.el("textarea", { class: "offscreen", readonly: true, "aria-hidden": "true", tabindex: "-1" });
    ta.value = text;
    document.body.append(ta);
    const active = document.activeElement;
    ta.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    ta.remove();
    if (active && active.focus) active.focus();
    return ok;
  };

  /** A short-lived message in a status element (role=status announces it). */
  TT.flash = (node, message, ms) => {
    node.textContent = message;
    clearTimeout(node.__ttTimer);
    if (ms) node.__ttTimer = setTimeout(() => { node.textContent = ""; }, ms);
  };

  function initHeader() {
    const toggle = document.getElementById("lang-toggle");
    if (toggle) toggle.addEventListener("click", () => TT.i18n.setLang(TT.i18n.lang === "zh" ? "en" : "zh"));
    const page = document.documentElement.dataset.page;
    document.querySelectorAll(".nav a").forEach((a) => {
      if (a.dataset.page === page) a.setAttribute("aria-current", "page");
    });
  }

  initHeader();
  TT.i18n.refresh();
})();
