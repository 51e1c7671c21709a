import { conversationList, customerWrites, expect, expectInbox, login, open, shot, signOut, test } from "./helpers";

// The demo's LINE account (src/server/demo).
const LINE_BOT = "U5e1f0a2b3c4d5e6f708192a3b4c5d6e7";

function results(page: import("@playwright/test").Page, name: RegExp | string) {
  return page.getByRole("main").getByRole("list", { name });
}

test("an agent finds a conversation by a Chinese word with / and opens it; the link holds the search", async ({ page, baseURL }) => {
  // A customer writes on LINE: searchable as soon as it is stored.
  await customerWrites(baseURL!, "line", LINE_BOT, "U72000000000000000000000000000001", "測試 龔晏甄", "你好，我想問蝴蝶酥禮盒還有貨嗎？");
  await login(page, "agent@demo.test");
  await expectInbox(page);

  // `/` anywhere outside a text field goes to the search box.
  await page.getByRole("heading", { level: 1 }).first().click();
  await page.keyboard.press("/");
  const box = page.getByRole("searchbox", { name: "搜尋對話" });
  await expect(box).toBeFocused();
  await box.fill("蝴蝶酥");
  await box.press("Enter");
  await expect(page).toHaveURL(/[?&]q=%E8%9D%B4%E8%9D%B6%E9%85%A5/);
  const found = results(page, "搜尋結果");
  await expect(found.getByRole("listitem")).toHaveCount(1);
  const hit = found.getByRole("listitem").first();
  await expect(hit).toContainText("測試 龔晏甄");
  await expect(hit.locator("mark")).toHaveText("蝴蝶酥");
  await expect(hit).toContainText("「訊息」");
  await expect(hit).toContainText("待處理");

  // Opening it opens the pane; the results stay beside it and the address keeps the search.
  await hit.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/inbox\/pending-human\/\d+\?q=/);
  const pane = page.getByRole("region", { name: "對話內容" });
  await expect(pane.getByRole("heading", { name: "測試 龔晏甄" })).toBeVisible();
  await expect(found.getByRole("listitem")).toHaveCount(1);
  await shot(page, "search-result-open-zh-TW");

  // The address alone brings the same results back (a shared link, a reload).
  const url = page.url();
  await open(page, url);
  await expect(results(page, "搜尋結果").getByRole("listitem").first()).toContainText("測試 龔晏甄");
  await expect(page.getByRole("searchbox", { name: "搜尋對話" })).toHaveValue("蝴蝶酥");

  // One character, two characters: found without spaces, in names and in messages.
  for (const word of ["甄", "禮盒"]) {
    await box.fill(word);
    await box.press("Enter");
    await expect(results(page, "搜尋結果").getByRole("listitem").filter({ hasText: "測試 龔晏甄" }).first()).toBeVisible();
  }
  // Nothing matches: it says so.
  await box.fill("完全不存在的詞彙組合");
  await box.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "找不到符合的對話" })).toBeVisible();

  // Esc leaves the search: the view's list is back and the address has no search.
  await box.focus();
  await box.press("Escape");
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(conversationList(page).getByRole("listitem").first()).toBeVisible();
});

test("a supervisor narrows a search with the filter panel; an English-speaking agent uses a field chip", async ({ page, baseURL }) => {
  await customerWrites(baseURL!, "line", LINE_BOT, "U72000000000000000000000000000002", "測試 閔子騫", "Do you ship to Macau?");
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  const box = page.getByRole("searchbox", { name: "搜尋對話" });
  await box.fill("訂單");
  await page.getByRole("button", { name: /^篩選/ }).click();
  const panel = page.getByRole("region", { name: "搜尋條件" }).or(page.getByRole("dialog", { name: "搜尋條件" }));
  await expect(panel).toBeVisible();
  await panel.getByRole("checkbox", { name: "已結束" }).check();
  await shot(page, "search-filters-zh-TW");
  await panel.getByRole("button", { name: "套用" }).click();
  await expect(page).toHaveURL(/status=closed/);
  const found = results(page, "搜尋結果");
  await expect(found.getByRole("listitem").first()).toBeVisible();
  const n = await found.getByRole("listitem").count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < Math.min(n, 10); i++) {
    const item = found.getByRole("listitem").nth(i);
    await expect(item).toContainText("已結束");
    await expect(item.locator("mark").first()).toHaveText("訂單");
  }
  await expect(page.getByRole("button", { name: "篩選（1）" })).toBeVisible();
  await shot(page, "search-results-zh-TW");

  // The same supervisor in English: the conversations agents own, whatever they say.
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("searchbox", { name: "Search conversations" }).fill("");
  await page.getByRole("button", { name: /^Filters/ }).click();
  const enPanel = page.getByRole("region", { name: "Search filters" }).or(page.getByRole("dialog", { name: "Search filters" }));
  await enPanel.getByRole("button", { name: "Clear filters" }).click();
  await expect(enPanel).toBeHidden();
  await page.getByRole("button", { name: /^Filters/ }).click();
  await enPanel.getByRole("checkbox", { name: "Agent", exact: true }).check();
  await shot(page, "search-filters-en");
  await enPanel.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/role=agent/);
  await expect(page).not.toHaveURL(/status=closed/);
  await expect(results(page, "Search results").getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Filters (1)" })).toBeVisible();
  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page.getByRole("searchbox", { name: "搜尋對話" })).toBeVisible();
  await signOut(page);

  // Emily (English UI): the Name chip, then a name.
  await login(page, "agent2@demo.test");
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  const enBox = page.getByRole("searchbox", { name: "Search conversations" });
  await page.getByRole("button", { name: /^Filters/ }).click();
  await page.getByRole("button", { name: "Name name:" }).click();
  await expect(enBox).toHaveValue("name:");
  await enBox.pressSequentially("閔子騫");
  await enBox.press("Enter");
  await expect(page).toHaveURL(/[?&]q=name:/);
  const enFound = results(page, "Search results");
  await expect(enFound.getByRole("listitem").first()).toContainText("測試 閔子騫");
  await expect(enFound.getByRole("listitem").first()).toContainText("Name:");
  await shot(page, "search-results-en");
});
