// The checkout's first load as a new user meets it: a fresh Chromium opens the app, the terminal is enrolled and a
// cashier signs in; the JavaScript and WebAssembly bytes the page transferred until the checkout is ready are
// summed (what the service worker fetches in the background is another target and is not counted).
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import { ensureSignedIn, searchBox } from '../tests/helpers';

interface Fetched {
  url: string;
  mimeType: string;
  encoding: string;
  /** Bytes received for the request (headers and body as sent, i.e. compressed), CDP `encodedDataLength`. */
  wire: number;
  /** Size of the body once decoded. */
  decoded: number;
}

function isCode(f: Fetched): boolean {
  const path = new URL(f.url).pathname;
  return /javascript|wasm/.test(f.mimeType) || /\.(m?js|wasm)$/.test(path);
}

test('first load of the checkout: js + wasm bytes on the wire', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const open = new Map<string, Fetched>();
  const done: Fetched[] = [];
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    open.set(e.requestId, {
      url: e.response.url,
      mimeType: e.response.mimeType,
      encoding: headers['content-encoding'] ?? 'identity',
      wire: 0,
      decoded: 0,
    });
  });
  cdp.on('Network.dataReceived', (e) => {
    const f = open.get(e.requestId);
    if (f) f.decoded += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const f = open.get(e.requestId);
    if (!f) return;
    f.wire = e.encodedDataLength;
    done.push(f);
    open.delete(e.requestId);
  });

  await page.goto('/');
  await ensureSignedIn(page);
  await expect(searchBox(page)).toBeEnabled();
  const code = done.filter(isCode);
  const total = code.reduce((sum, f) => sum + f.wire, 0);
  const decoded = code.reduce((sum, f) => sum + f.decoded, 0);

  for (const f of code) {
    console.log(`${String(f.wire).padStart(10)} B wire  ${String(f.decoded).padStart(10)} B decoded  ${f.encoding.padEnd(8)} ${new URL(f.url).pathname}`);
  }
  console.log(`first load: ${total} B of js + wasm on the wire (${decoded} B decoded, ${code.length} files)`);
  const out = process.env.POS_FIRST_LOAD_JSON;
  if (out) fs.writeFileSync(out, JSON.stringify({ total, decoded, files: code }, null, 2));

  expect(code.some((f) => f.url.endsWith('.wasm')), 'the app wasm was fetched by the page').toBeTruthy();
  const budget = Number(process.env.POS_FIRST_LOAD_BUDGET ?? 0);
  if (budget > 0) expect(total, `js + wasm on the wire, budget ${budget} B`).toBeLessThanOrEqual(budget);
});
