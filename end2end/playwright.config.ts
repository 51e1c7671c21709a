import { defineConfig } from "@playwright/test";

// The server under test: the built binary on its own (no cargo-leptos), on a fresh SQLite file,
// so every run starts from the demo workspace. scripts/test.sh sets INBOX_BIN and INBOX_SITE_ROOT.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dbFile = process.env.E2E_DB ?? `/tmp/omni-inbox-e2e-${process.pid}.db`;
const bin = process.env.INBOX_BIN ?? "../target/release/omni_inbox";
/// The fake platforms' address (tests drive its control API at `http://${fake}/_fake`).
const fake = `127.0.0.1:${Number(process.env.E2E_FAKE_PORT ?? 3190)}`;
const serverEnv = {
  DATABASE_URL: `sqlite:${dbFile}`,
  LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
  LEPTOS_SITE_ROOT: process.env.INBOX_SITE_ROOT ?? "target/site",
};

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
  // The fake platforms (the demo's channels send there, and it posts receipts back), then
  // the inbox.
  webServer: [
    {
      command: `${bin} fake-platforms --listen ${fake} --receipts`,
      cwd: "..",
      url: `http://${fake}/_fake`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { ...serverEnv, RUST_LOG: "warn" },
    },
    {
      command: `rm -f ${dbFile} ${dbFile}-wal ${dbFile}-shm && ${bin}`,
      cwd: "..",
      url: `${baseURL}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        ...serverEnv,
        APP_META_GRAPH_BASE_URL: `http://${fake}/meta`,
        APP_INSTAGRAM_GRAPH_BASE_URL: `http://${fake}/instagram`,
        APP_LINE_API_BASE_URL: `http://${fake}/line`,
        APP_LINE_DATA_API_BASE_URL: `http://${fake}/line-data`,
        APP_SEED_DEMO: "true",
        RUST_LOG: "warn",
      },
    },
  ],
});
