// Snooze (issue 16): the owner snoozes a conversation in progress from the pane; it leaves
// Mine · In progress for Mine · Snoozed; Unsnooze brings it back; snoozed until the customer
// writes, their message brings it back with a notification that names them.
import { conversationList, conversationStatus, customerWrites, expect, expectInbox, hydrated, login, open, shot, test } from "./helpers";

const LINE_BOT = "U5e1f0a2b3c4d5e6f708192a3b4c5d6e7";
const SENDER = "U73000000000000000000000000000515";
const NAME = "延後 測試客";

test("snooze until a time and back, and until the customer writes", async ({ page, baseURL }) => {
  await customerWrites(baseURL!, "line", LINE_BOT, SENDER, NAME, "我想找真人客服，謝謝");
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await open(page, "/inbox/pending-human?sort=newest");
  await conversationList(page).getByRole("listitem").filter({ hasText: NAME }).first().getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  const actions = pane.getByRole("group", { name: "對話操作" });
  await actions.getByRole("button", { name: "跟進" }).click();
  await expect(conversationStatus(pane)).toHaveText("處理中");

  // Snooze for an hour: it leaves Mine · In progress, Mine · Snoozed lists it.
  await actions.getByRole("button", { name: "延後到…" }).click();
  const menu = page.getByRole("menu", { name: "延後到…" });
  await expect(menu.getByRole("menuitem")).toHaveText(["1 小時後", "3 小時後", "明天 09:00", "下週一 09:00", "直到顧客回覆"]);
  await shot(page, "snooze-menu-zh-TW");
  // The customer writes meanwhile: the live change draws the conversation again, and the menu
  // stays open as it was.
  await customerWrites(baseURL!, "line", LINE_BOT, SENDER, NAME, "我再等一下");
  await expect(pane.getByRole("list", { name: "對話內容" }).getByText("我再等一下")).toBeVisible({ timeout: 15_000 });
  await expect(menu.getByRole("menuitem")).toHaveCount(5);
  await menu.getByRole("menuitem", { name: "1 小時後" }).click();
  await expect(pane.locator("[data-snoozed]")).toContainText(/已延後到 \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}/);
  // The address follows it to the view that lists it now.
  await expect(page).toHaveURL(/\/inbox\/mine-snoozed\/\d+/);
  await expect(conversationList(page).getByRole("listitem").filter({ hasText: NAME })).toHaveCount(1);
  await shot(page, "snoozed-zh-TW");
  const nav = page.getByRole("navigation", { name: "收件匣" });
  await expect(nav.getByRole("link", { name: /^已延後/ })).toContainText("1");
  await open(page, "/inbox/mine-open?sort=newest");
  await expect(conversationList(page).getByText(NAME, { exact: true })).toHaveCount(0);
  await open(page, "/inbox/mine-snoozed?sort=newest");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的跟進事件 · 已延後");
  await conversationList(page).getByRole("listitem").filter({ hasText: NAME }).first().getByRole("link").click();

  // Unsnooze: back in In progress.
  await pane.getByRole("button", { name: "取消延後" }).click();
  await expect(pane.locator("[data-snoozed]")).toHaveCount(0);
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  await open(page, "/inbox/mine-open?sort=newest");
  await expect(conversationList(page).getByText(NAME, { exact: true }).first()).toBeVisible();

  // Until the customer writes: their message brings it back, with a notification.
  await conversationList(page).getByRole("listitem").filter({ hasText: NAME }).first().getByRole("link").click();
  await actions.getByRole("button", { name: "延後到…" }).click();
  // A click anywhere else closes the menu.
  await pane.getByLabel("訊息內容").click();
  await expect(page.getByRole("menu", { name: "延後到…" })).toHaveCount(0);
  await actions.getByRole("button", { name: "延後到…" }).click();
  await page.getByRole("menu", { name: "延後到…" }).getByRole("menuitem", { name: "直到顧客回覆" }).click();
  await expect(pane.locator("[data-snoozed]")).toContainText("已延後，直到顧客回覆");
  await expect(page).toHaveURL(/\/inbox\/mine-snoozed\/\d+/);
  await customerWrites(baseURL!, "line", LINE_BOT, SENDER, NAME, "還在嗎？");
  await expect(pane.locator("[data-snoozed]")).toHaveCount(0);
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  const bell = page.getByRole("button", { name: /^通知/ });
  await bell.click();
  const panel = page.getByRole("dialog", { name: "通知" });
  await expect(panel.getByRole("listitem").first()).toContainText(`${NAME} 回覆了延後中的對話，回到您的處理中`);
  await shot(page, "snooze-back-zh-TW");
  await hydrated(page);
});
