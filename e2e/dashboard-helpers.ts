import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

// Shared steps of the dashboard specs: they drive the UI the way a person does and wait on
// what is visible, never on timers.

export const application = "takumi-server";
export const dev = "takumi-srv-dev";
export const staging = "takumi-srv-staging";
export const prod = "takumi-srv-prod";

export function sandboxUrl(): string {
  const stack = JSON.parse(readFileSync(path.join(process.cwd(), ".data", "e2e", "stack.json"), "utf8")) as { sandboxUrl: string };
  return stack.sandboxUrl;
}

/** How the sandbox ends the next deploy to `environment` (DESIGN.md: POST /_sandbox/outcomes). */
export async function nextDeployEnds(environment: string, health: "Green" | "Red"): Promise<void> {
  const response = await fetch(`${sandboxUrl()}/_sandbox/outcomes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ environment, health }),
  });
  expect(response.ok).toBe(true);
}

/** Tags offered in the environment's image picker that are not running there, newest first. */
export async function notRunningTags(page: Page, count: number): Promise<string[]> {
  const links = page.getByRole("list", { name: "Images, newest first" }).locator("a[data-tag]:not([data-running])");
  await expect(links.first()).toBeVisible();
  const tags: string[] = [];
  for (const link of await links.all()) {
    const tag = await link.getAttribute("data-tag");
    if (tag) tags.push(tag);
    if (tags.length === count) break;
  }
  expect(tags.length).toBe(count);
  return tags;
}

export async function openEnvironment(page: Page, environment: string): Promise<void> {
  await page.goto(`/environments/${environment}`);
  await expect(page.getByRole("heading", { level: 1, name: environment })).toBeVisible();
}

/** Picks an image, checks the preview, and confirms; returns on the new deploy's page. */
export async function deployFromPanel(page: Page, environment: string, tag: string, reason: string): Promise<void> {
  await page.locator(`a[data-tag="${tag}"]`).first().click();
  await expect(page.getByLabel("What changes")).toContainText(tag);
  await page.getByRole("button", { name: `Deploy ${tag}` }).click();
  const dialog = page.getByRole("dialog", { name: `Deploy to ${environment}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(/Reason/).fill(reason);
  await dialog.getByRole("button", { name: `Deploy to ${environment}` }).click();
  await page.waitForURL(/\/deploys\/[0-9a-f-]{36}$/);
}

export async function expectOutcome(page: Page, word: "Succeeded" | "Failed"): Promise<void> {
  const outcome = page
    .getByRole(word === "Succeeded" ? "status" : "alert")
    .filter({ hasText: word })
    .first();
  await expect(outcome).toBeVisible({ timeout: 45_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/output/screenshots/${name}.png`, fullPage: true });
}
