// Stock: a cashier sells an item and the back office's Stock tab shows its shop-floor stock fall by one; the
// till shows the item's stock on its tile after a pull; the manager adjusts it with a reason and sees it rise;
// a purchase order is received and it rises again; a transfer to the back room is sent (in transit) and
// received, and both locations change.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  MANAGER, escapeRegExp, isPiece, openCheckout, payExactCash, products, searchBox, syncStatus,
  cart, onHand, stockScreen,
} from './helpers';

test('a sale lowers the shop floor, an adjustment raises it, a transfer moves it to the back room', async ({ page, browser, request }) => {
  const all = (await products(request)).filter(isPiece);
  const item = all[150 + (Date.now() % 100)];

  const remote = await browser.newContext();
  const office = await remote.newPage();
  const screen = await stockScreen(office);
  const location = screen.getByRole('search', { name: 'Stock filters' }).getByLabel('Location');
  await expect(location).toHaveValue(/.+/);
  await expect(location.locator('option:checked')).toHaveText('Shop floor');
  await location.selectOption({ label: 'Back room' });
  const backBefore = await onHand(screen, item.sku);
  await location.selectOption({ label: 'Shop floor' });
  const before = await onHand(screen, item.sku);

  // Sold at the till: the sale reaches the server, which moves the shop floor's stock.
  await openCheckout(page, item);
  await searchBox(page).fill(item.name);
  await page.getByRole('button', { name: escapeRegExp(item.name) }).click();
  await expect(cart(page).getByText(item.name, { exact: true })).toBeVisible();
  await payExactCash(page);
  await expect(syncStatus(page)).toContainText('0 unsynced');
  await expect.poll(() => onHand(screen, item.sku)).toBe(before - 1);

  // The till pulls the stock at its store and shows it on the item's tile.
  await page.reload();
  await searchBox(page).fill(item.name);
  const tile = page.getByRole('button', { name: escapeRegExp(item.name) });
  await expect(tile).toContainText(`${before - 1} in stock`);

  // An adjustment with a reason raises it.
  await screen.getByRole('button', { name: `Move stock of ${item.name}` }).click();
  const panel = screen.getByRole('region', { name: `Move ${item.name}` });
  await panel.getByLabel('Adjust by').fill('5');
  await panel.getByRole('button', { name: 'Save adjustment' }).click();
  await expect(panel.getByRole('status')).toContainText('Say why');
  await panel.getByLabel('Reason').fill('found in the back');
  await panel.getByRole('button', { name: 'Save adjustment' }).click();
  await expect(panel.getByRole('status')).toContainText('Adjusted.');
  await expect.poll(() => onHand(screen, item.sku)).toBe(before + 4);

  // A purchase order of 6 (booked over the API: the back office has no purchasing screen yet) is received at
  // the shop floor: it rises by 6.
  const login = await request.post('/api/v1/auth/login', { data: MANAGER });
  const headers = { Authorization: `Bearer ${(await login.json()).token}` };
  const locations = await (await request.get('/api/v1/stock/locations', { headers })).json();
  const floor = locations.find((l: { sells: boolean }) => l.sells).id;
  const supplier = await (await request.post('/api/v1/stock/suppliers', {
    headers, data: { name: 'E2E supplier', lead_time_days: 2, order_multiple: '6' },
  })).json();
  const orderId = randomUUID();
  const ordered = await request.post('/api/v1/stock/purchase-orders', {
    headers,
    data: { id: orderId, supplier_id: supplier.id, location_id: floor, lines: [{ product_id: item.id, quantity: '6', unit_cost: '1.10' }] },
  });
  expect(ordered.status()).toBe(200);
  const received = await request.post(`/api/v1/stock/purchase-orders/${orderId}/receipts`, {
    headers, data: { id: randomUUID(), lines: [{ product_id: item.id, quantity: '6' }] },
  });
  expect((await received.json()).status).toBe('received');
  await expect.poll(() => onHand(screen, item.sku)).toBe(before + 10);

  // Two sent to the back room: gone from the shop floor at once, in transit, then received there.
  await panel.getByLabel('Transfer to').selectOption({ label: 'Back room' });
  await panel.getByLabel('Quantity').fill('2');
  await panel.getByRole('button', { name: 'Send' }).click();
  await expect(panel).toContainText('Transfer to Back room: in transit');
  await expect.poll(() => onHand(screen, item.sku)).toBe(before + 8);
  await panel.getByRole('button', { name: 'Receive' }).click();
  await expect(panel).toContainText('Transfer to Back room: received');
  await panel.getByRole('button', { name: 'Close' }).click();
  await location.selectOption({ label: 'Back room' });
  await expect.poll(() => onHand(screen, item.sku)).toBe(backBefore + 2);
  await remote.close();
});
