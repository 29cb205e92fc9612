// The till's extras: a quantity multiplier ("3*" then a scan adds three; "2*" alone multiplies the next
// product tapped), a price check that adds nothing, and a custom-amount item (open price) that a cashier sells
// with a supervisor's approval, paid and stamped on the server. At 1280×800 and 390×844, with screenshots kept
// as artifacts and no sideways scrolling. A discount approved for one cashier is approved again when another
// cashier pays.
import { expect, test } from '@playwright/test';
import {
  addByName, approve, cart, cents, eur, expectNoSidewaysOverflow, isPiece, openCheckout, output, payExactCash,
  paymentDialog, PIN, products, receiptNumber, searchBox, serverFlags, serverSale, signIn, SUPERVISOR_NAME,
  switchCashier, syncStatus,
  shot, VIEWPORTS,
} from './helpers';

for (const vp of VIEWPORTS) {
  test.describe(`at ${vp.name}`, () => {
    test.use({ viewport: vp.size });

    test('multiplier, price check and a custom amount approved by a supervisor', async ({ page, request }, info) => {
      const all = (await products(request)).filter(isPiece).filter((p) => p.barcode && p.id !== 'p0002' && p.id !== 'p0077');
      const [scanned, tapped, checked] = vp.name === 'tablet' ? all.slice(40, 43) : all.slice(44, 47);
      await openCheckout(page, scanned);

      // "3*" and a scan: three at once.
      await searchBox(page).fill(`3*${scanned.barcode}`);
      await searchBox(page).press('Enter');
      await expect(cart(page).getByRole('button', { name: `Quantity of ${scanned.name}`, exact: true })).toHaveText('3');
      // "2*" alone waits for the next product, shown beside the box; a tap then adds two.
      await searchBox(page).fill('2*');
      await searchBox(page).press('Enter');
      await expect(page.getByRole('button', { name: /Next item × 2/ })).toBeVisible();
      await shot(page, info, `${vp.name}-multiplier`);
      await addByName(page, tapped);
      await expect(cart(page).getByRole('button', { name: `Quantity of ${tapped.name}`, exact: true })).toHaveText('2');
      await expect(page.getByRole('button', { name: /Next item ×/ })).toHaveCount(0);

      // The price check shows the price and adds nothing.
      const lines = await cart(page).getByRole('listitem').count();
      await page.getByRole('button', { name: 'Price check', exact: true }).click();
      const check = page.getByRole('dialog', { name: 'Price check' });
      await check.getByRole('searchbox', { name: 'Price check' }).pressSequentially(checked.barcode!, { delay: 5 });
      await check.getByRole('searchbox', { name: 'Price check' }).press('Enter');
      await expect(check.getByRole('list', { name: 'Prices' })).toContainText(checked.name);
      await expect(check.getByRole('list', { name: 'Prices' })).toContainText(`${checked.price} EUR each`);
      await expectNoSidewaysOverflow(page, 'price check');
      await shot(page, info, `${vp.name}-price-check`);
      await check.getByRole('button', { name: 'Cancel' }).click();
      await expect(check).toHaveCount(0);
      await expect(cart(page).getByRole('listitem')).toHaveCount(lines);

      // A custom amount: Chris lacks `price_override`, so the supervisor approves the amount entered.
      await page.getByRole('button', { name: 'Custom amount' }).click();
      const custom = page.getByRole('dialog', { name: 'Custom amount' });
      const add = custom.getByRole('button', { name: 'Add', exact: true });
      await expect(add).toBeDisabled();
      await custom.getByRole('textbox', { name: 'Amount' }).fill('4,50');
      await custom.getByRole('textbox', { name: 'Name on the receipt' }).fill('Gift wrap');
      await expectNoSidewaysOverflow(page, 'custom amount');
      await shot(page, info, `${vp.name}-custom-amount`);
      await add.click();
      await expect(page.getByRole('dialog', { name: 'Manager approval' })).toContainText('Sell “Gift wrap” at 4.50 EUR');
      await approve(page);
      await expect(custom).toHaveCount(0);
      await expect(cart(page)).toContainText('Gift wrap');
      const expected = 3 * cents(scanned.price) + 2 * cents(tapped.price) + 450;
      await expect(output(page, 'Total')).toHaveText(eur(expected));
      await expectNoSidewaysOverflow(page, 'checkout with extras');

      const receiptNo = await payExactCash(page);
      await expect(page.getByRole('region', { name: 'Receipt' })).toContainText('Gift wrap');
      await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
      const sale = await serverSale(request, receiptNo);
      expect(cents(sale.priced.total)).toBe(expected);
      const line = sale.priced.lines.find((l) => l.name === 'Gift wrap')!;
      expect(line.product_id).toMatch(/^custom-/);
      expect(sale.approval?.approver.name).toBe(SUPERVISOR_NAME);
      expect(sale.approval?.permission).toBe('price_override');
      expect((await serverFlags(request)).filter((f) => f.kind === 'unapproved_discount')).toEqual([]);
    });
  });
}

test('a discount approved for one cashier is approved again when another pays', async ({ page, request }) => {
  const item = (await products(request)).filter(isPiece).filter((p) => p.id !== 'p0002' && p.id !== 'p0077')[50];
  await openCheckout(page, item);
  await addByName(page, item);
  await cart(page).getByRole('button', { name: `Discount ${item.name}` }).click();
  const discount = page.getByRole('dialog', { name: 'Discount' });
  await discount.getByRole('textbox', { name: 'Discount value' }).fill('25');
  await discount.getByRole('textbox', { name: 'Reason' }).fill('damaged');
  await discount.getByRole('button', { name: 'Apply' }).click();
  await approve(page);
  await expect(cart(page)).toContainText('Discount (damaged)');

  // Alex takes over the till: the approval was Chris's, so paying asks again, before the payment opens.
  await switchCashier(page);
  await signIn(page, PIN.alex);
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  const approval = page.getByRole('dialog', { name: 'Manager approval' });
  await expect(approval).toContainText('approved for another cashier');
  await expect(paymentDialog(page)).toHaveCount(0);
  await approve(page);
  const payment = paymentDialog(page);
  await expect(payment).toBeVisible();
  await payment.getByRole('button', { name: 'Exact' }).click();
  await payment.getByRole('button', { name: 'Complete sale' }).click();
  const receiptNo = await receiptNumber(page);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  const sale = await serverSale(request, receiptNo);
  expect(sale.cashier?.name).toBe('Alex Cashier');
  expect(sale.approval?.permission).toBe('discount_over_limit');
  expect((await serverFlags(request)).filter((f) => f.kind === 'unapproved_discount')).toEqual([]);
});
