/* OmniInbox website chat — the chat window inside the iframe (/widget/frame, same origin as
 * the inbox). Plain JS, no dependencies, no build step. The page is served under a strict CSP
 * (script-src 'self', style-src 'self'): every node is built with createElement/textContent,
 * never innerHTML; styles come from frame.css, the team colour from the CSS custom property
 * --omni-colour set through the CSSOM.
 * Config: <script type="application/json" id="omni-config">{key, host, lang, look}</script>.
 * postMessage (every message carries omni:1): to `parent` with targetOrigin config.host:
 *   {type:"ready", colour} once loaded, {type:"close"} (✕ or Esc), {type:"unread", count};
 *   from `parent`, accepted only when event.source === parent and event.origin === config.host:
 *   {type:"open"}, {type:"close"}, {type:"setUser", user:{id, name, email, user_hash}}.
 * JSON API (same origin; all but `session` send Authorization: Bearer <token>):
 *   POST /widget/v1/session {key, token, host, lang} → {token, visitor, look, messages, more}
 *   POST /widget/v1/identify {user_id, name, email, user_hash} → same shape as session
 *   POST /widget/v1/contact {name, email} → {visitor}
 *   POST /widget/v1/messages {text, echo_id[, payload]} → {message}  (payload: a tapped button's)
 *   POST /widget/v1/files (raw bytes; Content-Type, X-File-Name, X-Echo-Id) → {message}
 *   GET  /widget/v1/messages?before=<id> → {messages, more}
 *   POST /widget/v1/typing {} → 204;  POST /widget/v1/read {up_to} → 204
 *   GET  /widget/v1/events?token=…&after=<id> (SSE: message, typing, ping)
 * A message: {id, from: visitor|agent|bot, text, at, author, attachments, state, echo_id}; the
 *   bot's also {buttons: [{label, payload}]}, offered under its latest such message until the
 *   visitor writes; a tap sends {text: label, payload}.
 * Errors: status + {error, message[, retry_after]}; 401 drops the token and opens a new session.
 * The token is kept in localStorage "omni:token:<key>", the language in "omni:lang". */
(() => {
  "use strict";

  // ---------- config, storage, words ----------
  let cfg = {};
  try { cfg = JSON.parse(document.getElementById("omni-config").textContent) || {}; } catch (_) {}
  const KEY = String(cfg.key || ""), HOST = String(cfg.host || "");
  const EMBED = window.parent !== window;
  const store = {
    get(k) { try { return localStorage.getItem(k); } catch (_) { return null; } },
    set(k, v) { try { v == null ? localStorage.removeItem(k) : localStorage.setItem(k, v); } catch (_) {} },
  };
  const TOKEN_KEY = "omni:token:" + KEY;
  const LANGS = ["zh-TW", "en"];
  const pickLang = l => (LANGS.includes(l) ? l : /^zh/i.test(l || "") ? "zh-TW" : "en");
  let lang = pickLang(store.get("omni:lang") || cfg.lang || navigator.language);

  const WORDS = {
    en: {
      title: "Chat", close: "Close chat", langBtn: "中文", langLabel: "切換為中文 (Switch to Chinese)",
      log: "Conversation", message: "Message", placeholder: "Write a message…",
      attach: "Attach a file", send: "Send", sending: "Sending…", sent: "Sent", read: "Read",
      failed: "Failed — tap to retry", typing: "{name} is typing…", someone: "Someone",
      reconnecting: "Reconnecting…", older: "Loading earlier messages…", team: "Support",
      tooBig: "This file is larger than 10 MB and can't be sent.",
      badType: "Only JPEG, PNG, GIF or WebP images and PDF files can be sent.",
      tooLong: "A message can be at most 4000 characters.",
      offline: "Can't reach the server. Please check your connection.",
      error: "Something went wrong. Please try again.",
      dismiss: "Dismiss", you: "You said:", image: "Image", file: "File", notReady: "Not available yet",
      newTab: "(opens in a new tab)", choices: "Reply options",
      contactIntro: "Before we start, how can we reach you if you leave?",
      name: "Name", email: "Email", contactHint: "Please enter your name or your email (at least one).",
      badEmail: "Please enter a valid email address.", start: "Start chat",
    },
    "zh-TW": {
      title: "線上客服", close: "關閉對話", langBtn: "EN", langLabel: "Switch to English (切換為英文)",
      log: "對話紀錄", message: "輸入訊息", placeholder: "輸入訊息…",
      attach: "附加檔案", send: "傳送", sending: "傳送中…", sent: "已送出", read: "已讀",
      failed: "傳送失敗，點此重試", typing: "{name} 正在輸入…", someone: "客服人員",
      reconnecting: "重新連線中…", older: "正在載入較早的訊息…", team: "客服",
      tooBig: "檔案超過 10 MB，無法傳送。",
      badType: "只能傳送 JPEG、PNG、GIF、WebP 圖片或 PDF 檔案。",
      tooLong: "訊息最多 4000 個字。",
      offline: "無法連線到伺服器，請檢查網路連線。",
      error: "發生錯誤，請再試一次。",
      dismiss: "關閉提示", you: "您說：", image: "圖片", file: "檔案", notReady: "檔案尚未就緒",
      newTab: "（在新分頁開啟）", choices: "回覆選項",
      contactIntro: "開始之前，請留下聯絡方式，方便我們在您離開後回覆。",
      name: "姓名", email: "電子郵件", contactHint: "請填寫姓名或電子郵件（至少一項）。",
      badEmail: "請輸入有效的電子郵件地址。", start: "開始對話",
    },
  };
  const t = (k, v) => (WORDS[lang][k] || WORDS.en[k] || k).replace(/\{(\w+)\}/g, (_, n) => (v && v[n] != null ? v[n] : ""));

  // ---------- DOM helpers (text only ever goes in as text nodes) ----------
  const LOC = "[data-t],[data-ta],[data-tp],[data-tt],[data-talt]";
  function loc(el) {
    const d = el.dataset;
    if (d.t) el.textContent = t(d.t);
    if (d.ta) el.setAttribute("aria-label", t(d.ta));
    if (d.tp) el.placeholder = t(d.tp);
    if (d.tt) el.title = t(d.tt);
    if (d.talt) el.alt = t(d.talt);
  }
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      const v = attrs[k];
      if (v == null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of kids.flat()) if (c != null && c !== false) e.append(c);
    loc(e);
    return e;
  }
  const NS = "http://www.w3.org/2000/svg";
  function icon(d) {
    const s = document.createElementNS(NS, "svg"), p = document.createElementNS(NS, "path");
    s.setAttribute("viewBox", "0 0 24 24"); s.setAttribute("aria-hidden", "true"); s.setAttribute("focusable", "false");
    p.setAttribute("d", d); s.append(p);
    return s;
  }
  const I_CLOSE = "M6 6l12 12M18 6L6 18";
  const I_CLIP = "M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9";
  const I_SEND = "M22 2L11 13M22 2l-7 20-4-9-9-4 20-7z";
  const I_FILE = "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5";

  // Same rule as the inbox (domain::initials): a CJK name's last two characters, else first+last initials.
  const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{2fa1f}]/u;
  function initials(name) {
    const words = String(name || "").split(/[\s()/·]+/).map(w => w.replace(/[^\p{L}\p{N}]/gu, "")).filter(Boolean);
    const cjk = words.find(w => CJK.test(w));
    if (cjk) return [...cjk].filter(c => CJK.test(c)).slice(-2).join("");
    const first = words[0] ? [...words[0]][0] : "", last = words.length > 1 ? [...words[words.length - 1]][0] : "";
    return (first + last).toUpperCase();
  }
  function hue(name) { let x = 0; for (const c of String(name)) x = (x * 31 + c.codePointAt(0)) % 360; return x; }
  function avatar(name, url, team) {
    const el = h("span", { class: "av", "aria-hidden": "true" }, initials(name));
    if (!team) el.style.setProperty("--av", `hsl(${hue(name)} 45% 46%)`);
    if (url) {
      const img = h("img", { src: url, alt: "" });
      img.addEventListener("error", () => img.remove()); // blocked or broken: the initials show
      el.append(img);
    }
    return el;
  }
  const pad = n => String(n).padStart(2, "0");
  function timeEl(at) {
    const d = new Date(Number.isFinite(at) ? at : Date.now());
    return h("time", { datetime: d.toISOString(), title: d.toLocaleString(lang) }, pad(d.getHours()) + ":" + pad(d.getMinutes()));
  }
  function linkify(text) {
    const out = [], re = /\bhttps?:\/\/[^\s<>"'「」（）【】]+/gi;
    let i = 0, m;
    while ((m = re.exec(text))) {
      const u = m[0].replace(/[.,!?;:)\]}'"。，！？；：]+$/, "");
      out.push(text.slice(i, m.index), h("a", { href: u, target: "_blank", rel: "noopener noreferrer" }, u));
      re.lastIndex = i = m.index + u.length;
    }
    out.push(text.slice(i));
    return out;
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const x = [...b].map(v => v.toString(16).padStart(2, "0")).join("");
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }

  // ---------- state ----------
  const S = {
    // The host page keeps the token (it hands it over as this window's name): a browser may
    // block this cross-site frame's own storage.
    token: store.get(TOKEN_KEY) || (/^omni:[0-9a-f]{16,128}$/.test(window.name) ? window.name.slice(5) : null), visitor: {}, look: Object.assign({}, cfg.look), more: false, loaded: false,
    nodes: new Map(), pending: new Map(), maxId: 0, minId: null, maxAgentId: 0, lastRead: 0,
    open: !EMBED, unread: 0, stick: true, loadingOlder: false,
  };
  const teamName = () => S.look.display_name || t("team");

  // ---------- the page ----------
  const root = document.getElementById("omni") || document.body.appendChild(h("main", { id: "omni" }));
  const hdAv = h("span", { class: "hdav" });
  const hdName = h("h1", { id: "omni-title" });
  const langBtn = h("button", { type: "button", class: "ib lang", "data-t": "langBtn", "data-ta": "langLabel", onclick: () => setLang(lang === "en" ? "zh-TW" : "en") });
  const closeBtn = h("button", { type: "button", class: "ib", "data-ta": "close", "data-tt": "close", onclick: closeFrame }, icon(I_CLOSE));
  closeBtn.hidden = !EMBED;
  const header = h("header", { class: "hd" }, hdAv, hdName, langBtn, closeBtn);

  const olderEl = h("div", { class: "older", "data-t": "older", "aria-hidden": "true" });
  olderEl.hidden = true;
  const log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0", "data-ta": "log" }, olderEl);
  const typingText = h("span");
  const typingEl = h("div", { class: "typing" }, h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")), typingText);
  typingEl.hidden = true;
  const connEl = h("div", { class: "conn", role: "status" });
  const alertText = h("p", { role: "alert" });
  const alertBox = h("div", { class: "alert" }, alertText,
    h("button", { type: "button", class: "ib sm", "data-ta": "dismiss", "data-tt": "dismiss", onclick: hideAlert }, icon(I_CLOSE)));
  alertBox.hidden = true;

  // contact form (look.ask_contact)
  const cName = h("input", { id: "omni-cname", type: "text", autocomplete: "name", maxlength: "100" });
  const cEmail = h("input", { id: "omni-cemail", type: "email", autocomplete: "email", maxlength: "200" });
  const cBtn = h("button", { type: "submit", class: "btn", "data-t": "start" });
  const contact = h("form", { class: "contact", novalidate: true, onsubmit: submitContact },
    h("p", { "data-t": "contactIntro" }),
    h("label", { for: "omni-cname", "data-t": "name" }), cName,
    h("label", { for: "omni-cemail", "data-t": "email" }), cEmail, cBtn);
  contact.hidden = true;

  // composer
  const ta = h("textarea", { id: "omni-text", rows: "1", maxlength: "4000", enterkeyhint: "send", "data-tp": "placeholder", "aria-describedby": "omni-count" });
  const counter = h("div", { id: "omni-count", class: "count" });
  counter.hidden = true;
  const fileIn = h("input", { type: "file", class: "vh", tabindex: "-1", "aria-hidden": "true", accept: "image/jpeg,image/png,image/gif,image/webp,application/pdf", "data-ta": "attach" });
  const attachBtn = h("button", { type: "button", class: "ib", "data-ta": "attach", "data-tt": "attach", onclick: () => fileIn.click() }, icon(I_CLIP));
  const sendBtn = h("button", { type: "submit", class: "send", "data-ta": "send", "data-tt": "send" }, icon(I_SEND));
  const composer = h("form", { class: "composer", onsubmit: e => { e.preventDefault(); submitText(); } },
    h("label", { for: "omni-text", class: "vh", "data-t": "message" }),
    h("div", { class: "row" }, ta, attachBtn, sendBtn, fileIn), counter);

  root.replaceChildren(header, log, typingEl, connEl, alertBox, contact, composer);
  root.setAttribute("aria-labelledby", "omni-title");

  // ---------- language ----------
  function relabel() {
    document.documentElement.lang = lang;
    document.title = t("title");
    langBtn.lang = lang === "en" ? "zh-TW" : "en";
    const busy = log.getAttribute("aria-busy");
    log.setAttribute("aria-busy", "true");
    document.querySelectorAll(LOC).forEach(loc);
    renderTyping();
    if (!busy) log.removeAttribute("aria-busy");
  }
  function setLang(l) {
    lang = pickLang(l);
    store.set("omni:lang", lang);
    relabel();
    // Tell the server too (its error texts and look follow the visitor's language).
    if (S.loaded) renew().catch(() => {});
  }

  // ---------- look ----------
  let greetNode = null;
  function applyLook(look) {
    Object.assign(S.look, look || {});
    const c = S.look.colour;
    if (/^#[0-9a-f]{6}$/i.test(c || "")) document.documentElement.style.setProperty("--omni-colour", c);
    hdName.textContent = teamName();
    hdAv.replaceChildren(avatar(teamName(), S.look.avatar_url, true));
    const g = S.look.greeting ? msgNode({ from: "bot", text: S.look.greeting, greet: true, author: { name: teamName(), avatar: S.look.avatar_url } }, null) : null;
    if (g) g.classList.add("greet");
    if (greetNode && g && greetNode.textContent === g.textContent) return updContact();
    if (greetNode) greetNode.remove();
    if (g) olderEl.after(g);
    greetNode = g;
    updContact();
  }

  // ---------- messages ----------
  const isTeam = m => m && (m.from === "agent" || m.from === "bot");
  const authorName = m => (m.author && m.author.name) || teamName();
  const sameSender = (a, b) => a && b && a.from === b.from && b.from !== "system" &&
    (b.from === "visitor" || authorName(a) === authorName(b)) && !a.greet && b.at - a.at < 300000;

  function attNode(a) {
    const url = a.url, name = a.name || "";
    if (!url) return h("div", { class: "att file na" }, icon(I_FILE), h("span", {}, name), h("small", { "data-t": "notReady" }));
    if (a.kind === "image" || a.kind === "sticker") {
      const img = h("img", name ? { src: url, alt: name, loading: "lazy" } : { src: url, "data-talt": "image", loading: "lazy" });
      img.addEventListener("load", () => S.stick && scrollBottom());
      return h("a", { class: "att pic", href: url, target: "_blank", rel: "noopener" }, img, h("span", { class: "vh", "data-t": "newTab" }));
    }
    if (a.kind === "video") return h("video", { class: "att media", src: url, controls: true, preload: "metadata" });
    if (a.kind === "audio") return h("audio", { class: "att", src: url, controls: true, preload: "metadata" });
    return h("a", { class: "att file", href: url, download: name || true, target: "_blank", rel: "noopener" },
      icon(I_FILE), name ? h("span", {}, name) : h("span", { "data-t": "file" }));
  }

  function msgNode(m, prev) {
    let n;
    if (m.from === "system") {
      n = h("div", { class: "sys" }, h("span", {}, m.text || ""), " ", timeEl(m.at));
    } else {
      const mine = m.from === "visitor", cont = sameSender(prev, m);
      const bd = h("div", { class: "bd" });
      if (mine) bd.append(h("span", { class: "vh", "data-t": "you" }));
      else if (cont) bd.append(h("span", { class: "vh" }, authorName(m) + ":"));
      else bd.append(h("div", { class: "who" }, authorName(m)));
      if (m.text) bd.append(h("div", { class: "bub" }, linkify(m.text)));
      for (const a of m.attachments || []) bd.append(attNode(a));
      const choices = m.from === "bot" && choicesNode(m);
      if (choices) bd.append(choices);
      if (!m.greet) bd.append(timeEl(m.at));
      n = h("div", { class: "m " + (mine ? "me" : "them") + (cont ? " cont" : "") },
        mine ? null : cont ? h("span", { class: "av sp" }) : avatar(authorName(m), m.author && m.author.avatar, m.from === "bot" || !m.author),
        bd);
    }
    n._m = m;
    return n;
  }

  // The bot's buttons under its message, hidden until offered (updChoices).
  const choicesOf = m => (Array.isArray(m.buttons) ? m.buttons : [])
    .filter(b => b && typeof b.label === "string" && b.label.trim() && typeof b.payload === "string" && b.payload.length <= 100);
  function choicesNode(m) {
    const list = choicesOf(m);
    if (!list.length) return null;
    const g = h("div", { class: "choices", role: "group", "data-ta": "choices" },
      list.map(b => h("button", { type: "button", onclick: e => tap(g, b, e) }, b.label)));
    g.hidden = true;
    return g;
  }

  const prevMsg = node => { const p = node && node.previousElementSibling; return p && p._m; };
  const sameContent = (a, b) => a.text === b.text && authorName(a) === authorName(b) &&
    JSON.stringify(a.attachments || []) === JSON.stringify(b.attachments || []) &&
    JSON.stringify(choicesOf(a)) === JSON.stringify(choicesOf(b));
  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  function scrollBottom() { log.scrollTop = log.scrollHeight; S.stick = true; }

  // Where a real message goes: by id; new arrivals go after visitor messages still sending.
  function refFor(id) {
    let ref = null;
    for (let c = log.lastElementChild; c && c._m && !c._m.greet; c = c.previousElementSibling) {
      if (c._m.pending) continue;
      if (c._m.id > id) ref = c; else break;
    }
    return ref;
  }

  function upsert(m, live) {
    if (!m || typeof m.id !== "number") return;
    const stick = nearBottom();
    const pend = m.echo_id && S.pending.get(m.echo_id);
    const old = S.nodes.get(m.id);
    let fresh = false;
    if (old) {
      if (sameContent(old._m, m)) old._m = m;
      else { const n = msgNode(m, prevMsg(old)); old.replaceWith(n); S.nodes.set(m.id, n); }
      if (pend) { pend.node.remove(); dropPending(pend); }
    } else if (pend) { // our optimistic bubble becomes the real one, in place
      const n = msgNode(m, prevMsg(pend.node));
      pend.node.replaceWith(n); S.nodes.set(m.id, n); dropPending(pend);
    } else {
      const ref = refFor(m.id);
      const n = msgNode(m, ref ? prevMsg(ref) : log.lastElementChild && log.lastElementChild._m);
      log.insertBefore(n, ref); S.nodes.set(m.id, n);
      fresh = true;
    }
    S.maxId = Math.max(S.maxId, m.id);
    S.minId = S.minId == null ? m.id : Math.min(S.minId, m.id);
    if (isTeam(m)) S.maxAgentId = Math.max(S.maxAgentId, m.id);
    if (fresh && live === true && isTeam(m)) {
      hideTyping();
      if (!S.open) toParent({ type: "unread", count: ++S.unread });
    }
    if ((fresh || pend) && (stick || m.from === "visitor") && live !== "older") scrollBottom();
    if (fresh && isTeam(m)) markReadSoon();
    updStatus();
    if (m.from === "visitor") updContact();
  }

  function clearMessages() {
    for (const n of S.nodes.values()) n.remove();
    S.nodes.clear();
    S.maxId = 0; S.minId = null; S.maxAgentId = 0; S.lastRead = 0;
  }

  function addPending(pm) {
    pm.node = msgNode(pm, log.lastElementChild && log.lastElementChild._m);
    pm.node.classList.add("pend");
    S.pending.set(pm.echo_id, pm);
    log.append(pm.node);
    scrollBottom();
    updStatus(); updContact();
  }
  function dropPending(pm) {
    S.pending.delete(pm.echo_id);
    if (pm.blob) URL.revokeObjectURL(pm.blob);
  }
  function setPending(pm, state) {
    pm.pending = state;
    const failed = state === "failed", bd = pm.node.querySelector(".bd");
    pm.node.classList.toggle("fail", failed);
    const r = bd.querySelector(".retry");
    if (failed && !r) bd.append(h("button", { type: "button", class: "retry", "data-t": "failed", onclick: () => deliver(pm) }));
    if (!failed && r) r.remove();
    updStatus();
  }

  // The bot's buttons are offered under its latest message that has them, until the visitor
  // writes or taps (their message, even one still sending, comes after it); none elsewhere.
  let offered = null;
  function updChoices() {
    let g = null;
    for (let c = log.lastElementChild; c && c._m; c = c.previousElementSibling) {
      if (c._m.from === "visitor") break;
      if ((g = c.querySelector(".choices"))) break;
    }
    if (g === offered) return;
    if (offered) {
      const had = offered.contains(document.activeElement);
      offered.hidden = true;
      if (had) log.focus({ preventScroll: true });
    }
    offered = g;
    if (g) { g.hidden = false; if (S.stick) scrollBottom(); }
  }

  // The state line under the visitor's own last message (and the buttons offered).
  function updStatus() {
    updChoices();
    let c = log.lastElementChild;
    while (c && !(c._m && c._m.from === "visitor")) c = c.previousElementSibling;
    const m = c && c._m;
    const key = !m || m.pending === "failed" ? null : m.pending ? "sending" : m.state === "read" ? "read" : "sent";
    const old = log.querySelector(".st");
    if (old && key && old.parentNode.parentNode === c && old.dataset.t === key) return;
    if (old) old.remove();
    if (key) c.querySelector(".bd").append(h("div", { class: "st", "aria-live": "off", "data-t": key }));
  }

  // ---------- typing, connection, alerts ----------
  let typingName = "", typingTimer = 0;
  function renderTyping() {
    typingText.textContent = t("typing", { name: typingName || t("someone") });
  }
  function onTyping(d) {
    clearTimeout(typingTimer);
    if (!d || !d.typing) return hideTyping();
    typingName = String(d.name || "").trim().split(/\s+/)[0];
    renderTyping();
    const stick = nearBottom();
    typingEl.hidden = false;
    if (stick) scrollBottom();
    typingTimer = setTimeout(hideTyping, 8000);
  }
  function hideTyping() { clearTimeout(typingTimer); typingEl.hidden = true; }

  let downTimer = 0;
  function conn(up) {
    if (up) { clearTimeout(downTimer); downTimer = 0; connEl.replaceChildren(); connEl.classList.remove("on"); return; }
    if (downTimer || connEl.classList.contains("on")) return;
    downTimer = setTimeout(() => { connEl.classList.add("on"); connEl.replaceChildren(h("span", { "data-t": "reconnecting" })); }, 2000);
  }

  let alertTimer = 0;
  function showAlert(text, secs) {
    clearTimeout(alertTimer);
    alertBox.hidden = false;
    alertText.textContent = text;
    if (secs > 0) alertTimer = setTimeout(hideAlert, secs * 1000);
  }
  function hideAlert() { clearTimeout(alertTimer); alertBox.hidden = true; alertText.textContent = ""; }
  function showErr(e) {
    const d = (e && e.data) || {};
    showAlert(d.message || t(e && e.status === 0 ? "offline" : "error"), e && e.status === 429 ? Number(d.retry_after) || 0 : 0);
  }

  // ---------- the API ----------
  let sessP = null;
  async function api(path, o = {}) {
    if (o.auth !== false) await session();
    const used = S.token;
    const headers = Object.assign({ "Accept-Language": lang }, o.headers);
    if (o.auth !== false) headers.Authorization = "Bearer " + used;
    let body = o.body;
    if (body !== undefined && !o.raw) { headers["Content-Type"] = "application/json"; body = JSON.stringify(body); }
    let res;
    try {
      res = await fetch(path, { method: o.method || "POST", headers, body, credentials: "omit", cache: "no-store" });
    } catch (_) {
      throw { status: 0 };
    }
    if (res.status === 401 && o.auth !== false && !o.again) {
      if (S.token === used) { S.token = null; keepToken(null); sessP = null; }
      return api(path, Object.assign({}, o, { again: true })); // a new session, then once more
    }
    if (res.status === 204) return null;
    let data = null;
    try { data = await res.json(); } catch (_) {}
    if (!res.ok) throw { status: res.status, data };
    return data || {};
  }

  // The one session everyone waits for; a failed attempt is forgotten so the next call tries again.
  function session() {
    if (!sessP) sessP = openSession(S.token).catch(e => { sessP = null; throw e; });
    return sessP;
  }
  // Ask again with the current token (reconnecting, language switch): messages are merged.
  function renew() {
    sessP = openSession(S.token).catch(e => { sessP = null; throw e; });
    return sessP;
  }
  async function openSession(tok) {
    let r;
    try {
      r = await api("/widget/v1/session", { auth: false, body: { key: KEY, token: tok || null, host: HOST, lang } });
    } catch (e) {
      if (e.status === 401 && tok) { S.token = null; keepToken(null); return openSession(null); }
      throw e;
    }
    // Same visitor (our token accepted): merge; anyone else: replace the list.
    applySession(r, !!tok && S.loaded && (!r.token || r.token === tok));
    return r;
  }

  function applySession(r, merge) {
    if (r.token) { S.token = r.token; keepToken(r.token); }
    S.visitor = r.visitor || {};
    if (r.look) applyLook(r.look);
    const list = Array.isArray(r.messages) ? r.messages : [];
    log.setAttribute("aria-busy", "true");
    if (merge) {
      const before = S.maxId, empty = S.minId == null;
      list.forEach(m => upsert(m, m.id > before));
      if (empty) S.more = !!r.more;
    } else {
      clearMessages();
      S.more = !!r.more;
      list.forEach(m => upsert(m, false));
      scrollBottom();
    }
    log.removeAttribute("aria-busy");
    S.loaded = true;
    updStatus(); updContact();
    // A chat only preloaded (never opened, nothing in it) holds no stream: a shop's every page
    // view would otherwise keep one open on the inbox.
    if (S.open || S.maxId > 0) openStream(); else closeStream();
    markReadSoon();
    fillUp();
  }

  // Load older pages while the list is too short to scroll.
  function fillUp() {
    // (Not while the frame is hidden: a 0-px log would pull the whole history.)
    if (S.more && !S.loadingOlder && log.clientHeight && log.scrollHeight <= log.clientHeight + 60) loadOlder();
  }
  async function loadOlder() {
    if (S.loadingOlder || !S.more || S.minId == null) return;
    S.loadingOlder = true;
    olderEl.hidden = false;
    log.setAttribute("aria-busy", "true");
    const h0 = log.scrollHeight, top0 = log.scrollTop;
    try {
      const r = await api("/widget/v1/messages?before=" + encodeURIComponent(S.minId), { method: "GET" });
      S.more = !!r.more;
      (r.messages || []).forEach(m => upsert(m, "older"));
      olderEl.hidden = true;
      log.scrollTop = top0 + (log.scrollHeight - h0);
    } catch (e) {
      showErr(e);
      S.more = e.status ? false : S.more;
    } finally {
      olderEl.hidden = true;
      S.loadingOlder = false;
      log.removeAttribute("aria-busy");
    }
    if (S.more) fillUp();
  }

  // ---------- live stream ----------
  let es = null, esTimer = 0, esDelay = 3000;
  function openStream() {
    closeStream();
    if (!S.token || typeof EventSource !== "function") return;
    const src = new EventSource("/widget/v1/events?token=" + encodeURIComponent(S.token) + "&after=" + S.maxId);
    es = src;
    const parse = e => { try { return JSON.parse(e.data); } catch (_) { return null; } };
    src.onopen = () => { conn(true); esDelay = 3000; };
    src.addEventListener("message", e => { conn(true); upsert(parse(e), true); });
    src.addEventListener("typing", e => onTyping(parse(e)));
    src.addEventListener("ping", () => conn(true));
    src.onerror = () => {
      if (es !== src) return;
      conn(false);
      if (src.readyState === 2) { src.close(); es = null; esTimer = setTimeout(reconnect, 3000); }
    };
  }
  function closeStream() { clearTimeout(esTimer); if (es) { es.close(); es = null; } }
  // Check the token with a session call (a 401 there opens a new session), then reopen.
  async function reconnect() {
    clearTimeout(esTimer);
    conn(false);
    try { await renew(); } catch (e) {
      esDelay = Math.min(esDelay * 2, 60000);
      esTimer = setTimeout(reconnect, (e.data && e.data.retry_after * 1000) || esDelay);
    }
  }
  addEventListener("pagehide", closeStream);
  addEventListener("pageshow", e => { if (e.persisted) reconnect(); });
  addEventListener("online", () => { if (!es && S.loaded) reconnect(); });

  // ---------- reading ----------
  let readTimer = 0;
  function markReadSoon() { clearTimeout(readTimer); readTimer = setTimeout(markRead, 300); }
  function markRead() {
    if (!S.open || document.visibilityState !== "visible" || !S.token || S.maxAgentId <= S.lastRead) return;
    S.lastRead = S.maxId;
    api("/widget/v1/read", { body: { up_to: S.maxId } }).catch(() => {});
  }
  document.addEventListener("visibilitychange", markReadSoon);

  // ---------- writing ----------
  function grow() {
    ta.style.height = "auto";
    const sh = ta.scrollHeight; // 0 while the frame is hidden: keep the CSS height then
    ta.style.height = sh ? Math.min(sh, 160) + "px" : "";
    const n = ta.value.length;
    counter.hidden = n <= 3500;
    counter.textContent = n + " / 4000";
    counter.classList.toggle("over", n >= 4000);
  }
  let lastTyping = 0;
  ta.addEventListener("input", () => {
    grow();
    if (ta.value.trim() && S.token && Date.now() - lastTyping > 3000) {
      lastTyping = Date.now();
      api("/widget/v1/typing", { body: {} }).catch(() => {});
    }
  });
  ta.addEventListener("keydown", e => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME candidate (注音, 倉頡) is left alone.
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) { e.preventDefault(); submitText(); }
  });
  ta.addEventListener("focus", () => { scrollBottom(); setTimeout(scrollBottom, 350); });
  ta.addEventListener("paste", e => {
    const f = [...((e.clipboardData && e.clipboardData.files) || [])][0];
    if (f) { e.preventDefault(); sendFile(f); }
  });
  fileIn.addEventListener("change", () => { const f = fileIn.files[0]; fileIn.value = ""; sendFile(f); });

  // A tap on one of the bot's buttons: its label is the visitor's message, its payload says
  // which button it was (the bot continues from there).
  function tap(g, b, e) {
    if (g !== offered || g.hidden) return;
    const pm = { echo_id: uuid(), from: "visitor", text: b.label.trim(), payload: b.payload, at: Date.now(), attachments: [], state: null, pending: "sending" };
    addPending(pm);
    // Keyboard users carry on in the composer (a finger or a mouse: no keyboard pops up).
    if (e && e.detail === 0) ta.focus();
    deliver(pm);
  }

  function submitText() {
    const text = ta.value.trim();
    if (!text) return;
    if (text.length > 4000) return showAlert(t("tooLong"));
    ta.value = ""; grow();
    const pm = { echo_id: uuid(), from: "visitor", text, at: Date.now(), attachments: [], state: null, pending: "sending" };
    addPending(pm);
    deliver(pm);
  }

  const TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"];
  function sendFile(file) {
    if (!file) return;
    if (file.size > 10 * 1024 * 1024) return showAlert(t("tooBig"));
    if (!TYPES.includes(file.type)) return showAlert(t("badType"));
    const blob = URL.createObjectURL(file);
    const pm = {
      echo_id: uuid(), from: "visitor", text: "", at: Date.now(), state: null, pending: "sending", file, blob,
      attachments: [{ kind: file.type.startsWith("image/") ? "image" : "file", name: file.name, mime: file.type, url: blob }],
    };
    addPending(pm);
    deliver(pm);
  }

  async function deliver(pm) {
    setPending(pm, "sending");
    try {
      const r = pm.file
        ? await api("/widget/v1/files", { raw: true, body: pm.file, headers: { "Content-Type": pm.file.type, "X-File-Name": encodeURIComponent(pm.file.name || "file"), "X-Echo-Id": pm.echo_id } })
        : await api("/widget/v1/messages", { body: { text: pm.text, echo_id: pm.echo_id, payload: pm.payload } });
      const m = r && r.message;
      if (m && typeof m.id === "number") upsert(Object.assign({}, m, { echo_id: m.echo_id || pm.echo_id }), false);
      else if (S.pending.has(pm.echo_id)) throw { status: 500 };
    } catch (e) {
      if (!S.pending.has(pm.echo_id)) return; // the stream already delivered it
      if (pm.file && (e.status === 413 || e.status === 415)) { // refused for good: nothing to retry
        pm.node.remove(); dropPending(pm); updStatus(); updContact();
        return showErr(e);
      }
      setPending(pm, "failed");
      showErr(e);
    }
  }

  // ---------- contact form ----------
  function needContact() {
    if (!S.look.ask_contact) return false;
    if (!S.loaded) return true;
    return !S.visitor.name && !S.visitor.email && !log.querySelector(".me");
  }
  function updContact() {
    const need = needContact(), had = contact.contains(document.activeElement);
    contact.hidden = !need;
    composer.hidden = need;
    if (had && !need) ta.focus();
  }
  async function submitContact(e) {
    e.preventDefault();
    const name = cName.value.trim(), email = cEmail.value.trim();
    cName.removeAttribute("aria-invalid"); cEmail.removeAttribute("aria-invalid");
    if (!name && !email) { cName.setAttribute("aria-invalid", "true"); cName.focus(); return showAlert(t("contactHint")); }
    if (email && !cEmail.checkValidity()) { cEmail.setAttribute("aria-invalid", "true"); cEmail.focus(); return showAlert(t("badEmail")); }
    cBtn.disabled = true;
    try {
      const r = await api("/widget/v1/contact", { body: { name: name || null, email: email || null } });
      S.visitor = (r && r.visitor) || Object.assign({}, S.visitor, { name: name || null, email: email || null });
      hideAlert();
      updContact();
      ta.focus();
    } catch (err) {
      showErr(err);
    } finally {
      cBtn.disabled = false;
    }
  }

  // ---------- the parent page ----------
  // Kept here and, for browsers that block this frame's storage, by the host page.
  function keepToken(tok) {
    store.set(TOKEN_KEY, tok);
    window.name = "omni:" + (tok || "");
    toParent({ type: "token", token: tok });
  }
  function toParent(m) {
    if (!EMBED || !HOST) return;
    try { window.parent.postMessage(Object.assign({ omni: 1 }, m), HOST); } catch (_) {}
  }
  function closeFrame() { S.open = false; toParent({ type: "close" }); }
  function onOpen() {
    S.open = true;
    if (!es && S.loaded && S.token) openStream();
    S.unread = 0;
    toParent({ type: "unread", count: 0 });
    scrollBottom();
    (contact.hidden ? ta : cName).focus();
    markReadSoon();
    requestAnimationFrame(fillUp);
  }
  let identQ = Promise.resolve();
  function identify(u) {
    if (!u || typeof u !== "object" || u.id == null || !u.user_hash) return;
    identQ = identQ.then(async () => {
      try {
        const r = await api("/widget/v1/identify", {
          body: { user_id: String(u.id), name: u.name ? String(u.name) : null, email: u.email ? String(u.email) : null, user_hash: String(u.user_hash) },
        });
        applySession(r, false);
      } catch (e) { showErr(e); }
    });
  }
  addEventListener("message", e => {
    const d = e.data;
    if (!EMBED || e.source !== window.parent || e.origin !== HOST || !d || d.omni !== 1) return;
    if (d.type === "open") onOpen();
    else if (d.type === "close") S.open = false;
    else if (d.type === "setUser") identify(d.user);
  });
  document.addEventListener("keydown", e => {
    if (e.key === "Escape" && !e.isComposing && EMBED) { e.preventDefault(); closeFrame(); }
  });

  // ---------- scrolling ----------
  log.addEventListener("scroll", () => {
    S.stick = nearBottom();
    if (log.scrollTop < 60) loadOlder();
  }, { passive: true });
  if (window.ResizeObserver) new ResizeObserver(() => { if (S.stick) scrollBottom(); }).observe(log);

  // ---------- start ----------
  applyLook(cfg.look);
  relabel();
  grow();
  toParent({ type: "ready", colour: S.look.colour });
  (function boot(delay) {
    session().catch(e => {
      showErr(e);
      if (!e.status || e.status >= 500 || e.status === 429)
        setTimeout(() => boot(Math.min(delay * 2, 60000)), (e.data && e.data.retry_after * 1000) || delay);
    });
  })(3000);
})();
