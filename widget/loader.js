/* OmniInbox website chat — loader, served as /widget.js. No dependencies, no build step.
 * A shop pastes: <script src="https://INBOX/widget.js" data-channel="wk_…" async></script>
 * It draws a launcher button in a closed shadow root and, on click or when the browser is
 * idle, an iframe ORIGIN/widget/frame?key=…&host=<location.origin>&lang=zh-TW|en.
 * postMessage bridge (every message carries omni:1; sent with targetOrigin ORIGIN; accepted
 * only when event.origin === ORIGIN and event.source === the iframe's window):
 *   parent → frame: {type:"open"} {type:"close"} {type:"setUser", user:{id,name,email,user_hash}}
 *   frame → parent: {type:"ready", colour:"#rrggbb"} {type:"close"} {type:"unread", count:n}
 *                   {type:"token", token} (kept in this page's localStorage "omni:token:<key>"
 *                   and handed back as the iframe's name "omni:<token>": browsers may block a
 *                   cross-site frame's own storage)
 * Commands given before "ready" are queued and sent after it.
 * Public API: window.OmniInbox = {open(), close(), toggle(), setUser(user)}; an array of
 * queued calls already there ([["setUser", {...}], ["open"]]) is run. */
(() => {
  "use strict";
  const W = window, D = document, RE = /\/widget\.js([?#]|$)/;
  let s = D.currentScript;
  if (!s || !RE.test(s.src)) s = [...D.querySelectorAll("script[src]")].reverse().find(x => RE.test(x.src));
  const pre = W.OmniInbox;
  if (!s || (pre && !Array.isArray(pre))) return; // no tag found, or already loaded
  const key = s.dataset.channel || s.dataset.widgetKey;
  if (!key) return console.warn("OmniInbox: data-channel is missing");
  const O = new URL(s.src).origin;
  const zh = /^zh/i.test(navigator.language || "");
  const CSS = `:host{all:initial}
button{all:unset;box-sizing:border-box;position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;background:var(--c,#4f46e5);color:#fff;cursor:pointer;display:grid;place-items:center;box-shadow:0 4px 16px rgba(0,0,0,.22);transition:transform .15s}
button:hover{transform:scale(1.06)}
button:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 3px #fff,0 4px 16px rgba(0,0,0,.22)}
svg{width:28px;height:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.o .i1,.i2{display:none}.o .i2{display:block}
b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border:2px solid #fff;border-radius:10px;background:#e11d48;color:#fff;font:700 11px/16px system-ui,sans-serif;text-align:center}
b[hidden]{display:none}
iframe{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:380px;max-width:calc(100vw - 40px);height:min(640px,calc(100vh - 100px));border:0;border-radius:16px;box-shadow:0 12px 48px rgba(0,0,0,.22);background:#fff;display:none;color-scheme:normal}
iframe.o{display:block}
@media (max-width:640px){iframe.o{inset:0;width:100%;max-width:none;height:100%;height:100dvh;border-radius:0}button.o{display:none}}
@media (prefers-reduced-motion:reduce){button{transition:none}}`;

  const init = () => {
    const host = D.createElement("omni-inbox-launcher");
    host.style.setProperty("all", "initial", "important");
    const root = host.attachShadow({ mode: "closed" });
    try { // constructable sheets also work under a shop's strict style-src
      const sh = new CSSStyleSheet(); sh.replaceSync(CSS); root.adoptedStyleSheets = [sh];
    } catch (_) { root.append(Object.assign(D.createElement("style"), { textContent: CSS })); }

    const svg = (cls, d) => {
      const e = D.createElementNS("http://www.w3.org/2000/svg", "svg"), p = D.createElementNS(e.namespaceURI, "path");
      e.setAttribute("viewBox", "0 0 24 24"); e.setAttribute("class", cls); e.setAttribute("aria-hidden", "true");
      p.setAttribute("d", d); e.append(p); return e;
    };
    const btn = D.createElement("button"), badge = D.createElement("b");
    btn.type = "button";
    badge.hidden = true; badge.setAttribute("aria-hidden", "true");
    btn.append(svg("i1", "M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z"), svg("i2", "M6 6l12 12M18 6L6 18"), badge);
    root.append(btn);
    D.body.append(host);

    let frame = null, ready = 0, open = 0, unread = 0, q = [];
    const vv = W.visualViewport, small = W.matchMedia("(max-width:640px)");

    const paint = () => {
      btn.classList.toggle("o", !!open);
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      badge.hidden = open || !unread;
      badge.textContent = unread > 99 ? "99+" : unread;
      btn.setAttribute("aria-label", (zh ? "與我們聊天" : "Chat with us") +
        (open || !unread ? "" : zh ? `（${unread} 則未讀）` : ` (${unread} unread)`));
      if (frame) frame.classList.toggle("o", !!open);
      fit();
    };
    // Full screen on phones: follow the visual viewport so the on-screen keyboard never hides the composer.
    const fit = () => {
      if (!frame) return;
      const on = open && small.matches && vv;
      frame.style.setProperty("height", on ? vv.height + "px" : "");
      frame.style.setProperty("top", on ? vv.offsetTop + "px" : "");
    };
    if (vv) { vv.addEventListener("resize", fit); vv.addEventListener("scroll", fit); }

    const TK = "omni:token:" + key;
    const post = m => frame.contentWindow && frame.contentWindow.postMessage(m, O);
    const send = m => { m.omni = 1; ready ? post(m) : q.push(m); };

    const make = () => {
      if (frame) return;
      frame = D.createElement("iframe");
      frame.title = zh ? "線上客服" : "Chat";
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups allow-downloads");
      // The visitor token lives in this page's storage: a browser that blocks a cross-site
      // frame's storage would forget the visitor at every reload. It reaches the frame as its
      // window name (never in a URL, never sent to a server but by the frame itself).
      try { frame.name = "omni:" + (localStorage.getItem(TK) || ""); } catch (_) {}
      frame.src = O + "/widget/frame?key=" + encodeURIComponent(key) + "&host=" +
        encodeURIComponent(location.origin) + "&lang=" + (zh ? "zh-TW" : "en");
      root.append(frame);
      paint();
    };

    const api = {
      open() { make(); open = 1; unread = 0; paint(); frame.focus(); send({ type: "open" }); },
      close() { if (!open) return; open = 0; paint(); send({ type: "close" }); },
      toggle() { open ? api.close() : api.open(); },
      setUser(u) {
        if (!u || typeof u != "object") return;
        send({ type: "setUser", user: { id: u.id, name: u.name, email: u.email, user_hash: u.user_hash } });
      },
    };

    W.addEventListener("message", e => {
      const m = e.data;
      if (!frame || e.origin !== O || e.source !== frame.contentWindow || !m || m.omni !== 1) return;
      if (m.type == "ready") {
        if (/^#[0-9a-f]{6}$/i.test(m.colour)) btn.style.setProperty("--c", m.colour);
        ready = 1;
        // A reloaded frame forgets it was open: tell it again.
        if (open && !q.some(x => x.type == "open")) q.push({ omni: 1, type: "open" });
        q.splice(0).forEach(post);
      } else if (m.type == "close") {
        open = 0; paint(); btn.focus();
      } else if (m.type == "token") {
        try { m.token ? localStorage.setItem(TK, String(m.token)) : localStorage.removeItem(TK); } catch (_) {}
      } else if (m.type == "unread") {
        unread = Math.max(0, m.count | 0); paint();
      }
    });
    btn.addEventListener("click", api.toggle);
    btn.addEventListener("keydown", e => { if (e.key == "Escape" && open) api.close(); });
    small.addEventListener && small.addEventListener("change", fit);
    paint();

    W.OmniInbox = api;
    if (Array.isArray(pre)) pre.forEach(c => { try { api[c[0]](...c.slice(1)); } catch (_) {} });

    // Nothing else loads until a click, or until the page has loaded and the browser is idle.
    const idle = () => W.requestIdleCallback ? requestIdleCallback(make, { timeout: 5000 }) : setTimeout(make, 3000);
    D.readyState == "complete" ? idle() : W.addEventListener("load", idle, { once: true });
  };
  D.body ? init() : D.addEventListener("DOMContentLoaded", init);
})();
