// Saved replies in the composer (issue 16): `/` opens the picker over the composer, what
// follows narrows it (shortcut, title, text; width and case aside), ↑/↓ choose, Enter puts the
// reply in with its placeholders filled, Escape closes the list and nothing else. The demo
// ships the team's replies (/hi, /hours, /ship, /return, /wait, /thanks).
import { conversationList, customerWrites, expect, expectInbox, FAKE, hydrated, login, open, reload, rowName, shot, signOut, test } from "./helpers";

const MESSENGER_PAGE = "104727532034518";

test("an agent puts saved replies into the composer by keyboard, the placeholders filled", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const row = conversationList(page).getByRole("listitem").first();
  const customer = await rowName(row);
  await row.getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  const composer = pane.getByRole("textbox", { name: "訊息內容" });
  await expect(composer).toBeVisible();
  await expect(composer).toHaveAttribute("aria-haspopup", "listbox");

  // `/h`: the shortcuts starting with it first, then those holding it.
  await composer.click();
  await composer.pressSequentially("/h");
  const list = pane.getByRole("listbox", { name: "預存回覆" });
  await expect(list).toBeVisible();
  const options = list.getByRole("option");
  await expect(options.first()).toContainText("/hi");
  await expect(options.nth(1)).toContainText("/hours");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await shot(page, "saved-reply-picker-zh-TW");

  // ↓ chooses the next; Enter puts it in place of `/h`, and the list closes.
  await composer.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(composer).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id"))!);
  await composer.press("Enter");
  await expect(list).toHaveCount(0);
  await expect(composer).toHaveValue(/^晨光咖啡營業時間：週一至週五/);

  // After other words, full-width: `／ＨＩ` finds /hi; its placeholders are the customer's and
  // the agent's names.
  await composer.fill("");
  await composer.pressSequentially("好的 ／ＨＩ");
  await expect(options.first()).toContainText("/hi");
  await composer.press("Enter");
  await expect(composer).toHaveValue(`好的 ${customer} 您好，我是晨光咖啡的 張家豪，很高興為您服務！`);

  // By what the text says: 免運 finds the shipping reply.
  await composer.press("End");
  await composer.pressSequentially(" /免運");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText("運費說明");
  // Nothing matches: said so. Escape closes the list, and the conversation stays open.
  await composer.pressSequentially("沒有這種");
  await expect(pane.getByText("沒有符合的預存回覆。")).toBeVisible();
  await composer.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(pane).toBeVisible();
  await expect(composer).toBeFocused();
  // A slash inside a word (a date, an address) opens nothing.
  await composer.fill("");
  await composer.pressSequentially("12/25 送達");
  await expect(list).toHaveCount(0);
});

test("a member keeps their own saved replies on their page; the team's are the managers'", async ({ page }) => {
  // Emily works in English.
  await login(page, "agent2@demo.test");
  await expectInbox(page);
  await page.getByRole("navigation", { name: "Inbox" }).getByRole("link", { name: "Saved replies" }).click();
  await expect(page).toHaveURL(/\/replies$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Saved replies");
  const team = page.getByRole("region", { name: "Team saved replies" });
  const mine = page.getByRole("region", { name: "My saved replies" });
  await expect(team.getByRole("listitem", { name: "/hours" })).toContainText("晨光咖啡營業時間");
  // An agent uses the team's but does not change them.
  await expect(team.getByRole("button")).toHaveCount(0);
  await expect(mine).toContainText("No saved replies yet.");

  await mine.getByRole("button", { name: "New · My saved replies" }).click();
  const dialog = page.getByRole("dialog", { name: "New saved reply of mine" });
  await expect(dialog.getByLabel("Title")).toBeFocused();
  await dialog.getByLabel("Title").fill("Checking in");
  // A shortcut of the team's is refused under its field.
  await dialog.getByLabel("Shortcut").fill("hours");
  await dialog.getByLabel("Text").fill("Hi ");
  await dialog.getByRole("button", { name: "{customer.name}" }).click();
  await dialog.getByLabel("Text").press("End");
  await dialog.getByLabel("Text").pressSequentially(", just checking in.");
  await expect(dialog.getByLabel("Text")).toHaveValue("Hi {customer.name}, just checking in.");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Another saved reply has this shortcut.");
  // Full-width letters are the same shortcut as plain ones.
  await dialog.getByLabel("Shortcut").fill("ＣＨＥＣＫ");
  await shot(page, "saved-reply-edit-en");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(mine.getByRole("listitem", { name: "/check" })).toContainText("Hi {customer.name}, just checking in.");
  await shot(page, "saved-replies-en");

  // In the composer, /che finds it, the customer's name filled in.
  await open(page, "/inbox/pending-human");
  const row = conversationList(page).getByRole("listitem").nth(1);
  const customer = await rowName(row);
  await row.getByRole("link").click();
  const composer = page.getByRole("region", { name: "Messages" }).getByRole("textbox", { name: "Message", exact: true });
  await composer.click();
  await composer.pressSequentially("/che");
  await expect(page.getByRole("listbox", { name: "Saved replies" }).getByRole("option").first()).toContainText("/check");
  await composer.press("Enter");
  await expect(composer).toHaveValue(`Hi ${customer}, just checking in.`);
  await composer.fill("");
  await signOut(page);

  // Nobody else sees it.
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await open(page, "/replies");
  await expect(page.getByRole("region", { name: "我的預存回覆" })).toContainText("還沒有預存回覆。");
  await expect(page.getByRole("listitem", { name: "/check" })).toHaveCount(0);
});

test("a saved reply keeps a picture: picked in the composer, the customer gets the text and then the picture", async ({ page, baseURL }) => {
  const picture = Buffer.from(await (await fetch(`${FAKE}/cdn/e2e-store-map`)).arrayBuffer());
  await customerWrites(baseURL!, "messenger", MESSENGER_PAGE, "7100000000000016", "測試 吳佩珊", "請問門市在哪裡？");
  await login(page, "supervisor@demo.test");
  await expectInbox(page);

  // The supervisor keeps a team reply with the shop's map.
  await open(page, "/replies");
  await hydrated(page);
  const team = page.getByRole("region", { name: "團隊預存回覆" });
  await team.getByRole("button", { name: "新增 · 團隊預存回覆" }).click();
  const dialog = page.getByRole("dialog", { name: "新增團隊預存回覆" });
  await dialog.getByLabel("標題").fill("門市地圖");
  await dialog.getByLabel("快捷鍵").fill("map");
  await dialog.getByLabel("回覆內容").fill("{customer.name} 您好，門市在捷運中山站 2 號出口旁，附上地圖。");
  await expect(dialog.getByText("沒有附件")).toBeVisible();
  await dialog.locator("#reply-file").setInputFiles({ name: "門市地圖.png", mimeType: "image/png", buffer: picture });
  await expect(dialog.locator("[data-saved-file]")).toContainText("門市地圖.png");
  await expect(dialog.getByText("更換檔案")).toBeVisible();
  await shot(page, "saved-reply-file-zh-TW");
  await dialog.getByRole("button", { name: "儲存" }).click();
  await expect(dialog).toHaveCount(0);
  const kept = team.getByRole("listitem", { name: "/map" });
  await expect(kept.locator("[data-saved-file]")).toContainText("門市地圖.png");
  // Kept on the server: there after a reload.
  await reload(page);
  await expect(kept.locator("[data-saved-file]")).toContainText("門市地圖.png");

  // In the composer: /map puts the text in and the picture beside it; Follow up and send
  // sends both, the text first.
  await open(page, "/inbox/pending-human?sort=newest");
  const row = conversationList(page).getByRole("listitem").filter({ hasText: "測試 吳佩珊" });
  await expect(async () => {
    await reload(page);
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  const composer = pane.getByRole("textbox", { name: "訊息內容" });
  await composer.click();
  await composer.pressSequentially("/map");
  const option = pane.getByRole("listbox", { name: "預存回覆" }).getByRole("option").first();
  await expect(option).toContainText("門市地圖.png");
  await composer.press("Enter");
  await expect(composer).toHaveValue("測試 吳佩珊 您好，門市在捷運中山站 2 號出口旁，附上地圖。");
  const chip = pane.locator("form [data-saved-file]");
  await expect(chip).toContainText("門市地圖.png");
  await shot(page, "composer-saved-file-zh-TW");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(chip).toBeVisible();
  await shot(page, "composer-saved-file-phone-zh-TW");
  await page.setViewportSize({ width: 1440, height: 900 });
  // Kept with the draft: a reload brings it back with the text.
  await reload(page);
  await expect(chip).toContainText("門市地圖.png");
  await expect(composer).toHaveValue(/^測試 吳佩珊 您好/);
  await pane.getByRole("button", { name: "跟進並送出" }).click();
  await expect(chip).toHaveCount(0, { timeout: 10_000 });
  const thread = page.getByRole("list", { name: "對話內容" });
  await expect(thread.locator('[data-kind="outbound"]').filter({ hasText: "門市在捷運中山站" })).toHaveCount(1);
  await expect(thread.locator('[data-kind="outbound"]').filter({ has: page.locator("img") })).toHaveCount(1, { timeout: 10_000 });

  // At Messenger: the text, then the picture, fetched from its public address.
  await expect(async () => {
    const got = await (await fetch(`${FAKE}/_fake/requests?prefix=/meta`)).json();
    const mine = (got.requests ?? got)
      .map((r: { body: { recipient?: { id: string }; message?: { text?: string; attachment?: { type: string; payload: { url: string } } } } }) => r.body)
      .filter((b: { recipient?: { id: string } }) => b?.recipient?.id === "7100000000000016");
    expect(mine).toHaveLength(2);
    expect(mine[0].message.text).toContain("門市在捷運中山站");
    expect(mine[1].message.attachment.type).toBe("image");
    const fetched = await fetch(mine[1].message.attachment.payload.url);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(picture)).toBe(true);
  }).toPass({ timeout: 20_000 });

  // Removed from the reply: the page says so, and the composer puts in the text alone.
  await open(page, "/replies");
  await hydrated(page);
  await kept.getByRole("button", { name: "編輯 /map" }).click();
  const edit = page.getByRole("dialog", { name: "編輯預存回覆" });
  await edit.getByRole("button", { name: "移除附件" }).click();
  await expect(edit.getByText("沒有附件")).toBeVisible();
  await edit.getByRole("button", { name: "儲存" }).click();
  await expect(edit).toHaveCount(0);
  await expect(kept).toBeVisible();
  await expect(kept.locator("[data-saved-file]")).toHaveCount(0);
});
