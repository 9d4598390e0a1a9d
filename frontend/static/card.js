/* The coaching card: style, emotion, objections with their evidence, recommendations with
 * copy / more like this / shorter / other language, follow-up chips, and feedback on each part.
 * Everything that comes from the user or the model is set as text (TT.el), never parsed as HTML. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const VISIBLE_RECS = 3;
  const reduceMotion = () => window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  let uid = 0;
  const nextId = (p) => `${p}-${++uid}`;

  /* ---------- evidence highlighting in the user's pasted text ---------- */

  /** Wrap the evidence sentences in <mark> inside `container` (which shows `raw` as text). */
  function highlightEvidence(container, raw, analysis) {
    const wanted = [];
    const segText = (i) => ((analysis.segments || []).find((s) => s.index === i) || {}).text;
    for (const e of (analysis.style && analysis.style.evidence) || []) {
      wanted.push({ text: e.text, seg: e.segment, kind: "style", cues: e.cues || [] });
    }
    for (const o of analysis.objections || []) {
      for (const e of o.evidence || []) wanted.push({ text: e.text, seg: e.segment, kind: "objection", objection: o.type });
    }
    const ranges = [];
    for (const w of wanted) {
      let at = w.text ? raw.indexOf(w.text) : -1, len = w.text ? w.text.length : 0;
      if (at < 0 && segText(w.seg)) { at = raw.indexOf(segText(w.seg)); len = segText(w.seg).length; }
      if (at < 0 || !len) continue;
      ranges.push({ start: at, end: at + len, segs: new Set([w.seg]), kinds: new Set([w.kind]),
        objections: new Set(w.objection ? [w.objection] : []), cues: new Set(w.cues || []) });
    }
    ranges.sort((a, b) => a.start - b.start || b.end - a.end);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r.start < last.end) {
        last.end = Math.max(last.end, r.end);
        r.segs.forEach((x) => last.segs.add(x));
        r.kinds.forEach((x) => last.kinds.add(x));
        r.objections.forEach((x) => last.objections.add(x));
        r.cues.forEach((x) => last.cues.add(x));
      } else merged.push(r);
    }
    container.textContent = "";
    let pos = 0;
    const marks = [];
    for (const r of merged) {
      if (r.start > pos) container.append(document.createTextNode(raw.slice(pos, r.start)));
      const mark = el("mark", {
        class: ["ev", ...[...r.kinds].map((k) => "ev-" + k)], tabindex: "-1",
        dataset: { segs: [...r.segs].join(" "), objections: [...r.objections].join(" ") },
        title: [...r.cues].join(", ") || null,
      }, raw.slice(r.start, r.end));
      marks.push(mark);
      container.append(mark);
      pos = r.end;
    }
    if (pos < raw.length) container.append(document.createTextNode(raw.slice(pos)));
    return marks;
  }

  function focusMarks(card, marks) {
    const bubble = card.__ttBubble;
    if (bubble) bubble.querySelectorAll("mark.ev-active").forEach((m) => m.classList.remove("ev-active"));
    marks.forEach((m) => m.classList.add("ev-active"));
    if (marks[0]) {
      marks[0].scrollIntoView({ block: "center", behavior: reduceMotion() ? "auto" : "smooth" });
      marks[0].focus({ preventScroll: true });
    }
  }

  const marksFor = (card, pred) => (card.__ttBubble ? [...card.__ttBubble.querySelectorAll("mark.ev")].filter(pred) : []);

  /* ---------- feedback ---------- */

  async function sendFeedback(body, status) {
    try {
      await TT.api("/api/v1/feedback", { method: "POST", body });
      TT.flash(status, t("fb_thanks"), 6000);
      return true;
    } catch (e) {
      TT.flash(status, t("fb_failed", { message: e.message }));
      return false;
    }
  }

  function labelSelect(task, names, { noneKey, id }) {
    const select = el("select", { id });
    if (noneKey) {
      const opt = el("option", { value: "" });
      TT.i18n.bind(opt, (n) => { n.textContent = t(noneKey); });
      select.append(opt);
    }
    for (const name of names) {
      const opt = el("option", { value: name });
      TT.i18n.bind(opt, (n) => { n.textContent = TT.labelName(task, name); });
      select.append(opt);
    }
    return select;
  }

  /** An inline form: a labelled select, Save and Cancel. */
  function inlineForm({ labelKey, select, onSave, onCancel }) {
    const form = el("form", { class: "fb-form", hidden: true },
      el("label", { for: select.id, i18n: labelKey }), select,
      el("button", { type: "submit", class: "btn btn-small btn-primary", i18n: "fb_save" }),
      el("button", { type: "button", class: "btn btn-small", i18n: "fb_cancel", on: { click: onCancel } }));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); onSave(select.value); });
    return form;
  }

  /** "Looks right" / "Wrong?" for the style or the emotion. */
  function labelFeedback(task, analysis, ctx) {
    const status = el("p", { class: "fb-status", role: "status" });
    const select = labelSelect(task, TT.labelNames(task).filter((n) => n !== analysis[task].label), { id: nextId("fb") });
    const what = () => t("fb_what_" + task);
    let form;
    const wrong = el("button", { type: "button", class: "btn btn-small btn-quiet", "aria-expanded": "false",
      on: { click: () => toggle(form.hidden) } });
    TT.i18n.bind(wrong, (n) => { n.textContent = t("fb_wrong"); n.setAttribute("aria-label", t("fb_wrong_aria", { what: what() })); });
    const toggle = (open) => {
      form.hidden = !open;
      wrong.setAttribute("aria-expanded", String(open));
      if (open) select.focus(); else wrong.focus();
    };
    form = inlineForm({ labelKey: task === "style" ? "fb_right_style" : "fb_right_emotion", select,
      onCancel: () => toggle(false),
      onSave: async (label) => {
        if (await sendFeedback({ target: task, verdict: "wrong", label, analysis_id: analysis.id,
          conversation_id: ctx.conversationId() }, status)) toggle(false);
      } });
    wrong.setAttribute("aria-controls", form.id = nextId("fbform"));
    const right = el("button", { type: "button", class: "btn btn-small btn-quiet",
      on: { click: () => sendFeedback({ target: task, verdict: "correct", analysis_id: analysis.id,
        conversation_id: ctx.conversationId() }, status) } });
    TT.i18n.bind(right, (n) => { n.textContent = t("fb_correct"); n.setAttribute("aria-label", t("fb_correct_aria", { what: what() })); });
    return el("div", { class: "fb", dataset: { target: task } }, el("div", { class: "fb-buttons" }, right, wrong), form, status);
  }

  /* ---------- the analysis panels ---------- */

  function stylePanel(card, analysis, ctx) {
    const style = analysis.style;
    const headId = nextId("style-h");
    const evidence = el("ul", { class: "evidence" });
    for (const e of style.evidence || []) {
      const jump = el("button", { type: "button", class: "linklike", i18n: "show_in_text",
        on: { click: () => focusMarks(card, marksFor(card, (m) => m.dataset.segs.split(" ").includes(String(e.segment)))) } });
      evidence.append(el("li", {}, el("q", { class: "quote", lang: analysis.language === "zh" ? "zh-CN" : null }, e.text),
        " ", (e.cues || []).length ? cueList(e.cues) : null, " ", jump));
    }
    const badge = el("span", { class: "badge style-badge st-" + style.label });
    TT.i18n.bind(badge, (n) => { n.textContent = TT.labelName("style", style.label); });
    return el("section", { class: "panel panel-style", "aria-labelledby": headId },
      el("h4", { id: headId, i18n: "style_title" }),
      el("p", { class: "headline" }, badge, " ",
        el("span", { class: "confidence", i18n: "confidence", vars: { pct: TT.pct(style.confidence) } })),
      TT.charts.styleBars(style),
      el("details", { class: "why", open: true },
        el("summary", { i18n: "why" }),
        (style.evidence || []).length ? el("p", { class: "hint", i18n: "evidence_hint" }) : el("p", { class: "hint", i18n: "no_evidence" }),
        evidence),
      labelFeedback("style", analysis, ctx));
  }

  function emotionPanel(card, analysis, ctx) {
    const em = analysis.emotion;
    const headId = nextId("emo-h");
    const badge = el("span", { class: "badge emotion-badge tone-" + TT.emotionTone(em.label) });
    TT.i18n.bind(badge, (n) => { n.textContent = TT.labelName("emotion", em.label); });
    const risk = el("span", { class: "risk risk-" + em.escalation_risk });
    TT.i18n.bind(risk, (n) => { n.textContent = t("risk", { level: t("risk_" + em.escalation_risk) }); });
    return el("section", { class: "panel panel-emotion", "aria-labelledby": headId },
      el("h4", { id: headId, i18n: "emotion_title" }),
      el("p", { class: "headline" }, badge, " ",
        el("span", { class: "intensity", i18n: "intensity", vars: { pct: TT.pct(em.intensity) } }), " ", risk),
      el("figure", { class: "spark" }, TT.charts.sparkline(em.trajectory || []),
        el("figcaption", { class: "hint", i18n: "trajectory_caption" })),
      labelFeedback("emotion", analysis, ctx));
  }

  function objectionsPanel(card, analysis, ctx) {
    const headId = nextId("obj-h");
    const found = (analysis.objections || []).map((o) => o.type);
    const status = el("p", { class: "fb-status", role: "status" });
    const shown = el("p", { class: "evidence-shown", hidden: true });
    const list = el("ul", { class: "chips" });
    for (const o of analysis.objections || []) {
      const chip = el("button", { type: "button", class: "chip chip-objection", "aria-pressed": "false",
        dataset: { objection: o.type },
        on: { click: () => {
          const on = chip.getAttribute("aria-pressed") !== "true";
          list.querySelectorAll(".chip-objection").forEach((c) => c.setAttribute("aria-pressed", "false"));
          chip.setAttribute("aria-pressed", String(on));
          if (!on) { shown.hidden = true; focusMarks(card, []); return; }
          shown.textContent = (o.evidence || []).map((e) => `“${e.text}”`).join(" ");
          shown.hidden = !shown.textContent;
          focusMarks(card, marksFor(card, (m) => m.dataset.objections.split(" ").includes(o.type)));
          chip.focus();
        } } });
      TT.i18n.bind(chip, (n) => {
        n.textContent = `${TT.labelName("objection", o.type)} ${TT.pct(o.confidence)}%`;
        n.setAttribute("aria-label", t("objection_chip_aria", { name: TT.labelName("objection", o.type), pct: TT.pct(o.confidence) }));
      });
      const select = labelSelect("objection", TT.labelNames("objection").filter((n) => !found.includes(n)),
        { noneKey: "fb_not_objection", id: nextId("fb") });
      let form;
      const wrong = el("button", { type: "button", class: "btn btn-small btn-quiet", "aria-expanded": "false",
        on: { click: () => { form.hidden = !form.hidden; wrong.setAttribute("aria-expanded", String(!form.hidden)); if (!form.hidden) select.focus(); } } });
      TT.i18n.bind(wrong, (n) => { n.textContent = t("fb_wrong"); n.setAttribute("aria-label", t("fb_objection_wrong_aria", { name: TT.labelName("objection", o.type) })); });
      form = inlineForm({ labelKey: "fb_right_objection", select,
        onCancel: () => { form.hidden = true; wrong.setAttribute("aria-expanded", "false"); wrong.focus(); },
        onSave: async (label) => {
          const ok = await sendFeedback({ target: "objection", verdict: "wrong", predicted: o.type, label: label || null,
            analysis_id: analysis.id, conversation_id: ctx.conversationId() }, status);
          if (ok) { form.hidden = true; wrong.setAttribute("aria-expanded", "false"); chip.classList.add("is-disputed"); }
        } });
      list.append(el("li", {}, chip, wrong, form));
    }
    // An objection the analysis missed.
    const missingSelect = labelSelect("objection", TT.labelNames("objection").filter((n) => !found.includes(n)), { id: nextId("fb") });
    let missingForm;
    const missing = el("button", { type: "button", class: "btn btn-small btn-quiet", "aria-expanded": "false", i18n: "fb_missing",
      on: { click: () => { missingForm.hidden = !missingForm.hidden; missing.setAttribute("aria-expanded", String(!missingForm.hidden)); if (!missingForm.hidden) missingSelect.focus(); } } });
    missingForm = inlineForm({ labelKey: "fb_missing_label", select: missingSelect,
      onCancel: () => { missingForm.hidden = true; missing.setAttribute("aria-expanded", "false"); missing.focus(); },
      onSave: async (label) => {
        if (await sendFeedback({ target: "objection", verdict: "missing", label, analysis_id: analysis.id,
          conversation_id: ctx.conversationId() }, status)) { missingForm.hidden = true; missing.setAttribute("aria-expanded", "false"); }
      } });
    return el("section", { class: "panel panel-objections", "aria-labelledby": headId },
      el("h4", { id: headId, i18n: "objections_title" }),
      found.length ? list : el("p", { class: "muted", i18n: "no_objections" }),
      shown,
      el("div", { class: "fb" }, found.length < TT.labelNames("objection").length ? missing : null, missingForm, status));
  }

  function escalationAlert(em) {
    if (em.escalation_risk !== "high") return null;
    return el("div", { class: "alert alert-danger escalation-alert", role: "alert" },
      el("p", { class: "alert-title" }, el("span", { "aria-hidden": "true" }, "⚠ "), el("span", { i18n: "escalation_warning" })),
      escalationSignals(em));
  }

  // Signals arrive as codes with parameters, so they follow the interface language.
  function escalationSignals(em) {
    const details = em.escalation_details || [];
    if (!details.length) {
      return (em.escalation_signals || []).length
        ? el("ul", {}, em.escalation_signals.map((s) => el("li", { lang: "en" }, s))) : null;
    }
    const ul = el("ul", {});
    TT.i18n.bind(ul, (n) => {
      n.replaceChildren(...details.map((d) => {
        const params = { ...d };
        if (d.label) params.label = TT.labelName("emotion", d.label);
        if (typeof d.intensity === "number") params.intensity = d.intensity.toFixed(2);
        const key = "esc_" + d.code;
        return el("li", {}, TT.i18n.has(key) ? t(key, params) : d.code);
      }));
    });
    return ul;
  }

  // Cue names ("data: specification") are shown in the interface language; the phrase stays as written.
  function cueList(cues) {
    const span = el("span", { class: "cues" });
    TT.i18n.bind(span, (n) => {
      n.textContent = cues.map((c) => {
        const i = c.indexOf(": ");
        const name = i > 0 ? c.slice(0, i) : c;
        const key = "cue_" + name;
        return (TT.i18n.has(key) ? t(key) : name) + (i > 0 ? ": " + c.slice(i + 2) : "");
      }).join(" · ");
    });
    return span;
  }

  function requestReadout(request) {
    const items = [];
    if (request.technique) items.push(["request_technique", () => TT.techName(request.technique)]);
    if (request.objection) items.push(["request_objection", () => TT.labelName("objection", request.objection)]);
    if (request.style) items.push(["request_style", () => TT.labelName("style", request.style)]);
    if (request.emotion) items.push(["request_emotion", () => TT.labelName("emotion", request.emotion)]);
    const headId = nextId("req-h");
    return el("section", { class: "panel panel-request", "aria-labelledby": headId },
      el("h4", { id: headId, i18n: "request_title" }),
      items.length ? el("dl", { class: "readout" }, items.map(([key, value]) => [
        el("dt", { i18n: key }), TT.i18n.bind(el("dd"), (n) => { n.textContent = value(); })]))
        : el("p", { class: "muted", i18n: "request_nothing" }));
  }

  /* ---------- recommendations ---------- */

  /** The first sentences of a talk track: about half of it, at most two sentences. */
  function shorten(text) {
    const sentences = text.match(/[^.!?。！？]+(?:[.!?。！？]+["”’)）]*|$)\s*/g) || [text];
    if (sentences.length <= 1) return text;
    const keep = Math.min(2, Math.ceil(sentences.length / 2));
    return sentences.slice(0, keep).join("").trim();
  }
  const sentenceCount = (text) => (text.match(/[^.!?。！？]+(?:[.!?。！？]+["”’)）]*|$)\s*/g) || [text]).length;

  function recItem(rec, lang, ctx, shownIds) {
    const state = { lang, original: { lang, title: rec.title, text: rec.text }, other: null, showingOther: false, short: false };
    const cur = () => (state.showingOther ? state.other : state.original);
    const headId = nextId("rec-h");
    const title = el("h5", { id: headId });
    const text = el("blockquote", { class: "rec-text" });
    const note = el("p", { class: "rec-note hint" });
    const status = el("span", { class: "copy-status", role: "status" });
    const fbStatus = el("span", { class: "fb-status", role: "status" });
    const otherLang = () => (cur().lang === "zh" ? "en" : "zh");

    const shorter = el("button", { type: "button", class: "btn btn-small", "aria-pressed": "false" });
    const otherBtn = el("button", { type: "button", class: "btn btn-small" });
    function paint() {
      const c = cur();
      title.textContent = c.title;
      title.lang = c.lang === "zh" ? "zh-CN" : "en";
      text.lang = title.lang;
      TT.richText(text, state.short ? shorten(c.text) : c.text);
      shorter.disabled = sentenceCount(c.text) <= 1;
      shorter.setAttribute("aria-pressed", String(state.short));
      shorter.textContent = t(state.short ? "full" : "shorter");
      otherBtn.textContent = otherLang() === "zh" ? "中文" : "English";
      otherBtn.lang = otherLang() === "zh" ? "zh-CN" : "en";
      otherBtn.setAttribute("aria-label", t("other_lang_aria", { lang: t("lang_" + otherLang()) }));
      const notes = [];
      if (state.showingOther) notes.push(t("translated_note", { lang: t("lang_" + c.lang) }));
      if (state.short) notes.push(t("shorter_note"));
      note.textContent = notes.join(" ");
      note.hidden = !notes.length;
    }
    shorter.addEventListener("click", () => { state.short = !state.short; paint(); });
    otherBtn.addEventListener("click", async () => {
      if (state.showingOther || state.other) { state.showingOther = !state.showingOther; paint(); return; }
      otherBtn.disabled = true;
      try {
        const r = await TT.api(`/api/v1/knowledge/${encodeURIComponent(rec.id)}/render` +
          TT.query({ lang: otherLang(), conversation_id: ctx.conversationId() }));
        state.other = { lang: r.lang, title: r.title, text: r.text };
        state.showingOther = true;
        paint();
      } catch (e) {
        TT.flash(status, `${t("translate_failed")} ${e.message}`, 6000);
      } finally { otherBtn.disabled = false; }
    });
    const copy = el("button", { type: "button", class: "btn btn-small btn-primary copy-btn",
      on: { click: async () => {
        const ok = await TT.copyText(text.textContent);
        TT.flash(status, ok ? `✓ ${t("copied")}` : t("copy_failed"), ok ? 4000 : 8000);
      } } });
    TT.i18n.bind(copy, (n) => { n.textContent = t("copy"); n.setAttribute("aria-label", t("copy_aria", { title: cur().title })); });
    const li = el("li", { class: "rec", dataset: { id: rec.id, kind: rec.kind }, "aria-labelledby": headId });
    const more = el("button", { type: "button", class: "btn btn-small", i18n: "more_like_this",
      on: { click: () => moreLikeThis(rec, li, lang, ctx, shownIds, more, status) } });
    const rate = (verdict, btn, other) => async () => {
      if (await sendFeedback({ target: "recommendation", verdict, recommendation_id: rec.id,
        analysis_id: ctx.analysisId || null, conversation_id: ctx.conversationId() }, fbStatus)) {
        btn.setAttribute("aria-pressed", "true");
        other.setAttribute("aria-pressed", "false");
        TT.flash(fbStatus, t("rated"), 5000);
      }
    };
    const up = el("button", { type: "button", class: "btn btn-small btn-quiet", "aria-pressed": "false" },
      thumb(false), el("span", { i18n: "helpful" }));
    const down = el("button", { type: "button", class: "btn btn-small btn-quiet", "aria-pressed": "false" },
      thumb(true), el("span", { i18n: "not_helpful" }));
    up.addEventListener("click", rate("helpful", up, down));
    down.addEventListener("click", rate("not_helpful", down, up));

    const kind = el("span", { class: "kind-tag" });
    TT.i18n.bind(kind, (n) => { n.textContent = TT.kindName(rec.kind); });
    li.append(
      el("div", { class: "rec-head" }, title, kind),
      rec.why ? el("p", { class: "rec-why", lang: lang === "zh" ? "zh-CN" : "en" }, rec.why) : null,
      text, note,
      el("div", { class: "rec-actions" }, copy, status, more, shorter, otherBtn,
        el("span", { class: "rate" }, up, down, fbStatus)));
    TT.i18n.bind(li, paint);
    return li;
  }

  /** A thumbs-up (or down) icon, drawn here so it does not depend on an emoji font. */
  function thumb(down) {
    return TT.svg("svg", { class: "icon", viewBox: "0 0 24 24", width: 16, height: 16, "aria-hidden": "true", focusable: "false" },
      TT.svg("path", { d: "M2 10h4v11H2z M8 10l4-8c1.6 0 3 1.2 3 3v3h5.3c1.3 0 2.2 1.2 1.9 2.4l-1.7 8.1c-.2.9-1 1.5-1.9 1.5H8z",
        transform: down ? "rotate(180 12 12)" : null }));
  }

  /** Entries of the same kind and tags that the card does not show yet, filled for this conversation. */
  async function moreLikeThis(rec, li, lang, ctx, shownIds, button, status) {
    const tags = rec.tags || {};
    const full = { kind: rec.kind, style: (tags.styles || [])[0], objection: (tags.objections || [])[0], emotion: (tags.emotions || [])[0] };
    const tries = [full, { ...full, style: null }, { ...full, objection: null, emotion: null }, { kind: rec.kind }];
    button.disabled = true;
    TT.flash(status, t("more_loading"));
    try {
      let fresh = [];
      const seen = new Set();
      for (const q of tries) {
        const key = JSON.stringify(q);
        if (seen.has(key)) continue;
        seen.add(key);
        const res = await TT.api("/api/v1/knowledge" + TT.query({ ...q, lang, limit: 100 }));
        fresh = res.entries.filter((e) => !shownIds.has(e.id) && (e.template || e.body));
        if (fresh.length) break;
      }
      if (!fresh.length) { TT.flash(status, t("more_none"), 5000); return; }
      let after = li;
      for (const entry of fresh.slice(0, 2)) {
        const r = await TT.api(`/api/v1/knowledge/${encodeURIComponent(entry.id)}/render` +
          TT.query({ lang, conversation_id: ctx.conversationId() }));
        shownIds.add(entry.id);
        const item = recItem({ id: entry.id, kind: entry.kind, title: r.title, why: entry.when_to_use || "", text: r.text,
          tags: entry.tags }, lang, ctx, shownIds);
        item.classList.add("rec-more");
        item.prepend(el("p", { class: "more-note hint", i18n: "more_note", vars: { title: rec.title } }));
        after.after(item);
        after = item;
      }
      TT.flash(status, "");
      after.querySelector("h5").scrollIntoView({ block: "nearest", behavior: reduceMotion() ? "auto" : "smooth" });
    } catch (e) {
      TT.flash(status, e.message, 8000);
    } finally { button.disabled = false; }
  }

  function recommendations(reply, ctx) {
    const headId = nextId("recs-h");
    const recs = reply.recommendations || [];
    const shownIds = new Set(recs.map((r) => r.id));
    const list = el("ol", { class: "rec-list" });
    recs.forEach((r, i) => {
      const li = recItem(r, reply.language, ctx, shownIds);
      if (i >= VISIBLE_RECS) { li.hidden = true; li.classList.add("rec-extra"); }
      list.append(li);
    });
    let toggle = null;
    if (recs.length > VISIBLE_RECS) {
      let open = false;
      const paintToggle = (n) => { n.textContent = open ? t("show_fewer") : t("show_more", { n: recs.length - VISIBLE_RECS }); };
      toggle = el("button", { type: "button", class: "btn btn-small btn-quiet", "aria-expanded": "false",
        on: { click: () => {
          open = !open;
          list.querySelectorAll(".rec-extra").forEach((x) => { x.hidden = !open; });
          toggle.setAttribute("aria-expanded", String(open));
          paintToggle(toggle);
        } } });
      TT.i18n.bind(toggle, paintToggle);
    }
    return el("section", { class: "recs", "aria-labelledby": headId },
      el("h4", { id: headId, i18n: "recs_title" }),
      recs.length ? list : el("p", { class: "muted", i18n: "no_recs" }), toggle);
  }

  function followUps(reply, ctx) {
    if (!(reply.follow_ups || []).length) return null;
    const headId = nextId("fu-h");
    return el("section", { class: "follow-ups", "aria-labelledby": headId },
      el("h4", { id: headId, i18n: "follow_ups_title" }),
      el("ul", { class: "chips" }, reply.follow_ups.map((q) => el("li", {},
        el("button", { type: "button", class: "chip chip-ask", lang: reply.language === "zh" ? "zh-CN" : "en",
          on: { click: () => ctx.ask(q) } }, q)))));
  }

  /**
   * Build the card for one coach reply.
   * ctx: {conversationId(): string|null, ask(text), bubble: the element showing the user's pasted text, rawText}
   */
  function render(reply, ctx) {
    const analysis = reply.analysis;
    const card = el("article", { class: "msg msg-assistant card", dataset: { intent: reply.intent } });
    TT.i18n.bind(card, (n) => n.setAttribute("aria-label", t("card_label")));
    ctx = { ...ctx, analysisId: analysis ? analysis.id : null };
    if (analysis) {
      card.__ttBubble = ctx.bubble || null;
      if (ctx.bubble) highlightEvidence(ctx.bubble, ctx.rawText, analysis);
      const turns = (analysis.segments || []).filter((s) => s.role === "customer").length || (analysis.segments || []).length;
      const meta = el("p", { class: "card-meta hint" });
      TT.i18n.bind(meta, (n) => {
        n.textContent = t("card_meta", { kind: t("input_" + analysis.input_kind), lang: t("lang_" + analysis.language), turns });
      });
      card.append(
        el("header", { class: "card-head" }, el("h3", { i18n: "card_label" }), meta),
        escalationAlert(analysis.emotion),
        el("div", { class: "card-grid" }, stylePanel(card, analysis, ctx), emotionPanel(card, analysis, ctx),
          objectionsPanel(card, analysis, ctx)));
    } else if (reply.request) {
      card.append(el("header", { class: "card-head" }, el("h3", { i18n: "card_label" })), requestReadout(reply.request));
    }
    card.append(recommendations(reply, ctx), followUps(reply, ctx));
    return card;
  }

  TT.card = { render, shorten, highlightEvidence };
})();
