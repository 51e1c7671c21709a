import { conversationList, conversationStatus, customerWrites, expect, expectInbox, login, open, reload, shot, signOut, test } from "./helpers";

// The demo's LINE account (src/server/demo): replies always reach LINE customers.
const LINE_BOT = "U5e1f0a2b3c4d5e6f708192a3b4c5d6e7";

test("an agent finds, follows up and answers a customer by keyboard alone", async ({ page, baseURL }) => {
  await customerWrites(baseURL!, "line", LINE_BOT, "U73000000000000000000000000000001", "鍵盤 測試客", "我想找真人客服，謝謝");
  await login(page, "agent@demo.test");
  await expectInbox(page);

  // `/` goes to the search box; Alt+J opens the first result and puts the cursor in the composer.
  await page.keyboard.press("/");
  const box = page.getByRole("searchbox", { name: "搜尋對話" });
  await expect(box).toBeFocused();
  await page.keyboard.type("鍵盤 測試客");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]q=/);
  await page.keyboard.press("Alt+J");
  await expect(page).toHaveURL(/\/inbox\/pending-human\/\d+\?q=/);
  const pane = page.getByRole("region", { name: "對話內容" });
  await expect(pane.getByRole("heading", { name: "鍵盤 測試客" })).toBeVisible();
  const composer = page.getByLabel("訊息內容");
  await expect(composer).toBeFocused();

  // Pending: the reply follows it up as it goes (Ctrl+Enter sends; Enter is a new line).
  const followAndSend = page.getByRole("button", { name: "跟進並送出" });
  await expect(followAndSend).toBeDisabled();
  await page.keyboard.type("您好，");
  await page.keyboard.press("Enter");
  await page.keyboard.type("門市 11 點開門。");
  await expect(composer).toHaveValue("您好，\n門市 11 點開門。");
  await expect(followAndSend).toBeEnabled();
  await shot(page, "follow-up-and-send-zh-TW");
  await page.keyboard.press("Control+Enter");
  const thread = pane.getByRole("list", { name: "對話內容" });
  await expect(thread.locator('[data-kind="outbound"]').last()).toContainText("門市 11 點開門。");
  await expect(conversationStatus(pane)).toHaveText("處理中");
  await expect(thread.locator('[data-event="followed_up"]').last()).toContainText("張家豪 跟進了對話");
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  await expect(composer).toHaveValue("");

  // Alt+M: an internal note, and back.
  await composer.focus();
  await page.keyboard.press("Alt+M");
  await expect(page.getByRole("button", { name: "內部備註", exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.type("已告知營業時間");
  await page.keyboard.press("Control+Enter");
  await expect(thread.locator('[data-kind="note"]').last()).toContainText("已告知營業時間");
  await page.keyboard.press("Alt+M");
  await expect(page.getByRole("button", { name: "回覆顧客", exact: true })).toHaveAttribute("aria-pressed", "true");

  // Enter sends, once the agent chooses so (remembered); Shift+Enter is a new line.
  const enterSends = page.getByRole("checkbox", { name: "按 Enter 送出" });
  await enterSends.focus();
  await page.keyboard.press("Space");
  await expect(enterSends).toBeChecked();
  await page.keyboard.press("Alt+R");
  await expect(composer).toBeFocused();
  await page.keyboard.type("還有其他問題嗎？");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("歡迎再詢問 🙏");
  await expect(composer).toHaveValue("還有其他問題嗎？\n歡迎再詢問 🙏");
  await page.keyboard.press("Enter");
  await expect(thread.locator('[data-kind="outbound"]').last()).toContainText("歡迎再詢問");
  await expect(composer).toHaveValue("");
  await reload(page);
  await expect(enterSends).toBeChecked();
  // Back to Ctrl+Enter, as the other tests expect of this agent.
  await enterSends.focus();
  await page.keyboard.press("Space");
  await expect(enterSends).not.toBeChecked();

  // `?` outside a text field lists the shortcuts; Escape closes the list and the focus returns.
  const transfer = pane.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "移轉" });
  await transfer.focus();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "鍵盤快速鍵" });
  await expect(help).toBeVisible();
  await expect(help.getByRole("listitem").filter({ hasText: "下一則對話" })).toContainText("Alt+J");
  await expect(help.getByRole("listitem").filter({ hasText: "結束並開啟下一則" })).toContainText("Alt+N");
  await expect(help.getByRole("listitem").filter({ hasText: "送出" }).first()).toContainText("Ctrl+Enter");
  await shot(page, "shortcuts-help-zh-TW");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(transfer).toBeFocused();

  // Alt+T: transfer to Emily Chen with a handover note, by keyboard.
  await page.keyboard.press("Alt+T");
  const dialog = page.getByRole("dialog", { name: "移轉對話" });
  await expect(dialog).toBeVisible();
  await page.keyboard.type("Emily");
  const emily = dialog.getByRole("radio");
  await expect(emily).toHaveCount(1);
  await emily.focus();
  await page.keyboard.press("Space");
  await expect(emily).toBeChecked();
  await dialog.getByRole("button", { name: "移轉", exact: true }).focus();
  await page.keyboard.press("Enter");
  const note = dialog.getByLabel("移轉備註（選填）");
  await expect(note).toBeFocused();
  await page.keyboard.type("客人問門市時間，已回覆；若再問請提供地址。");
  await shot(page, "transfer-handover-zh-TW");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "確認移轉" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(thread.locator('[data-kind="note"]').last()).toContainText("若再問請提供地址");

  // Emily's notification names the customer and carries the note; the note is pinned for her.
  await signOut(page);
  await login(page, "agent2@demo.test");
  await expectInbox(page);
  await page.getByRole("button", { name: /^Notifications/ }).click();
  const told = page.getByRole("listitem").filter({ hasText: "transferred 鍵盤 測試客's conversation to you" });
  await expect(told).toBeVisible();
  await expect(told.locator("[data-handover]")).toHaveText("客人問門市時間，已回覆；若再問請提供地址。");
  await told.getByRole("link").click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  const pinned = page.getByRole("complementary", { name: "Handover note" });
  await expect(pinned).toContainText("Handover note from 張家豪");
  await expect(pinned).toContainText("若再問請提供地址");
});

test("Close and next, x to select a row, and the row's focus ring, by keyboard", async ({ page }) => {
  await login(page, "agent2@demo.test");
  await expectInbox(page);
  await open(page, "/inbox/mine-open");
  const rows = conversationList(page).getByRole("listitem");
  await expect(rows.nth(2)).toBeVisible();

  // Alt+J opens the first of Mine · In progress, Alt+N closes it and opens the next one.
  await page.keyboard.press("Alt+J");
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  const pane = page.getByRole("region", { name: "Messages" });
  const first = page.url();
  const name = (await pane.getByRole("heading", { level: 2 }).first().textContent())!;
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
  await page.keyboard.press("Alt+N");
  await expect(page).not.toHaveURL(first);
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  await expect(pane.getByRole("heading", { level: 2 }).first()).not.toHaveText(name);
  await expect(conversationStatus(pane)).toHaveText("In progress");
  // The list no longer holds it.
  const closedId = new URL(first).pathname.split("/").pop();
  await expect(conversationList(page).locator(`a[href^="/inbox/mine-open/${closedId}"]`)).toHaveCount(0);
  // The closed one is under Mine · Closed.
  await open(page, "/inbox/mine-closed");
  await expect(conversationList(page).getByText(name, { exact: true }).first()).toBeVisible();

  // x on a focused row selects it for a batch action; the focused row has a visible ring.
  await open(page, "/inbox/mine-open");
  const link = rows.first().getByRole("link");
  await link.focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  await expect(link).toBeFocused();
  const ring = await link.evaluate((el) => getComputedStyle(el).boxShadow);
  // A 2 px ring (Tailwind's ring-2, inset), only while focused by keyboard.
  expect(ring).toMatch(/0px 0px 0px 2px/);
  await page.keyboard.press("x");
  await expect(rows.first().getByRole("checkbox")).toBeChecked();
  await expect(page.getByText("1 selected")).toBeVisible();
});
