import { conversationList, customerWrites, expect, FAKE, login, open, reload, shot, test } from "./helpers";

// The demo's channels (src/server/demo): account ids and the dev secrets the demo connects them with.
const MESSENGER_PAGE = "104727532034518";
const LINE_BOT = "U5e1f0a2b3c4d5e6f708192a3b4c5d6e7";
const WHATSAPP_NUMBER = "109876543210987";

test("customers writing on Messenger, LINE and WhatsApp appear in the inbox", async ({ page, baseURL }) => {
  await customerWrites(baseURL!, "messenger", MESSENGER_PAGE, "7100000000000001", "測試 林書豪", "請問還有貨嗎？");
  await customerWrites(baseURL!, "line", LINE_BOT, "U71000000000000000000000000000001", "測試 王小明", "請問有門市嗎");
  await customerWrites(baseURL!, "whatsapp", WHATSAPP_NUMBER, "886912700001", "Test Amy Chen", "Is it in stock?");
  await login(page, "admin@demo.test");
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  // Newest first: the customers who just wrote are at the top.
  await open(page, "/inbox/pending-human?sort=newest");
  const rows = conversationList(page).getByRole("listitem");
  // Processed after the platform's 200, by the worker: a reload shows them (live updates come next).
  for (const [name, text] of [
    ["測試 林書豪", "請問還有貨嗎？"],
    ["測試 王小明", "請問有門市嗎"],
    ["Test Amy Chen", "Is it in stock?"],
  ]) {
    await expect(async () => {
      await reload(page);
      await expect(rows.filter({ hasText: name }).filter({ hasText: text })).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  }
});

test("a reply reaches the platform and goes sending → sent → read in the pane", async ({ page, baseURL }) => {
  await customerWrites(baseURL!, "messenger", MESSENGER_PAGE, "7100000000000002", "測試 張雅婷", "請問可以寄到台中嗎？");
  await login(page, "agent@demo.test");
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  await open(page, "/inbox/pending-human?sort=newest");
  const row = conversationList(page).getByRole("listitem").filter({ hasText: "測試 張雅婷" });
  await expect(async () => {
    await reload(page);
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.getByRole("link").click();
  await page.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "跟進" }).click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  // Messenger's 24-hour window is open: the composer says for how long.
  await expect(page.locator("[data-window]")).toHaveText(/^可回覆 23 小時 5\d 分$/);
  await page.getByLabel("訊息內容").fill("滿千免運，未滿收 80 元。");
  await page.getByRole("button", { name: "送出" }).click();
  const thread = page.getByRole("list", { name: "對話內容" });
  const reply = thread.locator('[data-kind="outbound"]').filter({ hasText: "滿千免運" });
  await expect(reply).toBeVisible();
  // The pane looks again while it is on its way; the fake platform reports it delivered, then read.
  await expect(reply.locator("[data-delivery]")).toHaveAttribute("data-delivery", /^(sent|delivered|read)$/, { timeout: 15_000 });
  await expect(reply.locator("[data-delivery]")).toHaveAttribute("data-delivery", "read", { timeout: 20_000 });
  await expect(reply).toContainText("已讀");
  const sent = await (await fetch(`${FAKE}/_fake/requests?prefix=/meta`)).json();
  const bodies = (sent.requests ?? sent).map((r: { body: unknown }) => JSON.stringify(r.body));
  expect(bodies.filter((b: string) => b.includes("滿千免運"))).toHaveLength(1);
  await shot(page, "reply-read-zh-TW");
});

test("a send the platform refuses shows its reason, and Retry sends it", async ({ page, baseURL }) => {
  await customerWrites(baseURL!, "messenger", MESSENGER_PAGE, "7100000000000003", "測試 黃志明", "Do you ship abroad?");
  await login(page, "admin@demo.test");
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  await open(page, "/inbox/pending-human?sort=newest");
  const row = conversationList(page).getByRole("listitem").filter({ hasText: "測試 黃志明" });
  await expect(async () => {
    await reload(page);
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.getByRole("link").click();
  await page.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "跟進" }).click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  // The platform will refuse the next send.
  const scripted = await fetch(`${FAKE}/_fake/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ route: "/meta", method: "POST", responses: [{ error: "meta_551_1545041" }] }),
  });
  expect(scripted.status).toBe(200);
  await page.getByLabel("訊息內容").fill("We ship to Hong Kong and Singapore.");
  await page.getByRole("button", { name: "送出" }).click();
  const reply = page.getByRole("list", { name: "對話內容" }).locator('[data-kind="outbound"]').filter({ hasText: "Hong Kong" });
  await expect(reply.locator("[data-delivery]")).toHaveAttribute("data-delivery", "failed", { timeout: 15_000 });
  await expect(reply).toContainText("傳送失敗");
  await expect(reply.locator("[data-failed-reason]")).toContainText("This person isn't available right now");
  await shot(page, "reply-failed-zh-TW");
  await reply.getByRole("button", { name: "重新傳送" }).click();
  await expect(reply.locator("[data-delivery]")).toHaveAttribute("data-delivery", /^(sent|delivered|read)$/, { timeout: 15_000 });
  await expect(reply.locator("[data-failed-reason]")).toHaveCount(0);
});

test("a customer's picture shows in the thread, and the agent sends one back from the composer", async ({ page, baseURL }) => {
  await customerWrites(baseURL!, "messenger", MESSENGER_PAGE, "7100000000000004", "測試 陳怡君", { image: `${FAKE}/cdn/e2e-customer-photo` });
  await login(page, "admin@demo.test");
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  await open(page, "/inbox/pending-human?sort=newest");
  // The list names the kind in the member's language.
  const row = conversationList(page).getByRole("listitem").filter({ hasText: "測試 陳怡君" });
  await expect(async () => {
    await reload(page);
    await expect(row.filter({ hasText: "[圖片]" })).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.getByRole("link").click();
  const thread = page.getByRole("list", { name: "對話內容" });
  // Downloaded by the worker from the platform, then shown inline from /files/.
  const inbound = thread.locator('[data-kind="inbound"] img');
  await expect(async () => {
    await reload(page);
    await expect(inbound).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(inbound).toHaveAttribute("src", /^\/files\/\d+$/);
  expect(await inbound.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  await page.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "跟進" }).click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  const map = Buffer.from(await (await fetch(`${FAKE}/cdn/e2e-store-map`)).arrayBuffer());
  // The pane is drawn again once more after the follow-up (its live event): a file set on the
  // input it replaces is never sent, as a member could not pick one that fast. Set it until
  // the upload goes out.
  await expect(async () => {
    const posted = page.waitForResponse((r) => /\/conversations\/\d+\/files$/.test(r.url()) && r.request().method() === "POST", { timeout: 3_000 });
    await page.locator("[data-attach] input[type=file]").setInputFiles({ name: "門市地圖.png", mimeType: "image/png", buffer: map });
    expect((await posted).status()).toBe(200);
  }).toPass({ timeout: 15_000 });
  const sent = thread.locator('[data-kind="outbound"]').filter({ has: page.locator("img") });
  await expect(sent).toHaveCount(1, { timeout: 10_000 });
  await expect(sent.locator("[data-delivery]")).toHaveAttribute("data-delivery", /^(sent|delivered|read)$/, { timeout: 15_000 });
  // The platform got a link to the picture it can fetch without a session.
  const got = await (await fetch(`${FAKE}/_fake/requests?prefix=/meta`)).json();
  const attachment = (got.requests ?? got)
    .map((r: { body: { message?: { attachment?: { type: string; payload: { url: string } } } } }) => r.body?.message?.attachment)
    .filter((a: unknown) => a)
    .pop();
  expect(attachment.type).toBe("image");
  const fetched = await fetch(attachment.payload.url);
  expect(fetched.status).toBe(200);
  expect(Buffer.from(await fetched.arrayBuffer()).equals(map)).toBe(true);
  await shot(page, "thread-images-zh-TW");

  // Too big: refused in the browser before anything is sent, in the member's language. (The
  // receipts of the picture redraw the pane as they arrive; once it is read none are left, and
  // a file picked on a composer just replaced is picked again.)
  // (Read after a reload: a pane whose composer was drawn again during an upload can stop
  // following live receipts, an open bug; the text reply's test follows them live.)
  await expect(async () => {
    await reload(page);
    await expect(sent.locator("[data-delivery]")).toHaveAttribute("data-delivery", "read", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const huge = Buffer.alloc(10 * 1024 * 1024 + 1);
  await expect(async () => {
    await page.locator("[data-attach] input[type=file]").setInputFiles({ name: "huge.bin", mimeType: "application/octet-stream", buffer: huge });
    await expect(page.getByText("檔案不可超過 10.0 MB。")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(sent).toHaveCount(1);
});

test("a LINE message matching a rule gets the bot's answer at LINE and waits in Pending · Bot with its reason; 真人 hands it to a person", async ({ page, baseURL }) => {
  const customer = "U71000000000000000000000000000014";
  await customerWrites(baseURL!, "line", LINE_BOT, customer, "測試 陳美玲", "請問你們營業時間？");
  // The demo's first rule answers at LINE (a reply with the message's token, or a push).
  await expect(async () => {
    const sent = await (await fetch(`${FAKE}/_fake/requests?prefix=/line/v2/bot/message`)).json();
    const bodies = (sent.requests ?? sent).map((r: { body: unknown }) => JSON.stringify(r.body));
    expect(bodies.filter((b: string) => b.includes("晨光咖啡營業時間"))).toHaveLength(1);
  }).toPass({ timeout: 20_000 });
  await login(page, "supervisor@demo.test");
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  await open(page, "/inbox/pending-bot?sort=newest");
  await expect(page).toHaveURL(/\/inbox\/pending-bot/);
  const row = conversationList(page).getByRole("listitem").filter({ hasText: "測試 陳美玲" });
  await expect(async () => {
    await reload(page);
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  // Why it is here: on hover in the list, and in the pane; the answer is the bot's.
  await expect(row.getByRole("link")).toHaveAttribute("title", "規則 1「營業時間」已回覆");
  await row.getByRole("link").click();
  await expect(page.locator("[data-why]")).toHaveText("原因：規則 1「營業時間」已回覆");
  const thread = page.getByRole("list", { name: "對話內容" });
  await expect(thread.locator('[data-kind="outbound"]').filter({ hasText: "晨光咖啡營業時間" })).toContainText("機器人");
  await shot(page, "bot-pending-bot-zh-TW");

  // Asking for a person moves it to Pending · Human, saying why.
  await customerWrites(baseURL!, "line", LINE_BOT, customer, "測試 陳美玲", "我要找真人");
  await open(page, "/inbox/pending-human?sort=newest");
  const moved = conversationList(page).getByRole("listitem").filter({ hasText: "測試 陳美玲" });
  await expect(async () => {
    await reload(page);
    await expect(moved).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(moved.getByRole("link")).toHaveAttribute("title", "顧客要求真人客服");
  await moved.getByRole("link").click();
  await expect(page.locator("[data-why]")).toHaveText("原因：顧客要求真人客服");
  await shot(page, "bot-handed-to-person-zh-TW");
});
