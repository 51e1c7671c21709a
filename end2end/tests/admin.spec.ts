// Running a team (issue 15): members, regions and branches, tags, the workspace's settings and
// the audit log. It runs in the `inbox` project on the shared demo server, in order: it adds
// its own member, tag and branch, merges and deletes one demo tag nobody else uses ("生日當月"),
// and puts the workspace's clock and every language it switches back as they were.
import type { Browser, Page } from "@playwright/test";
import { conversationList, expect, expectInbox, hydrated, login, open, shot, signOut, test } from "./helpers";

const NEWCOMER = "測試專員";
const NEWCOMER_EMAIL = "e2e-newcomer@demo.test";
const NEWCOMER_PASSWORD = "newcomer-secret-1";
/** A demo tag no other test uses. */
const BIRTHDAY = "生日當月 Birthday month";

/** A screenshot at a size (1280×800 unless told), under end2end/screenshots/admin-*. */
async function snap(page: Page, name: string, width = 1280, height = 800) {
  await page.setViewportSize({ width, height });
  await shot(page, `admin-${name}`);
}

/** Another member signed in, in a browser context of their own. */
async function colleague(browser: Browser, email: string, password?: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, email, password);
  await expectInbox(page);
  return page;
}

async function openAdmin(page: Page, link: RegExp | string, url: RegExp) {
  await page.getByRole("link", { name: link, exact: true }).click();
  await expect(page).toHaveURL(url);
  await hydrated(page);
}

test("an admin invites a member, copies the one-time link, and the member sets a password and signs in", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await login(page, "admin@demo.test");
  await expectInbox(page);
  const links = page.getByRole("navigation", { name: "收件匣" }).getByRole("link");
  await expect(links.filter({ hasText: /^(成員|地區與分店|標籤|工作區設定|稽核紀錄)$/ })).toHaveText([
    "成員",
    "地區與分店",
    "標籤",
    "工作區設定",
    "稽核紀錄",
  ]);
  await openAdmin(page, "成員", /\/members$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("成員");
  const table = page.getByRole("region", { name: "成員" }).getByRole("table");
  await expect(table.getByRole("row", { name: /陳志明/ })).toContainText("主管");
  await snap(page, "members-zh-TW");
  await snap(page, "members-phone-zh-TW", 390, 844);
  await page.setViewportSize({ width: 1440, height: 900 });

  // The search box narrows the list by name or email.
  await page.getByLabel("搜尋成員").fill("agent2@");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("Emily Chen");
  await page.getByLabel("搜尋成員").fill("");
  // The role filter.
  await page.getByLabel("角色", { exact: true }).selectOption({ label: "銷售人員" });
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table).toContainText("吳佩珊");
  await page.getByLabel("角色", { exact: true }).selectOption({ label: "全部角色" });

  // The sole admin's own row offers no deactivation, and says why.
  const own = table.getByRole("row", { name: /林雅婷/ });
  await expect(own.getByRole("button", { name: "停用 林雅婷" })).toBeDisabled();
  await expect(own).toContainText("不能停用自己或變更自己的角色。");

  await page.getByRole("button", { name: "邀請成員" }).click();
  const dialog = page.getByRole("dialog", { name: "邀請成員" });
  await expect(dialog.getByLabel("姓名")).toBeFocused();
  await dialog.getByLabel("姓名").fill(NEWCOMER);
  // An address another member has is refused under its field.
  await dialog.getByLabel("電子郵件").fill("agent@demo.test");
  await dialog.getByLabel("角色").selectOption({ label: "客服人員" });
  await expect(dialog.getByLabel("分店")).toContainText("信義店");
  await snap(page, "invite-zh-TW");
  await dialog.getByRole("button", { name: "建立邀請" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("這個電子郵件已有帳號使用。");
  await dialog.getByLabel("電子郵件").fill(NEWCOMER_EMAIL);
  await dialog.getByRole("button", { name: "建立邀請" }).click();

  const shown = page.getByRole("dialog", { name: "邀請連結" });
  await expect(shown).toContainText(NEWCOMER);
  await expect(shown.getByRole("alert")).toContainText("只會顯示這一次");
  const url = /^http:\/\/127\.0\.0\.1:\d+\/set-password\?token=\S+$/;
  await expect(shown.locator("code")).toHaveText(url);
  await expect(shown).toContainText(/連結於 \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2} 到期/);
  await snap(page, "invite-link-zh-TW");
  await shown.getByRole("button", { name: "複製 連結" }).click();
  await expect(shown.getByRole("button", { name: "已複製 連結" })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(url);
  await shown.getByRole("button", { name: "完成" }).click();
  await expect(shown).toHaveCount(0);
  await expect(table.getByRole("row", { name: new RegExp(NEWCOMER) })).toContainText("已邀請，尚未註冊");

  await page.getByRole("link", { name: /回到收件匣/ }).click();
  await expectInbox(page);
  await signOut(page);
  await open(page, link);
  await page.getByLabel("新密碼", { exact: true }).fill(NEWCOMER_PASSWORD);
  await page.getByLabel("再次輸入新密碼").fill(NEWCOMER_PASSWORD);
  await page.getByRole("button", { name: "設定密碼" }).click();
  await expect(page.getByRole("status")).toContainText("密碼已設定");
  await login(page, NEWCOMER_EMAIL, NEWCOMER_PASSWORD);
  await expectInbox(page);
  await expect(page.getByRole("complementary")).toContainText(NEWCOMER);
});

test("a supervisor hands over a signed-in agent's conversation and deactivates them; the agent's next step is the sign-in page", async ({ page, browser }) => {
  // The newcomer takes a pending conversation, so they have one in progress.
  const agent = await colleague(browser, NEWCOMER_EMAIL, NEWCOMER_PASSWORD);
  await conversationList(agent).getByRole("listitem").first().getByRole("link").click();
  const pane = agent.getByRole("region", { name: "對話內容" });
  await pane.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "跟進" }).click();
  await expect(agent).toHaveURL(/\/inbox\/mine-open\/\d+/);

  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  await openAdmin(page, "成員", /\/members$/);
  const table = page.getByRole("region", { name: "成員" }).getByRole("table");
  // A supervisor manages nobody who is an admin.
  await expect(table.getByRole("row", { name: /林雅婷/ }).getByRole("button")).toHaveCount(0);
  const row = table.getByRole("row", { name: new RegExp(NEWCOMER) });
  await expect(row).toContainText("啟用中");
  await row.getByRole("button", { name: `停用 ${NEWCOMER}` }).click();
  const dialog = page.getByRole("dialog", { name: "停用成員" });
  await expect(dialog).toContainText(`${NEWCOMER} 還有 1 則處理中的對話`);
  await expect(dialog.getByRole("list", { name: "處理中" }).getByRole("listitem")).toHaveCount(1);
  await dialog.getByLabel("全部移轉給").selectOption({ label: "張家豪" });
  await snap(page, "deactivate-zh-TW");
  await dialog.getByRole("button", { name: "全部移轉" }).click();
  await expect(dialog.getByRole("status").filter({ hasText: "成功" })).toHaveText("1 則成功，0 則失敗");
  await expect(dialog).toContainText("對方沒有處理中的對話。");
  await dialog.getByRole("button", { name: "停用", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toContainText("已停用");

  // Their session ended: the next page they open sends them to sign in.
  await agent.getByRole("link", { name: "帳號設定" }).click();
  await expect(agent).toHaveURL(/\/login/);
  await login(agent, NEWCOMER_EMAIL, NEWCOMER_PASSWORD);
  await expect(agent.getByRole("alert")).toBeVisible();
  await expect(agent).toHaveURL(/\/login/);
  await agent.context().close();

  // Reactivated, they are active again.
  await row.getByRole("button", { name: `重新啟用 ${NEWCOMER}` }).click();
  const back = page.getByRole("dialog", { name: "重新啟用成員" });
  await back.getByRole("button", { name: "重新啟用", exact: true }).click();
  await expect(back).toHaveCount(0);
  await expect(row).toContainText("啟用中");
  // A new password link for them, shown like the invitation.
  await row.getByRole("button", { name: `新密碼連結 ${NEWCOMER}` }).click();
  const reset = page.getByRole("dialog", { name: "重設密碼連結" });
  await expect(reset.locator("code")).toHaveText(/\/set-password\?token=/);
  await reset.getByRole("button", { name: "完成" }).click();
});

test("tags: create, rename and recolour, merge with the count, delete with the count", async ({ page }) => {
  await login(page, "csmanager@demo.test");
  await expectInbox(page);
  await openAdmin(page, "標籤", /\/tags$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("標籤");
  const list = page.getByRole("list", { name: "標籤" });
  await expect(list.getByRole("listitem").filter({ hasText: "VIP" })).toContainText(/\d+ 位客戶/);
  await snap(page, "tags-zh-TW");

  await page.getByRole("button", { name: "新增標籤" }).click();
  const dialog = page.getByRole("dialog", { name: "新增標籤" });
  await dialog.getByLabel("標籤名稱").fill("E2E 測試標籤");
  await dialog.getByRole("radio", { name: "綠", exact: true }).click();
  await expect(dialog.getByRole("radio", { name: "綠", exact: true })).toHaveAttribute("aria-checked", "true");
  await snap(page, "tag-new-zh-TW");
  await dialog.getByRole("button", { name: "儲存" }).click();
  await expect(dialog).toHaveCount(0);
  const made = list.getByRole("listitem").filter({ hasText: "E2E 測試標籤" });
  await expect(made).toContainText("0 位客戶");

  // A name another tag has (case and width aside) is refused under the field.
  await made.getByRole("button", { name: "編輯 E2E 測試標籤" }).click();
  const edit = page.getByRole("dialog", { name: "編輯標籤" });
  await edit.getByLabel("標籤名稱").fill("ｖｉｐ ｖｉｐ");
  await edit.getByRole("button", { name: "儲存" }).click();
  await expect(edit.getByRole("alert")).toHaveText("已有相同名稱（不分大小寫與全半形）。");
  await edit.getByLabel("標籤名稱").fill("E2E 改名標籤");
  await edit.getByRole("radio", { name: "紫", exact: true }).click();
  await edit.getByRole("button", { name: "儲存" }).click();
  await expect(edit).toHaveCount(0);
  const renamed = list.getByRole("listitem").filter({ hasText: "E2E 改名標籤" });
  await expect(renamed).toBeVisible();

  // Merging 生日當月 into it moves its customers, as the confirmation counts them.
  const birthday = list.getByRole("listitem").filter({ hasText: BIRTHDAY });
  const count = Number((await birthday.textContent())?.match(/(\d+) 位客戶/)?.[1]);
  expect(count).toBeGreaterThan(0);
  await birthday.getByRole("button", { name: `合併 ${BIRTHDAY}` }).click();
  const merge = page.getByRole("dialog", { name: "合併" });
  await merge.getByLabel("合併到").selectOption({ label: "E2E 改名標籤" });
  await expect(merge.getByRole("alert")).toHaveText(`「${BIRTHDAY}」的 ${count} 位客戶將改為「E2E 改名標籤」，並刪除「${BIRTHDAY}」。`);
  await snap(page, "tag-merge-zh-TW");
  await merge.getByRole("button", { name: "合併", exact: true }).click();
  await expect(merge).toHaveCount(0);
  await expect(birthday).toHaveCount(0);
  await expect(renamed).toContainText(`${count} 位客戶`);

  await renamed.getByRole("button", { name: "刪除 E2E 改名標籤" }).click();
  const remove = page.getByRole("dialog", { name: "刪除標籤" });
  await expect(remove).toContainText(`要從 ${count} 位客戶移除『E2E 改名標籤』嗎？`);
  await snap(page, "tag-delete-zh-TW");
  // Cancel has the focus (Enter does not delete by accident); Tab stays in the dialog; Escape
  // closes it and gives the focus back to the button that opened it.
  const cancel = remove.getByRole("button", { name: "取消" });
  await expect(cancel).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(remove.getByRole("button", { name: "刪除", exact: true })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(remove.getByRole("button", { name: "關閉", exact: true })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(remove.getByRole("button", { name: "刪除", exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(remove).toHaveCount(0);
  await expect(renamed.getByRole("button", { name: "刪除 E2E 改名標籤" })).toBeFocused();
  await renamed.getByRole("button", { name: "刪除 E2E 改名標籤" }).click();
  await remove.getByRole("button", { name: "刪除", exact: true }).click();
  await expect(remove).toHaveCount(0);
  await expect(renamed).toHaveCount(0);
});

test("regions and branches: a branch with members cannot be deleted, an empty one can", async ({ page }) => {
  await login(page, "admin@demo.test");
  await expectInbox(page);
  await openAdmin(page, "地區與分店", /\/structure$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("地區與分店");
  const north = page.getByRole("region", { name: "北部 North" });
  const xinyi = north.getByRole("listitem").filter({ hasText: "信義店" });
  await expect(xinyi.getByRole("button", { name: "刪除 信義店" })).toBeDisabled();
  await expect(xinyi).toContainText(/還有 \d+ 位成員，無法刪除/);
  await expect(north.getByRole("button", { name: "刪除 北部 North" })).toBeDisabled();
  await snap(page, "structure-zh-TW");

  await north.getByRole("button", { name: "新增分店 北部 North" }).click();
  const dialog = page.getByRole("dialog", { name: "新增分店" });
  await dialog.getByLabel("名稱").fill("E2E 快閃店");
  await dialog.getByRole("button", { name: "儲存" }).click();
  await expect(dialog).toHaveCount(0);
  const made = north.getByRole("listitem").filter({ hasText: "E2E 快閃店" });
  await expect(made).toContainText("0 位成員");

  // Moved to the other region.
  await made.getByRole("button", { name: "改名或移動 E2E 快閃店" }).click();
  const edit = page.getByRole("dialog", { name: "編輯分店" });
  await edit.getByLabel("地區").selectOption({ label: "中南部 Central & South" });
  await edit.getByRole("button", { name: "儲存" }).click();
  await expect(edit).toHaveCount(0);
  const south = page.getByRole("region", { name: "中南部 Central & South" });
  const moved = south.getByRole("listitem").filter({ hasText: "E2E 快閃店" });
  await expect(moved).toBeVisible();
  await expect(made).toHaveCount(0);

  await moved.getByRole("button", { name: "刪除 E2E 快閃店" }).click();
  const confirm = page.getByRole("dialog", { name: "刪除分店" });
  await expect(confirm).toContainText("確定要刪除「E2E 快閃店」嗎？");
  await confirm.getByRole("button", { name: "刪除", exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(moved).toHaveCount(0);
});

test("the workspace saves a new time zone, and the audit log shows it from → to", async ({ page }) => {
  await login(page, "admin@demo.test");
  await expectInbox(page);
  await openAdmin(page, "工作區設定", /\/workspace$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作區設定");
  const zone = page.getByLabel("時區");
  await expect(zone.locator("option:checked")).toHaveText("UTC+08:00 台北、香港、新加坡");
  await expect(zone.locator("option")).toHaveCount(105);
  await snap(page, "workspace-zh-TW");
  try {
    await zone.selectOption({ label: "UTC+09:00 東京、首爾" });
    await page.getByRole("button", { name: "儲存" }).click();
    await expect(page.getByRole("status")).toHaveText("已儲存工作區設定。");
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel("時區").locator("option:checked")).toHaveText("UTC+09:00 東京、首爾");

    await page.goto("/audit");
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("稽核紀錄");
    const log = page.getByRole("list", { name: "稽核紀錄" });
    const first = log.getByRole("listitem").first();
    await expect(first).toContainText("林雅婷");
    await expect(first).toContainText("變更了");
    await expect(first).toContainText("時區: UTC+08:00 → UTC+09:00");
    // The other changes of this file are there too, by kind.
    await page.getByLabel("對象類型").selectOption({ label: "標籤" });
    await expect(log).toContainText(`合併到: ${BIRTHDAY} → E2E 改名標籤`);
    await expect(log).toContainText("名稱: E2E 測試標籤 → E2E 改名標籤");
    await page.getByLabel("對象類型").selectOption({ label: "成員" });
    await expect(log.getByRole("listitem").filter({ hasText: "停用了" }).first()).toContainText(NEWCOMER);
    await page.getByLabel("對象類型").selectOption({ label: "全部類型" });
    await page.getByLabel("成員", { exact: true }).selectOption({ label: "王美玲" });
    await expect(log.getByRole("listitem").first()).toContainText("王美玲");
    await snap(page, "audit-zh-TW");
  } finally {
    // The clock goes back to Taipei for the tests that follow.
    await open(page, "/workspace");
    await page.getByLabel("時區").selectOption({ label: "UTC+08:00 台北、香港、新加坡" });
    await page.getByRole("button", { name: "儲存" }).click();
    await expect(page.getByRole("status")).toHaveText("已儲存工作區設定。");
  }
});

test("the admin pages in English", async ({ page }) => {
  await login(page, "admin@demo.test");
  await expectInbox(page);
  await page.getByRole("button", { name: "English" }).click();
  const links = page.getByRole("navigation", { name: "Inbox" }).getByRole("link");
  await expect(links.filter({ hasText: /^(Members|Regions & branches|Tags|Workspace|Audit log)$/ })).toHaveText([
    "Members",
    "Regions & branches",
    "Tags",
    "Workspace",
    "Audit log",
  ]);
  try {
    await openAdmin(page, "Members", /\/members$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Members");
    const table = page.getByRole("region", { name: "Members" }).getByRole("table");
    await expect(table.getByRole("row", { name: /陳志明/ })).toContainText("Supervisor");
    await snap(page, "members-en");
    await snap(page, "members-phone-en", 390, 844);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Invite member" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite member" });
    // A new member starts in the workspace's default language (Chinese), not the inviter's.
    await expect(dialog.getByLabel("Language")).toHaveValue("zh-TW");
    await dialog.getByLabel("Role").selectOption({ label: "Sales rep" });
    await expect(dialog).toContainText("Sales managers and sales reps need a branch.");
    await snap(page, "invite-en");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await open(page, "/structure");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Regions and branches");
    await expect(page.getByRole("button", { name: "Delete 信義店" })).toBeDisabled();
    await expect(page.getByText(/Cannot delete: members belong to it \(\d+\)/).first()).toBeVisible();
    await snap(page, "structure-en");

    await open(page, "/tags");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tags");
    await expect(page.getByRole("list", { name: "Tags" })).toContainText(/\d+ customers/);
    await snap(page, "tags-en");
    await page.getByRole("button", { name: "New tag" }).click();
    await expect(page.getByRole("dialog", { name: "New tag" }).getByRole("radio", { name: "Sky blue" })).toBeVisible();
    await snap(page, "tag-new-en");
    await page.getByRole("dialog", { name: "New tag" }).getByRole("button", { name: "Cancel" }).click();

    await open(page, "/workspace");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Workspace settings");
    await expect(page.getByLabel("Time zone").locator("option:checked")).toHaveText("UTC+08:00 Taipei, Hong Kong, Singapore");
    await snap(page, "workspace-en");

    await open(page, "/audit");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
    const log = page.getByRole("list", { name: "Audit log" });
    await expect(log.getByRole("listitem").first()).toContainText("Time zone: UTC+09:00 → UTC+08:00");
    await expect(log.getByRole("listitem").first()).toContainText("changed");
    await snap(page, "audit-en");

    await open(page, "/account");
    await expect(page.getByRole("heading", { name: "Your picture" })).toBeVisible();
    await snap(page, "account-en");
  } finally {
    // Back to Chinese, as the other tests expect.
    await open(page, "/inbox/pending-human");
    await page.getByRole("button", { name: "繁體中文" }).click();
    await expect(page.getByRole("navigation", { name: "收件匣" })).toBeVisible();
  }
});

test("a member's picture: a file that is no picture is refused, a picture replaces the initials and can be removed", async ({ page }) => {
  await login(page, "salesrep2@demo.test");
  await expectInbox(page);
  await open(page, "/account");
  await expect(page.getByRole("heading", { name: "您的大頭貼" })).toBeVisible();
  const file = page.getByLabel("上傳圖片");
  await file.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
  await expect(page.getByRole("alert")).toHaveText("請上傳 5 MB 以內的 PNG、JPEG、GIF 或 WebP 圖片。");
  // A 1×1 PNG.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  await file.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: png });
  await expect(page.getByRole("status")).toHaveText("已更新圖片。");
  await expect(page.getByRole("img", { name: "您的大頭貼" })).toHaveAttribute("src", /^\/pictures\/\d+/);
  await snap(page, "account-zh-TW");
  await page.getByRole("button", { name: "改用姓名縮寫" }).click();
  await expect(page.getByRole("status")).toHaveText("已移除圖片。");
  await expect(page.getByRole("img", { name: "您的大頭貼" })).toHaveCount(0);
});

test("an agent sees no admin links and is refused on the members page", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const links = page.getByRole("navigation", { name: "收件匣" }).getByRole("link");
  await expect(links.filter({ hasText: /^(成員|地區與分店|標籤|工作區設定|稽核紀錄|黑名單)$/ })).toHaveCount(0);
  const answer = await page.goto("/members");
  expect(answer?.status()).toBe(403);
  await hydrated(page);
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "邀請成員" })).toHaveCount(0);
});
