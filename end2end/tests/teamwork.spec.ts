import { conversationList, conversationStatus, expect, expectInbox, login, open, rowName, shot, signOut, test } from "./helpers";

test("a transfer moves a conversation into another member's Mine and notifies them", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const row = conversationList(page).getByRole("listitem").nth(4);
  const name = await rowName(row);
  await row.getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  const actions = pane.getByRole("group", { name: "對話操作" });
  await actions.getByRole("button", { name: "跟進" }).click();
  await expect(conversationStatus(pane)).toHaveText("處理中");

  // Transfer: search, pick, Transfer, then Confirm.
  await actions.getByRole("button", { name: "移轉" }).click();
  const dialog = page.getByRole("dialog", { name: "移轉對話" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("依角色篩選").selectOption({ label: "客服人員" });
  await dialog.getByLabel("搜尋成員名稱").fill("emily");
  await expect(dialog.getByRole("radio")).toHaveCount(1);
  await dialog.getByRole("radio").check();
  await shot(page, "transfer-dialog-zh-TW");
  await dialog.getByRole("button", { name: "移轉", exact: true }).click();
  await expect(dialog).toContainText("確定要將 1 則對話移轉給 Emily Chen 嗎?");
  await dialog.getByRole("button", { name: "確認移轉" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(pane.getByText("負責人 Emily Chen")).toBeVisible();
  const thread = pane.getByRole("list", { name: "對話內容" });
  await expect(thread.locator('[data-event="transferred"]').last()).toContainText("張家豪 將對話移轉給 Emily Chen");
  // Taking over someone else's conversation is offered, closing it is not.
  await expect(actions.getByRole("button")).toHaveText(["接手", "移轉"]);
  await signOut(page);

  // Emily (English UI) sees the notification and the conversation in her Mine.
  await login(page, "agent2@demo.test");
  const bell = page.getByRole("button", { name: /^Notifications \(\d+\)$/ });
  await expect(bell).toHaveAccessibleName("Notifications (1)");
  await bell.click();
  const panel = page.getByRole("dialog", { name: "Notifications" });
  await expect(panel.getByRole("listitem").first()).toContainText(`張家豪 transferred ${name}'s conversation to you`);
  await shot(page, "notifications-en");
  await panel.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  await expect(page.getByRole("region", { name: "Messages" }).getByRole("heading", { name })).toBeVisible();
  await expect(conversationList(page).getByText(name, { exact: true }).first()).toBeVisible();
  // Reading the panel cleared the count.
  await expect(bell).toHaveAccessibleName("Notifications (0)");
});

test("the owner adds a collaborator, who sees it in Mine and can leave", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  // Newest first: the demo's newest conversation of agent@ is one to one.
  await open(page, "/inbox/mine-open?sort=newest");
  const row = conversationList(page).getByRole("listitem").first();
  const name = await rowName(row);
  await row.getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  const strip = pane.getByRole("group", { name: "協作成員" });
  await strip.getByRole("button", { name: "+ 新增協作成員" }).click();
  await strip.getByLabel("新增協作成員").selectOption({ label: "Emily Chen" });
  await strip.getByRole("button", { name: "新增", exact: true }).click();
  await expect(strip.getByRole("list", { name: "協作成員" })).toContainText("Emily Chen");
  await expect(strip.locator("[data-mode]")).toHaveText("協作");
  const thread = pane.getByRole("list", { name: "對話內容" });
  await expect(thread.locator('[data-event="collaborator_added"]').last()).toContainText("張家豪 邀請 Emily Chen 協作");
  await shot(page, "collaborators-zh-TW");
  await signOut(page);

  await login(page, "agent2@demo.test");
  await expectInbox(page);
  await open(page, "/inbox/mine-open");
  await conversationList(page).getByRole("listitem").filter({ hasText: name }).first().getByRole("link").click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  const pane2 = page.getByRole("region", { name: "Messages" });
  const strip2 = pane2.getByRole("group", { name: "Collaborators" });
  await strip2.getByRole("button", { name: "Leave" }).click();
  await expect(strip2.locator("[data-mode]")).toHaveText("1:1");
  await expect(pane2.getByRole("list", { name: "Messages" }).locator('[data-event="collaborator_removed"]').last()).toContainText("Emily Chen stopped collaborating");
});
