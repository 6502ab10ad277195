import { expect, test } from "@playwright/test";

// /insights over the demo history (lib/insights/demo-history.ts, seeded with the demo users).

test("insights shows DORA metrics with charts and tables, per period and environment", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/insights?period=90d");
  await expect(page.getByRole("heading", { name: "Insights" })).toBeVisible();
  await expect(page.getByText("Deployment frequency")).toBeVisible();
  // The charts drew their bars and line (recharts renders SVG once it has measured its box).
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.locator(".recharts-line-curve").first()).toBeVisible();
  const perEnvironment = page.getByRole("table", { name: "DORA metrics per environment for the period" });
  await expect(perEnvironment.getByRole("rowheader", { name: "All environments" })).toBeVisible();
  await expect(perEnvironment.getByRole("link", { name: "takumi-srv-prod" })).toBeVisible();
  await page.screenshot({ path: "e2e/output/screenshots/insights.png", fullPage: true });

  await page.getByRole("navigation", { name: "Environment" }).getByRole("link", { name: "takumi-srv-prod" }).click();
  await expect(page).toHaveURL(/environment=takumi-srv-prod/);
  await expect(page.getByText("DORA metrics for takumi-srv-prod")).toBeVisible();
  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "7 days" }).click();
  await expect(page).toHaveURL(/period=7d/);
  await expect(page.getByText("last 7 days")).toBeVisible();
  expect(errors).toEqual([]);
});
