/* The role-play page: pick a scenario, name and conversation language; then the conversation with the
 * simulated customer (Enter sends, Shift+Enter adds a line), its mood beside it, and the scorecard when
 * it ends. Each session has its own address, /roleplay/sessions/<id>, so a reload or a shared link
 * reopens it where it was. */
"use strict";
(function () {
  const TT = window.TT;
  const { t } = TT.i18n;
  const { el } = TT;
  const NAME_KEY = "tt.trainee";
  const SESSION_PATH = /^\/roleplay\/sessions\/([\w-]+)\/?$/;

  const $ = (id) => document.getElementById(id);
  const setup = $("rp-setup"), play = $("rp-play"), cards = $("rp-scenarios"), setupStatus = $("rp-setup-status");
  const trainee = $("rp-trainee"), traineeError = $("rp-trainee-error");
  const thread = $("rp-thread"), form = $("rp-composer"), box = $("rp-reply"), send = $("rp-send");
  const result = $("rp-result"), errorBox = $("rp-error"), threadTitle = $("rp-thread-title");
  const mood = TT.mood.create($("rp-mood-body"));

  let scenarios = null;
  let session = null;  // {id, scenario, trainee, lang, state, done}
  let busy = false;
  let generation = 0;  // bumps on every navigation, so a late answer never lands in another session
  let langPicked = false;  // until the trainee picks one, the conversation language follows the interface

  /* ---------- setup: name, language, scenario ---------- */
  const storage = {
    get: () => { try { return localStorage.getItem(NAME_KEY) || ""; } catch (e) { return ""; } },
    set: (v) => { try { localStorage.setItem(NAME_KEY, v); } catch (e) { /* storage off */ } },
  };
  const langRadios = () => [...document.querySelectorAll('input[name="rp-lang"]')];
  const convLang = () => (langRadios().find((r) => r.checked) || {}).value || TT.i18n.lang;
  const setConvLang = (lang) => langRadios().forEach((r) => { r.checked = r.value === lang; });

  function drawScenarios() {
    if (scenarios) TT.scenarios.render(cards, scenarios, convLang(), (sc) => start(sc.id, convLang()));
  }

  async function loadScenarios() {
    setupStatus.textContent = t("rp_loading_scenarios");
    try {
      scenarios = await TT.api("/api/v1/roleplay/scenarios");
      setupStatus.textContent = "";
      drawScenarios();
    } catch (e) {
      setupStatus.textContent = `${t("rp_scenarios_failed")} ${e.message}`;
    }
  }

  function traineeName() {
    const v = trainee.value.trim();
    traineeError.hidden = Boolean(v);
    if (v) trainee.removeAttribute("aria-invalid"); else trainee.setAttribute("aria-invalid", "true");
    return v;
  }

  /* ---------- the conversation ---------- */
  const persona = () => session.scenario.persona || {};
  const msgOpts = () => ({ customer: persona().name, trainee: session.trainee, lang: session.lang });

  function showError(err, titleKey = "rp_not_sent") {
    errorBox.textContent = "";
    errorBox.append(el("p", { class: "alert-title", i18n: titleKey }), el("p", {}, describe(err)));
  }
  // The alert region stays in the page (empty and boxless when there is nothing to say), so filling it is announced.
  const clearError = () => { errorBox.textContent = ""; };

  /** A validation error says what was wrong with the reply, in the server's words; known codes in the UI's. */
  function describe(err) {
    if (err.code === "validation_error" && Array.isArray(err.details) && err.details.length) {
      return err.details.map((d) => String(d.msg || "").replace(/^Value error,\s*/, "")).join(" ");
    }
    return err.message;
  }

  function placeholder() {
    const name = session && persona().name;
    box.setAttribute("placeholder", t("rp_reply_placeholder", { name: name || t("rp_customer") }));
  }

  function typing() {
    const node = el("div", { class: "msg rp-customer typing", role: "status" },
      el("span", { class: "dots", "aria-hidden": "true" }, el("span"), el("span"), el("span")),
      el("span", { i18n: "rp_typing", vars: { name: persona().name || t("rp_customer") } }));
    thread.append(node);
    node.scrollIntoView({ block: "nearest" });
    return node;
  }

  function showSession(s) {
    session = s;
    setup.hidden = true;
    play.hidden = false;
    const sc = s.scenario, p = sc.persona || {};
    const lang = TT.transcript.langTag(s.lang);
    Object.assign($("rp-play-title"), { textContent: sc.title || sc.id, lang });
    Object.assign($("rp-persona"), { textContent: [p.name, p.role, p.company].filter(Boolean).join(" · "), lang });
    Object.assign($("rp-brief-situation"), { textContent: sc.situation || "", lang });
    Object.assign($("rp-brief-goal"), { textContent: sc.goal || "", lang });
    mood.update(s.state, sc);
    thread.textContent = "";
    thread.append(...TT.transcript.render(s.transcript, msgOpts()));
    clearError();
    box.lang = lang;
    placeholder();
    if (s.done) showResult(s);
    else {
      threadTitle.classList.add("visually-hidden");  // while playing, the conversation needs no heading
      result.hidden = true;
      form.hidden = false;
      box.focus();
    }
  }

  function showResult(card) {
    form.hidden = true;
    threadTitle.classList.remove("visually-hidden");
    result.textContent = "";
    result.append(TT.scorecard.render(card, { actions: [
      el("button", { type: "button", class: "btn btn-primary", id: "rp-again", i18n: "rp_play_again",
        on: { click: () => start(card.scenario.id, card.lang, card.trainee) } }),
      el("button", { type: "button", class: "btn", id: "rp-another", i18n: "rp_choose_another",
        on: { click: chooseAnother } }),
    ] }));
    result.hidden = false;
    result.focus();
    result.scrollIntoView({ block: "start" });
  }

  async function start(scenarioId, lang, name) {
    name = name || traineeName();
    if (!name) { trainee.focus(); return; }
    storage.set(name);
    const mine = ++generation;
    setupStatus.textContent = t("rp_starting");
    try {
      const s = await TT.api("/api/v1/roleplay/sessions", { method: "POST",
        body: { scenario_id: scenarioId, trainee: name, lang } });
      if (mine !== generation) return;
      setupStatus.textContent = "";
      history.pushState({ session: s.id }, "", "/roleplay/sessions/" + encodeURIComponent(s.id));
      showSession({ id: s.id, scenario: s.scenario, trainee: name, lang, state: s.state, done: false,
        transcript: [{ role: "customer", text: s.customer_message }] });
    } catch (err) {
      if (mine !== generation) return;
      if (!play.hidden) showError(err, "rp_start_failed");
      else setupStatus.textContent = `${t("rp_start_failed")} ${err.message}`;
    }
  }

  async function open(id) {
    const mine = ++generation;
    setup.hidden = true;
    try {
      const card = await TT.api("/api/v1/roleplay/sessions/" + encodeURIComponent(id) + "/scorecard");
      if (mine !== generation) return;
      showSession(card);
    } catch (err) {
      if (mine !== generation) return;
      setup.hidden = false;
      play.hidden = true;
      setupStatus.textContent = `${t("rp_open_failed")} ${err.message}`;
    }
  }

  /** The session ended on this turn: the reply is recorded, so a failure here only delays the scorecard. */
  async function finish(s, mine) {
    s.done = true;
    form.hidden = true;
    try {
      const card = await TT.api(`/api/v1/roleplay/sessions/${encodeURIComponent(s.id)}/scorecard`);
      if (mine === generation) showResult(card);
    } catch (err) {
      if (mine === generation) showError({ message: `${t("rp_scorecard_failed")} ${err.message}` }, "error_title");
    }
  }

  async function reply(text) {
    if (busy || !session || session.done) return;
    busy = true;
    send.disabled = true;
    clearError();
    const mine = generation, s = session;
    box.value = "";
    const bubble = TT.transcript.traineeMessage(text, null, { name: s.trainee, lang: s.lang });
    thread.append(bubble);
    const wait = typing();
    try {
      const turn = await TT.api(`/api/v1/roleplay/sessions/${encodeURIComponent(s.id)}/turns`, { method: "POST",
        body: { text } });
      if (mine !== generation) return;
      wait.remove();
      const skills = Object.fromEntries(Object.entries(turn.turn_score.skills || {})
        .filter(([, v]) => v.applicable).map(([k, v]) => [k, v.score]));
      const entry = { role: "trainee", text, score: turn.turn_score.overall, skills, feedback: turn.feedback,
        better_line: turn.better_line };
      bubble.append(TT.transcript.turnDetails(entry, { lang: s.lang }));
      const answer = TT.transcript.customerMessage(turn.customer_message, { name: persona().name, lang: s.lang });
      thread.append(answer);
      s.transcript.push(entry, { role: "customer", text: turn.customer_message });
      s.state = turn.state;
      mood.update(turn.state, s.scenario);
      if (turn.done) finish(s, mine);
      else bubble.scrollIntoView({ block: "start" });
    } catch (err) {
      if (mine !== generation) return;
      wait.remove();
      bubble.remove();  // it was not said: the customer never heard it
      box.value = box.value ? text + "\n" + box.value : text;
      showError(err);
      if (err.code === "session_finished") open(s.id);
      else box.focus();
    } finally {
      busy = false;
      send.disabled = false;
    }
  }

  /* ---------- navigation ---------- */
  function showSetup() {
    generation++;
    session = null;
    play.hidden = true;
    setup.hidden = false;
    setupStatus.textContent = "";
    if (!scenarios) loadScenarios();
  }

  function chooseAnother() {
    history.pushState({}, "", "/roleplay");
    showSetup();
    window.scrollTo(0, 0);
    $("rp-title").focus();
  }

  function route() {
    const m = SESSION_PATH.exec(location.pathname);
    if (m) open(decodeURIComponent(m[1]));
    else showSetup();
  }

  /* ---------- wiring ---------- */
  trainee.value = storage.get();
  trainee.addEventListener("input", () => { if (trainee.value.trim()) traineeError.hidden = true; });
  trainee.addEventListener("change", () => { if (trainee.value.trim()) storage.set(trainee.value.trim()); });
  setConvLang(TT.i18n.lang);
  langRadios().forEach((r) => r.addEventListener("change", () => { langPicked = true; drawScenarios(); }));
  TT.i18n.onChange((lang) => {
    placeholder();
    if (!langPicked) { setConvLang(lang); drawScenarios(); }
  });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); reply(box.value); });
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {  // 229: an IME is composing
      ev.preventDefault();
      reply(box.value);
    }
  });
  $("rp-leave").addEventListener("click", chooseAnother);
  window.addEventListener("popstate", route);
  $("rp-title").setAttribute("tabindex", "-1");
  route();
  if (SESSION_PATH.test(location.pathname)) loadScenarios();  // ready for "choose another scenario"
  window.TT.roleplay = { start, open, reply };
})();
