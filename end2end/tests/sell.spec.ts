// A cashier sells three products (scanned, searched, picked from the grid), pays cash and the server has it.
import { expect, test } from '@playwright/test';
import {
  cart, categories, cents, escapeRegExp, eur, isPiece, openCheckout, products, receiptNumber, scan, searchBox,
  serverSales, syncStatus,
} from './helpers';

test('sell three products by scan, search and grid, pay cash, sale reaches the server', async ({ page, request }) => {
  const cspViolations: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  const all = (await products(request)).filter(isPiece);
  const cats = await categories(request);
  expect(all.length).toBeGreaterThanOrEqual(250);
  const scanned = all.find((p) => p.barcode)!;
  const searched = all.find((p) => p.id !== scanned.id && p.category_id !== scanned.category_id)!;
  const gridCategory = cats.find((c) => c.id !== scanned.category_id && c.id !== searched.category_id)!;
  const fromGrid = all.find((p) => p.category_id === gridCategory.id)!;

  await openCheckout(page, scanned);

  await scan(page, scanned.barcode!);
  await expect(cart(page).getByText(scanned.name)).toBeVisible();
  await expect(searchBox(page)).toHaveValue('');

  await searchBox(page).fill(searched.name);
  await page.getByRole('button', { name: escapeRegExp(searched.name) }).click();
  await expect(cart(page).getByText(searched.name)).toBeVisible();

  await searchBox(page).fill('');
  await page.getByRole('button', { name: gridCategory.name, exact: true }).click();
  await page.getByRole('button', { name: escapeRegExp(fromGrid.name) }).click();
  await expect(cart(page).getByText(fromGrid.name)).toBeVisible();

  const total = cents(scanned.price) + cents(searched.price) + cents(fromGrid.price);
  await expect(page.getByRole('status', { name: 'Total', exact: true })).toHaveText(eur(total));

  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Payment' });
  await expect(dialog).toBeVisible();
  const tendered = (Math.floor(total / 1000) + 2) * 1000; // a note well above the total
  await dialog.getByRole('textbox', { name: 'Amount tendered' }).fill((tendered / 100).toFixed(2));
  const change = tendered - total;
  await expect(dialog.getByRole('status', { name: 'Change', exact: true })).toContainText(eur(change));
  await dialog.getByRole('button', { name: 'Complete sale' }).click();

  const receiptNo = await receiptNumber(page);
  const receipt = page.getByRole('region', { name: 'Receipt' });
  for (const p of [scanned, searched, fromGrid]) await expect(receipt.getByText(p.name)).toBeVisible();
  await expect(receipt).toContainText(eur(total));
  await expect(receipt).toContainText(eur(change));
  await expect(receipt).toContainText('VAT');

  await expect(syncStatus(page)).toContainText('0 unsynced');
  await expect.poll(async () => (await serverSales(request)).filter((s) => s.receipt_no === receiptNo).length).toBe(1);
  const sale = (await serverSales(request)).find((s) => s.receipt_no === receiptNo)!;
  expect(cents(sale.priced.total)).toBe(total);
  expect(cents(sale.settlement.change)).toBe(change);
  expect(sale.priced.lines.map((l) => l.product_id).sort()).toEqual([scanned.id, searched.id, fromGrid.id].sort());
  expect(sale.payments).toEqual([{ kind: 'cash', amount: expect.any(String) }]);
  expect(cents(sale.payments[0].amount)).toBe(tendered);
  expect(cspViolations).toEqual([]);
});
