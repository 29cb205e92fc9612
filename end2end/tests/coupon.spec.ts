// A coupon for 10% off the order: the cart and the receipt show the saving, the server's total matches.
import { expect, test } from '@playwright/test';
import {
  addByName, cart, cents, eur, isPiece, openCheckout, output, payExactCash, products, serverSale,
  shownCents, syncStatus,
} from './helpers';

test('coupon SAVE10 takes 10% off; an unknown code is named; receipt and server agree', async ({ page, request }) => {
  const all = (await products(request)).filter(isPiece);
  const items = all.filter((p) => p.id !== 'p0002').slice(20, 23);

  await openCheckout(page, items[0]);
  for (const p of items) await addByName(page, p);
  const before = await shownCents(output(page, 'Total'));

  // An unknown code changes nothing and says so.
  await cart(page).getByRole('button', { name: 'Coupon', exact: true }).click();
  let dialog = page.getByRole('dialog', { name: 'Coupon' });
  await dialog.getByRole('textbox', { name: 'Coupon code' }).fill('NOPE-123');
  await dialog.getByRole('button', { name: 'Apply coupon' }).click();
  await expect(cart(page)).toContainText('Unknown coupon NOPE-123');
  await expect(output(page, 'Total')).toHaveText(eur(before));
  await cart(page).getByRole('button', { name: 'Remove coupon NOPE-123' }).click();
  await expect(cart(page)).not.toContainText('NOPE-123');

  // SAVE10, typed in lower case.
  await cart(page).getByRole('button', { name: 'Coupon', exact: true }).click();
  dialog = page.getByRole('dialog', { name: 'Coupon' });
  await dialog.getByRole('textbox', { name: 'Coupon code' }).fill('save10');
  await dialog.getByRole('button', { name: 'Apply coupon' }).click();
  await expect(cart(page)).toContainText('Coupon SAVE10 applied');
  await expect(output(page, 'Total')).not.toHaveText(eur(before));
  const after = await shownCents(output(page, 'Total'));
  const saving = before - after;
  // 10% of the order, rounded once and allocated to the lines.
  expect(Math.abs(saving - Math.round(before / 10))).toBeLessThanOrEqual(items.length);
  await expect(output(page, 'You save')).toHaveText(eur(saving));

  const receiptNo = await payExactCash(page);
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText(`You saved ${eur(saving)}`);
  await expect(receipt).toContainText('SAVE10');
  await expect(receipt).toContainText(`Total ${eur(after)}`);

  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  const sale = await serverSale(request, receiptNo);
  expect(cents(sale.priced.total)).toBe(after);
  expect(cents(sale.priced.discount)).toBe(saving);
  expect(sale.priced.coupons).toEqual([expect.objectContaining({ status: 'applied', code: 'SAVE10' })]);
  const lineSum = sale.priced.lines.reduce((sum, l) => sum + cents(l.gross), 0);
  expect(lineSum).toBe(after);
});
