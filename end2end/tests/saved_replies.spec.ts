// Saved replies in the composer (issue 16): `/` opens the picker over the composer, what
// follows narrows it (shortcut, title, text; width and case aside), ↑/↓ choose, Enter puts the
// reply in with its placeholders filled, Escape closes the list and nothing else. The demo
// ships the team's replies (/hi, /hours, /ship, /return, /wait, /thanks).
import { conversationList, expect, expectInbox, login, rowName, shot, test } from "./helpers";

test("an agent puts saved replies into the composer by keyboard, the placeholders filled", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  const row = conversationList(page).getByRole("listitem").first();
  const customer = await rowName(row);
  await row.getByRole("link").click();
  const pane = page.getByRole("region", { name: "對話內容" });
  const composer = pane.getByRole("combobox", { name: "訊息內容" });
  await expect(composer).toBeVisible();
  await expect(composer).toHaveAttribute("aria-expanded", "false");

  // `/h`: the shortcuts starting with it first, then those holding it.
  await composer.click();
  await composer.pressSequentially("/h");
  const list = pane.getByRole("listbox", { name: "預存回覆" });
  await expect(list).toBeVisible();
  await expect(composer).toHaveAttribute("aria-expanded", "true");
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
