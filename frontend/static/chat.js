/* The chat page: composer (Enter sends, Shift+Enter adds a line), the thread, the side panel of
 * past conversations, the customer field, a draft kept in localStorage, and readable errors that
 * give the user's text back. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const DRAFT_KEY = "tt.draft";
  const CUSTOMER_RE = /^[\w.@:+-]{1,128}$/;
  const EXAMPLES = {
    en: "Customer: Before we go any further I need the full technical specification and your test methodology.\n" +
      "Rep: Sure, you'll love it!\n" +
      "Customer: Honestly this is too expensive, and I'm frustrated that nobody answered my emails last week.\n" +
      "Rep: I understand.\n" +
      "Customer: If this isn't fixed today I'm cancelling and going to your competitor.",
    zh: "客户：你们的价格太贵了，比别家贵了三成。\n销售：我理解您的顾虑。\n" +
      "客户：而且上次的问题到现在都没解决，我真的很生气，再这样我就投诉了！",
  };

  const $ = (id) => document.getElementById(id);
  const thread = $("thread"), form = $("composer"), box = $("message"), send = $("send");
  const customer = $("customer-id"), customerError = $("customer-error"), profileLink = $("customer-link");
  const convList = $("conv-list"), convEmpty = $("conv-empty"), layout = $("chat-layout");
  const sidebarToggle = $("sidebar-toggle"), modelStatus = $("model-status");

  let conversationId = null;
  let busy = false;
  let generation = 0;  // bumps when the thread is replaced, so a late reply never lands in another thread

  /* ---------- draft ---------- */
  const saveDraft = () => { try { localStorage.setItem(DRAFT_KEY, box.value); } catch (e) { /* storage off */ } };
  const loadDraft = () => { try { return localStorage.getItem(DRAFT_KEY) || ""; } catch (e) { return ""; } };

  /* ---------- thread ---------- */
  function clearThread() {
    generation++;
    thread.textContent = "";
    thread.append(welcome());
  }

  function welcome() {
    const ex = (lang, key) => el("button", { type: "button", class: "btn", i18n: key,
      on: { click: () => { box.value = EXAMPLES[lang]; saveDraft(); box.focus(); } } });
    return el("div", { class: "welcome", id: "welcome" },
      el("h2", { i18n: "welcome_title" }), el("p", { i18n: "welcome_body" }),
      el("p", { class: "welcome-actions" }, ex("en", "try_en"), ex("zh", "try_zh")));
  }

  function dropWelcome() {
    const w = $("welcome");
    if (w) w.remove();
  }

  function userBubble(text) {
    const body = el("div", { class: "msg-text" }, text);
    const node = el("div", { class: "msg msg-user" }, el("p", { class: "msg-who", i18n: "you" }), body);
    thread.append(node);
    return { node, body };
  }

  function typing() {
    const node = el("div", { class: "msg msg-assistant typing", role: "status" },
      el("span", { class: "dots", "aria-hidden": "true" }, el("span"), el("span"), el("span")),
      el("span", { i18n: "thinking" }));
    thread.append(node);
    node.scrollIntoView({ block: "end" });
    return node;
  }

  function errorMessage(err, restored) {
    const node = el("div", { class: "msg msg-error alert alert-danger", role: "alert" },
      el("p", { class: "alert-title", i18n: "error_title" }),
      el("p", {}, err.message),
      err.code && err.code !== "network" ? el("p", { class: "hint" }, el("code", {}, err.code)) : null,
      restored ? el("p", { i18n: "error_restored" }) : null);
    thread.append(node);
    node.scrollIntoView({ block: "nearest" });
    return node;
  }

  function showReply(reply, bubble, rawText) {
    const card = TT.card.render(reply, {
      conversationId: () => conversationId,
      ask: (q) => submit(q),
      bubble: bubble ? bubble.body : null,
      rawText,
    });
    thread.append(card);
    return card;
  }

  /* ---------- sending ---------- */
  function customerValue() {
    const v = customer.value.trim();
    if (!v) { customerError.hidden = true; customer.removeAttribute("aria-invalid"); return { ok: true, value: null }; }
    const ok = CUSTOMER_RE.test(v);
    customerError.hidden = ok;
    if (ok) customer.removeAttribute("aria-invalid"); else customer.setAttribute("aria-invalid", "true");
    return { ok, value: ok ? v : null };
  }

  async function submit(text) {
    if (busy) return;
    if (!text.trim()) { box.focus(); return; }
    const cust = customerValue();
    if (!cust.ok) { customer.focus(); return; }
    busy = true;
    send.disabled = true;
    const mine = generation;
    const fromBox = box.value === text;
    if (fromBox) { box.value = ""; }  // the draft in localStorage stays until the reply arrives
    dropWelcome();
    const bubble = userBubble(text);
    const wait = typing();
    try {
      const reply = await TT.api("/api/v1/coach", { method: "POST",
        body: { text, lang: "auto", customer_id: cust.value, conversation_id: conversationId } });
      if (mine !== generation) return;
      wait.remove();
      conversationId = reply.conversation_id;
      history.replaceState(null, "", "#c=" + encodeURIComponent(conversationId));
      const card = showReply(reply, bubble, text);
      // Show the pasted text with its highlights too, unless it is long: then start at the card.
      (bubble.node.offsetHeight < window.innerHeight * 0.4 ? bubble.node : card).scrollIntoView({ block: "start" });
      if (fromBox && !box.value) { try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* storage off */ } }
      updateProfileLink(cust.value);
      loadConversations();
    } catch (err) {
      wait.remove();
      bubble.node.classList.add("msg-failed");
      // Never lose what was typed: put it back (before anything typed since), and keep the draft.
      box.value = box.value ? text + "\n" + box.value : text;
      saveDraft();
      errorMessage(err, true);
      box.focus();
    } finally {
      busy = false;
      send.disabled = false;
    }
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); submit(box.value); });
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {  // 229: an IME is composing
      ev.preventDefault();
      submit(box.value);
    }
  });
  box.addEventListener("input", saveDraft);
  customer.addEventListener("change", customerValue);

  function updateProfileLink(id) {
    if (id) {
      profileLink.href = "/customers/" + encodeURIComponent(id);
      profileLink.hidden = false;
    } else profileLink.hidden = true;
  }

  /* ---------- past conversations ---------- */
  async function loadConversations() {
    let items;
    try {
      items = await TT.api("/api/v1/conversations?limit=50");
    } catch (e) {
      convEmpty.hidden = false;
      convEmpty.dataset.i18n = "conversations_failed";
      TT.i18n.apply(convEmpty.parentNode);
      return;
    }
    convList.textContent = "";
    convEmpty.hidden = items.length > 0;
    for (const c of items) {
      const date = el("span", { class: "conv-date" });
      TT.i18n.bind(date, (n) => { n.textContent = TT.formatDate(c.updated_at); });
      const btn = el("button", { type: "button", class: "conv-item", dataset: { id: c.id },
        "aria-current": c.id === conversationId ? "true" : null,
        on: { click: () => { openConversation(c.id); closeSidebar(); } } },
        el("span", { class: "conv-title" }, c.title || t("untitled")),
        el("span", { class: "conv-meta" }, date, c.customer_id ? el("span", { class: "conv-customer" }, " · " + c.customer_id) : null));
      convList.append(el("li", {}, btn));
    }
  }

  async function openConversation(id) {
    generation++;
    const mine = generation;
    thread.textContent = "";
    const loading = el("p", { class: "muted", role: "status", i18n: "loading_conversation" });
    thread.append(loading);
    let conv;
    try {
      conv = await TT.api("/api/v1/conversations/" + encodeURIComponent(id));
    } catch (err) {
      if (mine !== generation) return;
      loading.remove();
      errorMessage({ message: `${t("conversation_failed")} ${err.message}`, code: err.code }, false);
      return;
    }
    const analyses = await Promise.all(conv.messages.map((m) => (m.analysis_id
      ? TT.api("/api/v1/analyses/" + encodeURIComponent(m.analysis_id)).catch(() => null) : null)));
    if (mine !== generation) return;
    loading.remove();
    conversationId = conv.id;
    history.replaceState(null, "", "#c=" + encodeURIComponent(conv.id));
    customer.value = conv.customer_id || "";
    updateProfileLink(conv.customer_id);
    let lastUser = null;
    conv.messages.forEach((m, i) => {
      if (m.role === "user") { lastUser = { bubble: userBubble(m.text), text: m.text }; return; }
      const p = m.payload || {};
      if (m.analysis_id && !analyses[i]) { thread.append(el("p", { class: "muted", i18n: "message_unavailable" })); }
      showReply({ conversation_id: conv.id, intent: m.intent, language: p.language || "en", analysis: analyses[i],
        request: p.request || null, recommendations: p.recommendations || [], follow_ups: p.follow_ups || [] },
      lastUser && lastUser.bubble, lastUser && lastUser.text);
      lastUser = null;
    });
    convList.querySelectorAll(".conv-item").forEach((b) => {
      if (b.dataset.id === conv.id) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
    });
    const last = thread.lastElementChild;
    if (last) last.scrollIntoView({ block: "start" });
  }

  $("new-conv").addEventListener("click", () => {
    conversationId = null;
    history.replaceState(null, "", location.pathname);
    customer.value = "";
    updateProfileLink(null);
    clearThread();
    convList.querySelectorAll(".conv-item").forEach((b) => b.removeAttribute("aria-current"));
    closeSidebar();
    box.focus();
  });

  /* ---------- the side panel on narrow screens ---------- */
  function setSidebar(open) {
    layout.classList.toggle("sidebar-open", open);
    sidebarToggle.setAttribute("aria-expanded", String(open));
    sidebarToggle.dataset.i18n = open ? "hide_conversations" : "show_conversations";
    TT.i18n.apply(sidebarToggle.parentNode);
  }
  const closeSidebar = () => { if (layout.classList.contains("sidebar-open")) setSidebar(false); };
  sidebarToggle.addEventListener("click", () => {
    const open = !layout.classList.contains("sidebar-open");
    setSidebar(open);
    if (open) $("new-conv").focus();
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && layout.classList.contains("sidebar-open")) { setSidebar(false); sidebarToggle.focus(); }
  });

  /* ---------- model readiness ---------- */
  async function watchModels() {
    try {
      const r = await fetch("/readyz", { headers: { Accept: "application/json" } });
      const body = await r.json();
      if (r.ok) { modelStatus.dataset.i18n = "models_ready"; modelStatus.className = "status-pill ok"; }
      else if (body.error && body.error.code === "models_failed") {
        modelStatus.dataset.i18n = "models_failed"; modelStatus.className = "status-pill bad";
      } else {
        modelStatus.dataset.i18n = "models_loading"; modelStatus.className = "status-pill wait";
        setTimeout(watchModels, 2000);
      }
    } catch (e) {
      setTimeout(watchModels, 4000);
    }
    TT.i18n.apply(modelStatus.parentNode);
  }

  /* ---------- start ---------- */
  box.value = loadDraft();
  clearThread();
  TT.i18n.onChange(() => loadConversations());
  const m = /^#c=([\w.-]+)$/.exec(location.hash);
  if (m) openConversation(decodeURIComponent(m[1]));
  loadConversations();
  watchModels();
  window.TT.chat = { submit, openConversation, EXAMPLES };
})();
