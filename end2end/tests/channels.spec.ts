// The channel settings page (admins and supervisors). It runs in the `inbox` project, on the
// demo server the other tests share: it connects one LINE channel of its own (a bot user id no
// demo channel has) and leaves the demo's channels as they were.
import { expect, expectInbox, hydrated, login, open, shot, test } from "./helpers";

const BOT = "Ue2e0000000000000000000000000c4a7";
const NAME = "測試 LINE 官方帳號";

test("an admin connects a LINE channel, sees its webhook URL and secret hints, disables and enables it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await login(page, "admin@demo.test");
  await expectInbox(page);
  // Below the blacklist, for the roles that manage channels.
  const admin = page.getByRole("navigation", { name: "收件匣" }).getByRole("link");
  await expect(admin.filter({ hasText: /^(黑名單|渠道設定)$/ })).toHaveText(["黑名單", "渠道設定"]);
  await shot(page, "channels-nav-zh-TW");
  await page.getByRole("link", { name: "渠道設定" }).click();
  await expect(page).toHaveURL(/\/channels$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("渠道設定");
  const channels = page.getByRole("list", { name: "渠道設定" });
  await expect(channels.getByRole("listitem", { name: "森好生活 Facebook" })).toBeVisible();
  await shot(page, "channels-zh-TW");

  const connect = page.getByRole("button", { name: "連接渠道" });
  await connect.click();
  const dialog = page.getByRole("dialog", { name: "連接渠道" });
  // The fields follow the platform: Messenger first, then LINE.
  await expect(dialog.getByLabel("粉絲專頁 ID（Page ID）")).toBeVisible();
  await expect(dialog.getByLabel("驗證權杖（Verify token）")).toBeVisible();
  await dialog.getByRole("radio", { name: "LINE 官方帳號" }).check();
  await expect(dialog.getByLabel("驗證權杖（Verify token）")).toHaveCount(0);
  await dialog.getByLabel("渠道名稱").fill(NAME);
  await dialog.getByLabel("Bot 使用者 ID（Bot user ID）").fill(BOT);
  await dialog.getByLabel(/頻道 ID（Channel ID）/).fill("2009999999");
  const secret = dialog.getByLabel("頻道密鑰（Channel secret）");
  await secret.fill("e2e-channel-secret-0123456789abcd");
  await expect(secret).toHaveAttribute("type", "password");
  await expect(secret).toHaveAttribute("autocomplete", "off");
  await dialog.getByLabel("頻道存取權杖（Channel access token）").fill("e2e-access-token-ABCDEFGHIJKLMN-wxyz");
  await shot(page, "channels-connect-zh-TW");
  await dialog.getByRole("button", { name: "連接", exact: true }).click();

  const done = page.getByRole("dialog", { name: "渠道已連接" });
  const url = /^http:\/\/127\.0\.0\.1:\d+\/webhooks\/line\/[\w-]{32}$/;
  await expect(done.getByRole("status")).toContainText(NAME);
  await expect(done.locator("code")).toHaveText(url);
  await shot(page, "channels-connected-zh-TW");
  const copy = done.getByRole("button", { name: /複製/ });
  await expect(copy).toHaveText("複製");
  await copy.click();
  await expect(copy).toHaveText("已複製");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(url);
  await done.getByRole("button", { name: "完成" }).click();
  await expect(done).toHaveCount(0);

  const item = channels.getByRole("listitem", { name: NAME });
  await expect(item).toContainText(copied);
  await expect(item).toContainText("頻道密鑰（Channel secret）: ••••abcd");
  await expect(item).toContainText("頻道存取權杖（Channel access token）: ••••wxyz");
  await expect(item).not.toContainText("e2e-channel-secret");
  await expect(item).toContainText("尚未收到");
  await expect(item).toContainText("已啟用");

  // Disabling asks first, and says what happens to webhooks meanwhile.
  await item.getByRole("button", { name: `停用 ${NAME}` }).click();
  const confirm = page.getByRole("dialog", { name: "停用渠道" });
  await expect(confirm.getByRole("alert")).toContainText("仍會回應並保存，但不會處理");
  await shot(page, "channels-disable-zh-TW");
  await confirm.getByRole("button", { name: "停用", exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(item).toContainText("已停用");
  await item.getByRole("button", { name: `啟用 ${NAME}` }).click();
  await expect(item).toContainText("已啟用");
  await expect(item.getByRole("button", { name: `停用 ${NAME}` })).toBeVisible();

  // The same platform account again is refused in words, and nothing is added.
  await connect.click();
  await dialog.getByRole("radio", { name: "LINE 官方帳號" }).check();
  await dialog.getByLabel("渠道名稱").fill("又一個 LINE");
  await dialog.getByLabel("Bot 使用者 ID（Bot user ID）").fill(BOT);
  await dialog.getByLabel("頻道密鑰（Channel secret）").fill("another-secret-0123456789");
  await dialog.getByLabel("頻道存取權杖（Channel access token）").fill("another-token-0123456789");
  await dialog.getByRole("button", { name: "連接", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("這個平台帳號已經連接過了（在這個或另一個工作區）。");
  await shot(page, "channels-refused-zh-TW");
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(channels.getByRole("listitem", { name: /LINE/ })).toHaveCount(2);

  await page.setViewportSize({ width: 390, height: 844 });
  await item.scrollIntoViewIfNeeded();
  await shot(page, "channels-phone-zh-TW");
  await connect.click();
  await dialog.getByRole("radio", { name: "WhatsApp" }).check();
  await shot(page, "channels-connect-phone-zh-TW");
});

test("an admin sets a channel's auto-close, with its closing message, and switches it off", async ({ page }) => {
  await login(page, "admin@demo.test");
  await expectInbox(page);
  await open(page, "/channels");
  const item = page.getByRole("list", { name: "渠道設定" }).getByRole("listitem", { name: NAME });
  const rule = item.locator("[data-auto-close]");
  await expect(rule).toContainText("未開啟");
  await item.getByRole("button", { name: `編輯 自動結束 ${NAME}` }).click();
  const dialog = page.getByRole("dialog", { name: "自動結束" });
  const hours = dialog.getByLabel("幾小時後結束（1–720，留白為關閉）");
  await expect(hours).toBeFocused();
  await hours.fill("24");
  await dialog.getByLabel("結束前傳送的訊息（選填）").fill("感謝您的來訊！若還有問題，歡迎隨時再傳訊息給我們。");
  await shot(page, "channels-auto-close-zh-TW");
  await dialog.getByRole("button", { name: "儲存" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(rule).toContainText("24 小時後自動結束");
  // Kept: the dialog opens with it, and an empty number switches it off.
  await item.getByRole("button", { name: `編輯 自動結束 ${NAME}` }).click();
  await expect(hours).toHaveValue("24");
  await expect(dialog.getByLabel("結束前傳送的訊息（選填）")).toHaveValue("感謝您的來訊！若還有問題，歡迎隨時再傳訊息給我們。");
  await hours.fill("");
  await dialog.getByRole("button", { name: "儲存" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(rule).toContainText("未開啟");
});

test("the channels page in English", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("link", { name: "Channels" }).click();
  await expect(page).toHaveURL(/\/channels$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Channels");
  const channels = page.getByRole("list", { name: "Channels" });
  const messenger = channels.getByRole("listitem", { name: "森好生活 Facebook" });
  await expect(messenger).toContainText("Facebook Messenger");
  await expect(messenger).toContainText("Page ID");
  await expect(messenger).toContainText("Last event");
  await expect(messenger.locator("[data-auto-close]")).toContainText("Off");
  await shot(page, "channels-en");

  await page.getByRole("button", { name: "Connect a channel" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect a channel" });
  await dialog.getByRole("radio", { name: "WhatsApp" }).check();
  await expect(dialog.getByLabel("WhatsApp Business Account ID (optional)")).toBeVisible();
  await dialog.getByLabel("Channel name").fill("x".repeat(81));
  await dialog.getByLabel("Phone number ID").fill("109999999999999");
  await dialog.getByLabel("Access token").fill("EAAG-e2e-token-0123456789");
  await dialog.getByLabel("App secret").fill("e2e-app-secret-0123456789");
  await dialog.getByLabel("Verify token").fill("e2e-verify-token");
  await dialog.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Enter the Channel name, 80 characters at most.");
  await shot(page, "channels-connect-en");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "channels-connect-phone-en");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await shot(page, "channels-phone-en");

  // Back to Chinese for the other tests.
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "/inbox/pending-human");
  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page.getByRole("navigation", { name: "收件匣" })).toBeVisible();
});

test("an agent has no channels link, and the page refuses them", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await expect(page.getByRole("link", { name: "渠道設定" })).toHaveCount(0);
  await open(page, "/channels");
  await expect(page.getByRole("alert")).toHaveText("您的角色無法執行此操作。");
  await expect(page.getByRole("button", { name: "連接渠道" })).toHaveCount(0);
  await expect(page.getByRole("list", { name: "渠道設定" })).toHaveCount(0);
  await shot(page, "channels-agent-zh-TW");
});
