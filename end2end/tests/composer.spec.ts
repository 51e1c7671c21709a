import { conversationList, expect, expectInbox, login, open, reload, rowName, shot, test } from "./helpers";

test("what an agent is writing survives Follow up, switching conversations and a reload", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const first = conversationList(page).getByRole("listitem").first();
  const name = await rowName(first);
  await first.getByRole("link").click();
  const composer = page.getByLabel("訊息內容");
  // Pending: a reply follows it up as it goes; nothing to send while empty.
  const followAndSend = page.getByRole("button", { name: "跟進並送出" });
  await expect(followAndSend).toBeDisabled();
  await composer.fill("您好，已為您查詢訂單，");
  await expect(followAndSend).toBeEnabled();
  // Follow up reloads the pane and moves the conversation to Mine: the draft stays.
  await page.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "跟進" }).click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  const send = page.getByRole("button", { name: "送出" });
  await expect(send).toBeEnabled();
  await expect(composer).toHaveValue("您好，已為您查詢訂單，");
  // At 1280 px the header keeps the owner whole beside the customer, the wait and the actions.
  await page.setViewportSize({ width: 1280, height: 800 });
  const owner = page.locator("header [data-owner]");
  await expect(owner).toHaveText("負責人 張家豪");
  expect(await owner.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await shot(page, "pane-1280-zh-TW");
  const url = page.url();
  // Another conversation has its own (empty) composer; coming back brings the draft back.
  const other = conversationList(page).getByRole("listitem").filter({ hasNotText: name }).first();
  await other.getByRole("link").click();
  await expect(page).not.toHaveURL(url);
  await expect(composer).toHaveValue("");
  await conversationList(page).getByRole("listitem").filter({ hasText: name }).first().getByRole("link").click();
  await expect(composer).toHaveValue("您好，已為您查詢訂單，");
  // And a reload.
  await reload(page);
  await expect(composer).toHaveValue("您好，已為您查詢訂單，");
  await composer.fill("您好，已為您查詢訂單，明天會到貨。");
  await send.click();
  const thread = page.getByRole("list", { name: "對話內容" });
  await expect(thread.locator('[data-kind="outbound"]').last()).toContainText("明天會到貨");
  // Sent: the draft is gone, here and after a reload.
  await expect(composer).toHaveValue("");
  await expect(send).toBeDisabled();
  await reload(page);
  await expect(composer).toHaveValue("");
});

test("rows and the pane say how long the customer has waited; opening clears the unread badge", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  // The default order puts the longest overdue wait first, and says it in words.
  const first = conversationList(page).getByRole("listitem").first();
  await expect(first.locator("[data-waiting]")).toHaveText(/^等候 \d+ 小時 \d+ 分$/);
  await expect(first.getByRole("link")).toHaveAccessibleName(/等候 \d+ 小時 \d+ 分/);
  // A row with unread messages: its badge goes as soon as the conversation opens.
  const unread = conversationList(page)
    .getByRole("listitem")
    .filter({ has: page.locator('[aria-label$=" 未讀"]') })
    .first();
  const name = await rowName(unread);
  const row = conversationList(page).getByRole("listitem").filter({ hasText: name }).first();
  await expect(row.locator('[aria-label$=" 未讀"]')).toBeVisible();
  await row.getByRole("link").click();
  await expect(row.locator('[aria-label$=" 未讀"]')).toHaveCount(0);
  const pane = page.getByRole("region", { name: "對話內容" });
  await expect(pane.getByRole("heading", { name })).toBeVisible();
  await expect(pane.locator("header [data-waiting]")).toHaveText(/^等候 (\d+ 小時 )?\d+ 分$/);
  await shot(page, "waiting-zh-TW");
});

test("the page speaks the member's language, even when the server cannot be reached", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");

  await page.context().clearCookies();
  await login(page, "agent2@demo.test");
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await conversationList(page).getByRole("listitem").first().getByRole("link").click();
  const pane = page.getByRole("region", { name: "Messages" });
  await expect(pane.locator("header [data-waiting]")).toHaveText(/^waiting (\d+ h )?\d+ min$/);
  await shot(page, "waiting-en");
  // The network goes away: the member is told so in English, not with a browser's TypeError.
  await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await pane.getByRole("group", { name: "Conversation actions" }).getByRole("button", { name: "Follow up" }).click();
  await expect(pane.getByRole("alert").first()).toHaveText(
    "The server cannot be reached. Check your connection and try again.",
  );
  await page.unroute("**/api/**");
  // Switching the language switches the document's too (and back: it is remembered).
  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await open(page, "/inbox/pending-human");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});
