/* The role-play scenarios as cards, grouped by track (sales, service). The scenario's own text is
 * shown in the conversation language chosen; the interface words around it follow the interface. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const TRACKS = ["sales", "service"];

  function card(sc, lang, onStart) {
    const pick = (b) => (b && typeof b === "object" ? b[lang] || b.en : b);
    const titleId = "sc-title-" + sc.id;
    const p = sc.persona;
    const style = el("span", { class: "badge style-badge st-" + p.style });
    TT.i18n.bind(style, (n) => { n.textContent = TT.labelName("style", p.style); });
    const mood = el("span", { class: "badge emotion-badge tone-" + TT.emotionTone(p.emotion) });
    TT.i18n.bind(mood, (n) => { n.textContent = TT.labelName("emotion", p.emotion); });
    const stage = el("span", { class: "kind-tag" });
    TT.i18n.bind(stage, (n) => { n.textContent = TT.i18n.has("stage_" + sc.stage) ? t("stage_" + sc.stage) : sc.stage; });
    const start = el("button", { type: "button", class: "btn btn-primary rp-start", "aria-describedby": titleId,
      i18n: "rp_start", on: { click: () => onStart(sc) } });
    return el("li", { class: "rp-card panel", dataset: { scenario: sc.id, track: sc.track } },
      el("h3", { id: titleId, class: "rp-card-title", lang: TT.transcript.langTag(lang) }, pick(sc.title)),
      el("p", { class: "rp-persona", lang: TT.transcript.langTag(lang) },
        el("strong", {}, pick(p.name)), ` · ${pick(p.role)}`, el("br"), el("span", { class: "hint" }, pick(p.company))),
      el("dl", { class: "rp-facts" },
        el("dt", { i18n: "rp_style" }), el("dd", {}, style),
        el("dt", { i18n: "rp_starting_mood" }), el("dd", {}, mood),
        el("dt", { i18n: "rp_stage" }), el("dd", {}, stage),
        el("dt", { i18n: "rp_patience" }), el("dd", { i18n: "rp_patience_n", vars: { n: p.patience } }),
        el("dt", { i18n: "rp_length" }), el("dd", { i18n: "rp_max_turns", vars: { n: sc.max_turns } })),
      el("p", { class: "rp-situation", lang: TT.transcript.langTag(lang) }, pick(sc.situation)),
      el("p", { class: "rp-goal" }, el("strong", { i18n: "rp_goal" }), " ",
        el("span", { lang: TT.transcript.langTag(lang) }, pick(sc.goal))),
      el("p", { class: "rp-card-actions" }, start));
  }

  /** Draw `scenarios` (bilingual, from GET /api/v1/roleplay/scenarios) into `box` in `lang`. */
  function render(box, scenarios, lang, onStart) {
    box.textContent = "";
    for (const track of TRACKS) {
      const mine = scenarios.filter((s) => s.track === track);
      if (!mine.length) continue;
      const headingId = "rp-track-" + track;
      box.append(el("section", { class: "rp-track", "aria-labelledby": headingId },
        el("h2", { id: headingId, i18n: "rp_track_" + track }),
        el("ul", { class: "rp-cards" }, mine.map((sc) => card(sc, lang, onStart)))));
    }
  }

  TT.scenarios = { render };
})();
