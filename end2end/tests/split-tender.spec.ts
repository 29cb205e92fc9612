// One sale paid three ways: 10.00 from a gift card, part by card, the rest in cash with change.
import { expect, test } from '@playwright/test';
import {
  addByName, amount, cart, cents, eur, isPiece, openCheckout, openPayment, output, products, receiptNumber,
  serverSale, shownCents, syncStatus,
} from './helpers';

const GIFT_CARD = 'GC-1000-0001';

test('split tender: gift card, card and cash with change; the server has every payment', async ({ page, request }) => {
  const all = (await products(request)).filter(isPiece);
  // A few items worth well over 10.00, none of them on promotion by quantity (one of each).
  const items = all.filter((p) => p.id !== 'p0002' && cents(p.price) >= 300).slice(0, 5);

  await openCheckout(page, items[0]);
  for (const p of items) await addByName(page, p);
  const total = await shownCents(output(page, 'Total'));
  expect(total).toBeGreaterThan(1500);

  const dialog = await openPayment(page);
  await expect(output(dialog, 'Remaining')).toHaveText(eur(total));

  // 10.00 from the gift card.
  await dialog.getByRole('button', { name: 'Gift card', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Gift card number' }).fill(GIFT_CARD);
  await dialog.getByRole('textbox', { name: 'Amount', exact: true }).fill('10.00');
  await dialog.getByRole('button', { name: 'Add payment' }).click();
  await expect(output(dialog, 'Remaining')).toHaveText(eur(total - 1000));
  await expect(dialog.getByRole('list', { name: 'Payments' })).toContainText('Gift card ****0001 10.00 EUR');
  await expect(dialog.getByRole('button', { name: 'Complete sale' })).toBeDisabled();

  // Part by card: the amount field offers what remains; the card takes 3.00 of it.
  await dialog.getByRole('button', { name: 'Card', exact: true }).click();
  await expect(dialog.getByRole('textbox', { name: 'Amount', exact: true })).toHaveValue(amount(total - 1000));
  await dialog.getByRole('textbox', { name: 'Card reference' }).fill('AUTH-77');
  await dialog.getByRole('textbox', { name: 'Amount', exact: true }).fill('3.00');
  await dialog.getByRole('button', { name: 'Add payment' }).click();
  const rest = total - 1000 - 300;
  await expect(output(dialog, 'Remaining')).toHaveText(eur(rest));

  // The rest in cash, with a note above it: change.
  await dialog.getByRole('button', { name: 'Cash', exact: true }).click();
  const tendered = (Math.floor(rest / 1000) + 1) * 1000;
  await dialog.getByRole('textbox', { name: 'Amount tendered' }).fill(amount(tendered));
  const change = tendered - rest;
  await expect(output(dialog, 'Change')).toHaveText(eur(change));
  await dialog.getByRole('button', { name: 'Complete sale' }).click();

  const receiptNo = await receiptNumber(page);
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText(`Total ${eur(total)}`);
  await expect(receipt).toContainText('Gift card ****0001 10.00 EUR');
  await expect(receipt).toContainText('Card ref AUTH-77 3.00 EUR');
  await expect(receipt).toContainText(`Cash ${eur(tendered)}`);
  await expect(receipt).toContainText(`Change ${eur(change)}`);
  await expect(receipt).not.toContainText(GIFT_CARD);
  await expect(cart(page)).toHaveCount(0);

  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  const sale = await serverSale(request, receiptNo);
  expect(cents(sale.priced.total)).toBe(total);
  expect(sale.payments.map((p) => [p.kind, cents(p.amount)])).toEqual([
    ['gift_card', 1000],
    ['card', 300],
    ['cash', tendered],
  ]);
  expect(sale.payments[0].card).toBe(GIFT_CARD);
  expect(sale.payments[1].reference).toBe('AUTH-77');
  expect(cents(sale.settlement.change)).toBe(change);
});
