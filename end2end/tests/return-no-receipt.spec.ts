// Returns without a receipt: Chris (a cashier) takes an item back with no receipt; a higher price than the
// item's current one is refused in words; the manager approves exactly what was chosen; cash is paid back, the
// return receipt and Today's sales show it, the server holds the document once (audited with its reason and
// approver, nothing flagged) and the shop floor's stock of the item is up by one.
import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  CASHIER_NAME, MANAGER, MANAGER_NAME, PIN, approve, cents, escapeRegExp, expectNoSidewaysOverflow, isPiece,
  openCheckout, products, serverAudit, serverFlags, shot, syncStatus,
} from './helpers';

/** The first store's shop floor (server seed), where its tills' documents move stock. */
const SHOP_FLOOR = '00000000-0000-4000-8000-000000000101';

async function shopFloor(request: APIRequestContext, sku: string): Promise<number> {
  const login = await request.post('/api/v1/auth/login', { data: MANAGER });
  const headers = { Authorization: `Bearer ${(await login.json()).token}` };
  const res = await request.get('/api/v1/stock/levels', { params: { location_id: SHOP_FLOOR, q: sku }, headers });
  expect(res.status(), 'stock levels').toBe(200);
  const level = ((await res.json()).levels as { sku: string; on_hand: string }[]).find((l) => l.sku === sku);
  await request.post('/api/v1/auth/logout', { data: {}, headers });
  return Number(level?.on_hand ?? 0);
}

test('a cashier takes an item back without a receipt, approved by the manager, paid in cash', async ({ page, request }, info) => {
  const all = (await products(request)).filter(isPiece);
  const item = all[60 + (Date.now() % 50)] as (typeof all)[number] & { sku: string };
  const before = await shopFloor(request, item.sku);
  await openCheckout(page, item);

  await page.getByRole('button', { name: 'Return without receipt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Return without receipt' });
  const confirm = dialog.getByRole('button', { name: 'Return', exact: true });
  await expect(confirm).toBeDisabled();
  await expect(dialog).toContainText('Scan or search the items that come back.');
  await dialog.getByRole('searchbox', { name: 'Find item to return' }).fill(item.name);
  await dialog.getByRole('list', { name: 'Matches' }).getByRole('button', { name: escapeRegExp(item.name) }).first().click();
  const price = dialog.getByRole('textbox', { name: `Price given back for ${item.name}` });
  await expect(price).toHaveAttribute('placeholder', item.price);
  await dialog.getByRole('textbox', { name: 'Return reason' }).fill('no receipt, unopened');

  // More than the item costs today is refused, in words, and nothing can be confirmed.
  const higher = ((cents(item.price) + 100) / 100).toFixed(2);
  await price.fill(higher);
  await expect(dialog).toContainText(`${item.name}: the price given back cannot be more than its current price ${item.price}`);
  await expect(confirm).toBeDisabled();
  // Blank again: the current price is given back.
  await price.fill('');
  await expect(dialog).toContainText(`Pay back ${item.price}`);
  await expectNoSidewaysOverflow(page, 'return dialog');
  await shot(page, info, 'return-dialog');
  await confirm.click();

  // Chris may not do it alone: the manager approves exactly this return.
  await expect(page.getByRole('dialog', { name: 'Manager approval' })).toContainText(`Return ${item.price}`);
  await approve(page, PIN.manager);

  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText('Return without receipt');
  await expect(receipt).toContainText('Reason: no receipt, unopened');
  await expect(receipt).toContainText(item.name);
  await expect(receipt).toContainText(`Paid back: Cash ${item.price}`);
  await expect(receipt).toContainText(`Cashier: ${CASHIER_NAME}`);
  await expect(receipt).toContainText(`Approved by ${MANAGER_NAME}`);
  const returnNo = (await receipt.getByText(/^Return [A-Z0-9]{4}-\d{6}$/).textContent())!.replace('Return ', '');
  await shot(page, info, 'return-receipt');

  // Today's sales lists it as a return, and it syncs.
  await page.getByRole('banner').getByRole('button', { name: "Today's sales" }).click();
  const sales = page.getByRole('region', { name: "Today's sales" });
  await expect(sales.getByRole('row', { name: new RegExp(returnNo) })).toContainText('Return');
  await expect(sales).toContainText('1 return');
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  await expect(sales.getByRole('row', { name: new RegExp(returnNo) })).toContainText('synced');

  // The server has it once, audited by Chris with the manager's approval and the reason; nothing flagged;
  // the shop floor has the item back.
  await expect
    .poll(async () => (await serverAudit(request)).filter((e) => e.action === 'sale.return_without_receipt' && e.details.receipt_no === returnNo).length)
    .toBe(1);
  const [entry] = (await serverAudit(request)).filter((e) => e.action === 'sale.return_without_receipt' && e.details.receipt_no === returnNo);
  expect(entry.actor.name).toBe(CASHIER_NAME);
  expect(entry.details.reason).toBe('no receipt, unopened');
  expect((entry.details.approver as { name: string }).name).toBe(MANAGER_NAME);
  expect(entry.details.approval_checked).toBe(true);
  expect((await serverFlags(request)).filter((f) => f.kind === 'unapproved_return')).toEqual([]);
  await expect.poll(() => shopFloor(request, item.sku)).toBe(before + 1);
  // A reload pushes nothing again: still once.
  await page.reload();
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  expect((await serverAudit(request)).filter((e) => e.action === 'sale.return_without_receipt' && e.details.receipt_no === returnNo)).toHaveLength(1);
});
