// Voids: a sale of today without refunds is voided from its receipt in Today's sales, with a reason; a cashier
// needs a supervisor's approval (asked after the reason is entered). The receipt and the list say VOID, the
// server audits the void with the approval, and a refunded sale cannot be voided. At 1280×800 and 390×844,
// with screenshots kept as artifacts and no sideways scrolling.
import { expect, test, type Page } from '@playwright/test';
import {
  addByName, approve, expectNoSidewaysOverflow, isPiece, newSale, openCheckout, payExactCash, products,
  serverAudit, serverFlags, SUPERVISOR_NAME, syncStatus, CASHIER_NAME,
  shot, VIEWPORTS,
} from './helpers';

async function openFromTodaysSales(page: Page, receiptNo: string) {
  await page.getByRole('banner').getByRole('button', { name: "Today's sales" }).click();
  await page.getByRole('region', { name: "Today's sales" }).getByRole('button', { name: receiptNo }).click();
}

for (const vp of VIEWPORTS) {
  test.describe(`at ${vp.name}`, () => {
    test.use({ viewport: vp.size });

    test('a sale of today is voided with a reason and approval; receipt and history say VOID', async ({ page, request }, info) => {
      const all = (await products(request)).filter(isPiece).filter((p) => p.id !== 'p0002');
      const [item, other] = vp.name === 'tablet' ? all.slice(30, 32) : all.slice(33, 35);
      await openCheckout(page, item);
      await addByName(page, item);
      const receiptNo = await payExactCash(page);
      await newSale(page);

      await openFromTodaysSales(page, receiptNo);
      await page.getByRole('button', { name: 'Void', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Void sale' });
      await expect(dialog).toContainText(`Void receipt ${receiptNo}`);
      await expect(dialog.getByRole('status', { name: 'Sale total' })).toContainText(item.price);
      const confirm = dialog.getByRole('button', { name: 'Void sale' });
      await expect(confirm).toBeDisabled();
      await expect(dialog).toContainText('Enter the reason for the void.');
      await dialog.getByRole('textbox', { name: 'Void reason' }).fill('customer changed mind');
      await expectNoSidewaysOverflow(page, 'void dialog');
      await shot(page, info, `${vp.name}-void-dialog`);
      await confirm.click();
      // Chris may not void alone: the supervisor approves what was entered.
      await expect(page.getByRole('dialog', { name: 'Manager approval' })).toContainText(`Void receipt ${receiptNo}`);
      await approve(page);

      const receipt = page.getByRole('region', { name: 'Receipt' });
      const voided = receipt.getByRole('note', { name: 'Voided' });
      await expect(voided).toContainText('VOID');
      await expect(voided).toContainText('Reason: customer changed mind');
      await expect(voided).toContainText(`Cashier: ${CASHIER_NAME}`);
      await expect(voided).toContainText(`Approved by ${SUPERVISOR_NAME}`);
      await expect(receipt).toContainText(`Receipt ${receiptNo}`);
      await expect(page.getByRole('button', { name: 'Refund', exact: true })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Void', exact: true })).toHaveCount(0);
      await expectNoSidewaysOverflow(page, 'void receipt');
      await shot(page, info, `${vp.name}-void-receipt`);
      const voidNo = (await voided.getByText(/^Void [A-Z0-9]{4}-\d{6}$/).textContent())!.replace('Void ', '');

      // The history: the sale says VOID, the void has its own row; both open the VOID receipt.
      await page.getByRole('button', { name: "Back to today's sales" }).click();
      const sales = page.getByRole('region', { name: "Today's sales" });
      await expect(sales.getByRole('row', { name: new RegExp(receiptNo) })).toContainText('VOID');
      await expect(sales.getByRole('row', { name: new RegExp(voidNo) })).toContainText('Void');
      await expect(sales).toContainText('1 void');
      // Found again by the sales search, the voided sale offers nothing to refund.
      await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
      const find = page.getByRole('region', { name: 'Find a sale' });
      await find.getByRole('searchbox', { name: 'Find a sale' }).fill(receiptNo);
      await find.getByRole('searchbox', { name: 'Find a sale' }).press('Enter');
      await find.getByRole('button', { name: receiptNo }).click();
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      const refund = page.getByRole('dialog', { name: 'Refund' });
      await expect(refund).toContainText('This sale was voided: nothing of it can be refunded.');
      await expect(refund.getByRole('button', { name: 'Complete refund' })).toBeDisabled();
      await refund.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: "Back to today's sales" }).click();
      // Back from the found sale's receipt: the search and what it found are still there.
      await expect(find.getByRole('searchbox', { name: 'Find a sale' })).toHaveValue(receiptNo);
      await expect(find.getByRole('table', { name: 'Sales found' })).toContainText(receiptNo);
      await expectNoSidewaysOverflow(page, 'sales history with a void');
      await shot(page, info, `${vp.name}-void-history`);

      // The server has it once, audited by the cashier with the approval that checked out; nothing flagged.
      await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
      await expect
        .poll(async () => (await serverAudit(request)).filter((e) => e.action === 'sale.void' && e.details.receipt_no === voidNo).length)
        .toBe(1);
      const [entry] = (await serverAudit(request)).filter((e) => e.action === 'sale.void' && e.details.receipt_no === voidNo);
      expect(entry.actor.name).toBe(CASHIER_NAME);
      expect((entry.details.approver as { name: string }).name).toBe(SUPERVISOR_NAME);
      expect(entry.details.approval_checked).toBe(true);
      expect((await serverFlags(request)).filter((f) => f.kind === 'unapproved_void')).toEqual([]);

      // A sale with a refund cannot be voided: the dialog says why and offers nothing.
      await page.getByRole('banner').getByRole('button', { name: 'Checkout', exact: true }).click();
      await addByName(page, other);
      const second = await payExactCash(page);
      await newSale(page);
      await openFromTodaysSales(page, second);
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      await refund.getByRole('button', { name: 'Refund all' }).click();
      await refund.getByRole('textbox', { name: 'Reason' }).fill('broken');
      await refund.getByRole('button', { name: 'Complete refund' }).click();
      await approve(page);
      await expect(page.getByRole('region', { name: 'Receipt' })).toContainText(`Refund of receipt ${second}`);
      await page.getByRole('button', { name: "Back to today's sales" }).click();
      await page.getByRole('region', { name: "Today's sales" }).getByRole('button', { name: second }).click();
      await page.getByRole('button', { name: 'Void', exact: true }).click();
      await dialog.getByRole('textbox', { name: 'Void reason' }).fill('wrong');
      await expect(dialog).toContainText('This sale has a refund: refund the rest instead of voiding it.');
      await expect(confirm).toBeDisabled();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);
    });
  });
}
