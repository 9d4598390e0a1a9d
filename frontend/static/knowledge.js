/* The knowledge page: search and filter the playbook, open an entry in either language. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const form = document.getElementById("kb-form");
  const q = document.getElementById("kb-q");
  const list = document.getElementById("kb-list");
  const count = document.getElementById("kb-count");
  const panel = document.getElementById("kb-entry");
  const FILTERS = {
    kind: { values: TT.data.kinds, name: TT.kindName },
    style: { values: TT.labelNames("style"), name: (v) => TT.labelName("style", v) },
    objection: { values: TT.labelNames("objection"), name: (v) => TT.labelName("objection", v) },
    emotion: { values: TT.labelNames("emotion"), name: (v) => TT.labelName("emotion", v) },
    technique: { values: TT.data.techniques, name: TT.techName },
  };
  const selects = {};
  let entryLang = null;  // the language the open entry is shown in; follows the interface until toggled
  let openId = null;

  for (const [key, f] of Object.entries(FILTERS)) {
    const select = document.getElementById("kb-" + key);
    selects[key] = select;
    const any = el("option", { value: "", i18n: "any" });
    select.append(any);
    for (const v of f.values) select.append(TT.i18n.bind(el("option", { value: v }), (n) => { n.textContent = f.name(v); }));
  }

  function params() {
    const p = { q: q.value.trim() };
    for (const [k, s] of Object.entries(selects)) p[k] = s.value;
    return p;
  }

  function fromUrl() {
    const u = new URLSearchParams(location.search);
    q.value = u.get("q") || "";
    for (const [k, s] of Object.entries(selects)) {
      const v = u.get(k);
      s.value = v && FILTERS[k].values.includes(v) ? v : "";
    }
    const m = /^#entry=([\w.-]+)$/.exec(location.hash);
    return m ? decodeURIComponent(m[1]) : null;
  }

  const pickLang = (bi) => (bi ? bi[TT.i18n.lang] || bi.en : "");

  let searchSeq = 0;  // only the latest search may fill the list
  async function search(push) {
    const mine = ++searchSeq;
    const p = params();
    if (push) history.replaceState(null, "", location.pathname + TT.query(p) + location.hash);
    count.textContent = "…";
    let res;
    try {
      res = await TT.api("/api/v1/knowledge" + TT.query({ ...p, limit: 200 }));
    } catch (e) {
      if (mine !== searchSeq) return;
      count.textContent = t("kb_failed", { message: e.message });
      list.textContent = "";
      return;
    }
    if (mine !== searchSeq) return;
    list.textContent = "";
    TT.i18n.bind(count, (n) => { n.textContent = res.total ? t("kb_results", { n: res.total }) : t("kb_none"); });
    for (const e of res.entries) {
      const title = el("span", { class: "kb-item-title" });
      const kind = el("span", { class: "kind-tag" });
      const tags = el("span", { class: "kb-item-tags hint" });
      const btn = el("button", { type: "button", class: "kb-item", dataset: { id: e.id },
        "aria-current": e.id === openId ? "true" : null, on: { click: () => openEntry(e.id, true) } }, title, kind, tags);
      TT.i18n.bind(btn, () => {
        title.textContent = pickLang(e.title);
        title.lang = TT.i18n.lang === "zh" ? "zh-CN" : "en";
        kind.textContent = TT.kindName(e.kind);
        tags.textContent = [
          ...(e.tags.styles || []).map((v) => TT.labelName("style", v)),
          ...(e.tags.objections || []).map((v) => TT.labelName("objection", v)),
          ...(e.tags.emotions || []).map((v) => TT.labelName("emotion", v)),
        ].join(" · ");
      });
      list.append(el("li", {}, btn));
    }
  }

  async function openEntry(id, focus) {
    openId = id;
    history.replaceState(null, "", location.pathname + location.search + "#entry=" + encodeURIComponent(id));
    list.querySelectorAll(".kb-item").forEach((b) => {
      if (b.dataset.id === id) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
    });
    let entry, rendered = {};
    try {
      entry = await TT.api("/api/v1/knowledge/" + encodeURIComponent(id));
    } catch (e) {
      panel.textContent = "";
      panel.classList.remove("is-empty");
      panel.append(el("p", { class: "alert alert-danger", role: "alert" }, `${t("entry_failed")} ${e.message}`));
      return;
    }
    if (openId !== id) return;
    const lang = () => entryLang || TT.i18n.lang;
    const body = el("div", { class: "entry-body" });
    const langButtons = ["en", "zh"].map((l) => el("button", { type: "button", class: "btn btn-small", lang: l === "zh" ? "zh-CN" : "en",
      on: { click: () => { entryLang = l; paint(); } } }, l === "zh" ? "中文" : "English"));
    async function paint() {
      const l = lang();
      langButtons.forEach((b, i) => b.setAttribute("aria-pressed", String(["en", "zh"][i] === l)));
      if (entry.template && !rendered[l]) {
        try {
          rendered[l] = (await TT.api(`/api/v1/knowledge/${encodeURIComponent(id)}/render?lang=${l}`)).text;
        } catch (e) { rendered[l] = entry.template[l]; }
      }
      const htmlLang = l === "zh" ? "zh-CN" : "en";
      body.textContent = "";
      body.lang = htmlLang;
      body.append(el("h2", { id: "entry-title" }, entry.title[l]));
      const kind = el("p", { class: "kind-tag" });
      TT.i18n.bind(kind, (n) => { n.textContent = TT.kindName(entry.kind); });
      body.append(kind);
      // Headings follow the interface language; the entry's own text follows the chosen entry language.
      const heading = (key) => TT.i18n.bind(el("h3", { lang: TT.i18n.lang === "zh" ? "zh-CN" : "en" }), (n) => {
        n.textContent = t(key);
        n.lang = TT.i18n.lang === "zh" ? "zh-CN" : "en";
      });
      const section = (key, text, tag) => (text ? [heading(key), TT.richText(el(tag || "p"), text)] : []);
      body.append(...section("entry_when", entry.when_to_use && entry.when_to_use[l]));
      body.append(...section("entry_body", entry.body && entry.body[l]));
      if (entry.template) {
        body.append(...section("entry_template", rendered[l], "blockquote"));
        body.append(el("p", { class: "hint", i18n: "entry_template_note" }));
      }
      const tagList = el("ul", { class: "chips" });
      for (const [dim, task] of [["styles", "style"], ["emotions", "emotion"], ["objections", "objection"]]) {
        for (const v of entry.tags[dim] || []) tagList.append(TT.i18n.bind(el("li", { class: "chip chip-static" }), (n) => { n.textContent = TT.labelName(task, v); }));
      }
      for (const v of entry.tags.techniques || []) tagList.append(TT.i18n.bind(el("li", { class: "chip chip-static" }), (n) => { n.textContent = TT.techName(v); }));
      if (tagList.children.length) body.append(heading("entry_tags"), tagList);
      body.append(el("p", { class: "hint", i18n: "entry_source", vars: { source: entry.source } }));
    }
    panel.textContent = "";
    panel.classList.remove("is-empty");
    panel.append(el("div", { class: "entry-lang", role: "group", "aria-labelledby": "entry-lang-label" },
      el("span", { id: "entry-lang-label", class: "hint", i18n: "entry_lang" }), ...langButtons), body);
    await paint();
    let first = true;  // bind runs its function at once; the entry is already painted
    TT.i18n.bind(body, () => { if (first) { first = false; return; } if (!entryLang) paint(); });
    if (focus) {
      panel.focus({ preventScroll: true });
      panel.scrollIntoView({ block: "nearest" });
    }
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); search(true); });
  form.addEventListener("reset", () => setTimeout(() => search(true), 0));
  Object.values(selects).forEach((s) => s.addEventListener("change", () => search(true)));

  const initial = fromUrl();
  search(false);
  if (initial) openEntry(initial, false);
})();
