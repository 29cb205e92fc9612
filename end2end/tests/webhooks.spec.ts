// Webhooks in the back office: a manager signed in remotely opens Webhooks, is told under the URL field that an
// internal address is refused, adds an endpoint for two event types and sees its signing secret once, sends a
// test event and finds its delivery in the endpoint's log, then disables the endpoint. The endpoint is deleted
// through the API at the end, so the specs after this one find no endpoint.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { MANAGER, admin, enrollScreen } from './helpers';

async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

test('a manager adds a webhook endpoint, sends a test event, reads its log and disables it', async ({ browser, request }, info) => {
  const url = `https://hooks.example.com/pos-e2e-${Date.now()}`;
  const remote = await browser.newContext();
  const office = await remote.newPage();
  try {
    await office.goto('/');
    await enrollScreen(office).getByRole('button', { name: 'Back office sign-in' }).click();
    const signIn = office.getByRole('region', { name: 'Back office sign-in' });
    await signIn.getByLabel('Email').fill(MANAGER.email);
    await signIn.getByLabel('Password').fill(MANAGER.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await office.getByRole('navigation', { name: 'Back office sections' }).getByRole('button', { name: 'Webhooks' }).click();
    const screen = office.getByRole('region', { name: 'Webhooks' });
    const form = screen.getByRole('form', { name: 'Add endpoint' });

    // An internal address is refused, the reason under the URL field.
    await form.getByLabel('URL').fill('http://10.0.0.7/hook');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(form.locator('#webhook-url-error')).toContainText('public address');

    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Event types (empty: all)').fill('sale.completed, stock.changed');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(screen.getByRole('status').first()).toContainText('signing secret, shown only now: whsec_');
    const endpoints = screen.getByRole('table', { name: 'Endpoints, oldest first' });
    const row = endpoints.getByRole('row', { name: new RegExp(url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) });
    await expect(row).toContainText('sale.completed, stock.changed');
    await expect(row).toContainText('Enabled');
    await shot(office, info, 'webhooks-added');

    // A test event, then its delivery in the log (the host does not answer here: waiting or retrying).
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect(screen.getByRole('status').first()).toContainText('queued');
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const log = screen.getByRole('region', { name: 'Delivery log' });
    // The delivery was made with the event: the log's first read shows it.
    await expect(log.getByRole('cell', { name: 'webhook.test' })).toBeVisible();
    await shot(office, info, 'webhooks-log');
    await log.getByRole('button', { name: 'Close' }).click();
    await expect(log).toBeHidden();

    // Disabled: the row says so.
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect(row).toContainText('Disabled: disabled by a user');
  } finally {
    const headers = await admin(request);
    const list = await (await request.get('/api/v1/webhooks/endpoints', { headers })).json();
    for (const e of list.filter((e: { url: string }) => e.url === url)) {
      await request.delete(`/api/v1/webhooks/endpoints/${e.id}`, { headers: { ...headers, 'Content-Type': 'application/json' } });
    }
    await remote.close();
  }
});
