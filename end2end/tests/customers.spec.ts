// Customers at the till: a customer made offline (a bad phone and a bad email said under their fields first),
// a sale to them, synced once when the network is back; then erased in the back office's API: the till drops
// the name on its next pull and the sale stays, shown anonymised.
import { expect, test } from '@playwright/test';
import {
  admin, api, cart, isPiece, newSale, openCheckout, payExactCash, products, scan, serverFlags, serverSale,
  syncStatus,
} from './helpers';

test('a customer made offline, sold to, synced once, then erased everywhere', async ({ page, context, request }) => {
  const item = (await products(request)).filter(isPiece).filter((p) => p.barcode)[3];
  await openCheckout(page, item);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect(syncStatus(page)).toContainText('Online');
  await context.setOffline(true);
  await expect(syncStatus(page)).toContainText('Offline');

  await cart(page).getByRole('button', { name: 'Customer', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Customer' });
  await dialog.getByRole('searchbox', { name: 'Find customer' }).fill('Jana Offline');
  await dialog.getByRole('button', { name: 'New customer' }).click();
  const form = dialog.getByRole('form', { name: 'New customer' });
  await expect(form.getByRole('textbox', { name: 'Name' })).toHaveValue('Jana Offline');
  // Bad input is said under its field, and nothing is saved.
  await form.getByRole('textbox', { name: 'Phone' }).fill('030 555 0123');
  await form.getByRole('textbox', { name: 'Email' }).fill('jana@');
  await form.getByRole('button', { name: 'Save customer' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'Phone must be a phone number with its country code' })).toBeVisible();
  await expect(form.getByRole('alert').filter({ hasText: 'Email must be an email address like name@example.com' })).toBeVisible();
  await expect(syncStatus(page)).toContainText('0 unsynced');

  await form.getByRole('textbox', { name: 'Phone' }).fill('+49 30 555 0123');
  await form.getByRole('textbox', { name: 'Email' }).fill('Jana@Example.com');
  await form.getByRole('checkbox', { name: 'Agrees to marketing' }).check();
  await form.getByRole('button', { name: 'Save customer' }).click();
  await expect(dialog).toBeHidden();
  await expect(cart(page)).toContainText('Customer: Jana Offline');
  await expect(syncStatus(page)).toContainText('1 unsynced');

  await scan(page, item.barcode!);
  const receiptNo = await payExactCash(page);
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText('Customer: Jana Offline');
  await expect(syncStatus(page)).toContainText('2 unsynced');

  // The customer is found offline by phone, in any form.
  await newSale(page);
  await cart(page).getByRole('button', { name: 'Customer', exact: true }).click();
  await dialog.getByRole('searchbox', { name: 'Find customer' }).fill('030 5550123');
  await expect(dialog.getByRole('button', { name: /Jana Offline/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });

  // On the server: one customer, the sale linked to them, nothing flagged.
  const headers = await api(request);
  const list = await request.get('/api/v1/customers?q=jana%20offline', { headers });
  expect(list.status()).toBe(200);
  const found = (await list.json()).customers as { id: string; phone: string; email: string; consent?: { given: boolean } }[];
  expect(found).toHaveLength(1);
  const jana = found[0];
  expect(jana.phone).toBe('+49305550123');
  expect(jana.email).toBe('Jana@Example.com');
  expect(jana.consent?.given).toBe(true);
  const sale = await serverSale(request, receiptNo);
  expect(sale.customer_id).toBe(jana.id);
  expect((await serverFlags(request)).filter((f) => f.subject === jana.id)).toHaveLength(0);

  // Erased in the back office: the till drops the name on its next pull; the sale stays, anonymised.
  const manager = await admin(request);
  const erased = await request.post(`/api/v1/customers/${jana.id}/erase`, { headers: manager, data: {} });
  expect(erased.status()).toBe(200);
  expect((await erased.json()).name).toBe('Anonymised customer');
  await page.reload();
  await expect(syncStatus(page)).toContainText('Online');
  await cart(page).getByRole('button', { name: 'Customer', exact: true }).click();
  await expect
    .poll(async () => {
      await dialog.getByRole('searchbox', { name: 'Find customer' }).fill('');
      await dialog.getByRole('searchbox', { name: 'Find customer' }).fill('jana');
      return dialog.getByRole('button', { name: /Jana/ }).count();
    }, { timeout: 30_000 })
    .toBe(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const kept = await serverSale(request, receiptNo);
  expect(kept.customer_id).toBe(jana.id);
  await page.getByRole('banner').getByRole('button', { name: "Today's sales" }).click();
  await page.getByRole('region', { name: "Today's sales" }).getByRole('button', { name: receiptNo }).click();
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText('Customer: Anonymised customer');
});
