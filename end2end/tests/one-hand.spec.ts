// The checkout with one hand and always in view (issue 10): 8 lines with a customer and a coupon at 1280×800
// with totals and Pay on screen; the change due as the largest thing after payment; the payment dialog's one
// balance line; receipts without "Change 0.00" for cards, with a gift card's balance, text and amount apart;
// the quantity keypad, − at one and Remove with Undo in place, Clear cart with Undo; "apples" shows pieces and
// weighed goods; switching cashier can be cancelled; the back office's header loads the checkout; and at
// 390 px no screen scrolls sideways. Screenshots are attached to the report.
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import {
  addByName, addCustomerAndCoupon, cart, expectNoSidewaysOverflow, enroll, enrollScreen, isPiece, openCheckout, openPayment, output, PIN, products,
  receiptNumber, scan, searchBox, signIn, signInScreen, switchCashier, type Product,
} from './helpers';

const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const GIFT_CARD = 'GC-1000-0001';

async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** The cart line of `product`. */
function line(page: Page, product: Product): Locator {
  return cart(page).locator('.cart-line').filter({ has: page.getByText(product.name, { exact: true }) });
}

/** The box of `locator` lies wholly inside the viewport. */
async function expectInsideViewport(page: Page, locator: Locator, what: string) {
  const box = (await locator.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box, what).toBeTruthy();
  expect(box.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${what}: bottom`).toBeLessThanOrEqual(view.height);
  expect(box.x + box.width, `${what}: right`).toBeLessThanOrEqual(view.width);
}

/** Every receipt row prints its text, a space, then its amount. */
async function expectRowsApart(page: Page) {
  const rows = await page.getByRole('region', { name: 'Receipt' }).locator('.r-pair').evaluateAll((els) =>
    els.map((el) => ({
      whole: el.textContent ?? '',
      text: el.querySelector('.r-text')?.textContent ?? '',
      amount: el.querySelector('.r-amount')?.textContent ?? '',
    })),
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.whole).toBe(`${r.text} ${r.amount}`);
}

test.describe('at 1280×800', () => {
  test.use({ viewport: TABLET });

  test('8 lines with a customer and a coupon all show, with the totals and Pay', async ({ page, request }, info) => {
    const items = (await products(request)).filter(isPiece).filter((p) => p.barcode).slice(10, 18);
    expect(items).toHaveLength(8);
    await openCheckout(page, items[0]);
    // The first screen shows products, "All" chosen.
    await expect(page.getByRole('group', { name: 'Categories' }).getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'true');
    expect(await page.locator('.product-grid .product-tile').count()).toBeGreaterThan(8);
    const chips = page.getByRole('group', { name: 'Categories' });
    await chips.getByRole('button', { name: 'Bakery' }).click();
    await chips.getByRole('button', { name: 'All' }).click();
    expect(await page.locator('.product-grid .product-tile').count()).toBeGreaterThan(8);

    for (const item of items) await scan(page, item.barcode!);
    await expect(cart(page).locator('.cart-line')).toHaveCount(8);
    await addCustomerAndCoupon(page);

    // Scrolled to the top of the list, the 8th line still shows whole, and so do the totals and Pay.
    await cart(page).locator('.cart-lines').evaluate((el) => el.scrollTo(0, 0));
    for (const [i, item] of items.entries()) await expectInsideViewport(page, line(page, item), `line ${i + 1}`);
    const lines = cart(page).locator('.cart-lines');
    const list = (await lines.boundingBox())!;
    const eighth = (await line(page, items[7]).boundingBox())!;
    expect(eighth.y + eighth.height, 'the 8th line is not cut by the list').toBeLessThanOrEqual(list.y + list.height + 1);
    await expectInsideViewport(page, output(page, 'Total'), 'Total');
    await expectInsideViewport(page, page.getByRole('button', { name: 'Pay', exact: true }), 'Pay');
    await expect(page.getByRole('button', { name: 'Pay', exact: true })).toBeVisible();
    await shot(page, info, '8-lines-customer-coupon');
  });

  test('after payment the change due is the largest thing on screen; balance line, receipts', async ({ page, request }, info) => {
    const all = (await products(request)).filter(isPiece).filter((p) => p.barcode);
    await openCheckout(page, all[0]);
    await scan(page, all[20].barcode!);
    const dialog = await openPayment(page);
    // One balance line: "Remaining" until the cash covers the total, then "Change"; never both.
    await expect(output(dialog, 'Remaining')).toBeVisible();
    await expect(output(dialog, 'Change')).toHaveCount(0);
    await dialog.getByRole('textbox', { name: 'Amount tendered' }).fill('0.50');
    await expect(output(dialog, 'Remaining')).toHaveText(/^\d+\.\d\d EUR$/);
    await expect(output(dialog, 'Change')).toHaveCount(0);
    await dialog.getByRole('textbox', { name: 'Amount tendered' }).fill('50.00');
    await expect(output(dialog, 'Change')).toBeVisible();
    await expect(output(dialog, 'Remaining')).toHaveCount(0);
    await shot(page, info, 'payment-change');
    await dialog.getByRole('button', { name: 'Complete sale' }).click();

    const due = page.getByRole('status', { name: 'Change due' });
    await expect(due).toContainText('Change');
    const sizes = await page.evaluate(() => {
      const amount = document.querySelector('.change-due-amount')!;
      const size = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
      let largestElse = 0;
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        if (amount.contains(el) || el.contains(amount)) continue;
        const r = el.getBoundingClientRect();
        const hasText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim() !== '');
        if (hasText && r.width > 0 && r.height > 0) largestElse = Math.max(largestElse, size(el));
      }
      return { change: size(amount), largestElse };
    });
    expect(sizes.change).toBeGreaterThan(sizes.largestElse);
    await expectInsideViewport(page, due, 'change due');
    await expectRowsApart(page);
    await shot(page, info, 'change-due');

    // A card sale: no change line on its receipt, no change due.
    await page.getByRole('button', { name: 'New sale' }).click();
    await expect(due).toHaveCount(0);
    await scan(page, all[21].barcode!);
    const card = await openPayment(page);
    await card.getByRole('button', { name: 'Card', exact: true }).click();
    await card.getByRole('textbox', { name: 'Card reference' }).fill('AUTH-1');
    await expect(output(card, 'Change')).toHaveCount(0);
    await card.getByRole('button', { name: 'Complete sale' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await expect(receipt).toContainText('Card ref AUTH-1');
    await expect(receipt).not.toContainText('Change');
    await expect(due).toHaveCount(0);

    // A gift card sale prints what is left on the card.
    await page.getByRole('button', { name: 'New sale' }).click();
    await scan(page, all[22].barcode!);
    const gift = await openPayment(page);
    await gift.getByRole('button', { name: 'Gift card', exact: true }).click();
    await gift.getByRole('textbox', { name: 'Gift card number' }).fill(GIFT_CARD);
    await gift.getByRole('button', { name: 'Complete sale' }).click();
    await expect(receipt).toContainText(/Gift card \*\*\*\*0001 balance \d+\.\d\d EUR/);
    await expect(receipt).not.toContainText('Change');
    await expectRowsApart(page);
    await shot(page, info, 'gift-card-receipt');
  });

  test('one hand: quantity keypad, − at one and Remove undo in place, Clear cart undo', async ({ page, request }, info) => {
    const items = (await products(request)).filter(isPiece).filter((p) => p.barcode).slice(30, 33);
    await openCheckout(page, items[0]);
    for (const item of items) await scan(page, item.barcode!);
    const [a, b, c] = items;

    // Tap the quantity: type 12 on the keypad.
    await cart(page).getByRole('button', { name: `Quantity of ${a.name}`, exact: true }).click();
    const pad = page.getByRole('dialog', { name: 'Quantity' });
    await pad.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '1', exact: true }).click();
    await pad.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '2', exact: true }).click();
    await shot(page, info, 'quantity-keypad');
    await pad.getByRole('button', { name: 'Set' }).click();
    await expect(cart(page).getByRole('button', { name: `Quantity of ${a.name}`, exact: true })).toHaveText('12');

    // − at one: the line goes, its row stays in place with Undo; the line below does not move.
    const below = (await line(page, c).boundingBox())!;
    await cart(page).getByRole('button', { name: `Decrease quantity of ${b.name}`, exact: true }).click();
    const undoB = cart(page).getByRole('button', { name: `Undo remove ${b.name}`, exact: true });
    await expect(undoB).toBeVisible();
    expect((await line(page, c).boundingBox())!.y).toBeCloseTo(below.y, 0);
    await shot(page, info, 'minus-at-one-undo');
    await undoB.click();
    await expect(cart(page).getByRole('button', { name: `Quantity of ${b.name}`, exact: true })).toHaveText('1');

    // Remove, then Undo.
    await cart(page).getByRole('button', { name: `Remove ${c.name}`, exact: true }).click();
    await cart(page).getByRole('button', { name: `Undo remove ${c.name}`, exact: true }).click();
    await expect(line(page, c)).toBeVisible();

    // Clear cart takes the customer and the coupon too, and Undo brings all back.
    await addCustomerAndCoupon(page);
    await cart(page).getByRole('button', { name: 'Clear cart' }).click();
    await expect(cart(page).locator('.cart-line')).toHaveCount(0);
    const bar = cart(page).locator('.undo-bar');
    await expect(bar).toContainText('Cart cleared: 3 lines, the customer and a coupon');
    await shot(page, info, 'clear-cart-undo');
    await bar.getByRole('button', { name: 'Undo' }).click();
    await expect(cart(page).locator('.cart-line')).toHaveCount(3);
    await expect(cart(page)).toContainText('Erika Mustermann');
    await expect(cart(page)).toContainText('Coupon SAVE10 applied');

    // Switching cashier says the order waits, and can be cancelled.
    await page.getByRole('banner').getByRole('button', { name: 'Switch cashier' }).click();
    const sw = page.getByRole('dialog', { name: 'Switch cashier' });
    await expect(sw).toContainText('An order of 14 items for Erika Mustermann is waiting');
    await sw.getByRole('button', { name: 'Cancel' }).click();
    await expect(sw).toHaveCount(0);
    await expect(cart(page).locator('.cart-line')).toHaveCount(3);
  });

  test('"apples" + Enter adds nothing and shows both kinds, marked; a weighed line is weighed again', async ({ page, request }, info) => {
    const all = await products(request);
    const weighed = all.find((p) => p.unit === 'kilogram' && /Apples/.test(p.name))!;
    const piece = all.find((p) => isPiece(p) && /Apples/.test(p.name))!;
    expect(weighed && piece).toBeTruthy();
    await openCheckout(page, piece);
    await searchBox(page).fill('apples');
    await searchBox(page).press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'sold per kg and by the piece' })).toBeVisible();
    await expect(cart(page).locator('.cart-line')).toHaveCount(0);
    await expect(page.getByRole('button', { name: new RegExp(`^${weighed.name} .* per kg$`) })).toBeVisible();
    await expect(page.getByRole('button', { name: new RegExp(`^${piece.name} .* each$`) }).first()).toBeVisible();
    await shot(page, info, 'apples-both');

    await page.getByRole('button', { name: new RegExp(`^${weighed.name} .* per kg$`) }).click();
    const weight = page.getByRole('dialog', { name: 'Weight' });
    await weight.getByRole('textbox', { name: 'Weight in kg' }).fill('0.5');
    await weight.getByRole('button', { name: 'Add', exact: true }).click();
    await cart(page).getByRole('button', { name: `Weigh ${weighed.name} again`, exact: true }).click();
    const pad = page.getByRole('dialog', { name: 'Quantity' });
    for (const key of ['.', '7', '5']) await pad.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: key, exact: true }).click();
    await pad.getByRole('button', { name: 'Set' }).click();
    await expect(cart(page).getByRole('button', { name: `Weigh ${weighed.name} again`, exact: true })).toHaveText('0.750 kg');
  });
});

test.describe('at 390×844', () => {
  test.use({ viewport: PHONE });

  test('no screen scrolls sideways', async ({ page, request }, info) => {
    const all = (await products(request)).filter(isPiece).filter((p) => p.barcode);
    const longest = [...all].sort((a, b) => b.name.length - a.name.length).slice(0, 2);

    await page.goto('/');
    await expect(enrollScreen(page)).toBeVisible({ timeout: 20_000 });
    await expectNoSidewaysOverflow(page, 'enrollment');
    await enroll(page, 'Till phone');
    await expectNoSidewaysOverflow(page, 'sign-in');
    await shot(page, info, 'phone-sign-in');
    await signIn(page);

    for (const p of longest) await addByName(page, p);
    await addCustomerAndCoupon(page);
    await expectNoSidewaysOverflow(page, 'checkout');
    await shot(page, info, 'phone-checkout');

    const dialog = await openPayment(page);
    await dialog.getByRole('textbox', { name: 'Amount tendered' }).fill('100.00');
    await expectNoSidewaysOverflow(page, 'payment');
    await shot(page, info, 'phone-payment');
    await dialog.getByRole('button', { name: 'Complete sale' }).click();
    const receiptNo = await receiptNumber(page);
    await expect(page.getByRole('status', { name: 'Change due' })).toBeVisible();
    await expectNoSidewaysOverflow(page, 'receipt');
    await shot(page, info, 'phone-receipt');

    await page.getByRole('banner').getByRole('button', { name: "Today's sales" }).click();
    const sales = page.getByRole('region', { name: "Today's sales" });
    await expect(sales).toBeVisible();
    await expectNoSidewaysOverflow(page, 'sales history');
    await shot(page, info, 'phone-sales');

    await sales.getByRole('button', { name: receiptNo }).click();
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Refund' })).toBeVisible();
    await expectNoSidewaysOverflow(page, 'refund');
    await shot(page, info, 'phone-refund');
    await page.getByRole('dialog', { name: 'Refund' }).getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('banner').getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('region', { name: 'Till locked' })).toBeVisible();
    await expectNoSidewaysOverflow(page, 'lock');
    await shot(page, info, 'phone-lock');
    const lock = page.getByRole('region', { name: 'Till locked' });
    for (const d of PIN.chris) await lock.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: d, exact: true }).click();
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect(searchBox(page).or(page.getByRole('region', { name: 'Receipt' }))).toBeVisible();

    // The back office (a manager), whose header loads the checkout's page again.
    await page.getByRole('banner').getByRole('button', { name: 'Checkout' }).click();
    await switchCashier(page);
    await expect(signInScreen(page)).toBeVisible();
    await signIn(page, PIN.manager);
    await page.getByRole('banner').getByRole('button', { name: 'Back office' }).click();
    await expect(page).toHaveURL(/\/\?office$/);
    await expect(page.getByRole('region', { name: 'Back office' })).toBeVisible({ timeout: 20_000 });
    await expectNoSidewaysOverflow(page, 'back office');
    await shot(page, info, 'phone-back-office');
    await page.getByRole('banner').getByRole('button', { name: "Today's sales" }).click();
    await expect(page).not.toHaveURL(/office/);
    await expect(page.getByRole('region', { name: "Today's sales" })).toBeVisible({ timeout: 20_000 });
    await page.goto('/?office');
    await page.getByRole('banner').getByRole('button', { name: 'Checkout' }).click();
    await expect(page).not.toHaveURL(/office/);
    await expect(searchBox(page)).toBeVisible({ timeout: 20_000 });
  });
});
