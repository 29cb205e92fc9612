// Playwright setup: Debian's Chromium, one real POS server on a fresh data directory, tests run one at a time.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const port = Number(process.env.POS_E2E_PORT ?? 3107);
process.env.POS_E2E_DATA ??= fs.mkdtempSync(path.join(os.tmpdir(), 'pos-e2e-'));
const serverBin = process.env.POS_SERVER_BIN ?? path.resolve(__dirname, '../target/debug/server');
const siteDir = process.env.POS_SITE_DIR ?? path.resolve(__dirname, '../target/site');

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // Every test enrolls a fresh terminal and signs in: the sign-in rate limit (5 a minute per address by
    // default) is raised so the suite, all from 127.0.0.1, is not throttled.
    command:
      `"${serverBin}" --bind 127.0.0.1:${port} --data-dir "${process.env.POS_E2E_DATA}" --site-dir "${siteDir}"` +
      ' --auth-rate-limit-per-min 600 --auth-rate-limit-burst 100',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
