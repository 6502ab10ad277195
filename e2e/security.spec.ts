import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { storageStateFor } from "./auth-state";

// Sign-in, roles and API tokens as people and CI meet them. The route sweep, cross-origin
// actions, headers and bundle secrets are checked in test/security-*.test.ts.

const signedOut = { cookies: [], origins: [] };

async function expectApiError(response: APIResponse, status: number, code: string, message: RegExp) {
  expect(response.status()).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
}

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("a page sends you to sign in, and signing in brings you back", async ({ page }) => {
    await page.goto("/settings/tokens");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsettings%2Ftokens$/);
    for (const name of ["Vera Viewer", "Dana Deployer", "Adam Admin"])
      await expect(page.getByRole("button", { name: new RegExp(`Sign in as ${name}`) })).toBeVisible();
    await page.screenshot({ path: "e2e/output/screenshots/signin.png", fullPage: true });
    await expectNoSeriousAxeViolations(page);
    await page.getByRole("button", { name: /Sign in as Adam Admin/ }).click();
    await expect(page).toHaveURL(/\/settings\/tokens$/);
    await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
    await page.getByTestId("user-menu").getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("the header shows who you are, and admin pages refuse you", async ({ page }) => {
    await page.goto("/");
    const menu = page.getByTestId("user-menu");
    await expect(menu.getByText("Vera Viewer")).toBeVisible();
    await expect(menu).toContainText("Role: viewer");
    await expect(menu.getByRole("link", { name: "API tokens" })).toHaveCount(0);
    await page.goto("/settings/tokens");
    await expect(page.getByRole("heading", { name: "Only admins can manage API tokens" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("a token is shown once, works against the API, and stops working when revoked", async ({ page, playwright, baseURL }) => {
    const name = `e2e token ${Date.now()}`;
    await page.goto("/settings/tokens");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Role").selectOption("VIEWER");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByLabel("New API token").inputValue();
    expect(token).toMatch(/^dpl_[0-9A-Za-z]{40}$/);
    await page.screenshot({ path: "e2e/output/screenshots/settings-tokens.png", fullPage: true });
    await expectNoSeriousAxeViolations(page);

    await page.reload();
    const row = page.getByTestId(`token-${name}`);
    await expect(row).toContainText(token.slice(0, 10));
    expect(await page.content()).not.toContain(token);

    const api = await playwright.request.newContext({ baseURL, storageState: signedOut });
    const withToken = () => api.get("/api/v1/environments", { headers: { authorization: `Bearer ${token}` } });
    expect((await withToken()).status()).toBe(200);
    await page.reload();
    await expect(row).not.toContainText("never");

    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row.getByText("Revoked")).toBeVisible();
    await expectApiError(await withToken(), 401, "UNAUTHENTICATED", /was revoked/);
    await api.dispose();
  });
});

test.describe("the members page", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("lists the demo people with their roles, accessibly", async ({ page }) => {
    await page.goto("/settings/members");
    await expect(page.getByTestId("member-viewer@demo.dpl").getByLabel("Role of Vera Viewer")).toHaveValue("VIEWER");
    await expect(page.getByTestId("member-admin@demo.dpl")).toContainText("(you)");
    await page.screenshot({ path: "e2e/output/screenshots/settings-members.png", fullPage: true });
    await expectNoSeriousAxeViolations(page);
  });
});

test.describe("API tokens over HTTP", () => {
  test("missing, malformed and unknown tokens get 401; the demo token may not touch production", async ({ playwright, baseURL }) => {
    const api = await playwright.request.newContext({ baseURL, storageState: signedOut });
    await expectApiError(await api.get("/api/v1/environments"), 401, "UNAUTHENTICATED", /Sign in, or send/);
    await expectApiError(
      await api.get("/api/v1/environments", { headers: { authorization: "Basic YTpi" } }),
      401,
      "UNAUTHENTICATED",
      /Malformed Authorization header/,
    );
    await expectApiError(
      await api.get("/api/v1/environments", { headers: { authorization: "Bearer dpl_nope" } }),
      401,
      "UNAUTHENTICATED",
      /Malformed API token/,
    );
    await expectApiError(
      await api.get("/api/v1/environments", { headers: { authorization: `Bearer dpl_${"0".repeat(40)}` } }),
      401,
      "UNAUTHENTICATED",
      /Unknown API token/,
    );

    const demoToken = readFileSync(".data/e2e/demo-token", "utf8").trim();
    const headers = { authorization: `Bearer ${demoToken}` };
    expect((await api.get("/api/v1/environments", { headers })).status()).toBe(200);
    const prod = await api.post("/api/v1/deploys", { headers, data: { application: "takumi-server", environment: "takumi-srv-prod", tag: "git_cf7edb2" } });
    await expectApiError(prod, 403, "FORBIDDEN", /protected/);
    await api.dispose();
  });
});
