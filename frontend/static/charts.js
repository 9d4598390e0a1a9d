/* Small inline SVG charts drawn by our own code: score bars, an emotion sparkline, and a
 * history chart for the customer profile. Every label is set as text, and each chart has an
 * aria-label that says what it shows. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { svg } = TT;

  function fit(node, w, h) {
    node.setAttribute("viewBox", `0 0 ${w} ${h}`);
    node.setAttribute("width", w);  // drawn at its own size, shrunk (never blown up) to fit
    node.setAttribute("height", h);
    node.setAttribute("preserveAspectRatio", "xMinYMin meet");
    return node;
  }

  /** Horizontal bars, one per label, longest-first is NOT applied: the order given is kept.
   * `nameOf` names a row (default: the label's display name), `fillClass` adds a class to a bar by its value. */
  function bars({ task, order, values, highlight, max, valueText, ariaKey, cls, nameOf, labelW = 96, fillClass }) {
    const rowH = 22, valueW = 42, w = 204 + labelW, barW = w - labelW - valueW - 8;
    const nameFor = nameOf || ((name) => TT.labelName(task, name));
    const h = order.length * rowH + 4;
    const top = max || Math.max(1e-9, ...order.map((n) => values[n] || 0));
    const chart = fit(svg("svg", { class: ["chart", "chart-bars", cls], role: "img", focusable: "false" }), w, h);
    order.forEach((name, i) => {
      const v = values[name] || 0, y = i * rowH + 2;
      const label = svg("text", { x: 0, y: y + 15, class: "chart-label" + (name === highlight ? " is-top" : "") });
      TT.i18n.bind(label, (n) => { n.textContent = nameFor(name); });
      chart.append(label,
        svg("rect", { x: labelW, y: y + 4, width: barW, height: 12, rx: 3, class: "bar-track" }),
        svg("rect", { x: labelW, y: y + 4, width: Math.max(v > 0 ? 2 : 0, (barW * v) / top), height: 12, rx: 3,
          class: ["bar-fill", "bar-" + task + "-" + name, name === highlight && "is-top", fillClass && fillClass(v)] }),
        svg("text", { x: w - valueW + 4, y: y + 15, class: "chart-value", text: valueText(v) }));
    });
    TT.i18n.bind(chart, (n) => {
      n.setAttribute("aria-label", t(ariaKey, {
        scores: order.map((name) => `${nameFor(name)} ${valueText(values[name] || 0)}`).join(", "),
        items: order.map((name) => `${nameFor(name)} ${valueText(values[name] || 0)}`).join(", "),
      }));
    });
    return chart;
  }

  /** The style head's five scores as bars, the winning style highlighted. */
  function styleBars(style) {
    return bars({ task: "style", order: TT.labelNames("style"), values: style.scores || {}, highlight: style.label,
      max: 1, valueText: (v) => `${TT.pct(v)}%`, ariaKey: "style_chart_aria" });
  }

  /** Emotion intensity across the customer's turns: a line with one dot per turn, coloured by emotion. */
  function sparkline(trajectory, { pointKey = "turn", ariaKey = "trajectory_aria" } = {}) {
    const w = 260, h = 78, padX = 12, padY = 8, axisH = 14;
    const pts = trajectory || [];
    const chart = fit(svg("svg", { class: "chart chart-spark", role: "img", focusable: "false" }), w, h);
    const base = h - axisH;
    chart.append(svg("line", { x1: padX, y1: base, x2: w - padX, y2: base, class: "axis" }),
      svg("line", { x1: padX, y1: padY, x2: w - padX, y2: padY, class: "grid" }));
    const xy = pts.map((p, i) => [
      pts.length === 1 ? w / 2 : padX + (i * (w - 2 * padX)) / (pts.length - 1),
      base - (Math.max(0, Math.min(1, p.intensity)) * (base - padY)),
    ]);
    if (xy.length > 1) {
      chart.append(svg("polyline", { points: xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "),
        class: "spark-line" }));
    }
    pts.forEach((p, i) => {
      const dot = svg("circle", { cx: xy[i][0].toFixed(1), cy: xy[i][1].toFixed(1), r: 4.5,
        class: "spark-dot tone-" + TT.emotionTone(p.label) });
      const title = svg("title");
      TT.i18n.bind(title, (n) => {
        n.textContent = `${t(pointKey, { n: i + 1 })}: ${TT.labelName("emotion", p.label)} ${TT.pct(p.intensity)}%`;
      });
      dot.append(title);
      chart.append(dot, svg("text", { x: xy[i][0].toFixed(1), y: h - 2, "text-anchor": "middle", class: "chart-tick",
        text: String(i + 1) }));
    });
    TT.i18n.bind(chart, (n) => {
      n.setAttribute("aria-label", t(ariaKey, {
        points: pts.map((p, i) => `${t(pointKey, { n: i + 1 })} ${TT.labelName("emotion", p.label)} ${TT.pct(p.intensity)}%`)
          .join(", ") || "—",
      }));
    });
    return chart;
  }

  /** A customer's style over their analyses: confidence on the y axis, the label as the dot's colour and letter. */
  function styleHistory(history) {
    const n = history.length, w = Math.max(320, Math.min(720, 60 * n + 60)), h = 170;
    const left = 40, right = 14, top = 12, bottom = 30;
    const chart = fit(svg("svg", { class: "chart chart-history", role: "img", focusable: "false" }), w, h);
    for (const g of [0, 0.5, 1]) {
      const y = top + (1 - g) * (h - top - bottom);
      chart.append(svg("line", { x1: left, y1: y, x2: w - right, y2: y, class: g === 0 ? "axis" : "grid" }),
        svg("text", { x: left - 6, y: y + 4, class: "chart-tick", "text-anchor": "end", text: `${g * 100}%` }));
    }
    const xs = history.map((_, i) => (n === 1 ? (left + w - right) / 2 : left + 16 + (i * (w - left - right - 32)) / (n - 1)));
    const ys = history.map((p) => top + (1 - Math.max(0, Math.min(1, p.confidence))) * (h - top - bottom));
    if (n > 1) chart.append(svg("polyline", { points: xs.map((x, i) => `${x.toFixed(1)},${ys[i].toFixed(1)}`).join(" "),
      class: "history-line" }));
    history.forEach((p, i) => {
      const g = svg("g", { class: "history-point" });
      const title = svg("title");
      TT.i18n.bind(title, (node) => {
        node.textContent = `${t("analysis_n", { n: i + 1 })}: ${TT.labelName("style", p.label)} ${TT.pct(p.confidence)}%`;
      });
      g.append(svg("circle", { cx: xs[i].toFixed(1), cy: ys[i].toFixed(1), r: 9, class: "dot-style st-" + p.label }), title);
      const letter = svg("text", { x: xs[i].toFixed(1), y: (ys[i] + 4).toFixed(1), "text-anchor": "middle", class: "dot-letter" });
      TT.i18n.bind(letter, (node) => { node.textContent = TT.labelName("style", p.label).slice(0, 1); });
      g.append(letter,
        svg("text", { x: xs[i].toFixed(1), y: h - 10, "text-anchor": "middle", class: "chart-tick", text: String(i + 1) }));
      chart.append(g);
    });
    TT.i18n.bind(chart, (node) => {
      node.setAttribute("aria-label", t("style_history_aria", {
        points: history.map((p, i) => `${t("analysis_n", { n: i + 1 })} ${TT.labelName("style", p.label)} ${TT.pct(p.confidence)}%`)
          .join(", "),
      }));
    });
    return chart;
  }

  /** A legend for the style colours used in a history chart. */
  function styleLegend(labels) {
    const ul = TT.el("ul", { class: "legend" });
    for (const name of TT.labelNames("style").filter((s) => labels.includes(s))) {
      const swatch = TT.svg("svg", { width: 12, height: 12, viewBox: "0 0 12 12", "aria-hidden": "true", focusable: "false" },
        TT.svg("circle", { cx: 6, cy: 6, r: 6, class: "dot-style st-" + name }));
      const text = TT.el("span");
      TT.i18n.bind(text, (n) => { n.textContent = TT.labelName("style", name); });
      ul.append(TT.el("li", {}, swatch, text));
    }
    return ul;
  }

  /** Scores (0–100) of several series over the same points, one line each, e.g. a trainee's skills per session.
   * A series has {key, name: () => text, values: [number|null]}: a null leaves a gap, as when a skill did not
   * apply in a session. `pointName(i)` names a point for the tooltips and the aria-label. */
  function lines({ points, series, pointName, ariaKey, ariaVars, cls }) {
    const n = points.length, w = Math.max(440, Math.min(720, 64 * n + 70)), h = 200;
    const left = 36, right = 14, top = 12, bottom = 28;
    const chart = fit(svg("svg", { class: ["chart", "chart-lines", cls], role: "img", focusable: "false" }), w, h);
    const y = (v) => top + (1 - Math.max(0, Math.min(100, v)) / 100) * (h - top - bottom);
    const x = (i) => (n === 1 ? (left + w - right) / 2 : left + 16 + (i * (w - left - right - 32)) / (n - 1));
    for (const g of [0, 50, 100]) {
      chart.append(svg("line", { x1: left, y1: y(g), x2: w - right, y2: y(g), class: g === 0 ? "axis" : "grid" }),
        svg("text", { x: left - 6, y: y(g) + 4, class: "chart-tick", "text-anchor": "end", text: String(g) }));
    }
    points.forEach((p, i) => chart.append(svg("text", { x: x(i).toFixed(1), y: h - 8, "text-anchor": "middle",
      class: "chart-tick", text: p })));
    for (const s of series) {
      const g = svg("g", { class: "series sk-" + s.key, dataset: { series: s.key } });
      let run = [];
      const flush = () => {
        if (run.length > 1) g.append(svg("polyline", { class: "series-line", points: run.join(" ") }));
        run = [];
      };
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) { flush(); return; }
        run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      });
      flush();
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) return;
        const title = svg("title");
        TT.i18n.bind(title, (node) => { node.textContent = `${pointName(i)}: ${s.name()} ${Math.round(v)}`; });
        g.append(svg("circle", { class: "series-dot", cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3.5 }, title));
      });
      chart.append(g);
    }
    TT.i18n.bind(chart, (node) => {
      node.setAttribute("aria-label", t(ariaKey, { ...(ariaVars || {}),
        series: series.map((s) => `${s.name()}: ${s.values.map((v) => (v === null || v === undefined ? "—" : Math.round(v)))
          .join(", ")}`).join("; ") }));
    });
    return chart;
  }

  /** The legend of a lines chart: each series' name beside a sample of its line. */
  function linesLegend(series) {
    const ul = TT.el("ul", { class: "legend legend-lines" });
    for (const s of series) {
      const swatch = TT.svg("svg", { width: 22, height: 12, viewBox: "0 0 22 12", "aria-hidden": "true", focusable: "false",
        class: "sk-" + s.key }, TT.svg("line", { x1: 1, y1: 6, x2: 21, y2: 6, class: "series-line" }),
      TT.svg("circle", { cx: 11, cy: 6, r: 3.5, class: "series-dot" }));
      const text = TT.el("span");
      TT.i18n.bind(text, (node) => { node.textContent = s.name(); });
      ul.append(TT.el("li", { dataset: { series: s.key } }, swatch, text));
    }
    return ul;
  }

  TT.charts = { bars, styleBars, sparkline, styleHistory, styleLegend, lines, linesLegend };
})();
