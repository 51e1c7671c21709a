import { test as base, expect, type Locator, type Page } from "@playwright/test";
import * as fs from "node:fs";

export { expect };

/** Playwright's `test`, failing any test whose page throws (a wasm panic breaks the page). */
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    const logged: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // A wasm panic logs its message and place (console_error_panic_hook) before it throws.
    page.on("console", (m) => {
      if (m.type() === "error") logged.push(m.text());
    });
    await use(page);
    expect(errors, `errors thrown in the page; console errors:\n${logged.join("\n")}`).toEqual([]);
  },
});

/** Waits until the wasm has taken over the page (lib.rs marks `<html data-hydrated>`):
 * a click or scroll before then reaches plain HTML and is lost. */
export async function hydrated(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Loads `url` and waits until it answers clicks. */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

/** Reloads and waits until the page answers clicks. */
export async function reload(page: Page) {
  await page.reload();
  await hydrated(page);
}

export const PASSWORD = "demo1234";
export const DEMO_LOGINS = [
  "admin@demo.test",
  "supervisor@demo.test",
  "csmanager@demo.test",
  "agent@demo.test",
  "agent2@demo.test",
  "salesmanager@demo.test",
  "salesrep@demo.test",
];

/** Signs in through the login form, in whatever language the page shows. */
export async function login(page: Page, email: string, password = PASSWORD) {
  await open(page, "/login");
  await page.getByLabel(/電子郵件|Email/).fill(email);
  await page.getByLabel(/密碼|Password/).fill(password);
  await page.getByRole("button", { name: /^(登入|Sign in)$/ }).click();
}

/** The conversation list of the open view. */
export function conversationList(page: Page) {
  return page.getByRole("main").getByRole("list", { name: /對話列表|Conversations/ });
}

export async function expectInbox(page: Page) {
  await expect(page).toHaveURL(/\/inbox\/pending-human/);
  await expect(conversationList(page).getByRole("listitem").first()).toBeVisible();
  await hydrated(page);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /^(登出|Sign out)$/ }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Saves a screenshot under end2end/screenshots/ for people to look at. */
export async function shot(page: Page, name: string) {
  fs.mkdirSync("screenshots", { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: false });
}

/** The customer name of a list row, read from its selector's accessible name ("選取 王小明"). */
export async function rowName(row: Locator): Promise<string> {
  const label = await row.getByRole("checkbox").getAttribute("aria-label");
  return label!.replace(/^(選取|Select) /, "");
}

/** The status of the conversation open in `pane` ("處理中"). */
export function conversationStatus(pane: Locator) {
  return pane.getByRole("status", { name: /^(對話狀態|Conversation status)$/ });
}

/** The fake platforms' origin (playwright.config.ts starts them; the demo's channels send there). */
export const FAKE = `http://127.0.0.1:${Number(process.env.E2E_FAKE_PORT ?? 3190)}`;

/** A customer writes in on a demo channel: the fake platform posts the signed webhook.
 *  `text` may be `{ image: id }`: a picture the fake platform serves (a generated PNG). */
export async function customerWrites(
  baseURL: string,
  kind: "messenger" | "instagram" | "whatsapp" | "line",
  accountId: string,
  senderId: string,
  senderName: string,
  text: string | { image: string },
) {
  const res = await fetch(`${FAKE}/_fake/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      kind,
      account_id: accountId,
      sender_id: senderId,
      sender_name: senderName,
      ...(typeof text === "string" ? { text } : { image: text.image }),
      webhook_url: `${baseURL}/webhooks/${kind}/demo-${kind}`,
      secret: `demo-${kind}-secret`,
    }),
  });
  expect(res.status, await res.text()).toBe(200);
}
