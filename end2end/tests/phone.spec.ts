// The inbox on a phone (390 × 844) and a portrait tablet (768 × 1024): one column, the
// navigation in a drawer, the list, then the conversation with a back button; touch targets of
// 44 px; the composer inside the screen; batch selection by tapping. And the desktop (1280 ×
// 800) as it was. Screenshots go to $SHOTS_DIR (default end2end/screenshots).
import type { Locator, Page } from "@playwright/test";
import * as fs from "node:fs";
import { conversationList, conversationStatus, expect, expectInbox, login, reload, rowName, test } from "./helpers";

const SHOTS = process.env.SHOTS_DIR ?? "screenshots";

async function snap(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

/** The words the flow looks for, in the member's language. */
const WORDS = {
  en: {
    menu: "Open the menu", drawer: "Menu", closeMenu: "Close the menu", nav: "Inbox",
    pendingBot: /^Bot/, pendingHuman: /^Human/, back: "Back to the list", pane: "Messages",
    actions: "Conversation actions", followUp: "Follow up", inProgress: "In progress",
    message: "Message", send: "Send", showProfile: "Show the customer profile",
    hideProfile: "Hide the customer profile", profile: "Customer profile",
    bar: "Batch actions", selected: "2 selected", clear: "Clear selection", mine: "Mine · In progress",
  },
  zh: {
    menu: "開啟選單", drawer: "選單", closeMenu: "關閉選單", nav: "收件匣",
    pendingBot: /^機器人/, pendingHuman: /^真人客服/, back: "返回對話列表", pane: "對話內容",
    actions: "對話操作", followUp: "跟進", inProgress: "處理中",
    message: "訊息內容", send: "送出", showProfile: "顯示顧客資料",
    hideProfile: "收合顧客資料", profile: "顧客資料",
    bar: "批量操作", selected: "已選取 2 則", clear: "取消選取", mine: "我的跟進事件 · 處理中",
  },
};
type Words = (typeof WORDS)["en"] | (typeof WORDS)["zh"];

/** What Tab can reach (as the app's focus trap counts it). */
const FOCUSABLE =
  "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/** Fails unless `target` is at least 44 × 44 px. */
async function expectTouchSize(target: Locator) {
  const box = (await target.boundingBox())!;
  expect(box.height, "touch target height").toBeGreaterThanOrEqual(44);
  expect(box.width, "touch target width").toBeGreaterThanOrEqual(44);
}

/** Fails unless `target` lies wholly inside the page's viewport. */
async function expectOnScreen(page: Page, target: Locator) {
  const box = (await target.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  expect(box.y + box.height).toBeLessThanOrEqual(height);
}

/** The main flow on a narrow screen, as a member taps through it. */
async function phoneFlow(page: Page, w: Words, size: string, email: string, rowIndex: number) {
  await login(page, email);
  await expectInbox(page);
  // The inbox page itself hydrates at this size too (the sign-in lands on it in the browser).
  await reload(page);
  const { width } = page.viewportSize()!;

  // One column: the list fills the screen, the navigation is shut away.
  const list = conversationList(page);
  await expect(page.getByRole("navigation", { name: w.nav })).toBeHidden();
  const listBox = (await list.boundingBox())!;
  expect(listBox.width).toBeGreaterThan(width - 20);
  const menu = page.getByRole("button", { name: w.menu });
  await expectTouchSize(menu);
  await snap(page, `${size}-list`);

  // The drawer: the focus moves in; Escape closes it and gives the focus back.
  await menu.tap();
  const drawer = page.getByRole("dialog", { name: w.drawer });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole("button", { name: w.closeMenu })).toBeFocused();
  await expect(drawer.getByRole("navigation", { name: w.nav })).toBeVisible();
  await snap(page, `${size}-drawer`);
  // Tab stays inside the open drawer: Shift+Tab on its first control goes to its last, Tab
  // there to the first.
  const where = () =>
    drawer.evaluate((d, sel) => {
      const all = [...d.querySelectorAll<HTMLElement>(sel)].filter((e) => e.offsetWidth > 0 || e.offsetHeight > 0);
      const i = all.indexOf(document.activeElement as HTMLElement);
      return i < 0 ? "outside" : i === 0 ? "first" : i === all.length - 1 ? "last" : "between";
    }, FOCUSABLE);
  await drawer.evaluate((d, sel) => d.querySelector<HTMLElement>(sel)!.focus(), FOCUSABLE);
  await expect.poll(where).toBe("first");
  await page.keyboard.press("Shift+Tab");
  await expect.poll(where).toBe("last");
  await page.keyboard.press("Tab");
  await expect.poll(where).toBe("first");
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();
  // A tap beside it (on the backdrop) closes it too.
  await menu.tap();
  await expect(drawer).toBeVisible();
  await page.touchscreen.tap(width - 10, 500);
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  // Go to a view and back through the drawer; its links are touch-sized.
  await menu.tap();
  const bot = drawer.getByRole("link", { name: w.pendingBot });
  await expectTouchSize(bot);
  await bot.tap();
  await expect(page).toHaveURL(/\/inbox\/pending-bot/);
  await expect(drawer).toBeHidden();
  await menu.tap();
  await drawer.getByRole("link", { name: w.pendingHuman }).tap();
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  await expect(list.getByRole("listitem").first()).toBeVisible();

  // Open a pending conversation: the pane alone, with a back button.
  // By its name: the list may reorder under a live change between reading and tapping.
  const name = await rowName(list.getByRole("listitem").nth(rowIndex));
  await list.getByRole("listitem").filter({ hasText: name }).first().getByRole("link").tap();
  await expect(page).toHaveURL(/\/inbox\/pending-human\/\d+/);
  const pane = page.getByRole("region", { name: w.pane });
  await expect(pane.getByRole("heading", { name })).toBeVisible();
  await expect(list).toBeHidden();
  const back = pane.getByRole("link", { name: w.back });
  await expectTouchSize(back);

  // The profile as a sheet, and back.
  const showProfile = pane.getByRole("button", { name: w.showProfile });
  await showProfile.tap();
  const profile = page.getByRole("complementary", { name: w.profile });
  await expect(profile).toBeVisible();
  await expect(page.getByRole("button", { name: w.hideProfile })).toBeFocused();
  await expectOnScreen(page, profile);
  await snap(page, `${size}-profile`);
  await page.keyboard.press("Escape");
  await expect(profile).toBeHidden();
  await expect(showProfile).toBeFocused();

  // Follow up: the status changes and the address follows it to Mine.
  const actions = pane.getByRole("group", { name: w.actions });
  const followUp = actions.getByRole("button", { name: w.followUp });
  await expectTouchSize(followUp);
  await followUp.tap();
  await expect(conversationStatus(pane)).toHaveText(w.inProgress);
  await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);

  // Reply: the composer is inside the screen, its Send button touch-sized.
  const box = page.getByRole("textbox", { name: w.message, exact: true });
  const send = page.getByRole("button", { name: w.send, exact: true });
  await expectOnScreen(page, box);
  await expectOnScreen(page, send);
  await expectTouchSize(send);
  await box.tap();
  const text = `${size} reply ✓`;
  await box.fill(text);
  await send.tap();
  const thread = pane.getByRole("list", { name: w.pane });
  await expect(thread.getByRole("listitem").filter({ hasText: text })).toBeVisible();
  await expect(box).toHaveValue("");
  await expectOnScreen(page, box);
  await snap(page, `${size}-conversation`);

  // Back to the list of the same view (Mine · In progress now).
  await back.tap();
  await expect(page).toHaveURL(/\/inbox\/mine-open(\?|$)/);
  await expect(list).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: w.mine })).toBeVisible();

  // Batch selection by tapping: one selector on itself, one beside its round (inside its
  // 44 px hit area), and the bar fits the screen.
  const rows = list.getByRole("listitem");
  await expect(rows.nth(1)).toBeVisible();
  const first = rows.nth(0).getByRole("checkbox");
  const second = rows.nth(1).getByRole("checkbox");
  await first.tap();
  const round = (await second.boundingBox())!;
  await page.touchscreen.tap(round.x + round.width / 2 - 15, round.y + round.height / 2 + 12);
  await expect(first).toBeChecked();
  await expect(second).toBeChecked();
  const bar = page.getByRole("toolbar", { name: w.bar });
  await expect(bar).toContainText(w.selected);
  await expectOnScreen(page, bar);
  for (const button of await bar.getByRole("button").all()) {
    await expectOnScreen(page, button);
    await expectTouchSize(button);
  }
  await snap(page, `${size}-batch`);
  await bar.getByRole("button", { name: w.clear }).tap();
  await expect(bar).toBeHidden();
  await expect(first).not.toBeChecked();
}

test.describe("on a phone (390 × 844)", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("an agent works the inbox by touch: drawer, list, conversation, reply, back, batch selection", async ({ page }) => {
    await phoneFlow(page, WORDS.en, "390x844", "agent2@demo.test", 6);
  });
});

test.describe("on a portrait tablet (768 × 1024)", () => {
  test.use({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });

  test("the same flow in one column", async ({ page }) => {
    await phoneFlow(page, WORDS.zh, "768x1024", "agent@demo.test", 7);
  });
});

test.describe("on a desktop (1280 × 800)", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the three panes stay: no menu, no back button, the list beside the conversation", async ({ page }) => {
    const w = WORDS.zh;
    await login(page, "agent@demo.test");
    await expectInbox(page);
    await expect(page.getByRole("navigation", { name: w.nav })).toBeVisible();
    await expect(page.getByRole("button", { name: w.menu })).toBeHidden();
    const list = conversationList(page);
    await list.getByRole("listitem").first().getByRole("link").click();
    const pane = page.getByRole("region", { name: w.pane });
    await expect(pane.getByRole("heading").first()).toBeVisible();
    await expect(list).toBeVisible();
    await expect(pane.getByRole("link", { name: w.back })).toBeHidden();
    await expect(pane.getByRole("button", { name: w.showProfile })).toBeHidden();
    await expect(page.getByRole("complementary", { name: w.profile })).toBeVisible();
    await snap(page, "1280x800-inbox");
  });
});
