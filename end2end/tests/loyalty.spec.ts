// Loyalty at the till: a sale to Max earns points once it syncs (1 point per euro, rounded down); on a later
// sale the till shows his points and redeems them at Pay (1 point = 0.01), the rest paid in cash; the server
// books both: earned on the first sale, redeemed on the second.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  addByName, admin, cart, cents, isPiece, openCheckout, output, paymentDialog, products, receiptNumber,
  serverSale, shownCents, syncStatus,
} from './helpers';

const MAX = 'c-max';

async function points(request: APIRequestContext): Promise<number> {
  const res = await request.get(`/api/v1/loyalty/customers/${MAX}`, { headers: await admin(request) });
  expect(res.status()).toBe(200);
  return (await res.json()).points as number;
}

async function pickMax(page: Page) {
  await cart(page).getByRole('button', { name: 'Customer', exact: true }).click();
  const picker = page.getByRole('dialog', { name: 'Customer' });
  await picker.getByRole('searchbox', { name: 'Find customer' }).fill('max');
  await picker.getByRole('button', { name: /Max Mustermann/ }).click();
  await expect(cart(page)).toContainText('Max Mustermann');
}

test('points earned on a sale are redeemed on a later one', async ({ page, request }) => {
  const headers = await admin(request);
  const read = await request.get('/api/v1/loyalty/settings', { headers });
  expect(read.status()).toBe(200);
  const { version } = await read.json();
  const put = await request.put('/api/v1/loyalty/settings', {
    headers,
    data: { programme: { points_per_unit: '1' }, point_value: '0.01', version },
  });
  expect(put.status(), await put.text()).toBe(200);

  const all = (await products(request)).filter(isPiece);
  const items = all.filter((p) => p.id !== 'p0002').slice(30, 33);
  const before = await points(request);

  // First sale: Max pays cash and earns ⌊total⌋ points once it is synced.
  await openCheckout(page, items[0]);
  for (const p of items) await addByName(page, p);
  await pickMax(page);
  const total = await shownCents(output(page, 'Total'));
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  let dialog = paymentDialog(page);
  await dialog.getByRole('button', { name: 'Exact' }).click();
  await dialog.getByRole('button', { name: 'Complete sale' }).click();
  const first = await receiptNumber(page);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  const earned = Math.floor(total / 100);
  await expect.poll(() => points(request), { timeout: 15_000 }).toBe(before + earned);
  expect((await serverSale(request, first)).customer_id).toBe(MAX);

  // A later sale (the till pulls Max's points on start): the panel shows them, Pay redeems them.
  const balance = before + earned;
  await openCheckout(page, items[0]);
  await addByName(page, items[1]);
  await pickMax(page);
  await expect(page.getByLabel('Loyalty')).toContainText(`${balance} points`, { timeout: 35_000 });
  const due = await shownCents(output(page, 'Total'));
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  dialog = paymentDialog(page);
  await dialog.getByRole('button', { name: 'Points', exact: true }).click();
  await expect(dialog).toContainText(`Points of Max Mustermann: ${balance}`);
  const redeemed = Math.min(balance, due);
  await dialog.getByRole('textbox', { name: 'Points to redeem' }).fill(String(redeemed));
  await dialog.getByRole('button', { name: 'Add payment' }).click();
  await dialog.getByRole('button', { name: 'Cash', exact: true }).click();
  await dialog.getByRole('button', { name: 'Exact' }).click();
  await dialog.getByRole('button', { name: 'Complete sale' }).click();
  const second = await receiptNumber(page);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });

  const sale = await serverSale(request, second);
  const loyalty = sale.payments.find((p) => p.kind === 'loyalty');
  expect(loyalty, JSON.stringify(sale.payments)).toBeTruthy();
  expect(cents(loyalty!.amount)).toBe(redeemed);
  const earnedAgain = Math.floor(cents(sale.priced.total) / 100);
  await expect.poll(() => points(request), { timeout: 15_000 }).toBe(balance - redeemed + earnedAgain);
});
