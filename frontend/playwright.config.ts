import { defineConfig } from "@playwright/test";

// Run through scripts/e2e.sh, which starts the CMS and the front end and sets these.
export default defineConfig({
  testDir: "tests/e2e",
  timeout: 30_000,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: process.env.SITE_URL,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium" },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
