// A partial refund of a BOGO line: the refund total is the line's paid share, it reaches the server once
// even when the first push answer is lost, and the dialog then offers only what is left. The cashier's refund
// lines are chosen first, then approved with the manager's PIN: the server records both and audits the refund once.
import { expect, test } from '@playwright/test';
import {
  addByName, amount, approve, cart, CASHIER_NAME, cents, enroll, eur, expectNoSidewaysOverflow, isPiece, MANAGER_NAME,
  openCheckout, openPayment, output, payExactCash, PIN, products, receiptNumber, serverAudit, serverFlags,
  serverRefunds, serverSale, signIn, syncStatus,
} from './helpers';

test('refund one unit of a discounted line: engine total, exactly once on the server', async ({ page, request }) => {
  const all = (await products(request)).filter(isPiece);
  const bogo = all.find((p) => p.id === 'p0002')!;
  const other = all.filter((p) => p.id !== bogo.id && p.category_id !== bogo.category_id)[3];

  // The first push that carries a refund is applied by the server, but its answer never arrives.
  let dropped = 0;
  await page.route('**/api/v1/sync/push', async (route) => {
    const body = route.request().postDataJSON();
    const hasRefund = body.mutations.some((m: { body: { type: string } }) => m.body.type === 'refund');
    if (hasRefund && dropped === 0) {
      const response = await route.fetch();
      expect(response.status()).toBe(200);
      dropped += 1;
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });

  await openCheckout(page, bogo);
  for (let i = 0; i < 3; i++) await addByName(page, bogo);
  await addByName(page, other);
  // Buy 2 get 1 free ("BOGO") shows under its line: the third unit is free.
  const bogoLine = cart(page).getByRole('listitem').filter({ hasText: bogo.name });
  await expect(bogoLine).toContainText(`BOGO \u2212${bogo.price}`);

  const dialog = await openPayment(page);
  await dialog.getByRole('button', { name: 'Card', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Card reference' }).fill('REF-1');
  await dialog.getByRole('button', { name: 'Complete sale' }).click();
  const receiptNo = await receiptNumber(page);
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText(`Cashier: ${CASHIER_NAME}`);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });

  // Expected refund, from the server's copy of the sale: the line's gross × 1 / 3, rounded half up.
  const sale = await serverSale(request, receiptNo);
  expect(sale.cashier?.name).toBe(CASHIER_NAME);
  expect(sale.approval).toBeUndefined();
  const lineIndex = sale.priced.lines.findIndex((l) => l.product_id === bogo.id);
  const line = sale.priced.lines[lineIndex];
  expect(Number(line.quantity)).toBe(3);
  expect(line.adjustments.length).toBeGreaterThan(0);
  const expected = Math.round((cents(line.gross) * 1) / 3);

  await page.getByRole('button', { name: 'New sale' }).click();
  await page.getByRole('button', { name: "Today's sales" }).click();
  await page.getByRole('region', { name: "Today's sales" }).getByRole('button', { name: receiptNo }).click();
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  // Lines first: the cashier picks what comes back with − and + (or Refund all), then the manager approves
  // exactly that.
  const refund = page.getByRole('dialog', { name: 'Refund' });
  const qty = refund.getByLabel(`Refund quantity of ${bogo.name}`);
  const more = refund.getByRole('button', { name: `One more of ${bogo.name}` });
  const less = refund.getByRole('button', { name: `One less of ${bogo.name}` });
  await expect(less).toBeDisabled();
  await refund.getByRole('button', { name: 'Refund all' }).click();
  await expect(qty).toHaveValue('3');
  await expect(more).toBeDisabled();
  await less.click();
  await less.click();
  await expect(qty).toHaveValue('1');
  await expect(refund.getByLabel(`Refund quantity of ${other.name}`)).toHaveValue('1');
  await refund.getByRole('button', { name: `One less of ${other.name}` }).click();
  await expect(refund.getByLabel(`Refund quantity of ${other.name}`)).toHaveValue('');
  await refund.getByRole('textbox', { name: 'Reason' }).fill('damaged packaging');
  await expect(output(refund, 'Refund total')).toHaveText(eur(expected));
  await refund.getByRole('button', { name: 'Complete refund' }).click();
  // A cashier's refund needs a supervisor's or manager's approval of what was chosen: the manager's PIN here.
  await expect(page.getByRole('dialog', { name: 'Manager approval' })).toContainText(
    `Refund ${eur(expected)} from receipt ${receiptNo}`,
  );
  await approve(page, PIN.manager);

  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText(/Refund [A-Z]{4}-\d{6}/);
  await expect(receipt).toContainText(`Refund of receipt ${receiptNo}`);
  await expect(receipt).toContainText(`Refund total ${eur(expected)}`);
  await expect(receipt).toContainText(`Card ref REF-1 ${eur(expected)}`);
  await expect(receipt).toContainText(`Cashier: ${CASHIER_NAME}`);
  await expect(receipt).toContainText(`Approved by ${MANAGER_NAME}`);
  const refundNo = (await receipt.getByText(/^Refund [A-Z]{4}-\d{6}$/).textContent())!.replace('Refund ', '');
  expect(refundNo.split('-')[0]).toBe(receiptNo.split('-')[0]);
  expect(Number(refundNo.split('-')[1])).toBe(Number(receiptNo.split('-')[1]) + 1);

  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  expect(dropped).toBe(1);
  await expect.poll(async () => (await serverRefunds(request, sale.id)).length).toBe(1);
  const [stored] = await serverRefunds(request, sale.id);
  expect(stored.receipt_no).toBe(refundNo);
  expect(cents(stored.total)).toBe(expected);
  expect(stored.lines.map((l) => [l.line, Number(l.quantity)])).toEqual([[lineIndex, 1]]);
  // Who did it and who approved it, as the server recorded them.
  expect(stored.cashier?.name).toBe(CASHIER_NAME);
  expect(stored.approval?.approver.name).toBe(MANAGER_NAME);
  expect(stored.approval?.permission).toBe('refund');
  expect(stored.cashier?.id).toBe(sale.cashier?.id);
  // Audited once although pushed twice (the first answer was lost), by the cashier, naming the approver; the
  // approval checked out, so nothing is flagged.
  const audited = (await serverAudit(request)).filter((e) => e.action === 'sale.refund' && e.target === stored.id);
  expect(audited).toHaveLength(1);
  expect(audited[0].actor).toEqual({ kind: 'staff', id: stored.cashier?.id, name: CASHIER_NAME });
  expect(audited[0].device_id).toBe(sale.device_id);
  expect((audited[0].details.approver as { name: string }).name).toBe(MANAGER_NAME);
  expect(audited[0].details.approval_checked).toBe(true);
  expect(audited[0].details.amount).toBe(stored.total);
  expect((await serverFlags(request)).filter((f) => f.kind.startsWith('unapproved'))).toEqual([]);

  // Today's sales lists the refund, synced; the sale now offers only two more units of that line.
  await page.getByRole('button', { name: "Back to today's sales" }).click();
  const sales = page.getByRole('region', { name: "Today's sales" });
  await expect(sales.getByRole('row', { name: new RegExp(refundNo) })).toContainText('synced');
  await sales.getByRole('button', { name: receiptNo }).click();
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await refund.getByRole('button', { name: 'Refund all' }).click();
  await expect(refund.getByLabel(`Refund quantity of ${bogo.name}`)).toHaveValue('2');
  await expect(refund.getByRole('button', { name: `One more of ${bogo.name}` })).toBeDisabled();
  await refund.getByRole('button', { name: 'Cancel' }).click();
  await expect(refund).toHaveCount(0);
});

// "Find a sale": another till's sale of any day is found on the server by its receipt number (what scanning the
// receipt's code types) or its total, opens its receipt, and is refunded lines first with the approval after.
for (const vp of [
  { name: 'tablet', size: { width: 1280, height: 800 } },
  { name: 'phone', size: { width: 390, height: 844 } },
]) {
  test(`at ${vp.name}: a sale of another till is found and refunded`, async ({ browser, request }) => {
    const all = (await products(request)).filter(isPiece).filter((p) => p.id !== 'p0002');
    const item = vp.name === 'tablet' ? all[60] : all[62];
    const tillA = await (await browser.newContext({ viewport: vp.size })).newPage();
    await openCheckout(tillA, item);
    await addByName(tillA, item);
    await addByName(tillA, item);
    const receiptNo = await payExactCash(tillA);
    await expect(syncStatus(tillA)).toContainText('0 unsynced', { timeout: 30_000 });

    const tillB = await (await browser.newContext({ viewport: vp.size })).newPage();
    await tillB.goto('/');
    await enroll(tillB, `Till B ${vp.size.width}`);
    await signIn(tillB);
    await openCheckout(tillB, item);
    await tillB.getByRole('banner').getByRole('button', { name: "Today's sales" }).click();
    const find = tillB.getByRole('region', { name: 'Find a sale' });
    // By total first: the sale is among those of that amount.
    await find.getByRole('searchbox', { name: 'Find a sale' }).fill(amount(2 * cents(item.price)));
    await find.getByRole('button', { name: 'Find', exact: true }).click();
    await expect(find.getByRole('table', { name: 'Sales found' })).toContainText(receiptNo);
    // By receipt number, in lower case, as typed or scanned, with Enter.
    await find.getByRole('searchbox', { name: 'Find a sale' }).fill(receiptNo.toLowerCase());
    await find.getByRole('searchbox', { name: 'Find a sale' }).press('Enter');
    await expect(find.getByRole('status')).toHaveText(`1 sale found for receipt ${receiptNo}.`);
    await expectNoSidewaysOverflow(tillB, 'find a sale');
    await find.getByRole('button', { name: receiptNo }).click();
    await expect(tillB.getByRole('region', { name: 'Receipt' })).toContainText(`Receipt ${receiptNo}`);
    // Another till's sale is refunded, never voided here.
    await expect(tillB.getByRole('button', { name: 'Void', exact: true })).toHaveCount(0);
    await tillB.getByRole('button', { name: 'Refund', exact: true }).click();
    const refund = tillB.getByRole('dialog', { name: 'Refund' });
    await refund.getByRole('button', { name: `One more of ${item.name}` }).click();
    await refund.getByRole('textbox', { name: 'Reason' }).fill('wrong colour');
    await expect(output(refund, 'Refund total')).toHaveText(eur(cents(item.price)));
    await expectNoSidewaysOverflow(tillB, 'refund lines');
    await refund.getByRole('button', { name: 'Complete refund' }).click();
    await approve(tillB);
    await expect(tillB.getByRole('region', { name: 'Receipt' })).toContainText(`Refund of receipt ${receiptNo}`);
    await expect(syncStatus(tillB)).toContainText('0 unsynced', { timeout: 30_000 });
    const sale = await serverSale(request, receiptNo);
    await expect.poll(async () => (await serverRefunds(request, sale.id)).length).toBe(1);
  });
}
