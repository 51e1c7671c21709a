// Batch management. The file name sorts it last: it deletes and blacklists demo conversations
// for good, and the other files expect the demo as it was seeded.
import { type Page } from "@playwright/test";
import { conversationList, conversationStatus, expect, expectInbox, login, open, rowName, shot, signOut, test } from "./helpers";

/** The customer names of the first `n` rows of the open list. */
async function names(page: Page, n: number): Promise<string[]> {
  const rows = conversationList(page).getByRole("listitem");
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await rowName(rows.nth(i)));
  }
  return out;
}

/** The conversation id of the open list's row `i`. */
async function rowId(page: Page, i: number): Promise<string> {
  const href = await conversationList(page).getByRole("listitem").nth(i).getByRole("link").getAttribute("href");
  return href!.match(/\/(\d+)(\?|$)/)![1];
}

test("a supervisor transfers 3 pending conversations; the agent is told and has them", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  const picked = await names(page, 3);
  const list = conversationList(page);
  for (const name of picked) {
    await list.getByRole("checkbox", { name: `選取 ${name}` }).first().check();
  }
  const bar = page.getByRole("toolbar", { name: "批量操作" });
  await expect(bar).toContainText("已選取 3 則");
  // Pending offers the table's row: follow up, close, transfer, delete, blacklist.
  await expect(bar.getByRole("group", { name: "批量操作" }).getByRole("button")).toHaveText(["跟進", "結束事件", "移轉", "刪除", "加入黑名單"]);
  await shot(page, "batch-bar-zh-TW");

  await bar.getByRole("button", { name: "移轉", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "移轉對話" });
  await expect(dialog).toContainText("已選取的對話 (3)");
  await dialog.getByText("已選取的對話 (3)").click();
  await expect(dialog.getByRole("list", { name: "已選取的對話" }).getByRole("listitem")).toHaveText(picked);
  await dialog.getByLabel("依角色篩選").selectOption({ label: "客服人員" });
  await dialog.getByLabel("搜尋成員名稱").fill("劉怡君");
  await dialog.getByRole("radio").check();
  await shot(page, "batch-transfer-dialog-zh-TW");
  await dialog.getByRole("button", { name: "移轉", exact: true }).click();
  await expect(dialog).toContainText("確定要將 3 則對話移轉給 劉怡君 嗎?");
  await expect(dialog.getByTestId("batch-preview")).toHaveText("3 則將會變更，0 則將略過");
  await dialog.getByRole("button", { name: "確認移轉" }).click();

  const report = page.getByRole("dialog", { name: "移轉" });
  await expect(report.getByTestId("batch-report")).toHaveText("3 則成功，0 則失敗");
  await shot(page, "batch-report-zh-TW");
  await report.getByRole("button", { name: "完成" }).click();
  await expect(report).toHaveCount(0);
  // The selection is cleared and the list no longer holds them.
  await expect(bar).toHaveCount(0);
  for (const name of picked) {
    await expect(list.getByRole("checkbox", { name: `選取 ${name}` })).toHaveCount(0);
  }
  await signOut(page);

  await login(page, "agent5@demo.test");
  await expectInbox(page);
  const bell = page.getByRole("button", { name: /^通知 \(\d+\)$/ });
  await expect(bell).toHaveAccessibleName("通知 (1)");
  await bell.click();
  const panel = page.getByRole("dialog", { name: "通知" });
  await expect(panel.getByRole("listitem").first()).toContainText("陳志明 移轉了 3 則對話給您");
  await open(page, "/inbox/mine-open");
  for (const name of picked) {
    await expect(conversationList(page).getByText(name, { exact: true }).first()).toBeVisible();
  }
});

test("a batch close of open and already-closed conversations reports both", async ({ page, browser }) => {
  await login(page, "admin@demo.test");
  await expectInbox(page);
  await page.getByRole("button", { name: "English" }).click();
  await open(page, "/inbox/team-open");
  const picked = await names(page, 3);
  const closedId = await rowId(page, 1);
  for (const name of picked) {
    await conversationList(page).getByRole("checkbox", { name: `Select ${name}` }).first().check();
  }
  const bar = page.getByRole("toolbar", { name: "Batch actions" });
  await expect(bar).toContainText("3 selected");
  await expect(bar.getByRole("group", { name: "Batch actions" }).getByRole("button")).toHaveText(["Take over", "Close", "Transfer", "Delete", "Blacklist"]);
  await shot(page, "batch-bar-en");

  // Meanwhile a supervisor closes the second one.
  const other = await browser.newContext();
  const boss = await other.newPage();
  await login(boss, "supervisor@demo.test");
  await expectInbox(boss);
  await open(boss, `/inbox/team-open/${closedId}`);
  await boss.getByRole("region", { name: "對話內容" }).getByRole("group", { name: "對話操作" }).getByRole("button", { name: "✓ 結束事件" }).click();
  await expect(conversationStatus(boss.getByRole("region", { name: "對話內容" }))).toHaveText("已結束");
  await other.close();

  await bar.getByRole("button", { name: "Close", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Close: 3 conversations?" });
  await expect(dialog.getByTestId("batch-preview")).toHaveText("2 will change, 1 will be skipped");
  await expect(dialog.getByRole("listitem")).toHaveText([`${picked[1]}This conversation is already closed.`]);
  await shot(page, "batch-confirm-en");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  const report = page.getByRole("dialog", { name: "Close" });
  await expect(report.getByTestId("batch-report")).toHaveText("2 succeeded, 1 failed");
  await expect(report.getByRole("listitem")).toHaveText([`${picked[1]}This conversation is already closed.`]);
  await shot(page, "batch-report-en");
  await report.getByRole("button", { name: "Done" }).click();
  await expect(bar).toHaveCount(0);
});

test("selecting 21 conversations for a transfer is stopped", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  await page.getByRole("checkbox", { name: "全選" }).check();
  const bar = page.getByRole("toolbar", { name: "批量操作" });
  const count = await conversationList(page).getByRole("listitem").count();
  expect(count).toBeGreaterThan(20);
  await expect(bar).toContainText(`已選取 ${count} 則`);
  await expect(bar.getByRole("button", { name: "移轉", exact: true })).toBeDisabled();
  await expect(bar.getByRole("alert")).toHaveText("一次最多移轉 20 則對話，請減少選取後再試");
  await shot(page, "batch-over-limit-zh-TW");
  // The selection survives scrolling: the next page loads, the selected rows stay selected.
  await conversationList(page).getByRole("listitem").last().scrollIntoViewIfNeeded();
  await expect.poll(() => conversationList(page).getByRole("listitem").count()).toBeGreaterThan(count);
  await expect(bar).toContainText(`已選取 ${count} 則`);
  await expect(conversationList(page).getByRole("checkbox").first()).toBeChecked();
  // Unselecting down to 20 allows it again.
  const rows = conversationList(page).getByRole("checkbox");
  for (let i = count - 1; i >= 20; i--) await rows.nth(i).uncheck();
  await expect(bar).toContainText("已選取 20 則");
  await expect(bar.getByRole("button", { name: "移轉", exact: true })).toBeEnabled();
  // Select all with some selected clears the selection.
  await page.getByRole("checkbox", { name: "全選" }).click();
  await expect(bar).toHaveCount(0);
});

test("a blacklisted customer's history is gone, and the block can be lifted", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  await open(page, "/inbox/closed");
  const [name] = await names(page, 1);
  await conversationList(page).getByRole("checkbox", { name: `選取 ${name}` }).first().check();
  const bar = page.getByRole("toolbar", { name: "批量操作" });
  await expect(bar.getByRole("group", { name: "批量操作" }).getByRole("button")).toHaveText(["重啟事件", "刪除", "加入黑名單"]);
  await bar.getByRole("button", { name: "加入黑名單" }).click();
  const dialog = page.getByRole("dialog", { name: /加入黑名單/ });
  await expect(dialog).toContainText("顧客將被封鎖並取消訂閱");
  await expect(dialog.getByTestId("batch-preview")).toHaveText("1 則將會變更，0 則將略過");
  await shot(page, "batch-blacklist-zh-TW");
  await dialog.getByRole("button", { name: "確認" }).click();
  const report = page.getByRole("dialog", { name: "加入黑名單" });
  await expect(report.getByTestId("batch-report")).toHaveText("1 則成功，0 則失敗");
  await report.getByRole("button", { name: "完成" }).click();
  // None of their conversations is left in any closed or open list.
  for (const view of ["closed", "pending-human", "team-open"]) {
    await open(page, `/inbox/${view}`);
    await expect(conversationList(page).getByText(name, { exact: true })).toHaveCount(0);
  }

  await page.getByRole("link", { name: "黑名單" }).click();
  await expect(page).toHaveURL(/\/blacklist$/);
  const table = page.getByRole("table");
  await expect(table.getByRole("row").nth(1)).toContainText(name);
  await expect(table.getByRole("row").nth(1)).toContainText("陳志明");
  await expect(table.getByRole("row").nth(1)).toContainText("已取消訂閱");
  await shot(page, "blacklist-zh-TW");
  await table.getByRole("button", { name: `解除封鎖 ${name}` }).click();
  await expect(page.getByText("黑名單是空的")).toBeVisible();

  // An agent has no blacklist page.
  await open(page, "/inbox/pending-human");
  await signOut(page);
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await expect(page.getByRole("link", { name: "黑名單" })).toHaveCount(0);
});
