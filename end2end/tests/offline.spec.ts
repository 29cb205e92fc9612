// The network goes away: the app reloads from its service worker, keeps selling, and syncs each sale once later.
import { expect, test } from '@playwright/test';
import { isPiece, newSale, openCheckout, payExactCash, products, scan, serverSales, syncStatus } from './helpers';

test('sell offline across a reload, then sync exactly those sales once', async ({ page, context, request }) => {
  const all = (await products(request)).filter(isPiece);
  const item = all.filter((p) => p.barcode)[5];
  const other = all.filter((p) => p.barcode)[17];

  await openCheckout(page, item);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect(syncStatus(page)).toContainText('Online');

  await context.setOffline(true);
  await page.reload();
  await expect(syncStatus(page)).toContainText('Offline');

  await scan(page, item.barcode!);
  const first = await payExactCash(page);
  await newSale(page);
  await scan(page, other.barcode!);
  await scan(page, item.barcode!);
  const second = await payExactCash(page);
  expect(second).not.toBe(first);
  await expect(syncStatus(page)).toContainText('2 unsynced');

  // Still offline: nothing can have reached the server.
  const before = await serverSales(request);
  expect(before.filter((s) => s.receipt_no === first || s.receipt_no === second)).toHaveLength(0);

  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  await expect(syncStatus(page)).toContainText('Online');

  const after = await serverSales(request);
  const prefix = first.split('-')[0];
  const mine = after.filter((s) => s.receipt_no.startsWith(prefix + '-'));
  expect(mine.map((s) => s.receipt_no).sort()).toEqual([first, second].sort());
});
