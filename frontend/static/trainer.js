/* The trainer's dashboard: every role-play session in a table (filter by trainee and scenario, sort by
 * date or score), each trainee's skill scores across their sessions as a chart, a session's scorecard
 * and transcript with per-turn and per-skill scores, and the CSV export with the same filters.
 * The filters, the sort and the open session live in the address, so a view can be reloaded or shared. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const R = TT.transcript;
  const $ = (id) => document.getElementById(id);
  const traineeSel = $("tr-trainee"), scenarioSel = $("tr-scenario"), exportLink = $("tr-export");
  const tableBox = $("tr-table"), count = $("tr-count"), trends = $("tr-trends");
  const detail = $("tr-detail"), detailBody = $("tr-detail-body");

  let sessions = [];
  const scenarios = new Map();  // id -> bilingual summary
  const params = new URLSearchParams(location.search);
  const view = {
    trainee: params.get("trainee") || "",
    scenario: params.get("scenario_id") || "",
    sort: /^(date|overall)-(asc|desc)$/.test(params.get("sort") || "") ? params.get("sort") : "date-desc",
    session: params.get("session") || "",
  };

  const pick = (b) => (b && typeof b === "object" ? b[TT.i18n.lang] || b.en : b);
  const scenarioTitle = (id) => (scenarios.has(id) ? pick(scenarios.get(id).title) : id);
  const time = (s) => TT.parseDate(s.created_at).getTime();
  const langName = (lang) => t(lang === "zh" ? "lang_zh" : "lang_en");
  const outcomeName = (s) => t(s.done ? "outcome_short_" + (s.outcome || "open") : "outcome_short_open");

  function remember() {
    const q = TT.query({ trainee: view.trainee, scenario_id: view.scenario,
      sort: view.sort === "date-desc" ? "" : view.sort, session: view.session });
    history.replaceState(null, "", location.pathname + q);
    exportLink.href = "/api/v1/roleplay/sessions.csv" + TT.query({ trainee: view.trainee, scenario_id: view.scenario });
  }

  const filtered = () => sessions.filter((s) => (!view.trainee || s.trainee === view.trainee)
    && (!view.scenario || s.scenario_id === view.scenario));

  function sorted(rows) {
    const [key, dir] = view.sort.split("-");
    const value = key === "date" ? time : (s) => s.overall;
    const sign = dir === "asc" ? 1 : -1;
    return [...rows].sort((a, b) => sign * (value(a) - value(b)) || time(b) - time(a));
  }

  /* ---------- filters ---------- */
  function fillSelect(select, values, label) {
    const keep = select.value;
    select.textContent = "";
    select.append(el("option", { value: "" }, t("all")));
    for (const v of values) select.append(el("option", { value: v }, label(v)));
    select.value = values.includes(keep) ? keep : "";
  }

  function drawFilters() {
    const trainees = [...new Set(sessions.map((s) => s.trainee))].sort((a, b) => a.localeCompare(b));
    const ids = [...new Set(sessions.map((s) => s.scenario_id))]
      .sort((a, b) => scenarioTitle(a).localeCompare(scenarioTitle(b)));
    fillSelect(traineeSel, trainees, (v) => v);
    traineeSel.value = trainees.includes(view.trainee) ? view.trainee : "";
    fillSelect(scenarioSel, ids, scenarioTitle);
    scenarioSel.value = ids.includes(view.scenario) ? view.scenario : "";
  }

  /* ---------- table ---------- */
  function sortHeader(key, labelKey) {
    const [cur, dir] = view.sort.split("-");
    const active = cur === key;
    const th = el("th", { scope: "col", "aria-sort": active ? (dir === "asc" ? "ascending" : "descending") : "none" });
    const next = active && dir === "desc" ? "asc" : "desc";
    th.append(el("button", { type: "button", class: "sort-btn", dataset: { sort: key },
      on: { click: () => { view.sort = `${key}-${next}`; draw(); } } },
    el("span", { i18n: labelKey }), el("span", { class: "sort-mark", "aria-hidden": "true" },
      active ? (dir === "asc" ? " ▲" : " ▼") : " ↕")));
    return th;
  }

  function drawTable(rows) {
    tableBox.textContent = "";
    count.textContent = sessions.length ? t("tr_count", { n: rows.length, total: sessions.length }) : "";
    if (!sessions.length) {
      tableBox.append(el("p", { class: "muted" }, t("tr_none"), " ",
        el("a", { href: "/roleplay", i18n: "tr_none_link" })));
      return;
    }
    if (!rows.length) { tableBox.append(el("p", { class: "muted", i18n: "tr_no_match" })); return; }
    const head = el("tr", {}, el("th", { scope: "col", i18n: "tr_col_trainee" }), el("th", { scope: "col", i18n: "tr_col_scenario" }),
      el("th", { scope: "col", i18n: "tr_col_lang" }), sortHeader("date", "col_date"), el("th", { scope: "col", i18n: "tr_col_turns" }),
      el("th", { scope: "col", i18n: "tr_col_outcome" }), sortHeader("overall", "tr_col_overall"),
      el("th", { scope: "col" }, el("span", { class: "visually-hidden", i18n: "tr_col_open" })));
    const body = el("tbody");
    for (const s of rows) {
      const open = el("button", { type: "button", class: "btn btn-small tr-open", i18n: "tr_open",
        "aria-label": t("tr_open_aria", { trainee: s.trainee, date: TT.formatDate(s.created_at) }),
        on: { click: (ev) => { ev.stopPropagation(); openSession(s.id); } } });
      const row = el("tr", { class: "tr-row", dataset: { session: s.id },
        "aria-current": s.id === view.session ? "true" : null, on: { click: () => openSession(s.id) } },
      el("td", { class: "cell-trainee" }, s.trainee), el("td", { class: "cell-scenario" }, scenarioTitle(s.scenario_id)), el("td", {}, langName(s.lang)),
      el("td", { class: "cell-date" }, TT.formatDate(s.created_at)), el("td", {}, String(s.turns)),
      el("td", {}, el("span", { class: "outcome-tag outcome-" + (s.done ? s.outcome || "open" : "open") }, outcomeName(s))),
      el("td", { class: "cell-overall" }, s.turns ? R.scorePill(s.overall, { compact: true }) : "—"), el("td", {}, open));
      body.append(row);
    }
    tableBox.append(el("table", { class: "table tr-table" }, el("thead", {}, head), body));
  }

  /* ---------- skill trend ---------- */
  function trendFor(name, rows) {
    const list = rows.filter((s) => s.turns > 0).sort((a, b) => time(a) - time(b));
    const keys = R.skillOrder([...new Set(list.flatMap((s) => Object.keys(s.skills || {})))]);
    const section = el("figure", { class: "trend", dataset: { trainee: name } },
      el("figcaption", { class: "trend-name" }, name));
    if (!list.length) {
      section.append(el("p", { class: "muted", i18n: "tr_trend_empty" }));
      return section;
    }
    const series = keys.map((key) => ({ key, name: () => R.skillName(key),
      values: list.map((s) => (s.skills && key in s.skills ? s.skills[key] : null)) }));
    const pointName = (i) => t("tr_point", { n: i + 1, date: TT.formatDate(list[i].created_at),
      scenario: scenarioTitle(list[i].scenario_id) });
    section.append(TT.charts.lines({ points: list.map((_, i) => String(i + 1)), series, pointName,
      ariaKey: "tr_trend_aria", ariaVars: { trainee: name, n: list.length }, cls: "chart-trend" }),
    TT.charts.linesLegend(series));
    return section;
  }

  function drawTrends(rows) {
    trends.textContent = "";
    const names = view.trainee ? [view.trainee] : [...new Set(rows.map((s) => s.trainee))].sort((a, b) => a.localeCompare(b));
    if (!names.length) { trends.append(el("p", { class: "muted", i18n: "tr_trend_empty" })); return; }
    for (const name of names) trends.append(trendFor(name, rows.filter((s) => s.trainee === name)));
  }

  /* ---------- one session ---------- */
  let opening = 0;
  async function openSession(id) {
    view.session = id;
    remember();
    tableBox.querySelectorAll(".tr-row").forEach((r) => {
      if (r.dataset.session === id) r.setAttribute("aria-current", "true"); else r.removeAttribute("aria-current");
    });
    const mine = ++opening;
    detailBody.textContent = "";
    detailBody.append(el("p", { class: "muted", role: "status", i18n: "tr_loading" }));
    let card;
    try {
      card = await TT.api(`/api/v1/roleplay/sessions/${encodeURIComponent(id)}/scorecard`);
    } catch (err) {
      if (mine !== opening) return;
      detailBody.textContent = "";
      detailBody.append(el("p", { class: "field-error", role: "alert" }, `${t("tr_open_failed")} ${err.message}`));
      return;
    }
    if (mine !== opening) return;
    const row = sessions.find((s) => s.id === id);
    const meta = el("p", { class: "hint tr-meta" });
    TT.i18n.bind(meta, (n) => {
      n.textContent = [card.trainee, scenarioTitle(card.scenario.id), langName(card.lang),
        row ? TT.formatDate(row.created_at) : ""].filter(Boolean).join(" · ");
    });
    detailBody.textContent = "";
    detailBody.append(meta, TT.scorecard.render(card, { level: 3 }),
      el("h3", { i18n: "rp_conversation" }),
      el("div", { class: "thread rp-thread tr-thread" },
        TT.transcript.render(card.transcript, { customer: card.scenario.persona && card.scenario.persona.name,
          trainee: card.trainee, lang: card.lang, skills: true })),
      el("p", {}, el("a", { href: "/roleplay/sessions/" + encodeURIComponent(id), i18n: "tr_open_page" })));
    detail.focus({ preventScroll: true });
    detail.scrollIntoView({ block: "start" });
  }

  /* ---------- everything ---------- */
  function draw() {
    remember();
    const rows = filtered();
    drawTable(sorted(rows));
    drawTrends(rows);
  }

  async function load() {
    try {
      const [list, scs] = await Promise.all([TT.api("/api/v1/roleplay/sessions?limit=5000"),
        TT.api("/api/v1/roleplay/scenarios")]);
      sessions = list;
      for (const sc of scs) scenarios.set(sc.id, sc);
    } catch (err) {
      count.textContent = `${t("tr_failed")} ${err.message}`;
      return;
    }
    drawFilters();
    draw();
    if (view.session && sessions.some((s) => s.id === view.session)) openSession(view.session);
  }

  traineeSel.addEventListener("change", () => { view.trainee = traineeSel.value; draw(); });
  scenarioSel.addEventListener("change", () => { view.scenario = scenarioSel.value; draw(); });
  // Titles, dates and outcome names are in the interface language: redraw them when it changes.
  TT.i18n.onChange(() => { drawFilters(); draw(); });
  load();
})();
