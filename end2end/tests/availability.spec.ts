// Availability and load (issue 16): a member sets their status (remembered); a supervisor sets
// a capacity; the Team views narrow to one owner and show their status and load; the transfer
// dialog shows everyone's and warns before a transfer takes someone past their capacity; the
// pane warns a member before a follow-up does.
import type { Browser, Page } from "@playwright/test";
import { conversationList, conversationStatus, expect, expectInbox, hydrated, login, open, reload, shot, test } from "./helpers";

async function colleague(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  await expectInbox(page);
  return page;
}

async function setCapacity(page: Page, value: string) {
  await open(page, "/members");
  const row = page.getByRole("region", { name: "成員" }).getByRole("table").getByRole("row", { name: /Emily Chen/ });
  await row.getByRole("button", { name: "編輯 Emily Chen" }).click();
  const dialog = page.getByRole("dialog", { name: "編輯成員" });
  await dialog.getByLabel("處理上限（選填）").fill(value);
  await dialog.getByRole("button", { name: "儲存" }).click();
  await expect(dialog).toHaveCount(0);
  return row;
}

test("status and capacity: seen in the Team views and the transfer dialog, warned before going over", async ({ page, browser }) => {
  // Emily (English) follows up a conversation, then sets herself away; it is remembered.
  const emily = await colleague(browser, "agent2@demo.test");
  await conversationList(emily).getByRole("listitem").first().getByRole("link").click();
  const hers = emily.getByRole("region", { name: "Messages" });
  await hers.getByRole("group", { name: "Conversation actions" }).getByRole("button", { name: "Follow up" }).click();
  await expect(conversationStatus(hers)).toHaveText("In progress");
  const status = emily.getByLabel("My status");
  await expect(status).toHaveValue("online");
  await status.selectOption("away");
  await expect(emily.locator('aside [data-presence="away"]').first()).toBeVisible();
  await reload(emily);
  await expect(emily.getByLabel("My status")).toHaveValue("away");

  // The supervisor gives her a capacity of 1: she is at it (or past it).
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  const row = await setCapacity(page, "1");
  await expect(row).toContainText(/\d+ \/ 1/);

  // Team · in progress, narrowed to her: her conversations only, her status and load.
  await open(page, "/inbox/team-open");
  const filter = page.getByLabel("依負責成員篩選");
  const option = filter.locator("option", { hasText: "Emily Chen" });
  await expect(option).toHaveText(/Emily Chen · 暫離 · 處理中 \d+／1/);
  await filter.selectOption((await option.getAttribute("value"))!);
  await expect(page).toHaveURL(/\/inbox\/team-open\?owner=\d+/);
  await hydrated(page);
  const shown = page.getByRole("main").locator("[data-load]");
  await expect(shown).toContainText("暫離");
  await expect(shown).toContainText("已達上限");
  const count = Number(await shown.getAttribute("data-load"));
  expect(count).toBeGreaterThanOrEqual(1);
  await expect(conversationList(page).getByRole("listitem")).toHaveCount(count);
  await shot(page, "team-owner-filter-zh-TW");

  // The transfer dialog shows each member's status and load, and warns in its confirm step.
  await open(page, "/inbox/pending-human");
  await conversationList(page).getByRole("listitem").first().getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  const actions = pane.getByRole("group", { name: "對話操作" });
  await actions.getByRole("button", { name: "跟進" }).click();
  await expect(conversationStatus(pane)).toHaveText("處理中");
  await actions.getByRole("button", { name: "移轉" }).click();
  const dialog = page.getByRole("dialog", { name: "移轉對話" });
  await expect(dialog.getByRole("radio").first()).toBeVisible();
  const pick = dialog.locator("label").filter({ hasText: "Emily Chen" });
  await expect(pick).toContainText("暫離");
  await expect(pick).toContainText(/處理中 \d+／1/);
  await expect(pick).toContainText("已達上限");
  // Signed in, no capacity: online with their count.
  await expect(dialog.locator("label").filter({ hasText: "張家豪" })).toContainText(/上線|暫離|離線/);
  await pick.getByRole("radio").check();
  await shot(page, "transfer-status-load-zh-TW");
  await dialog.getByRole("button", { name: "移轉", exact: true }).click();
  await expect(dialog).toContainText(new RegExp(`Emily Chen 將有 ${count + 1} 則處理中的對話，超過上限 1 則。`));
  await shot(page, "transfer-over-capacity-zh-TW");
  // A warning, not a refusal.
  await dialog.getByRole("button", { name: "確認移轉" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(pane.getByText("負責人 Emily Chen")).toBeVisible();

  // Emily, before following up one more: the pane says where it would take her.
  await open(emily, "/inbox/pending-human");
  await conversationList(emily).getByRole("listitem").first().getByRole("link").click();
  await expect(emily.locator("[data-capacity-warning]")).toHaveText(
    new RegExp(`You would have ${count + 2} conversations in progress, past your limit of 1\\.`),
  );
  await shot(emily, "follow-up-over-capacity-en");

  // Back as they were for the other tests: no capacity, online.
  const cleared = await setCapacity(page, "");
  await expect(cleared).not.toContainText(/\d+ \/ 1/);
  await emily.getByLabel("My status").selectOption("online");
  await expect(emily.locator('aside [data-presence="online"]').first()).toBeVisible();
  await emily.context().close();
});
