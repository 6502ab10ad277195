import { defineConfig, devices } from "@playwright/test";

// End-to-end tests drive Debian's Chromium (never a downloaded browser) against the built
// app, started once by e2e/server.ts with its own database and sandbox.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/output/results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    // Signs in once per role through the demo provider (e2e/auth.setup.ts); specs reuse the
    // saved state: the deployer's by default, `storageStateFor("viewer" | "admin")` to switch.
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { ...devices["Desktop Chrome"], channel: undefined } },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined, storageState: "e2e/.auth/deployer.json" },
      dependencies: ["setup"],
    },
  ],
  webServer: {
    command: "npx tsx e2e/server.ts",
    url: `${baseURL}/api/health`,
    // Healthy is not enough: e2e/server.ts prints this after seeding the demo users and token.
    wait: { stdout: /e2e stack ready/ },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(port) },
  },
});
