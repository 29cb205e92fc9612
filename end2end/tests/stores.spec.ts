// Stores: a manager signed in to the back office opens Stores, is told beside the time zone field that
// "Mars/Base" is no time zone, then switches the demo store (this till's store) to tax added on top; the till,
// reloaded, prices a cart with the tax on top of the shelf price and its receipt shows it. A price the store
// sets for one product (a store price override) shows at the till. The store's settings are put back at the
// end, so the specs after this one find the demo store as it was.
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import {
  MANAGER, admin, amount, cents, enrollScreen, escapeRegExp, eur, isPiece, openCheckout, output, products, pullAll,
  searchBox, signInScreen,
} from './helpers';

const FIRST_STORE = '00000000-0000-4000-8000-000000000001';

async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** The first store as the API gives it. */
async function firstStore(request: APIRequestContext) {
  const res = await request.get(`/api/v1/stores/${FIRST_STORE}`, { headers: await admin(request) });
  expect(res.ok()).toBeTruthy();
  return res.json();
}

/** Put the first store's tax mode back to prices including tax (and no override), whatever the test did. */
async function restore(request: APIRequestContext, overridden: string) {
  const store = await firstStore(request);
  store.settings.tax_mode = 'inclusive';
  await request.put(`/api/v1/stores/${FIRST_STORE}`, {
    data: { settings: store.settings, cash_rounding: store.cash_rounding, active: store.active, version: store.version },
    headers: await admin(request),
  });
  await request.delete(`/api/v1/stores/${FIRST_STORE}/prices/${overridden}`, { headers: await admin(request) });
}

test('a manager switches the store to tax on top: the till adds tax and shows a store price', async ({ page, browser, request }, info) => {
  const pieces = (await products(request)).filter(isPiece).filter((p) => p.barcode);
  const sold = pieces[0];
  const overridden = pieces[7];
  const rates = (await pullAll(request)).filter((c) => c.type === 'tax_rate').map((c) => c.data);
  const rate = rates.find((r) => r.id === sold.tax_rate_id)!;
  expect(rate).toBeTruthy();
  const shelf = cents(sold.price);
  // Tax on top, rounded half up to the cent (the demo store's rule).
  const withTax = Math.round((shelf * (100 + Number(rate.percent))) / 100);

  try {
    // The till is ready (enrolled for the first store, signed in) while prices include tax.
    await openCheckout(page, sold);

    // The remote manager opens Stores.
    const remote = await browser.newContext();
    const office = await remote.newPage();
    await office.goto('/');
    await enrollScreen(office).getByRole('button', { name: 'Back office sign-in' }).click();
    const signIn = office.getByRole('region', { name: 'Back office sign-in' });
    await signIn.getByLabel('Email').fill(MANAGER.email);
    await signIn.getByLabel('Password').fill(MANAGER.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await office.getByRole('navigation', { name: 'Back office sections' }).getByRole('button', { name: 'Stores' }).click();
    const screen = office.getByRole('region', { name: 'Stores' });
    const rows = screen.getByRole('table', { name: 'Stores by name' }).getByRole('row').filter({ has: office.getByRole('cell') });
    await expect(rows.filter({ hasText: 'Harbour Street' })).toHaveCount(1);
    const demo = rows.filter({ hasText: 'Demo Store' });
    await expect(demo).toContainText('Prices include tax');

    // A time zone that is none: the server's refusal shows under that field; then tax on top is saved.
    await demo.getByRole('button', { name: 'Edit Demo Store' }).click();
    const form = screen.getByRole('form', { name: 'Edit store' });
    await form.getByLabel('Time zone', { exact: true }).fill('Mars/Base');
    await form.getByRole('combobox', { name: /^Tax mode/ }).selectOption({ label: 'Tax added on top' });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByLabel('Time zone', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(office.locator('#store-time_zone-error')).toContainText('IANA time zone');
    await shot(office, info, 'office-store-time-zone-refused');
    await form.getByLabel('Time zone', { exact: true }).fill('Europe/Berlin');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(screen.getByRole('status').filter({ hasText: '\u201cDemo Store\u201d' })).toBeVisible();
    await expect(demo).toContainText('Tax added on top');
    await shot(office, info, 'office-stores-list');
    await remote.close();

    // The store's price for one product (as the API sets it).
    const priced = await request.put(`/api/v1/stores/${FIRST_STORE}/prices/${overridden.id}`, {
      data: { price: '1.11' },
      headers: await admin(request),
    });
    expect(priced.status()).toBe(204);

    // The till, reloaded, pulls them: the shelf price plus tax is the total, and the receipt shows the tax.
    await page.reload();
    await expect(searchBox(page)).toBeVisible({ timeout: 20_000 });
    await searchBox(page).fill(overridden.name);
    await expect(page.getByRole('button', { name: escapeRegExp(overridden.name) })).toContainText('1.11', { timeout: 20_000 });
    await shot(page, info, 'till-store-price');
    await searchBox(page).fill(sold.name);
    await page.getByRole('button', { name: escapeRegExp(sold.name) }).click();
    await expect(output(page, 'Total')).toHaveText(eur(withTax), { timeout: 20_000 });
    expect(withTax).toBeGreaterThan(shelf);
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Payment' });
    await dialog.getByRole('button', { name: 'Exact' }).click();
    await dialog.getByRole('button', { name: 'Complete sale' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await expect(receipt).toBeVisible();
    await expect(receipt).toContainText(eur(withTax));
    // The tax table: the shelf price is the net, the tax is added on top of it.
    await expect(receipt).toContainText(`${rate.name} ${amount(shelf)} ${amount(withTax - shelf)} ${amount(withTax)}`);
    await shot(page, info, 'receipt-tax-on-top');
  } finally {
    await restore(request, overridden.id);
  }
});

// A manager of several stores is asked which store a new terminal sells for: the till enrolled for Harbour
// Street is that store's on the server, and Back from the question returns to the first step.
test('a till is enrolled for the store the manager picks', async ({ page, request }, info) => {
  await page.goto('/');
  const screen = enrollScreen(page);
  await screen.getByRole('textbox', { name: 'Manager email' }).fill(MANAGER.email);
  await screen.getByLabel('Password', { exact: true }).fill(MANAGER.password);
  await screen.getByRole('textbox', { name: 'Terminal name' }).fill('Harbour till');
  await screen.getByRole('button', { name: 'Enroll terminal' }).click();
  const stores = screen.getByRole('group', { name: 'Store' });
  await expect(stores.getByRole('radio')).toHaveCount(2);
  // The first store is chosen unless the manager picks another.
  await expect(stores.getByRole('radio').first()).toBeChecked();
  await shot(page, info, 'enroll-store-picker');
  await screen.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(stores).toHaveCount(0);
  await screen.getByLabel('Password', { exact: true }).fill(MANAGER.password);
  await screen.getByRole('button', { name: 'Enroll terminal' }).click();
  await stores.getByRole('radio', { name: 'Harbour Street' }).check();
  await screen.getByRole('button', { name: 'Enroll for this store' }).click();
  await expect(signInScreen(page)).toBeVisible({ timeout: 20_000 });
  const res = await request.get('/api/v1/devices', { headers: await admin(request) });
  const devices: { name: string; store_id: string; revoked_at: string | null }[] = (await res.json()).devices;
  const mine = devices.filter((d) => d.name === 'Harbour till' && !d.revoked_at);
  expect(mine.map((d) => d.store_id)).toEqual(['00000000-0000-4000-8000-000000000002']);
});
