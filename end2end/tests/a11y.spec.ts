import AxeBuilder from "@axe-core/playwright";
import { conversationList, expect, expectInbox, login, open, type Page, test } from "./helpers";

/** Runs axe-core (WCAG 2.1 A and AA rules) on what the page shows now and fails on any serious
 *  or critical violation, naming each rule and the elements it found. */
async function scan(page: Page, what: string) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const found = bad.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.slice(0, 6).map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.split("\n")[1] ?? ""}`).join("\n"),
  );
  expect.soft(found, `${what}: accessibility violations`).toEqual([]);
}

test("the sign-in page has no serious accessibility violations", async ({ page }) => {
  await open(page, "/login");
  await scan(page, "login");
});

test("the inbox, a conversation, its dialogs and the member's pages have no serious accessibility violations", async ({ page }) => {
  await login(page, "admin@demo.test");
  await expectInbox(page);
  await scan(page, "pending list");
  // A row's name says how long the customer has waited and how many messages are unread.
  const unread = conversationList(page).getByRole("listitem").filter({ has: page.locator('[aria-label$=" 未讀"]') }).first();
  await expect(unread.getByRole("link")).toHaveAccessibleName(/\d+ 未讀/);
  await expect(conversationList(page).getByRole("listitem").first().getByRole("link")).toHaveAccessibleName(/等候 \d+ 小時 \d+ 分/);
  await conversationList(page).getByRole("listitem").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/inbox\/pending-human\/\d+/);
  await expect(page.getByRole("region", { name: "對話內容" }).getByRole("heading", { level: 2 })).toBeVisible();
  await scan(page, "open conversation");
  await page.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "跟進" }).click();
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
  await scan(page, "conversation in progress");
  await page.getByRole("group", { name: "對話操作" }).getByRole("button", { name: "移轉" }).click();
  await expect(page.getByRole("dialog", { name: "移轉對話" }).getByRole("radio").first()).toBeVisible();
  await scan(page, "transfer dialog");
  await page.keyboard.press("Escape");
  await page.getByRole("heading", { level: 1 }).first().click();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "鍵盤快速鍵" })).toBeVisible();
  await scan(page, "shortcuts");
  await page.keyboard.press("Escape");
  await open(page, "/inbox/closed");
  await expect(conversationList(page).getByRole("listitem").first()).toBeVisible();
  await scan(page, "closed list");
  await open(page, "/inbox/pending-human?q=%E8%A8%82%E5%96%AE");
  await expect(page.getByRole("main").getByRole("list", { name: "搜尋結果" })).toBeVisible();
  await scan(page, "search results");
  for (const path of ["/replies", "/account", "/members", "/tags", "/audit", "/channels", "/bot"]) {
    await open(page, path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await scan(page, path);
  }
});

test("the phone layout has no serious accessibility violations", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await scan(page, "phone list");
  await conversationList(page).getByRole("listitem").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/inbox\/pending-human\/\d+/);
  await scan(page, "phone conversation");
});
