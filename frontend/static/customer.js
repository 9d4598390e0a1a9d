/* A customer's profile: accumulated style, style and emotion over time, objection counts. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const page = document.getElementById("customer-page");
  const id = page.dataset.customerId;
  const status = document.getElementById("profile-status");

  function accumulated(p) {
    const box = document.getElementById("acc-style");
    if (!p.style) { box.append(el("p", { class: "muted", i18n: "no_analyses" })); return; }
    const badge = el("span", { class: "badge style-badge st-" + p.style.label });
    TT.i18n.bind(badge, (n) => { n.textContent = TT.labelName("style", p.style.label); });
    box.append(el("p", { class: "headline" }, badge, " ",
      el("span", { class: "confidence", i18n: "confidence", vars: { pct: TT.pct(p.style.confidence) } })),
      el("p", { class: "hint", i18n: "based_on", vars: { n: p.style.based_on } }),
      TT.charts.styleBars(p.style));
  }

  function styleHistory(p) {
    const box = document.getElementById("style-history");
    if (!p.style_history.length) { box.append(el("p", { class: "muted", i18n: "no_analyses" })); return; }
    box.append(TT.charts.styleHistory(p.style_history), TT.charts.styleLegend(p.style_history.map((h) => h.label)));
  }

  function emotionHistory(p) {
    const box = document.getElementById("emotion-history");
    if (!p.analyses.length) { box.append(el("p", { class: "muted", i18n: "no_analyses" })); return; }
    const list = el("ol", { class: "emotion-strip" });
    p.analyses.forEach((a, i) => {
      const name = el("span", { class: "badge emotion-badge tone-" + TT.emotionTone(a.emotion) });
      TT.i18n.bind(name, (n) => { n.textContent = TT.labelName("emotion", a.emotion); });
      const when = el("span", { class: "hint" });
      TT.i18n.bind(when, (n) => { n.textContent = `${t("analysis_n", { n: i + 1 })} · ${TT.formatDate(a.created_at)}`; });
      list.append(el("li", {}, name, " ", when));
    });
    box.append(list);
    // The latest analyses also carry intensity and escalation risk.
    if (p.last_emotions.length) {
      box.append(el("figure", { class: "spark" },
        TT.charts.sparkline(p.last_emotions.map((e) => ({ label: e.label, intensity: e.intensity })),
          { pointKey: "analysis_n", ariaKey: "emotion_history_aria" }),
        el("figcaption", { class: "hint", i18n: "last_intensity", vars: { n: p.last_emotions.length } })));
    }
  }

  function objectionCounts(p) {
    const box = document.getElementById("objection-counts");
    if (!p.objections.length) { box.append(el("p", { class: "muted", i18n: "no_objections_yet" })); return; }
    const values = Object.fromEntries(p.objections.map((o) => [o.type, o.count]));
    box.append(TT.charts.bars({ task: "objection", order: p.objections.map((o) => o.type), values,
      valueText: (v) => t("times", { n: v }), ariaKey: "objection_counts_aria", cls: "chart-counts" }));
  }

  function analysesTable(p) {
    const box = document.getElementById("analyses");
    if (!p.analyses.length) { box.append(el("p", { class: "muted", i18n: "no_analyses" })); return; }
    const head = el("tr", {}, ["col_date", "col_style", "col_confidence", "col_emotion", "col_objections"]
      .map((k) => el("th", { scope: "col", i18n: k })));
    const body = el("tbody");
    for (const a of p.analyses) {
      const cells = [
        (n) => { n.textContent = TT.formatDate(a.created_at); },
        (n) => { n.textContent = TT.labelName("style", a.style); },
        (n) => { n.textContent = `${TT.pct(a.style_confidence)}%`; },
        (n) => { n.textContent = TT.labelName("emotion", a.emotion); },
        (n) => { n.textContent = a.objections.map((o) => TT.labelName("objection", o)).join(", ") || "—"; },
      ];
      body.append(el("tr", {}, cells.map((fn) => TT.i18n.bind(el("td"), fn))));
    }
    box.append(el("table", { class: "table" }, el("thead", {}, head), body));
  }

  async function conversations() {
    const ul = document.getElementById("customer-convs");
    try {
      const items = await TT.api("/api/v1/conversations" + TT.query({ customer_id: id, limit: 50 }));
      for (const c of items) {
        const date = el("span", { class: "hint" });
        TT.i18n.bind(date, (n) => { n.textContent = " · " + TT.formatDate(c.updated_at); });
        ul.append(el("li", {}, el("a", { href: "/#c=" + encodeURIComponent(c.id) }, c.title || t("untitled")), date));
      }
    } catch (e) { ul.append(el("li", { class: "muted" }, e.message)); }
  }

  async function load() {
    try {
      const p = await TT.api("/api/v1/customers/" + encodeURIComponent(id));
      accumulated(p);
      styleHistory(p);
      emotionHistory(p);
      objectionCounts(p);
      analysesTable(p);
      document.getElementById("profile").hidden = false;
      conversations();
    } catch (e) {
      status.textContent = `${t("profile_failed")} ${e.message}`;
    }
  }
  load();
})();
