// Shared steps of the browser tests: reading the server's API as an integrator would, and driving the checkout.
import { expect, type APIRequestContext, type Locator, type Page, type TestInfo } from '@playwright/test';

export interface Product {
  id: string;
  name: string;
  barcode: string | null;
  category_id: string;
  price: string;
  active: boolean;
  /** `each` (pieces) or `kilogram` (weighed: the price is per kg). */
  unit?: string;
}
export interface Category { id: string; name: string }
export interface Payment {
  kind: string;
  amount: string;
  reference?: string;
  card?: string;
  account?: string;
}
export interface Adjustment { kind: string; rule_id: string; name: string; amount: string; reason?: string | null; coupon?: string | null }
export interface SaleLine {
  product_id: string;
  name: string;
  quantity: string;
  unit: string;
  base: string;
  amount: string;
  gross: string;
  adjustments: Adjustment[];
}
/** A sale as the server returns it: the terminal's `SaleDocument`. */
/** Who made a document, as stamped by the till. */
export interface StaffStamp { id: string; name: string }
/** A manager's approval stamped on a document. */
export interface Approval { approver: StaffStamp; permission: string; override_token?: string }
export interface Sale {
  id: string;
  device_id: string;
  receipt_no: string;
  cashier?: StaffStamp;
  approval?: Approval;
  customer_id?: string | null;
  priced: {
    total: string;
    discount: string;
    lines: SaleLine[];
    coupons: { status: string; code: string }[];
  };
  payments: Payment[];
  settlement: { due: string; paid: string; rounding: string; change: string };
}
export interface Refund {
  id: string;
  receipt_no: string;
  sale_id: string;
  total: string;
  lines: { line: number; product_id: string; quantity: string; gross: string }[];
  payouts: { original: number | null; payment: Payment }[];
  cashier?: StaffStamp;
  approval?: Approval;
}
export interface AuditEntry {
  seq: number;
  actor: { kind: string; id: string | null; name: string | null };
  device_id: string | null;
  action: string;
  target: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

/** The newest audit entries (up to 500), read as the demo admin. */
export async function serverAudit(request: APIRequestContext): Promise<AuditEntry[]> {
  const res = await request.get('/api/v1/audit', { params: { limit: 500 }, headers: await admin(request) });
  expect(res.status(), 'audit log').toBe(200);
  return (await res.json()).entries as AuditEntry[];
}

/** The ingest flags (pushes accepted but worth a look), newest first. */
export async function serverFlags(request: APIRequestContext): Promise<{ mutation_id: string; kind: string; subject: string }[]> {
  const res = await request.get('/api/v1/ingest-flags', { params: { limit: 500 }, headers: await api(request) });
  expect(res.status(), 'ingest flags').toBe(200);
  return (await res.json()).flags;
}

/** The demo store's people (server seed). */
export const ADMIN = { email: 'admin@demo.store', password: 'demo-admin-2026' };
export const MANAGER = { email: 'manager@demo.store', password: 'demo-manager-2026' };
export const PIN = { chris: '1234', alex: '2468', supervisor: '5678', manager: '9999' };
export const SUPERVISOR_NAME = 'Sam Supervisor';
export const MANAGER_NAME = 'Maria Manager';
export const CASHIER_NAME = 'Chris Cashier';

let apiKey: Promise<string> | null = null;

/**
 * Headers for the helpers' own API reads, as an integration would send them: the demo admin signs in once
 * (`/api/v1/auth/login`) and makes an API key that reads the catalog, sales and the sync pull (a staff
 * session alone may not pull: that is for terminals and keys with the `sync` scope).
 */
export async function api(request: APIRequestContext): Promise<{ Authorization: string }> {
  apiKey ??= (async () => {
    const login = await request.post('/api/v1/auth/login', { data: ADMIN });
    expect(login.status(), 'admin sign-in').toBe(200);
    const { token } = await login.json();
    const headers = { Authorization: `Bearer ${token}` };
    const created = await request.post('/api/v1/api-keys', {
      data: { name: 'end2end reader', scopes: ['catalog:read', 'sales:read', 'sync'] },
      headers,
    });
    expect(created.status(), 'API key created').toBe(201);
    const { key } = await created.json();
    await request.post('/api/v1/auth/logout', { data: {}, headers });
    return key as string;
  })().catch((e) => {
    apiKey = null;
    throw e;
  });
  return { Authorization: `Bearer ${await apiKey}` };
}

let adminToken: Promise<string> | null = null;

/** A session of the demo admin (`/api/v1/auth/login`), for what only staff may do (revoking a terminal). */
export async function admin(request: APIRequestContext): Promise<{ Authorization: string }> {
  adminToken ??= (async () => {
    const login = await request.post('/api/v1/auth/login', { data: ADMIN });
    expect(login.status(), 'admin sign-in').toBe(200);
    return (await login.json()).token as string;
  })().catch((e) => {
    adminToken = null;
    throw e;
  });
  return { Authorization: `Bearer ${await adminToken}` };
}

/** Revoke the enrolled terminal with this name (its token stops working). */
export async function revokeTerminal(request: APIRequestContext, name: string) {
  const headers = await admin(request);
  const res = await request.get('/api/v1/devices', { headers });
  expect(res.ok()).toBeTruthy();
  const devices: { id: string; name: string; revoked_at: string | null }[] = (await res.json()).devices;
  const mine = devices.filter((d) => d.name === name && !d.revoked_at);
  expect(mine, `one active terminal named ${name}`).toHaveLength(1);
  // State changes are JSON requests (CSRF rule), even without a body worth sending.
  const revoked = await request.delete(`/api/v1/devices/${mine[0].id}`, { headers, data: {} });
  expect(revoked.status()).toBe(204);
}

/** All active products, paged like an integrator would. */
export async function products(request: APIRequestContext): Promise<Product[]> {
  const all: Product[] = [];
  let after: string | null = null;
  const headers = await api(request);
  do {
    const res = await request.get('/api/v1/products', {
      params: after ? { after, limit: 200 } : { limit: 200 },
      headers,
    });
    expect(res.ok()).toBeTruthy();
    const page = await res.json();
    all.push(...page.products);
    after = page.next_after ?? null;
  } while (after);
  return all.filter((p) => p.active);
}

/** Sold by the piece (a scan or a tap adds one). */
export function isPiece(p: Product): boolean {
  return (p.unit ?? 'each') === 'each';
}

export async function categories(request: APIRequestContext): Promise<Category[]> {
  const res = await request.get('/api/v1/sync/pull', { params: { cursor: 0, limit: 100 }, headers: await api(request) });
  expect(res.ok()).toBeTruthy();
  const body = await res.json();
  return body.changes.filter((c: { type: string }) => c.type === 'category').map((c: { data: Category }) => c.data);
}

export async function serverSales(request: APIRequestContext): Promise<Sale[]> {
  const res = await request.get('/api/v1/sales', { params: { limit: 1000 }, headers: await api(request) });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).sales;
}

/** The server's sale with this receipt number, once it has arrived. */
export async function serverSale(request: APIRequestContext, receiptNo: string): Promise<Sale> {
  await expect
    .poll(async () => (await serverSales(request)).filter((s) => s.receipt_no === receiptNo).length, { timeout: 30_000 })
    .toBe(1);
  return (await serverSales(request)).find((s) => s.receipt_no === receiptNo)!;
}

export async function serverRefunds(request: APIRequestContext, saleId: string): Promise<Refund[]> {
  const res = await request.get(`/api/v1/sales/${saleId}/refunds`, { headers: await api(request) });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).refunds;
}

/** Every change the server has for a fresh terminal, page by page. */
export async function pullAll(request: APIRequestContext): Promise<{ type: string; data: any }[]> {
  const changes: { type: string; data: any }[] = [];
  let cursor = 0;
  const headers = await api(request);
  for (;;) {
    const res = await request.get('/api/v1/sync/pull', { params: { cursor, limit: 1000 }, headers });
    expect(res.ok()).toBeTruthy();
    const page = await res.json();
    changes.push(...page.changes);
    if (!page.has_more || page.cursor <= cursor) return changes;
    cursor = page.cursor;
  }
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

/** "12.34" from cents. */
export function amount(c: number): string {
  return (c / 100).toFixed(2);
}

/** Cents shown by an element whose text holds one "12.34 EUR" amount. */
export async function shownCents(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? '';
  const match = text.match(/(-?\d+\.\d{2}) EUR/);
  expect(match, `an amount in "${text}"`).toBeTruthy();
  return cents(match![1]);
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

export function enrollScreen(page: Page) {
  return page.getByRole('region', { name: 'Enroll terminal' });
}

export function signInScreen(page: Page) {
  return page.getByRole('region', { name: 'Sign in' });
}

/** Enroll this browser's terminal with the demo manager's credentials. */
export async function enroll(page: Page, name = 'Till 1', store?: string) {
  const screen = enrollScreen(page);
  await screen.getByRole('textbox', { name: 'Manager email' }).fill(MANAGER.email);
  await screen.getByLabel('Password', { exact: true }).fill(MANAGER.password);
  await screen.getByRole('textbox', { name: 'Terminal name' }).fill(name);
  await screen.getByRole('button', { name: 'Enroll terminal' }).click();
  // A manager of several stores is asked which one the terminal sells for (the first store is chosen).
  const stores = screen.getByRole('group', { name: 'Store' });
  await expect(signInScreen(page).or(stores)).toBeVisible({ timeout: 20_000 });
  if (await stores.isVisible()) {
    if (store) await stores.getByRole('radio', { name: store }).check();
    await screen.getByRole('button', { name: 'Enroll for this store' }).click();
  }
  await expect(signInScreen(page)).toBeVisible({ timeout: 20_000 });
}

/** Tap a PIN on the keypad of `scope` (the PIN screen or the approval dialog). */
export async function tapPin(scope: Page | Locator, pin: string) {
  const keypad = scope.getByRole('group', { name: 'Keypad' });
  for (const digit of pin) await keypad.getByRole('button', { name: digit, exact: true }).click();
}

/** Sign in on the PIN screen with the keypad; waits for the checkout. */
export async function signIn(page: Page, pin: string = PIN.chris) {
  const screen = signInScreen(page);
  await tapPin(screen, pin);
  await screen.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(searchBox(page)).toBeVisible({ timeout: 20_000 });
}

/** The header's "Switch cashier", confirmed in its dialog (which offers Cancel and names a waiting order). */
export async function switchCashier(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Switch cashier' }).click();
  await page.getByRole('dialog', { name: 'Switch cashier' }).getByRole('button', { name: 'Switch cashier' }).click();
}

/** The terminal is ready to sell: enrolled (with the manager's credentials) and signed in (Chris Cashier). */
export async function ensureSignedIn(page: Page, pin: string = PIN.chris) {
  await expect(enrollScreen(page).or(signInScreen(page)).or(searchBox(page))).toBeVisible({ timeout: 20_000 });
  if (await enrollScreen(page).isVisible()) await enroll(page);
  if (await signInScreen(page).isVisible()) await signIn(page, pin);
  await expect(searchBox(page)).toBeVisible();
}

/** The "Manager approval" dialog: a supervisor's PIN (default Sam Supervisor's) approves the action. */
export async function approve(page: Page, pin: string = PIN.supervisor) {
  const dialog = page.getByRole('dialog', { name: 'Manager approval' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Manager PIN').fill(pin);
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toHaveCount(0, { timeout: 20_000 });
}

/** Open the app (enrolling and signing in when needed) and wait until the catalog is on the terminal (a
 * known product can be found). */
export async function openCheckout(page: Page, probe: Product) {
  await page.goto('/');
  await ensureSignedIn(page);
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

/** The status output with this exact name ("Total", "Remaining", "Change", "Refund total", ...). */
export function output(scope: Page | Locator, name: string) {
  return scope.getByRole('status', { name, exact: true });
}

/** Find a product by name in the search box and add it with its tile. */
export async function addByName(page: Page, product: Product) {
  await searchBox(page).fill(product.name);
  await page.getByRole('button', { name: escapeRegExp(product.name) }).click();
  await expect(cart(page).getByText(product.name, { exact: true })).toBeVisible();
  await searchBox(page).fill('');
}

/** Find a weighed product by name, tap it and enter its weight in kg ("0.750") in the weight dialog. */
export async function addWeighed(page: Page, product: Product, kg: string) {
  await searchBox(page).fill(product.name);
  await page.getByRole('button', { name: escapeRegExp(product.name) }).click();
  const weight = page.getByRole('dialog', { name: 'Weight' });
  await weight.getByRole('textbox', { name: 'Weight in kg' }).fill(kg);
  await weight.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(weight).toHaveCount(0);
}

export function paymentDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Payment' });
}

export async function openPayment(page: Page) {
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(paymentDialog(page)).toBeVisible();
  return paymentDialog(page);
}

export async function newSale(page: Page) {
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(searchBox(page)).toBeFocused();
}

/** Put Erika Mustermann (group staff) and the coupon SAVE10 on the order, with the cart's buttons. */
export async function addCustomerAndCoupon(page: Page) {
  await cart(page).getByRole('button', { name: 'Customer', exact: true }).click();
  const picker = page.getByRole('dialog', { name: 'Customer' });
  await picker.getByRole('searchbox', { name: 'Find customer' }).fill('muster');
  await picker.getByRole('button', { name: /Erika Mustermann/ }).click();
  await expect(cart(page)).toContainText('Erika Mustermann');
  await cart(page).getByRole('button', { name: 'Coupon', exact: true }).click();
  const coupon = page.getByRole('dialog', { name: 'Coupon' });
  await coupon.getByRole('textbox', { name: 'Coupon code' }).fill('SAVE10');
  await coupon.getByRole('button', { name: 'Apply coupon' }).click();
  await expect(cart(page)).toContainText('Coupon SAVE10 applied');
}

/** Document width = viewport width: nothing scrolls sideways. */
export async function expectNoSidewaysOverflow(page: Page, where: string) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `document width on ${where}`).toBe(inner);
}

/** The tablet and the phone every screen is tried at. */
export const VIEWPORTS = [
  { name: 'tablet', size: { width: 1280, height: 800 } },
  { name: 'phone', size: { width: 390, height: 844 } },
];

/** A screenshot kept as the test's artifact. */
export async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** A back office section ("Stock", "Stores", ...) opened by the demo manager signed in remotely. */
export async function officeSection(page: Page, section: string) {
  await page.goto('/');
  await enrollScreen(page).getByRole('button', { name: 'Back office sign-in' }).click();
  const signIn = page.getByRole('region', { name: 'Back office sign-in' });
  await signIn.getByLabel('Email').fill(MANAGER.email);
  await signIn.getByLabel('Password').fill(MANAGER.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Back office sections' }).getByRole('button', { name: section }).click();
  return page.getByRole('region', { name: section });
}

/** The back office's Stock screen of a remote manager. */
export async function stockScreen(page: Page) {
  return officeSection(page, 'Stock');
}

/** The first store of the demo (server seed). */
export const FIRST_STORE = '00000000-0000-4000-8000-000000000001';
const QUICK_KEYS = `/api/v1/stores/${FIRST_STORE}/quick-keys`;

export interface QuickKey { product_id: string; colour: string; label?: string }

/** The first store's quick keys with their version, read as the demo admin. */
export async function readQuickKeys(request: APIRequestContext): Promise<{ keys: QuickKey[]; version: number }> {
  const res = await request.get(QUICK_KEYS, { headers: await admin(request) });
  expect(res.status(), 'quick keys').toBe(200);
  return res.json();
}

/** Replace the first store's quick keys (at the version read now). */
export async function putQuickKeys(request: APIRequestContext, keys: QuickKey[]) {
  const { version } = await readQuickKeys(request);
  const res = await request.put(QUICK_KEYS, { data: { keys, version }, headers: await admin(request) });
  expect(res.status(), await res.text()).toBe(200);
}

/** The on-hand shown for the item named `name` at the location chosen, after searching it again. */
export async function onHand(screen: ReturnType<Page['getByRole']>, sku: string): Promise<number> {
  const search = screen.getByRole('search', { name: 'Stock filters' }).getByLabel('Search');
  await search.fill('');
  await search.fill(sku);
  const rows = screen.getByRole('table', { name: 'Stock by name' }).getByRole('row').filter({ hasText: sku });
  await expect(rows).toHaveCount(1);
  return Number(await rows.first().getByRole('cell').nth(2).textContent());
}
