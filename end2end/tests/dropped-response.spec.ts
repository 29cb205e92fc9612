// The server applies a push but its answer never arrives: the retry must not duplicate the sale.
import { expect, test } from '@playwright/test';
import { isPiece, newSale, openCheckout, payExactCash, products, scan, serverSales, syncStatus } from './helpers';

test('a push whose response is lost is retried without duplicating sales', async ({ page, request }) => {
  const all = (await products(request)).filter(isPiece);
  const item = all.filter((p) => p.barcode)[9];

  let pushes = 0;
  let dropped = 0;
  await page.route('**/api/v1/sync/push', async (route) => {
    pushes += 1;
    if (dropped === 0) {
      const response = await route.fetch(); // the server handles the push...
      expect(response.status()).toBe(200);
      dropped += 1;
      await route.abort('connectionreset'); // ...but the terminal never hears back
      return;
    }
    await route.continue();
  });

  await openCheckout(page, item);
  await scan(page, item.barcode!);
  const first = await payExactCash(page);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  expect(dropped).toBe(1);
  expect(pushes).toBeGreaterThanOrEqual(2);

  await newSale(page);
  await scan(page, item.barcode!);
  const second = await payExactCash(page);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });

  const sales = await serverSales(request);
  expect(sales.filter((s) => s.receipt_no === first)).toHaveLength(1);
  expect(sales.filter((s) => s.receipt_no === second)).toHaveLength(1);
  const prefix = first.split('-')[0];
  expect(sales.filter((s) => s.receipt_no.startsWith(prefix + '-'))).toHaveLength(2);
});
