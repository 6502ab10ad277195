import { expect, test as setup } from "@playwright/test";

// Signs in once per role through the demo provider and saves the browser state, so specs
// start signed in: `test.use({ storageState: storageStateFor("viewer") })`; the chromium
// project defaults to the deployer.
const roles = [
  { role: "viewer", name: "Vera Viewer" },
  { role: "deployer", name: "Dana Deployer" },
  { role: "admin", name: "Adam Admin" },
] as const;

for (const { role, name } of roles) {
  setup(`sign in as the demo ${role}`, async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("button", { name: `Sign in as ${name}` }).click();
    const menu = page.getByTestId("user-menu");
    await expect(menu.getByText(name)).toBeVisible();
    await expect(menu).toContainText(`Role: ${role}`);
    await page.context().storageState({ path: `e2e/.auth/${role}.json` });
  });
}
