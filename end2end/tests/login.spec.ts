import { conversationList, DEMO_LOGINS, expect, expectInbox, login, open, reload, shot, signOut, test } from "./helpers";

test("an agent signs in and sees pending conversations", async ({ page }) => {
  await open(page, "/login");
  await expect(page.getByRole("heading", { name: "登入收件匣" })).toBeVisible();
  await shot(page, "login-zh-TW");
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const nav = page.getByRole("navigation", { name: "收件匣" });
  const human = nav.getByRole("link", { name: /真人客服/ });
  await expect(human).toHaveAttribute("aria-current", "page");
  // The badge count equals a positive number, and the list shows real rows.
  const count = Number(await human.locator("[data-count]").getAttribute("data-count"));
  expect(count).toBeGreaterThan(0);
  const rows = conversationList(page).getByRole("listitem");
  expect(await rows.count()).toBeGreaterThan(5);
  const first = rows.first();
  await expect(first.getByRole("link")).toHaveAttribute("href", /\/inbox\/pending-human\/\d+/);
  await expect(first.getByRole("img").first()).toHaveAttribute("aria-label", /LINE|Messenger|WhatsApp|Instagram|網站/);
  await expect(first.locator("time")).toHaveText(/\d\d:\d\d|昨天|\//);
  await shot(page, "inbox-zh-TW");
});

test("a wrong password shows the error and keeps you out", async ({ page }) => {
  await login(page, "agent2@demo.test", "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("電子郵件或密碼不正確，請再試一次。");
  await expect(page).toHaveURL(/\/login/);
  await shot(page, "login-error-zh-TW");
  await open(page, "/inbox/pending-human");
  await expect(page).toHaveURL(/\/login/);
});

test("switching the language changes the navigation and is remembered", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  const nav = page.getByRole("navigation", { name: "收件匣" });
  await expect(nav.getByRole("link", { name: /真人客服/ })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  const navEn = page.getByRole("navigation", { name: "Inbox" });
  await expect(navEn.getByRole("link", { name: /Human/ })).toBeVisible();
  await expect(navEn.getByRole("heading", { name: "Team" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pending · Human");
  // Remembered for the member: a reload (and a new sign-in) keeps English.
  await reload(page);
  await expect(page.getByRole("navigation", { name: "Inbox" }).getByRole("link", { name: /Bot/ })).toBeVisible();
  await shot(page, "inbox-en");
  await signOut(page);
  await login(page, "supervisor@demo.test");
  await expect(page.getByRole("navigation", { name: "Inbox" })).toBeVisible();
  // Switch back for the other tests.
  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page.getByRole("navigation", { name: "收件匣" })).toBeVisible();
});

test("the login page switches language before signing in", async ({ page }) => {
  await open(page, "/login");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to your inbox" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await shot(page, "login-en");
  await reload(page);
  await expect(page.getByRole("heading", { name: "Sign in to your inbox" })).toBeVisible();
  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page.getByRole("heading", { name: "登入收件匣" })).toBeVisible();
});

for (const email of DEMO_LOGINS) {
  test(`demo login ${email} works`, async ({ page }) => {
    await login(page, email);
    await expect(page).toHaveURL(/\/inbox\/pending-human/);
    await expect(page.getByRole("navigation", { name: /收件匣|Inbox/ })).toBeVisible();
    await signOut(page);
    await open(page, "/inbox/pending-human");
    await expect(page).toHaveURL(/\/login/);
  });
}

test("the channel filter narrows every view and stays in the URL", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const nav = page.getByRole("navigation", { name: "收件匣" });
  const allCount = Number(await nav.getByRole("link", { name: /真人客服/ }).locator("[data-count]").getAttribute("data-count"));
  await page.getByLabel("頻道篩選").selectOption({ label: "LINE 官方帳號 · 森好生活 LINE 官方帳號" });
  await expect(page).toHaveURL(/\/inbox\/pending-human\?channel=\d+/);
  const rows = conversationList(page).getByRole("listitem");
  await expect(rows.first()).toBeVisible();
  const icons = await rows.locator("[data-channel]").evaluateAll((els) => els.map((e) => e.getAttribute("data-channel")));
  expect(new Set(icons)).toEqual(new Set(["line"]));
  const lineCount = Number(await nav.getByRole("link", { name: /真人客服/ }).locator("[data-count]").getAttribute("data-count"));
  expect(lineCount).toBeGreaterThan(0);
  expect(lineCount).toBeLessThan(allCount);
  // Every view link keeps the filter, and a reload keeps it too.
  await expect(nav.getByRole("link", { name: /機器人/ })).toHaveAttribute("href", /channel=\d+/);
  await reload(page);
  await expect(page.getByLabel("頻道篩選")).toHaveValue(/\d+/);
  await shot(page, "inbox-line-filter-zh-TW");
});
