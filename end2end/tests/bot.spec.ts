// The bot's settings page (issue 14): keyword rules, tested before they are saved, a flow a
// rule starts, and the simulator, in both languages. It runs in the `inbox` project, on the demo
// server the other tests share: it adds one rule and one flow of its own (names and a keyword
// no demo rule has), deletes them at the end, and does not count on how many rules or flows
// the demo has.
import { type Page } from "@playwright/test";
import { expect, expectInbox, hydrated, login, open, shot, test } from "./helpers";

const TAG = `e2e${Date.now().toString(36)}`;
const NAME = `運費 ${TAG}`;
const REPLY = `運費一律 60 元，滿 1000 元免運（${TAG}）`;
const FLOW = `運費選單 ${TAG}`;
const MENU = "請選擇想了解的項目：";

/** The names of the rules, in their order. */
async function ruleNames(page: Page, list: string) {
  return page.getByRole("list", { name: list }).getByRole("heading", { level: 3 }).allInnerTexts();
}

test.describe.configure({ mode: "serial" });

test("a supervisor adds a keyword rule, tests it before saving, and runs the simulator", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  // Next to the channel settings, for the roles that manage the bot.
  const admin = page.getByRole("navigation", { name: "收件匣" }).getByRole("link");
  await expect(admin.filter({ hasText: /^(渠道設定|自動回覆)$/ })).toHaveText(["渠道設定", "自動回覆"]);
  await page.getByRole("link", { name: "自動回覆" }).click();
  await expect(page).toHaveURL(/\/bot$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("自動回覆");
  await expect(page.getByRole("heading", { name: "關鍵字規則" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "機器人流程" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "機器人設定" })).toBeVisible();
  const before = await ruleNames(page, "關鍵字規則").catch(() => [] as string[]);

  // A new rule: a refusal names its field first.
  await page.getByRole("button", { name: "新增規則" }).click();
  const dialog = page.getByRole("dialog", { name: "新增規則" });
  await expect(dialog.getByLabel("規則名稱")).toBeFocused();
  await dialog.getByRole("button", { name: "儲存", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("請輸入名稱。");
  await expect(dialog.getByLabel("規則名稱")).toBeFocused();

  await dialog.getByLabel("規則名稱").fill(NAME);
  const keywords = dialog.getByLabel("關鍵字", { exact: true });
  await keywords.fill(`運費，${TAG}`);
  // The keywords as they will be read, while typed.
  await expect(dialog.getByText("將比對：")).toBeVisible();
  await expect(dialog.getByText(TAG, { exact: true })).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "包含" })).toBeChecked();
  await expect(dialog.getByRole("radio", { name: "全部渠道（包括日後連接的渠道）" })).toBeChecked();
  await dialog.getByLabel("第 1 則訊息", { exact: true }).fill(REPLY);
  await dialog.getByRole("button", { name: "新增按鈕" }).click();
  await dialog.getByLabel("按鈕 1 文字").fill("找專人");
  await dialog.getByLabel("按鈕 1 連到").selectOption({ label: "轉真人客服" });

  // Tested before it is saved: some rule about shipping answers, and the conversation stays with the bot.
  const test_ = dialog.getByRole("region", { name: "儲存前測試" });
  await test_.getByLabel("顧客訊息").fill("請問運費多少");
  await test_.getByRole("button", { name: "測試", exact: true }).click();
  const tried = test_.getByRole("region", { name: "試算結果" });
  await expect(tried).toContainText("待處理 · 機器人");
  await expect(tried).toContainText(/規則 \d+「.+」已回覆/);
  // Its own keyword: this rule, as edited, answers with its reply and its button.
  await test_.getByLabel("顧客訊息").fill(`請問 ${TAG} 怎麼算`);
  await test_.getByRole("button", { name: "測試", exact: true }).click();
  await expect(tried).toContainText(`「${NAME}」已回覆`);
  await expect(tried).toContainText(REPLY);
  await expect(tried.getByRole("list", { name: "按鈕" })).toHaveText("找專人");
  await expect(tried).toContainText("僅為試算，沒有傳送任何訊息。");
  await tried.scrollIntoViewIfNeeded();
  await shot(page, "bot-rule-editor-zh-TW");

  await dialog.getByRole("button", { name: "儲存", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  const rules = page.getByRole("list", { name: "關鍵字規則" });
  const item = rules.getByRole("listitem", { name: NAME, exact: true });
  await expect(item).toBeVisible();
  await expect(item.getByRole("list", { name: "關鍵字" }).getByRole("listitem")).toHaveText(["運費", TAG]);
  await expect(item).toContainText("包含 · 全部渠道");
  await expect(item).toContainText(REPLY);
  const names = await ruleNames(page, "關鍵字規則");
  expect(names).toEqual([...before, NAME]);
  await shot(page, "bot-rules-zh-TW");

  // Moved up one place (when there is a rule above it).
  if (before.length > 0) {
    await item.getByRole("button", { name: `上移「${NAME}」` }).click();
    await expect.poll(() => ruleNames(page, "關鍵字規則")).toEqual([
      ...before.slice(0, -1),
      NAME,
      before[before.length - 1],
    ]);
  }

  // The simulator: asking for a person goes to a person, and the bot says nothing.
  const sim = page.getByRole("region", { name: "模擬器" });
  await sim.getByLabel("顧客訊息").fill("我要找真人");
  await expect(sim.getByLabel("對話目前")).toHaveValue("New");
  await sim.getByRole("button", { name: "試算" }).click();
  const found = sim.getByRole("region", { name: "試算結果" });
  await expect(found).toContainText("顧客要求真人客服");
  await expect(found).toContainText("待處理 · 真人客服");
  await expect(found).toContainText("機器人不會回覆。");
  await shot(page, "bot-simulator-zh-TW");

  // Switched off, the rule no longer answers its own keyword.
  const toggle = item.getByRole("switch", { name: `啟用規則「${NAME}」` });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(rules.getByRole("listitem", { name: NAME, exact: true }).getByRole("switch")).not.toBeChecked();
  await sim.getByLabel("顧客訊息").fill(`請問 ${TAG} 怎麼算`);
  await sim.getByRole("button", { name: "試算" }).click();
  await expect(found).toContainText("待處理 · 真人客服");
  await expect(found).not.toContainText(NAME);
  await rules.getByRole("listitem", { name: NAME, exact: true }).getByRole("switch").check();
  await expect(rules.getByRole("listitem", { name: NAME, exact: true }).getByRole("switch")).toBeChecked();
  await sim.getByRole("button", { name: "試算" }).click();
  await expect(found).toContainText(`「${NAME}」已回覆`);
  await expect(found).toContainText("待處理 · 機器人");
  await expect(found).toContainText(REPLY);

  // The settings refuse an hourly limit out of range, under its field, before sending it.
  const limit = page.getByLabel("每個對話每小時自動回覆上限");
  const was = await limit.inputValue();
  await limit.fill("0");
  await page.getByRole("region", { name: "機器人設定" }).getByRole("button", { name: "儲存" }).click();
  await expect(page.getByRole("region", { name: "機器人設定" }).getByRole("alert")).toHaveText(
    "每小時自動回覆上限須介於 1 到 100。",
  );
  await limit.fill(was);
});

test("a supervisor builds a flow, a rule starts it, and the flow cannot be deleted while in use", async ({ page }) => {
  await login(page, "supervisor@demo.test");
  await expectInbox(page);
  await open(page, "/bot");
  await page.getByRole("button", { name: "新增流程" }).click();
  const dialog = page.getByRole("dialog", { name: "新增流程" });
  await expect(dialog.getByLabel("流程名稱")).toBeFocused();
  await dialog.getByLabel("流程名稱").fill(FLOW);
  await expect(dialog.getByRole("radio", { name: "不作為歡迎訊息" })).toBeChecked();
  const first = dialog.getByRole("group", { name: "步驟 1", exact: true });
  await first.getByLabel("步驟 1 的訊息").fill(MENU);
  await dialog.getByRole("button", { name: "新增步驟" }).click();
  const second = dialog.getByRole("group", { name: "步驟 2", exact: true });
  await second.getByLabel("步驟 2 的訊息").fill("單筆訂單滿 1000 元免運，未滿收 60 元。");
  await second.getByRole("button", { name: "新增按鈕" }).click();
  await second.getByLabel("按鈕 1 文字").fill("找真人");
  await expect(second.getByLabel("按鈕 1 連到")).toHaveValue("person");
  // A button of the first step leads to the second.
  await first.getByRole("button", { name: "新增按鈕" }).click();
  await first.getByLabel("按鈕 1 文字").fill("運費說明");
  await first.getByLabel("按鈕 1 連到").selectOption({ label: "步驟 2" });
  await shot(page, "bot-flow-editor-zh-TW");
  await dialog.getByRole("button", { name: "儲存", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  const flow = page.getByRole("list", { name: "機器人流程" }).getByRole("listitem", { name: FLOW, exact: true });
  await expect(flow).toContainText("2 個步驟");
  await expect(flow).toContainText(MENU);

  // The rule starts the flow instead of replying.
  const rules = page.getByRole("list", { name: "關鍵字規則" });
  const item = rules.getByRole("listitem", { name: NAME, exact: true });
  await item.getByRole("button", { name: `編輯「${NAME}」` }).click();
  const edit = page.getByRole("dialog", { name: "編輯規則" });
  await expect(edit.getByLabel("第 1 則訊息", { exact: true })).toHaveValue(REPLY);
  await edit.getByRole("radio", { name: "啟動流程" }).check();
  await edit.getByLabel("要啟動的流程").selectOption({ label: FLOW });
  await expect(edit.getByLabel("第 1 則訊息", { exact: true })).toHaveCount(0);
  await edit.getByRole("button", { name: "儲存", exact: true }).click();
  await expect(edit).toHaveCount(0);
  await expect(item).toContainText(`啟動流程「${FLOW}」`);
  await expect(flow).toContainText(`由規則啟動：${NAME}`);

  const sim = page.getByRole("region", { name: "模擬器" });
  await sim.getByLabel("顧客訊息").fill(`${TAG} 怎麼算`);
  await sim.getByRole("button", { name: "試算" }).click();
  const found = sim.getByRole("region", { name: "試算結果" });
  await expect(found).toContainText(`「${NAME}」已回覆`);
  await expect(found).toContainText("待處理 · 機器人");
  await expect(found).toContainText(MENU);
  await expect(found.getByRole("list", { name: "按鈕" })).toHaveText("運費說明");

  // In use: the server refuses to delete it, and says why.
  await flow.getByRole("button", { name: `刪除「${FLOW}」` }).click();
  const confirm = page.getByRole("dialog", { name: "刪除流程" });
  await expect(confirm.getByRole("button", { name: "取消" })).toBeFocused();
  await confirm.getByRole("button", { name: "刪除", exact: true }).click();
  await expect(confirm.getByRole("alert").last()).toHaveText("仍有按鈕或規則使用它，請先移除。");
  await confirm.getByRole("button", { name: "取消" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(flow).toBeVisible();
});

test("the bot's page and simulator in English; the rule is deleted", async ({ page }) => {
  await login(page, "csmanager@demo.test");
  await expectInbox(page);
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("link", { name: "Auto-replies" }).click();
  await expect(page).toHaveURL(/\/bot$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Auto-replies");
  const rules = page.getByRole("list", { name: "Keyword rules" });
  const item = rules.getByRole("listitem", { name: NAME, exact: true });
  await expect(item).toContainText("Contains · All channels");
  await expect(item).toContainText(`Starts the flow “${FLOW}”`);
  await expect(item.getByRole("switch", { name: `Rule “${NAME}” on` })).toBeChecked();
  await expect(page.getByRole("heading", { name: "Bot flows" })).toBeVisible();
  await expect(page.getByLabel("Words that ask for a person")).toBeVisible();
  await shot(page, "bot-rules-en");

  // The editor opens on the rule as saved, takes the focus, and Escape closes it.
  await item.getByRole("button", { name: `Edit “${NAME}”` }).click();
  const dialog = page.getByRole("dialog", { name: "Edit the rule" });
  await expect(dialog.getByLabel("Rule name")).toBeFocused();
  await expect(dialog.getByLabel("Rule name")).toHaveValue(NAME);
  await expect(dialog.getByLabel("Keywords", { exact: true })).toHaveValue(`運費\n${TAG}`);
  await expect(dialog.getByRole("radio", { name: "Start a flow" })).toBeChecked();
  await expect(dialog.getByLabel("Flow to start").getByRole("option", { name: FLOW, selected: true })).toHaveCount(1);
  await dialog.getByRole("radio", { name: "Only at these times" }).check();
  await expect(dialog.getByRole("checkbox", { name: "Mon" })).toBeChecked();
  await expect(dialog.getByLabel("From", { exact: true })).toHaveValue("09:00");
  const test_ = dialog.getByRole("region", { name: "Test before saving" });
  await test_.getByLabel("Customer's message").fill(`How much is ${TAG}?`);
  await test_.getByRole("button", { name: "Test", exact: true }).click();
  const tried = test_.getByRole("region", { name: "Result" });
  await expect(tried).toContainText(/Pending · (Bot|Human)/);
  await expect(tried).toContainText("A trial only: nothing was sent.");
  await tried.scrollIntoViewIfNeeded();
  await shot(page, "bot-rule-editor-en");
  await dialog.getByLabel("Rule name").focus();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  // Nothing was saved: the rule still answers at any time.
  await expect(item).not.toContainText("Mon");

  const sim = page.getByRole("region", { name: "Simulator" });
  await sim.getByLabel("Customer's message").fill(`How much is ${TAG}?`);
  await sim.getByLabel("The conversation is").selectOption({ label: "With the bot" });
  await sim.getByRole("button", { name: "Run" }).click();
  const found = sim.getByRole("region", { name: "Result" });
  await expect(found).toContainText(`“${NAME}” replied`);
  await expect(found).toContainText("Pending · Bot");
  await expect(found).toContainText(MENU);
  await expect(found.getByRole("list", { name: "Buttons" })).toHaveText("運費說明");
  await sim.getByLabel("Customer's message").fill("我要找真人");
  await sim.getByRole("button", { name: "Run" }).click();
  await expect(found).toContainText("Customer asked for a person");
  await expect(found).toContainText("Pending · Human");
  await expect(found).toContainText("The bot says nothing.");
  await shot(page, "bot-simulator-en");

  // Deleted, after a confirmation: the demo's rules are as they were.
  await item.getByRole("button", { name: `Delete “${NAME}”` }).click();
  const confirm = page.getByRole("dialog", { name: "Delete the rule" });
  await expect(confirm).toContainText(NAME);
  await expect(confirm.getByRole("alert")).toHaveText("This cannot be undone.");
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(item).toHaveCount(0);
  // Its flow, no longer in use, goes too.
  const flow = page.getByRole("list", { name: "Bot flows" }).getByRole("listitem", { name: FLOW, exact: true });
  await flow.getByRole("button", { name: `Delete “${FLOW}”` }).click();
  const confirmFlow = page.getByRole("dialog", { name: "Delete the flow" });
  await confirmFlow.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(confirmFlow).toHaveCount(0);
  await expect(flow).toHaveCount(0);

  // Back to Chinese for the other tests.
  await open(page, "/inbox/pending-human");
  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page.getByRole("navigation", { name: "收件匣" })).toBeVisible();
});

test("an agent has no auto-replies link, and the page refuses them", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await expect(page.getByRole("link", { name: "自動回覆" })).toHaveCount(0);
  await open(page, "/bot");
  await expect(page.getByRole("alert")).toHaveText("您的角色無法執行此操作。");
  await expect(page.getByRole("list", { name: "關鍵字規則" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "新增規則" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "模擬器" })).toHaveCount(0);
  await shot(page, "bot-agent-zh-TW");
});
