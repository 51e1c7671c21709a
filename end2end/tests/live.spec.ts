import type { Browser, Page } from "@playwright/test";
import { conversationList, customerWrites, expect, expectInbox, login, open, rowName, shot, test } from "./helpers";

// The demo's Messenger page (src/server/demo).
const MESSENGER_PAGE = "104727532034518";

/** A second signed-in member in a browser context of their own, failing on page errors too. */
async function colleague(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("close", () => expect(errors, "errors thrown in the colleague's page").toEqual([]));
  await login(page, email);
  // A sign-in sent while the page was still settling is sent again.
  if (!/\/inbox\//.test(page.url())) {
    await page.waitForURL(/\/inbox\//, { timeout: 5_000 }).catch(async () => login(page, email));
  }
  await expectInbox(page);
  return page;
}

test("a customer's messages appear in the open list and thread without reload, also after the connection drops", async ({ page, context, baseURL }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await open(page, "/inbox/pending-human?sort=newest");
  const rows = conversationList(page).getByRole("listitem");
  await customerWrites(baseURL!, "messenger", MESSENGER_PAGE, "7100000000000101", "即時 林小姐", "請問今天有出貨嗎？");
  // No reload: the row arrives by the live stream.
  const row = rows.filter({ hasText: "即時 林小姐" });
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await expect(rows.first()).toContainText("即時 林小姐");
  await row.getByRole("link").click();
  const thread = page.getByRole("list", { name: "對話內容" });
  await expect(thread).toContainText("請問今天有出貨嗎？");

  await customerWrites(baseURL!, "messenger", MESSENGER_PAGE, "7100000000000101", "即時 林小姐", "還在嗎？");
  await expect(thread.getByText("還在嗎？")).toHaveCount(1, { timeout: 15_000 });

  // The network goes away: the page says it is reconnecting; what was missed arrives once back.
  await context.setOffline(true);
  const reconnecting = page.locator('[data-live="reconnecting"]');
  await expect(reconnecting).toBeVisible({ timeout: 15_000 });
  await expect(reconnecting).toHaveText("重新連線中…");
  await shot(page, "live-reconnecting-zh-TW");
  await customerWrites(baseURL!, "messenger", MESSENGER_PAGE, "7100000000000101", "即時 林小姐", "斷線時寫的訊息");
  await context.setOffline(false);
  await expect(reconnecting).toHaveCount(0, { timeout: 20_000 });
  await expect(thread.getByText("斷線時寫的訊息")).toHaveCount(1, { timeout: 15_000 });
  await expect(thread.getByText("還在嗎？")).toHaveCount(1);
  await shot(page, "live-thread-zh-TW");
});

test("a supervisor's transfer moves the row into the agent's Mine live, with the notification and the counts", async ({ page, browser }) => {
  const kevin = await colleague(browser, "agent4@demo.test");
  await open(kevin, "/inbox/mine-open?sort=newest");
  const countBefore = Number(await kevin.locator('nav a[href^="/inbox/mine-open"] [data-count]').getAttribute("data-count"));
  const bell = kevin.getByRole("button", { name: /^Notifications \(\d+\)$/ });
  const bellBefore = Number((await bell.getAttribute("aria-label"))?.match(/\((\d+)\)/)?.[1] ?? "0");

  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  const row = conversationList(page).getByRole("listitem").nth(2);
  const name = await rowName(row);
  await row.getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  const actions = pane.getByRole("group", { name: "對話操作" });
  await actions.getByRole("button", { name: "跟進" }).click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  await actions.getByRole("button", { name: "移轉" }).click();
  const dialog = page.getByRole("dialog", { name: "移轉對話" });
  await dialog.getByLabel("搜尋成員名稱").fill("kevin");
  await dialog.getByRole("radio").check();
  await dialog.getByRole("button", { name: "移轉", exact: true }).click();
  await dialog.getByRole("button", { name: "確認移轉" }).click();
  await expect(dialog).toHaveCount(0);

  // Kevin's open Mine list gains it, his bell and his count go up, all without reload.
  await expect(conversationList(kevin).getByRole("listitem").filter({ hasText: name })).toHaveCount(1, { timeout: 15_000 });
  await expect(bell).toHaveAccessibleName(`Notifications (${bellBefore + 1})`);
  await expect(kevin.locator('nav a[href^="/inbox/mine-open"] [data-count]')).toHaveAttribute("data-count", String(countBefore + 1));
  await expect(kevin).toHaveTitle(/^\(\d+\) /);
  await shot(kevin, "live-transferred-en");
  await kevin.close();
});

test("colleagues see who else has a conversation open and who is typing; taking over from a typist asks first", async ({ page, browser }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const row = conversationList(page).getByRole("listitem").nth(3);
  const name = await rowName(row);
  await row.getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  await pane.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "跟進" }).click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  const url = page.url();

  const other = await colleague(browser, "agent5@demo.test");
  await open(other, url.replace(/\/inbox\/mine-open\//, "/inbox/team-open/"));
  const otherPane = other.getByRole("region", { name: "對話內容" });
  await expect(otherPane.getByRole("heading", { name })).toBeVisible();
  // Each sees the other.
  await expect(pane.locator("[data-viewers]")).toContainText("劉怡君", { timeout: 15_000 });
  await expect(otherPane.locator("[data-viewers]")).toContainText("張家豪", { timeout: 15_000 });

  await page.getByLabel("訊息內容").pressSequentially("您好，我幫您查一下", { delay: 30 });
  await expect(otherPane.locator("[data-typing]")).toHaveText("正在輸入…", { timeout: 15_000 });
  await shot(other, "live-presence-zh-TW");

  // Taking over while the owner types asks first; declining leaves it with the owner.
  let asked = "";
  other.once("dialog", async (d) => {
    asked = d.message();
    await d.dismiss();
  });
  await otherPane.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "接手" }).click();
  await expect.poll(() => asked).toContain("張家豪 正在回覆這位顧客");
  await expect(otherPane.getByText("負責人 張家豪")).toBeVisible();

  // The colleague goes elsewhere: the owner no longer sees them, at once (the leaving page
  // says so as it goes).
  await open(other, "/inbox/pending-human");
  await expect(pane.locator("[data-viewers]")).toHaveCount(0, { timeout: 10_000 });
  await other.close();
});
