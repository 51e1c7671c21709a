/* OmniInbox website chat — the demo shop's own script (/widget/demo.js), loaded by demo.html
 * under CSP script-src 'self'. It reads the demo member from
 * <script type="application/json" id="demo-user">{id, name, email, user_hash}</script>
 * and drives the loader's public API: OmniInbox.setUser(user) and OmniInbox.open().
 * The loader loads async, so until it runs calls are queued in window.OmniInbox as
 * [method, ...args] arrays, which the loader replays. */
(() => {
  "use strict";
  const call = (method, ...args) => {
    const o = window.OmniInbox;
    if (o && !Array.isArray(o)) o[method](...args);
    else (window.OmniInbox = o || []).push([method, ...args]);
  };
  let user = null;
  try { user = JSON.parse(document.getElementById("demo-user").textContent); } catch (_) {}
  const status = document.getElementById("demo-status");
  const say = text => { status.textContent = text; };

  document.getElementById("demo-sign-in").addEventListener("click", () => {
    if (!user || /\{\{/.test(user.id + user.user_hash)) return say("示範會員資料未設定 The demo member is not configured.");
    call("setUser", user);
    call("open");
    say("已以王小明登入 Signed in as 王小明 (verified).");
  });
  document.getElementById("demo-forged").addEventListener("click", () => {
    if (!user) return say("示範會員資料未設定 The demo member is not configured.");
    call("setUser", Object.assign({}, user, { user_hash: "0".repeat(64) }));
    call("open");
    say("已送出偽造身分：客服應視為新的匿名訪客。Forged identity sent: expect a fresh anonymous visitor.");
  });
  document.getElementById("demo-open").addEventListener("click", () => call("open"));
})();
