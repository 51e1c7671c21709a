import { conversationList, conversationStatus, expect, expectInbox, login, open, rowName, shot, signOut, test } from "./helpers";

test("an agent opens a pending conversation, follows it up and closes it", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const row = conversationList(page).getByRole("listitem").nth(2);
  const name = await rowName(row);
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\/inbox\/pending-human\/\d+/);
  const pane = page.getByRole("region", { name: "對話內容" });
  await expect(pane.getByRole("heading", { name })).toBeVisible();
  const thread = pane.getByRole("list", { name: "對話內容" });
  await expect(thread.getByRole("listitem").first()).toBeVisible();
  const actions = pane.getByRole("group", { name: "對話操作" });
  await expect(actions.getByRole("button")).toHaveText(["跟進"]);
  await actions.getByRole("button", { name: "跟進" }).click();
  await expect(conversationStatus(pane)).toHaveText("處理中");
  await expect(thread.locator('[data-event="followed_up"]').last()).toContainText("張家豪 跟進了對話");
  await expect(actions.getByRole("button")).toHaveText(["✓ 結束事件", "結束並下一則", "延後", "移轉"]);
  // It is mine now: the address and the list follow it to Mine → In progress.
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  await expect(conversationList(page).getByText(name, { exact: true }).first()).toBeVisible();
  // Reply to the customer: stored as an outbound message and sent to the platform (the demo's
  // fake one; which receipts follow depends on the platform).
  await page.getByLabel("訊息內容").fill("您好，我們已收到，馬上為您查詢 🙏");
  await page.getByRole("button", { name: "送出" }).click();
  const reply = thread.locator('[data-kind="outbound"]').last();
  await expect(reply).toContainText("您好，我們已收到，馬上為您查詢");
  await expect(reply).toContainText("張家豪");
  await expect(reply.locator("[data-delivery]")).toHaveAttribute("data-delivery", /^(sent|delivered|read)$/, { timeout: 20_000 });
  await expect(reply).toContainText(/已送出|已送達|已讀/);
  // An internal note: looks different, says so, never goes out.
  await page.getByRole("button", { name: "內部備註", exact: true }).click();
  await page.getByLabel("訊息內容").fill("已請倉庫確認庫存");
  await page.getByRole("button", { name: "新增備註" }).click();
  const note = thread.locator('[data-kind="note"]').last();
  await expect(note).toContainText("已請倉庫確認庫存");
  await expect(note).toContainText("內部備註 · 張家豪");
  // Nothing to send while the composer is empty (or blank).
  await expect(page.getByRole("button", { name: "新增備註" })).toBeDisabled();
  await page.getByLabel("訊息內容").fill("   ");
  await expect(page.getByRole("button", { name: "新增備註" })).toBeDisabled();
  await shot(page, "conversation-zh-TW");
  await actions.getByRole("button", { name: "✓ 結束事件" }).click();
  await expect(conversationStatus(pane)).toHaveText("已結束");
  await expect(thread.locator('[data-event="closed"]').last()).toContainText("張家豪 結束了對話");
  await expect(actions.getByRole("button")).toHaveText(["重啟事件"]);

  // A supervisor finds it under Team → Closed and reopens it: it is theirs, in progress.
  await signOut(page);
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  await open(page, "/inbox/team-closed");
  const closedRow = conversationList(page).getByRole("listitem").filter({ hasText: name }).first();
  await closedRow.getByRole("link").click();
  const pane2 = page.getByRole("region", { name: "對話內容" });
  const actions2 = pane2.getByRole("group", { name: "對話操作" });
  await actions2.getByRole("button", { name: "重啟事件" }).click();
  await expect(conversationStatus(pane2)).toHaveText("處理中");
  await expect(pane2.getByRole("list", { name: "對話內容" }).locator('[data-event="reopened"]').last()).toContainText("陳志明 重啟了對話");
  await expect(pane2.getByText("負責人 陳志明")).toBeVisible();
  // It moved to the supervisor's Mine → In progress.
  await open(page, "/inbox/mine-open");
  await expect(conversationList(page).getByText(name, { exact: true }).first()).toBeVisible();
});
