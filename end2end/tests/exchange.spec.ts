// An exchange: goods come back from a sale and pay for other goods; the difference is paid in cash. The
// server gets the return (as a refund of the first sale) and the new sale, once.
import { expect, test } from '@playwright/test';
import {
  addByName, approve, cents, eur, isPiece, newSale, openCheckout, openPayment, output, payExactCash, products,
  receiptNumber, serverRefunds, serverSale, syncStatus,
} from './helpers';

test('exchange: the returned value pays part of a new sale', async ({ page, request }) => {
  const all = (await products(request)).filter(isPiece);
  const returned = all.find((p) => p.category_id === 'dairy')!;
  const taken = all.find((p) => p.category_id === 'household' && cents(p.price) > cents(returned.price))!;

  await openCheckout(page, returned);
  await addByName(page, returned);
  const first = await payExactCash(page);
  await newSale(page);

  await page.getByRole('button', { name: "Today's sales" }).click();
  await page.getByRole('region', { name: "Today's sales" }).getByRole('button', { name: first }).click();
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  const refund = page.getByRole('dialog', { name: 'Refund' });
  await refund.getByLabel(`Refund quantity of ${returned.name}`).fill('1');
  await refund.getByRole('textbox', { name: 'Reason' }).fill('wrong size');
  await expect(output(refund, 'Refund total')).toHaveText(eur(cents(returned.price)));
  await refund.getByRole('button', { name: 'Exchange', exact: true }).click();
  // A cashier's exchange needs a supervisor's approval of the chosen return.
  await approve(page);

  await expect(page.getByRole('region', { name: 'Cart' })).toContainText(`Exchange: ${eur(cents(returned.price))} credit`);
  await addByName(page, taken);
  const dialog = await openPayment(page);
  const rest = cents(taken.price) - cents(returned.price);
  await expect(output(dialog, 'Remaining')).toHaveText(eur(rest));
  await dialog.getByRole('button', { name: 'Exact' }).click();
  await dialog.getByRole('button', { name: 'Complete sale' }).click();
  const second = await receiptNumber(page);
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText(`Exchange credit ${eur(cents(returned.price))}`);
  await expect(receipt).toContainText(`Cash ${eur(rest)}`);

  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  const original = await serverSale(request, first);
  const sale = await serverSale(request, second);
  expect(sale.payments.map((p) => [p.kind, cents(p.amount)])).toEqual([
    ['exchange_credit', cents(returned.price)],
    ['cash', rest],
  ]);
  const refunds = await serverRefunds(request, original.id);
  expect(refunds).toHaveLength(1);
  expect(cents(refunds[0].total)).toBe(cents(returned.price));
  expect(refunds[0].payouts.map((p) => p.payment.kind)).toEqual(['exchange_credit']);
});
