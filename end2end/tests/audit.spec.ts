// The back office's audit log: a manager signed in remotely (email and password, in a browser that is not an
// enrolled terminal) sees a cashier's failed and successful PIN sign-ins, narrows them with the filters and
// pages back; a manager at the till opens it from the header; a cashier has no way in and the API refuses.
import { expect, test, type Page } from '@playwright/test';
import { MANAGER, PIN, admin, enroll, enrollScreen, searchBox, signIn, signInScreen, switchCashier } from './helpers';

function backOffice(page: Page) {
  return page.getByRole('region', { name: 'Back office' });
}

/** The audit table's entry rows (the header row has column headers, not cells). */
function entries(page: Page) {
  return backOffice(page)
    .getByRole('table', { name: 'Audit log entries, newest first' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });
}

test('a remote manager reads PIN sign-ins in the audit log, filters and pages it', async ({ page, browser, request }) => {
  // At the till: a wrong PIN, then Chris signs in. A cashier sees no way into the back office.
  await page.goto('/');
  await enroll(page, 'Audit Till');
  const pinScreen = signInScreen(page);
  const pinField = pinScreen.getByLabel('PIN', { exact: true });
  await pinField.fill('0000');
  await pinField.press('Enter');
  await expect(pinScreen).toContainText('That PIN is not right');
  await signIn(page, PIN.chris);
  const header = page.getByRole('banner');
  await expect(header.getByRole('button', { name: "Today's sales" })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Back office' })).toHaveCount(0);

  // A fresh browser that is no terminal: the manager signs in to the back office with email and password.
  const remote = await browser.newContext();
  const office = await remote.newPage();
  await office.goto('/');
  await enrollScreen(office).getByRole('button', { name: 'Back office sign-in' }).click();
  // The back office is a page of its own (its own wasm, which the checkout's page never downloads).
  await expect(office).toHaveURL(/\/\?office$/);
  const form = office.getByRole('region', { name: 'Back office sign-in' });
  await form.getByLabel('Email').fill(MANAGER.email);
  await form.getByLabel('Password').fill('not-the-password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form).toContainText('email and password do not match');
  await form.getByLabel('Password').fill(MANAGER.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  const screen = backOffice(office);
  await expect(screen).toContainText('Signed in as Maria Manager (manager)');

  // Both PIN attempts at the till: the failure by the till itself, the success by Chris.
  const rows = entries(office);
  const atTill = rows.filter({ hasText: 'PIN sign-in' }).filter({ hasText: 'Audit Till' });
  await expect(atTill.filter({ hasText: 'Audit Till (terminal)' }).filter({ hasText: 'Failure' })).toHaveCount(1);
  await expect(atTill.filter({ hasText: 'Chris Cashier' }).filter({ hasText: 'Success' })).toHaveCount(1);

  // Sign-ins that failed: the till's wrong PIN stays, Chris's success goes, every row is a failure.
  const filters = screen.getByRole('search', { name: 'Audit filters' });
  await filters.getByLabel('Action').selectOption({ label: 'Sign-in and sign-out' });
  await filters.getByLabel('Outcome').selectOption({ label: 'Failure' });
  await expect(atTill.filter({ hasText: 'Chris Cashier' })).toHaveCount(0);
  await expect(rows.filter({ hasNotText: 'Failure' })).toHaveCount(0);
  await expect(atTill).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Password sign-in' }).filter({ hasText: MANAGER.email })).not.toHaveCount(0);

  // API keys: more entries than one page holds (50), so a full page, then older entries.
  const headers = await admin(request);
  for (let i = 0; i < 55; i++) {
    const created = await request.post('/api/v1/api-keys', { data: { name: `audit page ${i}`, scopes: ['metrics'] }, headers });
    expect(created.status()).toBe(201);
  }
  await filters.getByLabel('Outcome').selectOption({ label: 'Any outcome' });
  await filters.getByLabel('Action').selectOption({ label: 'API keys' });
  await expect(rows).toHaveCount(50);
  await expect(rows.filter({ hasNotText: 'API key created' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'name: audit page 54' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'name: audit page 0;' })).toHaveCount(0);
  await screen.getByRole('button', { name: 'Load older' }).click();
  await expect(rows.filter({ hasText: 'name: audit page 0;' })).toHaveCount(1);
  await expect(rows.filter({ hasNotText: 'API key created' })).toHaveCount(0);
  expect(await rows.count()).toBeGreaterThanOrEqual(55);

  // Without the network, the screen says so; back online, it reads again.
  await remote.setOffline(true);
  await screen.getByRole('button', { name: 'Refresh' }).click();
  await expect(screen.getByRole('alert')).toContainText('No connection to the server');
  await remote.setOffline(false);
  await screen.getByRole('alert').getByRole('button', { name: 'Try again' }).click();
  await expect(screen.getByRole('alert')).toHaveCount(0);
  await expect(rows).toHaveCount(50);

  // The sign-in lasts across a reload of the tab; signing out goes back to enrollment.
  await office.reload();
  await expect(screen).toContainText('Signed in as Maria Manager (manager)');
  await screen.getByRole('button', { name: 'Sign out' }).click();
  await expect(enrollScreen(office)).toBeVisible();
  await office.reload();
  await expect(enrollScreen(office)).toBeVisible();
  await remote.close();

  // At the till, the manager's PIN opens the back office from the header, and back to the checkout.
  await switchCashier(page);
  await signIn(page, PIN.manager);
  await header.getByRole('button', { name: 'Back office' }).click();
  await expect(page).toHaveURL(/\/\?office$/);
  await expect(backOffice(page)).toContainText('Signed in as Maria Manager (manager)');
  await expect(entries(page).filter({ hasText: 'PIN sign-in' }).filter({ hasText: 'Maria Manager' }).first()).toBeVisible();
  await backOffice(page).getByRole('button', { name: 'Back to checkout' }).click();
  await expect(page).not.toHaveURL(/office/);
  await expect(searchBox(page)).toBeVisible();
});

test('a cashier session may not read the audit log', async ({ request }) => {
  const login = await request.post('/api/v1/auth/login', { data: MANAGER });
  expect(login.status()).toBe(200);
  const manager = { Authorization: `Bearer ${(await login.json()).token}` };
  const enrolled = await request.post('/api/v1/devices', { data: { name: 'Audit API till' }, headers: manager });
  expect(enrolled.status()).toBe(201);
  const device = { 'X-Device-Token': (await enrolled.json()).device_token as string };
  const pin = await request.post('/api/v1/auth/pin', { data: { pin: PIN.chris }, headers: device });
  expect(pin.status()).toBe(200);
  const cashier = { ...device, Authorization: `Bearer ${(await pin.json()).token}` };
  const refused = await request.get('/api/v1/audit', { headers: cashier });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe('forbidden');
  // The manager's session may, and the filters narrow what it reads.
  const own = await request.get('/api/v1/audit', { params: { action: 'auth.pin', outcome: 'success' }, headers: manager });
  expect(own.status()).toBe(200);
  const page = await own.json();
  expect(page.entries.length).toBeGreaterThan(0);
  for (const e of page.entries) expect([e.action, e.outcome]).toEqual(['auth.pin', 'success']);
  const bad = await request.get('/api/v1/audit', { params: { outcome: 'maybe' }, headers: manager });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).code).toBe('invalid_query');
});
