/* A role-play session's scorecard: the outcome, the overall score, a bar per skill, and the best and
 * worst replies with the better alternative. The trainee sees it when a session ends; the trainer sees
 * the same summary above a session's transcript. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const R = () => TT.transcript;

  function outcomeBanner(card, lastCustomerLine, level) {
    const cls = card.done ? card.outcome || "open" : "open";
    return el("div", { class: ["outcome", "outcome-" + cls], dataset: { outcome: card.outcome || "" } },
      el("h" + level, { class: "outcome-title", i18n: "outcome_title_" + cls }),
      el("p", { class: "outcome-text", i18n: "outcome_text_" + cls }),
      lastCustomerLine ? el("p", { class: "outcome-quote" }, el("q", { lang: R().langTag(card.lang) }, lastCustomerLine)) : null);
  }

  function overall(card) {
    return el("div", { class: "overall" },
      el("p", { class: "overall-score" }, el("span", { class: ["overall-n", "band-" + R().band(card.overall)] },
        String(Math.round(card.overall))), el("span", { class: "overall-of" }, "/100")),
      el("p", { class: "hint", i18n: "rp_overall_caption", vars: { n: card.turns } }));
  }

  function skillBars(card) {
    const order = R().skillOrder(Object.keys(card.skills || {}));
    if (!order.length) return el("p", { class: "muted", i18n: "rp_no_scores" });
    return TT.charts.bars({ task: "skill", order, values: card.skills, max: 100, labelW: 172, cls: "chart-skills",
      valueText: (v) => String(Math.round(v)), nameOf: R().skillName, fillClass: (v) => "band-" + R().band(v),
      ariaKey: "rp_skills_aria" });
  }

  function turnList(titleKey, turns, cls, level) {
    const list = el("ol", { class: "turn-list" });
    for (const turn of turns) {
      list.append(el("li", { class: "turn-item", dataset: { turn: turn.turn } },
        el("p", { class: "turn-head" }, el("span", { class: "hint", i18n: "rp_turn_n", vars: { n: turn.turn } }), " ",
          R().scorePill(turn.score)),
        el("p", { class: "turn-text" }, el("q", {}, turn.text)),
        turn.better_alternative ? el("p", { class: "rp-better" }, el("span", { class: "rp-better-label", i18n: "rp_better" }),
          " ", el("q", {}, turn.better_alternative)) : null));
    }
    return el("section", { class: ["turns-box", cls] }, el("h" + level, { i18n: titleKey }), list);
  }

  /** The scorecard as a section; `actions` are buttons to put under it (the trainer's view has none), and
   * `level` is the outcome's heading level, the parts' headings one below. */
  function render(card, { actions, level = 2 } = {}) {
    const sub = "h" + (level + 1);
    const transcript = card.transcript || [];
    const last = [...transcript].reverse().find((m) => m.role === "customer");
    // On a short session the API's best and worst turns overlap; a reply is listed once, under "to improve".
    const worst = card.worst_turns || [];
    const best = (card.best_turns || []).filter((b) => !worst.some((w) => w.turn === b.turn));
    const node = el("section", { class: "scorecard", dataset: { session: card.id } },
      outcomeBanner(card, card.done && last ? last.text : null, level),
      el("div", { class: "scorecard-grid" },
        el("div", { class: "scorecard-overall" }, el(sub, { i18n: "rp_overall" }), overall(card)),
        el("div", { class: "scorecard-skills" }, el(sub, { i18n: "rp_skills" }), skillBars(card))),
      card.turns ? el("div", { class: "scorecard-turns" },
        best.length ? turnList("rp_best_turns", best, "best-turns", level + 1) : null,
        turnList("rp_worst_turns", worst, "worst-turns", level + 1)) : null,
      actions && actions.length ? el("p", { class: "scorecard-actions" }, actions) : null);
    TT.i18n.bind(node, (n) => n.setAttribute("aria-label", t("rp_scorecard")));
    return node;
  }

  TT.scorecard = { render };
})();
