// What the cashier sees (issue 10, "always visible" and "any screen"): the line just added is scrolled to and
// flashed, the product Enter adds is marked, an unknown barcode raises a toast that moves nothing and leaves by
// itself, the PIN pad has Backspace and forgets a refusal once typing starts, offline shows a bar, touch
// targets are at least 44 px and nothing overflows sideways on a phone. Screenshots are kept as artifacts.
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import {
  addByName, addCustomerAndCoupon, cart, expectNoSidewaysOverflow, enroll, isPiece, openCheckout, PIN, products, scan, searchBox, signInScreen,
  tapPin, type Product,
} from './helpers';

const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The cart line of `product`. */
function line(page: Page, product: Product): Locator {
  return cart(page).locator('.cart-line').filter({ has: page.getByText(product.name, { exact: true }) });
}

async function screenshot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: info.outputPath(`${name}.png`) });
}

/** Every visible button under `scope` is at least 44 × 44 px. */
async function expectTouchTargets(scope: Locator) {
  const buttons = await scope.getByRole('button').all();
  expect(buttons.length).toBeGreaterThan(0);
  for (const b of buttons) {
    if (!(await b.isVisible())) continue;
    const box = (await b.boundingBox())!;
    const name = (await b.getAttribute('aria-label')) ?? (await b.textContent());
    expect(box.height, `height of ${name}`).toBeGreaterThanOrEqual(44);
    expect(box.width, `width of ${name}`).toBeGreaterThanOrEqual(44);
  }
}

test.describe('at 1280×800', () => {
  test.use({ viewport: TABLET });

  test('30 scans: the newest line is always in view and flashed, a line scanned again is scrolled back to', async ({ page, request }, info) => {
    const items = (await products(request)).filter(isPiece).filter((p) => p.barcode).slice(40, 70);
    expect(items).toHaveLength(30);
    await openCheckout(page, items[0]);
    for (const item of items) {
      await scan(page, item.barcode!);
      await expect(line(page, item)).toBeInViewport();
      await expect(line(page, item)).toHaveClass(/just-added/);
    }
    await expect(cart(page).locator('.cart-line')).toHaveCount(30);
    // The list scrolled: the first line is out of view now.
    await expect(line(page, items[0])).not.toBeInViewport();
    await screenshot(page, info, 'cart-after-30-scans');

    // Scanning the first product again scrolls back to its line and flashes it; the flash ends by itself.
    await scan(page, items[0].barcode!);
    const first = line(page, items[0]);
    await expect(first).toBeInViewport();
    await expect(first).toHaveClass(/just-added/);
    await expect(first.locator('.qty')).toHaveText('2');
    await expect(line(page, items[29])).not.toHaveClass(/just-added/);
    await expect.poll(() => first.evaluate((el) => el.getAnimations().length), { timeout: 10_000 }).toBe(0);
    await expect(searchBox(page)).toBeFocused();
  });

  test('the product Enter adds is marked, and Enter adds exactly that one', async ({ page, request }) => {
    const all = (await products(request)).filter(isPiece);
    await openCheckout(page, all[0]);
    // A word several products share.
    const word = all[5].name.split(' ')[0];
    await searchBox(page).fill(word);
    const tiles = page.locator('.product-tile');
    await expect(tiles.first()).toBeVisible();
    expect(await tiles.count()).toBeGreaterThan(1);
    const marked = page.locator('.product-tile.enter-target');
    await expect(marked).toHaveCount(1);
    await expect(marked).toHaveAttribute('aria-keyshortcuts', 'Enter');
    await expect(marked).toContainText('Enter');
    // The first result is the one marked.
    await expect(tiles.first()).toHaveClass(/enter-target/);
    const name = (await marked.locator('.product-name').textContent())!;

    const perKg = ((await marked.getAttribute('aria-label')) ?? '').endsWith('/kg');
    await searchBox(page).press('Enter');
    if (perKg) {
      // A weighed product asks for its weight first.
      const weight = page.getByRole('dialog', { name: 'Weight' });
      await weight.getByRole('textbox', { name: 'Weight in kg' }).fill('0.500');
      await weight.getByRole('button', { name: 'Add', exact: true }).click();
    }
    await expect(cart(page).getByText(name, { exact: true })).toBeVisible();
    await expect(cart(page).locator('.cart-line')).toHaveCount(1);

    // Text no product matches marks nothing.
    await searchBox(page).fill('zzzz-no-such-product');
    await expect(page.locator('.product-tile.enter-target')).toHaveCount(0);
  });

  test('an unknown barcode raises a toast that moves nothing and leaves by itself', async ({ page, request }, info) => {
    const items = (await products(request)).filter(isPiece).filter((p) => p.barcode).slice(3, 5);
    await openCheckout(page, items[0]);
    await scan(page, items[0].barcode!);
    await expect(line(page, items[0])).toBeVisible();

    const boxes = async () => ({
      search: await searchBox(page).boundingBox(),
      cart: await cart(page).boundingBox(),
      pay: await page.getByRole('button', { name: 'Pay', exact: true }).boundingBox(),
    });
    const before = await boxes();
    await scan(page, '2999999999999');
    const toast = page.getByRole('alert').filter({ hasText: 'No product with barcode 2999999999999' });
    await expect(toast).toBeVisible();
    await screenshot(page, info, 'unknown-barcode-toast');
    expect(await boxes()).toEqual(before);
    // The caret stays in the search box: the next scan goes through.
    await expect(searchBox(page)).toBeFocused();
    await expect(toast).toHaveCount(0, { timeout: 15_000 });
    expect(await boxes()).toEqual(before);

    // A second unknown scan raises it again; a good scan takes it away at once.
    await scan(page, '2999999999998');
    await expect(page.getByRole('alert').filter({ hasText: '2999999999998' })).toBeVisible();
    await scan(page, items[1].barcode!);
    await expect(page.getByRole('alert').filter({ hasText: '2999999999998' })).toHaveCount(0);
    await expect(line(page, items[1])).toBeVisible();
  });

  test('offline shows a bar across the page until the connection is back', async ({ page, context, request }, info) => {
    const item = (await products(request)).filter(isPiece)[0];
    await openCheckout(page, item);
    const bar = page.getByRole('status', { name: 'Offline', exact: true });
    await expect(bar).toHaveCount(0);
    await context.setOffline(true);
    await expect(bar).toBeVisible();
    await expect(bar).toContainText('Offline');
    const box = (await bar.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(TABLET.width - 1);
    await screenshot(page, info, 'offline-bar');
    await context.setOffline(false);
    await expect(bar).toHaveCount(0, { timeout: 30_000 });
  });
});

test.describe('at 390×844', () => {
  test.use({ viewport: PHONE });

  test('PIN pad: Backspace, no empty corner, big keys; a refusal clears when typing starts', async ({ page }, info) => {
    await page.goto('/');
    await enroll(page, 'Till phone');
    const screen = signInScreen(page);
    const keypad = screen.getByRole('group', { name: 'Keypad' });
    // Twelve keys fill the 3 × 4 grid: no empty corner.
    await expect(keypad.getByRole('button')).toHaveCount(12);
    const last = (await keypad.getByRole('button').nth(11).boundingBox())!;
    const third = (await keypad.getByRole('button').nth(2).boundingBox())!;
    expect(Math.abs(last.x - third.x)).toBeLessThan(1);
    await expectTouchTargets(keypad);
    await expectNoSidewaysOverflow(page, 'the PIN screen');

    const field = screen.getByLabel('PIN', { exact: true });
    await tapPin(screen, '123');
    await keypad.getByRole('button', { name: 'Backspace' }).click();
    await expect(field).toHaveValue('12');
    await keypad.getByRole('button', { name: 'Clear' }).click();
    await expect(field).toHaveValue('');

    // A wrong PIN is refused; the message goes as soon as a new PIN is typed.
    await tapPin(screen, '0000');
    await screen.getByRole('button', { name: 'Sign in', exact: true }).click();
    const status = screen.getByRole('status');
    await expect(status).toContainText('That PIN is not right');
    await screenshot(page, info, 'pin-refused');
    await tapPin(screen, '1');
    await expect(status).toHaveText('');
    await keypad.getByRole('button', { name: 'Backspace' }).click();
    await tapPin(screen, PIN.chris);
    await screen.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(searchBox(page)).toBeVisible({ timeout: 20_000 });
  });

  test('checkout on a phone: 44 px targets in the cart, no sideways scroll, offline bar and toast included', async ({ page, context, request }, info) => {
    const all = (await products(request)).filter(isPiece);
    // The longest names, the hardest to fit.
    const items = [...all].sort((a, b) => b.name.length - a.name.length).slice(0, 3);
    await openCheckout(page, items[0]);
    for (const p of items) await addByName(page, p);

    await addCustomerAndCoupon(page);
    await expect(cart(page)).toContainText('Customer: Erika Mustermann');

    await cart(page).getByRole('button', { name: `Discount ${items[0].name}` }).click();
    const discount = page.getByRole('dialog', { name: 'Discount' });
    await discount.getByRole('button', { name: 'Amount', exact: true }).click();
    await discount.getByRole('textbox', { name: 'Discount value' }).fill('0.10');
    await discount.getByRole('textbox', { name: 'Reason' }).fill('dented box');
    await discount.getByRole('button', { name: 'Apply' }).click();
    await expect(cart(page).getByRole('button', { name: `Remove discount ${items[0].name}` })).toBeVisible();

    await expectTouchTargets(cart(page));
    await expectNoSidewaysOverflow(page, 'checkout');
    await screenshot(page, info, 'phone-checkout');

    // The toast and the offline bar fit too.
    await scan(page, '2999999999999');
    await expect(page.getByRole('alert').filter({ hasText: 'No product with barcode' })).toBeVisible();
    await context.setOffline(true);
    await expect(page.getByRole('status', { name: 'Offline', exact: true })).toBeVisible();
    await expectNoSidewaysOverflow(page, 'checkout offline with a toast');
    await screenshot(page, info, 'phone-offline-toast');
    await context.setOffline(false);
  });
});
