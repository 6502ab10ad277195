import { expect, test } from "@playwright/test";

test("the home page renders the shell and a healthy database, without console errors", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/");
  const health = page.getByTestId("health-panel");
  await expect(health.getByText("Connected")).toBeVisible();
  await expect(health.getByText("Reachable")).toBeVisible();
  await page.screenshot({ path: "e2e/output/screenshots/home.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("GET /api/health reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", db: "ok", aws: "ok" });
});
