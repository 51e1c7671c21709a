import type { Page } from "@playwright/test";
import { conversationList, expect, expectInbox, login, open, reload, rowName, shot, signOut, test } from "./helpers";

const VIEWS = ["pending-human", "pending-bot", "mine-open", "mine-closed", "team-open", "team-closed", "closed"];

/** Minutes in a waiting tooltip such as "已等候 2 小時 5 分鐘" or "Waiting 1 h 5 min". */
function waitedMinutes(title: string): number {
  const h = /(\d+)\s*(小時|h)/.exec(title);
  const m = /(\d+)\s*(分鐘|min)/.exec(title);
  return (h ? Number(h[1]) * 60 : 0) + (m ? Number(m[1]) : 0);
}

/** Picks an order in the list's sort menu and waits until the server has remembered it. */
async function pickSort(page: Page, label: string) {
  const saved = page.waitForResponse((r) => r.url().includes("/api/set_list_sort") && r.ok());
  await page.getByLabel("排序").selectOption({ label });
  await saved;
}

async function waits(page: Page) {
  // The first element of each row's link is the customer's avatar with its waiting ring.
  return conversationList(page).getByRole("listitem").evaluateAll((items) =>
    items.map((li) => {
      const avatar = li.querySelector("a > span");
      return { level: avatar?.getAttribute("data-wait") ?? null, title: avatar?.getAttribute("title") ?? "" };
    }),
  );
}

test("waiting styles show on seeded data and the overdue sort puts the longest wait first", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  // Overdue first: the longest waits lead, in order.
  const list = conversationList(page);
  await pickSort(page, "超時等候優先(等最久的在前)");
  await expect(page).toHaveURL(/sort=waiting/);
  await expect(list.getByRole("listitem").first().locator("[data-wait]")).toHaveAttribute("data-wait", "2h");
  // Load the whole list: every waiting level of the demo shows, with the waited time on hover.
  const more = page.getByRole("button", { name: "載入更多" });
  for (let i = 0; i < 30 && (await more.count()) > 0; i++) {
    await list.evaluate((ul) => ul.parentElement!.scrollBy(0, 100000));
    await page.waitForTimeout(400);
  }
  await expect(more).toHaveCount(0);
  for (const level of ["30m", "1h", "2h"]) {
    await expect(list.locator(`[data-wait="${level}"]`).first()).toBeVisible();
  }
  await expect(list.locator('[data-wait="2h"]').first()).toHaveAttribute("title", /顧客已等候 \d+ 小時/);
  const overdue = (await waits(page)).filter((w) => w.level !== null);
  const minutes = overdue.map((w) => waitedMinutes(w.title));
  expect(minutes.length).toBeGreaterThan(3);
  for (let i = 1; i < minutes.length; i++) expect(minutes[i - 1]).toBeGreaterThanOrEqual(minutes[i]);
  // The overdue rows come before every row that is not.
  const levels = (await waits(page)).map((w) => w.level);
  const firstCalm = levels.indexOf(null);
  if (firstCalm >= 0) expect(levels.slice(firstCalm).every((l) => l === null)).toBe(true);
  await shot(page, "sort-waiting-zh-TW");

  // Old → new reverses new → old, and the choice survives a reload.
  await pickSort(page, "最後訊息:新 → 舊");
  await expect(page).toHaveURL(/sort=newest/);
  const newestFirst = await rowName(list.getByRole("listitem").first());
  await pickSort(page, "最後訊息:舊 → 新");
  await expect(page).toHaveURL(/sort=oldest/);
  await reload(page);
  await expect(page.getByLabel("排序")).toHaveValue("oldest");
  const times = await list.locator("time").allTextContents();
  expect(times.length).toBeGreaterThan(1);
  const oldestFirst = await rowName(list.getByRole("listitem").first());
  expect(oldestFirst).not.toBe(newestFirst);

  // The choice is the member's: signed in again, with nothing in the address, the lists open in it.
  await signOut(page);
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  await expect(page).not.toHaveURL(/sort=/);
  await expect(page.getByLabel("排序")).toHaveValue("oldest");
  await expect.poll(() => rowName(list.getByRole("listitem").first())).toBe(oldestFirst);

  // Unread first: unread badges lead the list.
  await pickSort(page, "未讀優先(最新的在前)");
  await expect(page).toHaveURL(/sort=unread/);
  await expect(list.getByRole("listitem").first().getByLabel(/未讀/)).toBeVisible();
  // Back to the default order for the tests that follow.
  await pickSort(page, "逾時優先，再來未讀、最新");
  await expect(page).toHaveURL(/sort=priority/);
});

test("scrolling a long list loads the next page without repeating rows", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  await open(page, "/inbox/closed");
  const items = conversationList(page).getByRole("listitem");
  await expect(items).toHaveCount(25);
  await items.last().scrollIntoViewIfNeeded();
  await conversationList(page).evaluate((ul) => ul.parentElement!.scrollBy(0, 100000));
  await expect.poll(() => items.count()).toBeGreaterThanOrEqual(50);
  const hrefs = await items.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(new Set(hrefs).size).toBe(hrefs.length);
});

for (const [email, lang] of [["agent@demo.test", "zh-TW"], ["agent2@demo.test", "en"]] as const) {
  test(`every view renders for ${lang} (screenshots)`, async ({ page }) => {
    // A hydration mismatch panics the wasm: the `test` of helpers.ts fails on any page error.
    await login(page, email);
    await expectInbox(page);
    for (const view of VIEWS) {
      await open(page, `/inbox/${view}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator("main").getByText(/載入中|Loading/)).toHaveCount(0);
      await shot(page, `view-${view}-${lang}`);
    }
    // Open a conversation too (pane, profile, collaborators), then check nothing failed.
    await open(page, "/inbox/mine-open");
    await conversationList(page).getByRole("listitem").first().getByRole("link").click();
    await expect(page).toHaveURL(/\/inbox\/mine-open\/\d+/);
    await expect(page.getByRole("region", { name: /對話內容|Messages/ }).getByRole("heading").first()).toBeVisible();
    await shot(page, `pane-${lang}`);
  });
}

test("opening conversations and moving between views keeps the page and the list's scroll", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  const list = conversationList(page);
  const scroller = list.locator("xpath=..");
  const nav = page.getByRole("navigation", { name: "收件匣" });
  // Marks on the elements the browser shows now: a page drawn anew (blank while the session is
  // read again) or a list drawn anew would lose them.
  await scroller.evaluate((el) => ((el as any).kept = true));
  await nav.evaluate((el) => ((el as any).kept = true));
  await scroller.evaluate((el) => el.scrollBy(0, 500));
  const top = await scroller.evaluate((el) => el.scrollTop);
  expect(top).toBeGreaterThan(100);
  for (const n of [8, 10, 9]) {
    const row = list.getByRole("listitem").nth(n);
    const name = await rowName(row);
    await row.getByRole("link").click();
    await expect(page).toHaveURL(/\/inbox\/pending-human\/\d+/);
    await expect(page.getByRole("region", { name: "對話內容" }).getByRole("heading", { name })).toBeVisible();
    expect(await scroller.evaluate((el) => (el as any).kept)).toBe(true);
    expect(Math.abs((await scroller.evaluate((el) => el.scrollTop)) - top)).toBeLessThan(5);
    // Opening puts the cursor in the composer (Alt+J / Alt+K carry on through the list).
    await expect(page.getByRole("textbox", { name: "訊息內容" })).toBeFocused();
  }
  // Another view: the navigation stays as it is while the list changes.
  await nav.getByRole("link", { name: /^已結束/ }).first().click();
  await expect(page).toHaveURL(/\/inbox\/(mine-closed|closed)/);
  await expect(list.getByRole("listitem").first()).toBeVisible();
  expect(await nav.evaluate((el) => (el as any).kept)).toBe(true);
});
