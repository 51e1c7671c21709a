import { expect, expectInbox, login, shot, signOut, test } from "./helpers";

test("a member changes their password from the account page", async ({ page }) => {
  await login(page, "agent3@demo.test");
  await expectInbox(page);
  await page.getByRole("link", { name: "帳號設定" }).click();
  await expect(page.getByRole("heading", { name: "帳號設定" })).toBeVisible();
  await page.getByLabel("目前密碼").fill("demo1234");
  await page.getByLabel("新密碼", { exact: true }).fill("short");
  await page.getByLabel("再次輸入新密碼").fill("short");
  await page.getByRole("button", { name: "變更密碼" }).click();
  await expect(page.getByRole("alert")).toHaveText("新密碼至少需要 8 個字元。");
  await page.getByLabel("新密碼", { exact: true }).fill("a-longer-secret");
  await page.getByLabel("再次輸入新密碼").fill("a-longer-secret");
  await page.getByRole("button", { name: "變更密碼" }).click();
  await expect(page.getByRole("status")).toHaveText("密碼已變更，其他裝置上的登入已結束。");
  await shot(page, "account-zh-TW");
  await page.getByRole("link", { name: /回到收件匣/ }).click();
  await signOut(page);
  await login(page, "agent3@demo.test", "demo1234");
  await expect(page.getByRole("alert")).toContainText("不正確");
  await login(page, "agent3@demo.test", "a-longer-secret");
  await expectInbox(page);
});
