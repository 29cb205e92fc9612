// The back office's products: a manager signed in remotely adds a product (named by a fresh SKU and a valid
// EAN-13), finds it in the searchable list, is told beside the SKU field that a second product may not take
// the same SKU, a till that pulls the catalog afterwards finds the new product in its search, and archiving
// moves it from the active products to the archived ones.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { MANAGER, api, enrollScreen, ensureSignedIn, escapeRegExp, searchBox } from './helpers';

async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** A 12-digit start with its EAN-13 check digit. */
function ean13(start: string): string {
  const sum = [...start].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return start + String((10 - (sum % 10)) % 10);
}

/** The category and tax rate of a demo product, as the catalog API gives them. */
async function demoIds(request: Parameters<typeof api>[0]): Promise<{ category: string; tax: string }> {
  const res = await request.get('/api/v1/products', { params: { limit: 1 }, headers: await api(request) });
  expect(res.ok()).toBeTruthy();
  const [p] = (await res.json()).products;
  return { category: p.category_id, tax: p.tax_rate_id };
}

async function fill(form: ReturnType<Page['getByRole']>, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) {
    await form.getByLabel(label, { exact: true }).fill(value);
  }
}

test('a manager adds a product in the back office, the list finds it, a taken SKU is refused, the till finds it, archive', async ({ page, browser, request }, info) => {
  const { category, tax } = await demoIds(request);
  const stamp = String(Date.now()).slice(-8);
  const sku = `E2E-${stamp}`;
  const name = `Office Oat Drink ${stamp}`;
  const barcode = ean13(`29${stamp}01`);

  // The remote manager signs in to the back office and opens Products.
  const remote = await browser.newContext();
  const office = await remote.newPage();
  await office.goto('/');
  await enrollScreen(office).getByRole('button', { name: 'Back office sign-in' }).click();
  const signIn = office.getByRole('region', { name: 'Back office sign-in' });
  await signIn.getByLabel('Email').fill(MANAGER.email);
  await signIn.getByLabel('Password').fill(MANAGER.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await office.getByRole('navigation', { name: 'Back office sections' }).getByRole('button', { name: 'Products' }).click();
  const screen = office.getByRole('region', { name: 'Products' });
  const rows = screen.getByRole('table', { name: 'Products by name' }).getByRole('row').filter({ has: office.getByRole('cell') });
  await expect(rows.first()).toBeVisible();

  // A new product; a price that is not a number is named beside the price field, then corrected.
  await screen.getByRole('button', { name: 'New product' }).click();
  let form = screen.getByRole('form', { name: 'New product' });
  await fill(form, { Name: name, SKU: sku, 'Barcodes (one per line)': barcode, Category: category, 'Tax rate': tax, Price: '2,4,9' });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByLabel('Price', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('The price must be a number');
  await form.getByLabel('Price', { exact: true }).fill('2,49');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(screen.getByRole('status').filter({ hasText: `Saved \u201c${name}\u201d.` })).toBeVisible();
  await expect(form).toHaveCount(0);

  // The list finds it by SKU, with its barcode and price.
  await screen.getByRole('search', { name: 'Product filters' }).getByLabel('Search').fill(sku);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(name);
  await expect(rows.first()).toContainText(barcode);
  await expect(rows.first()).toContainText('2.49');
  await expect(rows.first()).toContainText('Active');
  await shot(office, info, 'office-products-list');

  // A second product with the same SKU: the server's refusal shows under the SKU field; nothing is added.
  await screen.getByRole('button', { name: 'New product' }).click();
  form = screen.getByRole('form', { name: 'New product' });
  await fill(form, { Name: `${name} copy`, SKU: sku, Category: category, 'Tax rate': tax, Price: '1' });
  await form.getByRole('button', { name: 'Save' }).click();
  const skuField = form.getByLabel('SKU', { exact: true });
  await expect(skuField).toHaveAttribute('aria-invalid', 'true');
  await expect(office.locator('#product-sku-error')).toContainText(sku);
  await expect(office.locator('#product-name-error')).toBeEmpty();
  await expect(form.getByRole('alert')).toHaveCount(0);
  await shot(office, info, 'office-products-duplicate-sku');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows).toHaveCount(1);

  // Edit: a new price is saved (with the version read) and listed.
  await rows.first().getByRole('button', { name: `Edit ${name}` }).click();
  form = screen.getByRole('form', { name: 'Edit product' });
  await expect(form.getByLabel('SKU', { exact: true })).toHaveValue(sku);
  await form.getByLabel('Price', { exact: true }).fill('2.59');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(rows.first()).toContainText('2.59');

  // A till opened now pulls the catalog and finds the new product by name and by its barcode.
  await page.goto('/');
  await ensureSignedIn(page);
  await searchBox(page).fill(name);
  await expect(page.getByRole('button', { name: escapeRegExp(name) })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('button', { name: escapeRegExp(name) })).toContainText('2.59');
  await shot(page, info, 'till-finds-new-product');

  // Archive: gone from the active products, listed among the archived ones.
  await rows.first().getByRole('button', { name: `Edit ${name}` }).click();
  await screen.getByRole('form', { name: 'Edit product' }).getByRole('button', { name: 'Archive' }).click();
  await expect(screen.getByRole('status').filter({ hasText: `Archived \u201c${name}\u201d.` })).toBeVisible();
  await expect(rows).toHaveCount(0);
  await screen.getByRole('search', { name: 'Product filters' }).getByLabel('Show').selectOption({ label: 'Archived' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Archived');
  await remote.close();
});
