// Shared steps of the browser tests: reading the server's API as an integrator would, and driving the checkout.
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export interface Product {
  id: string;
  name: string;
  barcode: string | null;
  category_id: string;
  price: string;
  active: boolean;
}
export interface Category { id: string; name: string }
export interface Sale {
  id: string;
  receipt_no: string;
  total: string;
  change: string;
  lines: { product_id: string; quantity: string; gross: string }[];
  tenders: { kind: string; amount: string; reference?: string }[];
}

/** All active products, paged like an integrator would. */
export async function products(request: APIRequestContext): Promise<Product[]> {
  const all: Product[] = [];
  let after: string | null = null;
  do {
    const res = await request.get('/api/v1/products', { params: after ? { after, limit: 200 } : { limit: 200 } });
    expect(res.ok()).toBeTruthy();
    const page = await res.json();
    all.push(...page.products);
    after = page.next_after ?? null;
  } while (after);
  return all.filter((p) => p.active);
}

export async function categories(request: APIRequestContext): Promise<Category[]> {
  const res = await request.get('/api/v1/sync/pull', { params: { cursor: 0, limit: 100 } });
  expect(res.ok()).toBeTruthy();
  const body = await res.json();
  return body.changes.filter((c: { type: string }) => c.type === 'category').map((c: { data: Category }) => c.data);
}

export async function serverSales(request: APIRequestContext): Promise<Sale[]> {
  const res = await request.get('/api/v1/sales', { params: { limit: 1000 } });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).sales;
}

/** Money as integer cents, so tests never add floats. */
export function cents(amount: string): number {
  const [whole, frac = ''] = amount.split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number((frac + '00').slice(0, 2)));
}

export function eur(c: number): string {
  return `${(c / 100).toFixed(2)} EUR`;
}

export function escapeRegExp(s: string): RegExp {
  return new RegExp('^' + s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

export function searchBox(page: Page) {
  return page.getByRole('searchbox', { name: 'Search products' });
}

export function syncStatus(page: Page) {
  return page.getByRole('status', { name: 'Sync status' });
}

export function cart(page: Page) {
  return page.getByRole('region', { name: 'Cart' });
}

/** Scan a barcode the way a keyboard-wedge scanner does: digits typed fast, then Enter. */
export async function scan(page: Page, barcode: string) {
  await searchBox(page).pressSequentially(barcode, { delay: 5 });
  await searchBox(page).press('Enter');
}

/** Open the app and wait until the catalog is on the terminal (a known product can be found). */
export async function openCheckout(page: Page, probe: Product) {
  await page.goto('/');
  await expect(searchBox(page)).toBeVisible();
  await searchBox(page).fill(probe.name);
  await expect(page.getByRole('button', { name: escapeRegExp(probe.name) })).toBeVisible();
  await searchBox(page).fill('');
}

/** Pay the cart with cash, exact amount; returns the receipt number shown. */
export async function payExactCash(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Payment' });
  await dialog.getByRole('button', { name: 'Exact' }).click();
  await dialog.getByRole('button', { name: 'Complete sale' }).click();
  return receiptNumber(page);
}

export async function receiptNumber(page: Page): Promise<string> {
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toBeVisible();
  const text = await receipt.getByText(/Receipt [A-Z0-9]{4}-\d{6}/).first().textContent();
  const match = text?.match(/([A-Z0-9]{4}-\d{6})/);
  expect(match, 'receipt number on the receipt').toBeTruthy();
  return match![1];
}

export async function newSale(page: Page) {
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(searchBox(page)).toBeFocused();
}
