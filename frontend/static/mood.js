/* The simulated customer's mood during a role-play: emotion (name, colour and a drawn face), trust,
 * patience left, the turn, and the objections raised and resolved. Built once, then updated in place
 * from each turn's state, so the trainee sees it move. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el, svg } = TT;

  // A drawn face rather than an emoji: the same on every system, and coloured by the emotion's valence.
  const MOUTH = {
    pos: "M7.5 14 Q12 18.5 16.5 14",
    neutral: "M8 15.5 L16 15.5",
    mild: "M8 16.5 Q12 14.5 16 16.5",
    neg: "M7.5 17.5 Q12 12.5 16.5 17.5",
  };

  function face() {
    const mouth = svg("path", { class: "mouth", d: MOUTH.neutral });
    const brows = svg("path", { class: "brows", d: "M6.5 6.5 L10 8 M17.5 6.5 L14 8" });
    const node = svg("svg", { class: "mood-face", viewBox: "0 0 24 24", width: 36, height: 36, "aria-hidden": "true",
      focusable: "false" }, svg("circle", { class: "face", cx: 12, cy: 12, r: 10.5 }),
    svg("circle", { class: "eye", cx: 8.5, cy: 10, r: 1.4 }), svg("circle", { class: "eye", cx: 15.5, cy: 10, r: 1.4 }),
    mouth, brows);
    return {
      node,
      set(tone) {
        node.setAttribute("class", "mood-face face-" + tone);  // not tone-*: those paint badge backgrounds
        mouth.setAttribute("d", MOUTH[tone] || MOUTH.neutral);  // the brows show for negative tones only (CSS)
      },
    };
  }

  function pips(count) {
    const node = svg("svg", { class: "pips", viewBox: `0 0 ${count * 14} 12`, width: count * 14, height: 12,
      "aria-hidden": "true", focusable: "false" });
    const dots = Array.from({ length: count }, (_, i) => svg("circle", { cx: i * 14 + 6, cy: 6, r: 5, class: "pip" }));
    node.append(...dots);
    return { node, set(left) { dots.forEach((d, i) => d.classList.toggle("is-left", i < left)); } };
  }

  /** The panel inside `box`; returns {update(state, scenario)}. */
  function create(box) {
    box.textContent = "";
    const f = face();
    const emotion = el("span", { class: "mood-emotion badge" });
    const trustMeter = el("meter", { id: "rp-trust", min: 0, max: 1, low: 0.35, high: 0.6, optimum: 1, value: 0 });
    const trustText = el("span", { class: "mood-value" });
    let patience = null;
    const patienceRow = el("div", { class: "mood-pips" });
    const patienceText = el("span", { class: "mood-value" });
    const turnText = el("p", { class: "mood-turn hint" });
    const objSummary = el("span", { class: "mood-value" });
    const objList = el("ul", { class: "mood-objections" });
    const announce = el("p", { class: "visually-hidden", role: "status" });

    box.append(
      el("div", { class: "mood-row mood-feeling" }, f.node,
        el("div", {}, el("span", { class: "mood-label", i18n: "rp_feeling" }), " ", emotion)),
      el("div", { class: "mood-row mood-trust" },
        el("label", { for: "rp-trust", class: "mood-label", i18n: "rp_trust" }), trustMeter, trustText),
      el("div", { class: "mood-row mood-patience" },
        el("span", { class: "mood-label", i18n: "rp_patience" }), patienceRow, patienceText),
      el("div", { class: "mood-row mood-obj" },
        el("span", { class: "mood-label", i18n: "rp_objections" }), objSummary, objList),
      turnText, announce);

    let cur = null, first = true;
    // One painter for the current state, run on every update and every language switch.
    function paint() {
      if (!cur) return;
      const { state, scenario, max, tone } = cur;
      const raised = state.raised || [], resolved = state.resolved || [];
      emotion.textContent = TT.labelName("emotion", state.emotion);
      emotion.className = "mood-emotion badge emotion-badge tone-" + tone;
      trustText.textContent = `${TT.pct(state.trust)}%`;
      patienceText.textContent = t("rp_patience_left", { n: state.patience, max });
      turnText.textContent = t("rp_turn_of", { n: state.turn, max: scenario.max_turns });
      objSummary.textContent = t("rp_objections_count", { raised: raised.length, resolved: resolved.length });
      objList.textContent = "";
      for (const o of raised) {
        const done = resolved.includes(o);
        objList.append(el("li", { class: ["obj-chip", done ? "is-resolved" : "is-open"], dataset: { objection: o } },
          t(done ? "rp_objection_resolved" : "rp_objection_open", { name: TT.labelName("objection", o) })));
      }
    }
    TT.i18n.onChange(paint);

    function update(state, scenario) {
      const max = Math.max(scenario.persona.patience || 0, state.patience);
      if (!patience || patience.count !== max) {
        patience = { ...pips(max), count: max };
        patienceRow.textContent = "";
        patienceRow.append(patience.node);
      }
      patience.set(state.patience);
      const tone = TT.emotionTone(state.emotion);
      f.set(tone);
      Object.assign(box.dataset, { emotion: state.emotion, trust: String(state.trust), patience: String(state.patience),
        turn: String(state.turn) });
      trustMeter.value = state.trust;
      cur = { state, scenario, max, tone };
      paint();
      // Said once per turn for screen readers; the first state is read with the page.
      if (!first) {
        announce.textContent = t("rp_mood_announce", { emotion: TT.labelName("emotion", state.emotion),
          trust: TT.pct(state.trust), n: state.patience, max });
      }
      first = false;
    }
    return { update };
  }

  TT.mood = { create };
})();
