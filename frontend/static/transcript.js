/* Role-play messages as both pages draw them: the customer's lines on one side, the trainee's replies
 * on the other, each reply with its turn score, the coaching lines and the better line (and, for the
 * trainer, the score of every skill that counted on that turn). All of it is set as text. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;

  const skillName = (key) => (TT.i18n.has("skill_" + key) ? t("skill_" + key) : String(key).replace(/_/g, " "));
  /** Skills in nlp/skills.py's order, so bars, chips and chart lines always line up the same way. */
  const skillOrder = (keys) => {
    const order = TT.data.skills || [];
    const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
    return [...keys].sort((a, b) => rank(a) - rank(b) || String(a).localeCompare(String(b)));
  };
  const band = (score) => (score >= 70 ? "high" : score >= 40 ? "mid" : "low");
  const langTag = (lang) => (lang === "zh" ? "zh-CN" : "en");

  /** "Score 67/100" (or just "67" where a column says what it is), coloured by band; the number is always
   * there, so the colour is never the only cue. */
  function scorePill(score, { compact } = {}) {
    const n = Math.round(score);
    return compact ? el("span", { class: ["score-pill", "band-" + band(score)] }, String(n))
      : el("span", { class: ["score-pill", "band-" + band(score)], i18n: "rp_turn_score", vars: { n } });
  }

  function customerMessage(text, { name, lang } = {}) {
    const who = el("p", { class: "msg-who" });
    TT.i18n.bind(who, (n) => { n.textContent = name || t("rp_customer"); });
    return el("div", { class: "msg rp-msg rp-customer" }, who, el("div", { class: "msg-text", lang: langTag(lang) }, text));
  }

  /** The coaching under a reply. The API's last feedback line repeats the better line, which is shown on its own. */
  function turnDetails(entry, { lang, skills } = {}) {
    const box = el("div", { class: "rp-turn" }, scorePill(entry.score));
    const better = entry.better_line || "";
    const lines = (entry.feedback || []).filter((f) => !better || !f.includes(better));
    if (lines.length) box.append(el("ul", { class: "rp-feedback", lang: langTag(lang) }, lines.map((f) => el("li", {}, f))));
    if (better) {
      box.append(el("p", { class: "rp-better" }, el("span", { class: "rp-better-label", i18n: "rp_better" }), " ",
        el("q", { lang: langTag(lang) }, better)));
    }
    if (skills && entry.skills && Object.keys(entry.skills).length) {
      const chips = el("ul", { class: "rp-skill-chips" });
      for (const key of skillOrder(Object.keys(entry.skills))) {
        const v = entry.skills[key];
        const chip = el("li", { class: ["skill-chip", "band-" + band(v)], dataset: { skill: key } });
        TT.i18n.bind(chip, (n) => { n.textContent = `${skillName(key)} ${Math.round(v)}`; });
        chips.append(chip);
      }
      box.append(el("p", { class: "visually-hidden", i18n: "rp_skill_scores" }), chips);
    }
    return box;
  }

  /** A reply; `entry` is null while it waits for its score. */
  function traineeMessage(text, entry, { name, lang, skills } = {}) {
    const who = el("p", { class: "msg-who" });
    TT.i18n.bind(who, (n) => { n.textContent = name || t("you"); });
    const node = el("div", { class: "msg msg-user rp-msg rp-trainee" }, who,
      el("div", { class: "msg-text", lang: langTag(lang) }, text));
    if (entry) node.append(turnDetails(entry, { lang, skills }));
    return node;
  }

  /** The scorecard's transcript as messages; `opts` = {customer, trainee, lang, skills}. */
  function render(transcript, opts) {
    return transcript.map((m) => (m.role === "trainee"
      ? traineeMessage(m.text, m, { name: opts.trainee, lang: opts.lang, skills: opts.skills })
      : customerMessage(m.text, { name: opts.customer, lang: opts.lang })));
  }

  TT.transcript = { skillName, skillOrder, band, scorePill, customerMessage, traineeMessage, turnDetails,
    render, langTag };
})();
