// Purchase orders and counts in the back office: a manager creates a purchase order (a new supplier, an item
// found by its SKU, quantity and cost), sees its printable page, receives part of it by scanning the item's
// barcode (a keyboard wedge: digits, then Enter), and the shop floor's stock rises by what was scanned; then a
// cycle count finds a different quantity (the variance report shows the difference), is posted, and a sale at
// the till synced after the count leaves counted − sold.
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import {
  cart, escapeRegExp, isPiece, onHand, openCheckout, payExactCash, products, searchBox, stockScreen, syncStatus,
} from './helpers';

/** Find `sku` in a sheet's item search and add the item named `name`. */
async function addItem(panel: ReturnType<Page['getByRole']>, sku: string, name: string) {
  const find = panel.getByRole('search', { name: 'Find items' });
  await find.getByLabel('Find an item').fill(sku);
  await find.getByRole('button', { name: 'Find' }).click();
  await panel.getByRole('button', { name: `Add ${name}`, exact: true }).click();
}

test('a purchase order received by scanning raises stock; a count then a sale leaves counted minus sold', async ({ page, browser, request }) => {
  const all = (await products(request)).filter((p) => isPiece(p) && /^\d+$/.test(p.barcode ?? ''));
  const skus = new Set(all.map((p) => p.sku));
  const unique = all.filter((p) => [...skus].filter((s) => s.startsWith(p.sku)).length === 1);
  const at = Date.now() % unique.length;
  const item = unique[at];
  const counted = unique[(at + Math.floor(unique.length / 2)) % unique.length];

  const remote = await browser.newContext();
  const office = await remote.newPage();
  const screen = await stockScreen(office);
  const location = screen.getByRole('search', { name: 'Stock filters' }).getByLabel('Location');
  await expect(location.locator('option:checked')).toHaveText('Shop floor');
  const before = await onHand(screen, item.sku);

  // A purchase order of 5 at 1.20 from a new supplier.
  await screen.getByRole('button', { name: 'Purchase orders' }).click();
  const orders = screen.getByRole('region', { name: 'Purchase orders' });
  const supplier = `E2E supplier ${randomUUID().slice(0, 8)}`;
  await orders.getByLabel('New supplier').fill(supplier);
  await orders.getByRole('button', { name: 'Add supplier' }).click();
  await expect(orders.getByLabel('Supplier').locator('option:checked')).toHaveText(supplier);
  await addItem(orders, item.sku, item.name);
  await orders.getByLabel(`Order of ${item.name}`).fill('5');
  await orders.getByLabel(`Order of ${item.name}`).press('Tab');
  await orders.getByLabel(`Cost of ${item.name}`).fill('1.20');
  await orders.getByLabel(`Cost of ${item.name}`).press('Tab');
  await orders.getByRole('button', { name: 'Create purchase order' }).click();
  await expect(orders.getByRole('status')).toContainText('Purchase order created.');

  // Its printable page, then 3 scanned in.
  await orders.getByRole('listitem').filter({ hasText: supplier }).getByRole('button', { name: 'Receive or print' }).click();
  const printable = orders.getByRole('article', { name: 'Purchase order' });
  await expect(printable).toContainText(`Supplier: ${supplier}`);
  await expect(printable.getByRole('row', { name: 'Total 6.00' })).toBeVisible();
  const receipt = orders.getByRole('region', { name: 'Receive the order' });
  const box = receipt.getByLabel('Scan or type a barcode, then Enter');
  for (let i = 0; i < 3; i++) {
    await box.pressSequentially(item.barcode!, { delay: 5 });
    await box.press('Enter');
  }
  await expect(receipt.getByLabel(`Arrived of ${item.name}`)).toHaveValue('3');
  await receipt.getByRole('button', { name: 'Book what arrived' }).click();
  await expect(orders.getByRole('status')).toContainText('the order is partly received');
  await expect.poll(() => onHand(screen, item.sku)).toBe(before + 3);

  // Another visit: the order still to arrive is listed, read back from the server with its item, 2 to come.
  const again = await stockScreen(await remote.newPage());
  await again.getByRole('button', { name: 'Purchase orders' }).click();
  const listed = again.getByRole('region', { name: 'Purchase orders' }).getByRole('listitem').filter({ hasText: supplier });
  await expect(listed).toContainText('partly received');
  await listed.getByRole('button', { name: 'Receive or print' }).click();
  const rest = again.getByRole('region', { name: 'Receive the order' });
  await expect(rest.getByLabel(`Arrived of ${item.name}`)).toHaveValue('0');
  await expect(rest.getByRole('row').filter({ has: again.page().getByLabel(`Arrived of ${item.name}`) })).toContainText('2');

  // A cycle count of another item finds 7; the variance report shows the difference; posted, the level is 7.
  const expected = await onHand(screen, counted.sku);
  await screen.getByRole('button', { name: 'Count', exact: true }).click();
  const count = screen.getByRole('region', { name: 'Count' });
  await count.getByRole('button', { name: 'Start a cycle count' }).click();
  await expect(count.getByRole('status')).toContainText('Count started.');
  await addItem(count, counted.sku, counted.name);
  await count.getByLabel(`Counted of ${counted.name}`).fill('7');
  await count.getByLabel(`Counted of ${counted.name}`).press('Tab');
  const report = count.getByRole('table', { name: 'Variance report' });
  if (expected !== 7) {
    await expect(report.getByRole('row').filter({ hasText: counted.name })).toContainText(String(7 - expected));
  }
  await count.getByRole('button', { name: 'Post count' }).click();
  await expect(count.getByRole('status')).toContainText('Count posted.');
  await expect.poll(() => onHand(screen, counted.sku)).toBe(7);

  // Sold at the till after the count, synced: counted − sold.
  await openCheckout(page, counted);
  await searchBox(page).fill(counted.name);
  await page.getByRole('button', { name: escapeRegExp(counted.name) }).click();
  await expect(cart(page).getByText(counted.name, { exact: true })).toBeVisible();
  await payExactCash(page);
  await expect(syncStatus(page)).toContainText('0 unsynced');
  await expect.poll(() => onHand(screen, counted.sku)).toBe(6);
  await remote.close();
});
