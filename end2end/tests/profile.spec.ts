import { conversationList, expect, expectInbox, login, open, reload, shot, test } from "./helpers";

test("an agent edits a customer's profile: a bad phone is explained, tags are added, the edit stays", async ({ page }) => {
  await login(page, "agent@demo.test");
  await expectInbox(page);
  await conversationList(page).getByRole("listitem").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/inbox\/pending-human\/\d+/);

  const profile = page.getByRole("complementary", { name: "顧客資料" });
  const identities = profile.getByRole("list", { name: "頻道身分" });
  await expect(identities.getByRole("listitem").first()).toBeVisible();
  await expect(identities.getByRole("listitem").first()).toContainText("平台 ID");

  // The Edit button works once the page is interactive.
  const form = profile.getByRole("form", { name: "編輯顧客資料" });
  await expect(async () => {
    await profile.getByRole("button", { name: "編輯", exact: true }).click();
    await expect(form).toBeVisible({ timeout: 1_000 });
  }).toPass();

  // A bad phone number is refused next to the field, with a clear message.
  const phone = form.getByLabel("電話");
  await phone.fill("09ab-123");
  await form.getByRole("button", { name: "儲存" }).click();
  await expect(form.getByRole("alert")).toHaveText("電話號碼只能包含數字、空格、連字號、括號，以及開頭的 +。");
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await phone.fill("+886 912-345-678");

  // Start from no tags, then add a new one and one the workspace has (typed in another case).
  const chips = form.getByRole("list", { name: "標籤", exact: true });
  const removers = form.getByRole("button", { name: /^移除標籤/ });
  while ((await removers.count()) > 0) {
    await removers.first().click();
  }
  const newTag = form.getByLabel("新增標籤");
  await newTag.fill("E2E 新客");
  await newTag.press("Enter");
  await expect(chips.getByRole("listitem")).toHaveText(["E2E 新客"]);
  await newTag.fill("vip vip");
  await form.getByRole("button", { name: "加入標籤" }).click();
  await expect(chips.getByRole("listitem")).toHaveText(["E2E 新客", "VIP VIP"]);
  // The same tag twice is refused.
  await newTag.fill("e2e 新客");
  await newTag.press("Enter");
  await expect(form.getByRole("alert")).toHaveText("顧客已有這個標籤。");
  await newTag.fill("");

  await form.getByRole("button", { name: "儲存" }).click();
  await expect(profile.getByRole("status")).toHaveText("顧客資料已儲存。");
  await expect(form).toHaveCount(0);
  await expect(profile.getByText("+886912345678", { exact: true })).toBeVisible();
  await shot(page, "profile-zh-TW");

  // After a reload the edit is still there.
  await reload(page);
  const again = page.getByRole("complementary", { name: "顧客資料" });
  await expect(again.getByText("+886912345678", { exact: true })).toBeVisible();
  await expect(again.getByRole("list", { name: "標籤", exact: true }).getByRole("listitem")).toHaveText([
    "E2E 新客",
    "VIP VIP",
  ]);
});
