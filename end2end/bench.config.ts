// Playwright setup of the measurements (`cargo xtask first-load`): the suite's server and browser, the bench/ specs.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './bench',
});
