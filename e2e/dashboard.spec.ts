import { expect, test, type Page } from "@playwright/test";
import { storageStateFor } from "./auth-state";
import {
  application,
  deployFromPanel,
  dev,
  expectOutcome,
  nextDeployEnds,
  notRunningTags,
  openEnvironment,
  prod,
  screenshot,
  staging,
} from "./dashboard-helpers";

// The story of issue 6, in order: each test leaves the state the next one starts from.
test.describe.configure({ mode: "serial" });

test("deploy, watch it land, fail one, roll back with a reason, end locked", async ({ page }) => {
  await page.goto("/");
  const card = page.getByTestId(`environment-${dev}`);
  await expect(card).toBeVisible();
  await screenshot(page, "overview");
  await card.getByRole("link", { name: dev }).click();
  await expect(page.getByRole("heading", { level: 1, name: dev })).toBeVisible();

  const [good, bad] = await notRunningTags(page, 2);
  await page.locator(`a[data-tag="${good}"]`).first().click();
  const preview = page.getByLabel("What changes");
  await expect(preview.getByText(good)).toBeVisible();
  await page.getByText("Bundle:").click();
  await expect(page.locator("pre").filter({ hasText: "AWSEBDockerrunVersion" }).first()).toBeVisible();
  await screenshot(page, "environment-preview");

  await page.getByRole("button", { name: `Deploy ${good}` }).click();
  const dialog = page.getByRole("dialog", { name: `Deploy to ${dev}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(good)).toBeVisible();
  await screenshot(page, "deploy-dialog");
  await dialog.getByLabel(/Reason/).fill("e2e: ship the good build");
  await dialog.getByRole("button", { name: `Deploy to ${dev}` }).click();
  await page.waitForURL(/\/deploys\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(good);
  await expectOutcome(page, "Succeeded");
  await expect(page.getByTestId("deploy-events").getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Deploy progress" })).toHaveAttribute("aria-valuenow", "100");
  await screenshot(page, "deploy-succeeded");

  await openEnvironment(page, dev);
  const history = page.locator("#history");
  await expect(history.getByRole("row").nth(1)).toContainText(good);
  await expect(history.getByRole("row").nth(1)).toContainText("Succeeded");
  await expect(page.getByRole("region", { name: "Running now" })).toContainText(good);

  await nextDeployEnds(dev, "Red");
  await deployFromPanel(page, dev, bad, "e2e: this build goes Red");
  await expectOutcome(page, "Failed");
  const failure = page.getByRole("alert").filter({ hasText: "Failed" }).first();
  await expect(failure).toContainText(/Red|health/i);
  await screenshot(page, "deploy-failed");

  await failure.getByRole("button", { name: `Roll back to ${good}` }).click();
  const rollback = page.getByRole("dialog", { name: `Roll back ${dev}?` });
  await expect(rollback.getByLabel(`Lock ${dev} afterwards`)).toBeChecked();
  await rollback.getByLabel(/Reason/).fill("e2e: the new build is Red");
  await rollback.getByRole("button", { name: `Roll back ${dev}` }).click();
  await page.waitForURL(/\/deploys\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Rollback");
  await expectOutcome(page, "Succeeded");

  await openEnvironment(page, dev);
  await expect(page.getByRole("region", { name: "Running now" })).toContainText(good);
  const lock = page.getByRole("region", { name: "Lock" });
  await expect(lock).toContainText("Locked by Dana Deployer");
  await expect(page.locator("#history").getByRole("row").nth(1)).toContainText("Rollback");
  await screenshot(page, "environment-locked");

  // A locked environment refuses deploys with the engine's sentence and a link to the lock.
  await page.locator(`a[data-tag="${bad}"]`).first().click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: /locked/i })
      .first(),
  ).toBeVisible();

  await lock.getByRole("button", { name: "Unlock" }).click();
  await expect(lock.getByRole("button", { name: "Lock environment" })).toBeVisible();
});

test.describe("as an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("marks production protected in settings", async ({ page }) => {
    await page.goto("/settings");
    const row = page.getByRole("listitem").filter({ hasText: prod });
    const checkbox = row.getByLabel(/Protected/);
    if (!(await checkbox.isChecked())) await checkbox.check();
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByText("Saved.")).toBeVisible();
    await screenshot(page, "settings");
  });

  test("the template editor puts a validation error at its line, and previews a valid one", async ({ page }) => {
    await page.goto(`/settings/applications/${application}`);
    const editor = page.getByLabel("Dockerrun.aws.json");
    await expect(editor).toBeVisible();
    const original = await editor.inputValue();
    await editor.fill('{\n  "AWSEBDockerrunVersion": "1",\n  "Image": { "Name": "{{image}}" },\n  "Ports": [ { "ContainerPort": 80 }\n}\n');
    await page.getByRole("button", { name: "Validate and preview" }).click();
    const problems = page.getByTestId("template-problems");
    await expect(problems).toContainText(/Line \d+/);
    await expect(editor).toHaveAttribute("aria-invalid", "true");
    await screenshot(page, "template-editor-error");

    await editor.fill(original);
    await page.getByRole("button", { name: "Validate and preview" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Valid." })).toBeVisible();
    await expect(page.getByRole("region", { name: "Rendered bundle" })).toContainText("AWSEBDockerrunVersion");
  });
});

test("a protected environment needs its name typed before the deploy button works", async ({ page }) => {
  await openEnvironment(page, prod);
  await expect(page.getByText("Protected").first()).toBeVisible();
  const [tag] = await notRunningTags(page, 1);
  await page.locator(`a[data-tag="${tag}"]`).first().click();
  await page.getByRole("button", { name: `Deploy ${tag}` }).click();
  const dialog = page.getByRole("dialog", { name: `Deploy to ${prod}?` });
  const confirm = dialog.getByRole("button", { name: `Deploy to ${prod}` });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type takumi-srv-prod to confirm/).fill("takumi-srv-pro");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type takumi-srv-prod to confirm/).fill(prod);
  await expect(confirm).toBeEnabled();
  await screenshot(page, "deploy-dialog-protected");
  await confirm.click();
  await page.waitForURL(/\/deploys\/[0-9a-f-]{36}$/);
  await expectOutcome(page, "Succeeded");
});

test("two tabs racing the same deploy: one wins, the other is told who got there first", async ({ page, context }) => {
  await openEnvironment(page, staging);
  const [tag] = await notRunningTags(page, 1);
  const second = await context.newPage();
  for (const tab of [page, second]) {
    await tab.goto(`/environments/${staging}?tag=${tag}#deploy`);
    await tab.getByRole("button", { name: `Deploy ${tag}` }).click();
  }
  const confirm = (tab: Page) =>
    tab
      .getByRole("dialog")
      .getByRole("button", { name: `Deploy to ${staging}` })
      .click();
  await Promise.all([confirm(page), confirm(second)]);
  // Exactly one tab reaches its deploy page; the other keeps its dialog with the refusal.
  const refusals = [page, second].map((tab) => tab.getByRole("dialog").getByRole("alert"));
  await expect.poll(async () => (await Promise.all(refusals.map((refusal) => refusal.isVisible()))).filter(Boolean).length).toBe(1);
  const loserIndex = (await refusals[0].isVisible()) ? 0 : 1;
  const [loser, winner] = loserIndex === 0 ? [page, second] : [second, page];
  await winner.waitForURL(/\/deploys\/[0-9a-f-]{36}$/);
  const refusal = refusals[loserIndex];
  await expect(refusal).toContainText(/busy/i);
  await screenshot(loser, "deploy-dialog-busy");
  await refusal.getByRole("link", { name: "Open the deploy in progress" }).click();
  await expect(loser).toHaveURL(winner.url());
  await expectOutcome(winner, "Succeeded");
  await second.close();
});

test("the audit log shows all of it, filters work, and the CSV export matches", async ({ page, request }) => {
  await page.goto("/audit");
  const rows = page.getByTestId("audit-rows").getByRole("row");
  await expect(rows.first()).toBeVisible();
  await screenshot(page, "audit");
  await page.getByLabel("Outcome").selectOption("REFUSED");
  await page.getByLabel("Environment").selectOption(staging);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/outcome=REFUSED/);
  await expect(rows.first()).toContainText("Refused");
  for (const row of await rows.all()) await expect(row).toContainText("Refused");

  const csv = await request.get(`/audit/export?outcome=REFUSED&environment=${staging}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toContain("id,at,actorType,actorName");
  expect(lines.length - 1).toBe(await rows.count());
});

test("the application page lists images newest first and finds one by tag", async ({ page }) => {
  await page.goto(`/applications/${application}`);
  const table = page.getByRole("table", { name: /Images of/ });
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  await screenshot(page, "application");
  await page.getByLabel("Search by tag, commit or digest").fill("cf7edb2");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("git_cf7edb2");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the overview, an environment and a deploy fit the screen", async ({ page }) => {
    for (const [name, url] of [
      ["overview-phone", "/"],
      ["environment-phone", `/environments/${dev}`],
      ["audit-phone", "/audit"],
    ] as const) {
      await page.goto(url);
      await expect(page.locator("main")).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${url} scrolls sideways`).toBeLessThanOrEqual(0);
      await screenshot(page, name);
    }
    await page.goto(`/environments/${dev}`);
    await page.locator("#history a[href^='/deploys/']").first().click();
    await expect(page.getByRole("progressbar", { name: "Deploy progress" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, "deploy-phone");
  });
});
