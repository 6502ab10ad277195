import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { application, dev } from "./dashboard-helpers";

// No serious or critical axe violations on any dashboard page (WCAG 2.1 A and AA rules).
const pages = ["/", `/environments/${dev}`, `/applications/${application}`, "/audit", "/settings", `/settings/applications/${application}`];

for (const url of pages) {
  test(`axe finds nothing serious on ${url}`, async ({ page }) => {
    await page.goto(url);
    await expect(page.locator("main")).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}

test("axe finds nothing serious on a deploy page", async ({ page }) => {
  await page.goto(`/environments/${dev}`);
  const link = page.locator("#history a[href^='/deploys/']").first();
  if (await link.count()) {
    await link.click();
    await page.waitForURL(/\/deploys\//);
  }
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});
