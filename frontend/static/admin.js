/* The admin's view of reps' feedback, with the JSONL export for `talktrack eval`. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const target = document.getElementById("fb-target");
  const box = document.getElementById("fb-table");
  const count = document.getElementById("fb-count");

  function labelOf(task, name) {
    return name ? (task === "recommendation" ? name : TT.labelName(task, name)) : "—";
  }

  async function load() {
    let res;
    try {
      res = await TT.api("/api/v1/feedback" + TT.query({ target: target.value, limit: 500 }));
    } catch (e) {
      count.textContent = `${t("fb_list_failed")} ${e.message}`;
      return;
    }
    box.textContent = "";
    TT.i18n.bind(count, (n) => { n.textContent = res.total ? t("fb_total", { n: res.total }) : t("fb_none"); });
    if (!res.items.length) return;
    const head = el("tr", {}, ["col_when", "col_target", "col_verdict", "col_predicted", "col_label", "col_item", "col_text"]
      .map((k) => el("th", { scope: "col", i18n: k })));
    const body = el("tbody");
    for (const f of res.items) {
      const task = f.target;
      const cells = [
        (n) => { n.textContent = TT.formatDate(f.created_at); },
        (n) => { n.textContent = t("target_" + task); },
        (n) => { n.textContent = t("verdict_" + f.verdict); n.className = "verdict verdict-" + f.verdict; },
        (n) => { n.textContent = labelOf(task, f.predicted); },
        (n) => { n.textContent = labelOf(task, f.label); },
        (n) => { n.textContent = f.recommendation_id || "—"; },
        (n) => { n.textContent = f.analysis_text || "—"; n.className = "cell-text"; },
      ];
      body.append(el("tr", {}, cells.map((fn) => TT.i18n.bind(el("td"), fn))));
    }
    box.append(el("table", { class: "table" }, el("thead", {}, head), body));
  }

  target.addEventListener("change", load);
  load();
})();
