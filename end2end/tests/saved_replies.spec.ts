// Saved replies in the composer (issue 16): `/` opens the picker over the composer, what
// follows narrows it (shortcut, title, text; width and case aside), ↑/↓ choose, Enter puts the
// reply in with its placeholders filled, Escape closes the list and nothing else. The demo
// ships the team's replies (/hi, /hours, /ship, /return, /wait, /thanks).
import { conversationList, expect, expectInbox, hydrated, login, open, rowName, shot, signOut, test } from "./helpers";

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
