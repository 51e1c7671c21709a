import { defineConfig } from "@playwright/test";

// The server under test: the built binary on its own (no cargo-leptos), on a fresh SQLite file,
// so every run starts from the demo workspace. scripts/test.sh sets INBOX_BIN and INBOX_SITE_ROOT.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dbFile = process.env.E2E_DB ?? `/tmp/omni-inbox-e2e-${process.pid}.db`;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "zh-TW",
    timezoneId: "Asia/Taipei",
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
  },
  // The batch tests delete and blacklist demo conversations for good: they run after every
  // other test, as a project that depends on the rest.
  projects: [
    { name: "inbox", testIgnore: /batch\.spec\.ts$/ },
    { name: "batch", testMatch: /batch\.spec\.ts$/, dependencies: ["inbox"] },
  ],
  webServer: {
    command: `rm -f ${dbFile} ${dbFile}-wal ${dbFile}-shm && ${process.env.INBOX_BIN ?? "../target/release/omni_inbox"}`,
    cwd: "..",
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      DATABASE_URL: `sqlite:${dbFile}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: process.env.INBOX_SITE_ROOT ?? "target/site",
      APP_SEED_DEMO: "true",
      RUST_LOG: "warn",
    },
  },
});
