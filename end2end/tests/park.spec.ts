// Park and hold (issue 10): park two orders with a name, reload while offline, resume both and pay each; and,
// online, an order parked on till A is resumed on till B (another browser), after which till A can no longer
// resume it. At 1280×800 and 390×844, with screenshots kept as artifacts.
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import {
  cart, enroll, isPiece, openCheckout, output, payExactCash, products, scan, searchBox, serverSales,
  signIn, syncStatus, newSale, type Product,
} from './helpers';

const VIEWPORTS = [
  { name: '1280×800', size: { width: 1280, height: 800 } },
  { name: '390×844', size: { width: 390, height: 844 } },
];

async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

function parkedDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Parked orders' });
}

/** Park the order on screen under `label` with the Park button. */
async function park(page: Page, label: string) {
  await page.getByRole('button', { name: 'Park', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Park order' });
  await dialog.getByRole('textbox', { name: 'Name or note' }).fill(label);
  await dialog.getByRole('button', { name: 'Park order' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(cart(page)).toContainText('Scan an item, search, or pick a product.');
}

/** Resume the parked order named `label` from the list (`where`: this till's or other tills'). */
async function resume(page: Page, label: string, where: 'On this till' | 'On other tills') {
  const name = where === 'On this till' ? 'Parked on this till' : 'Parked on other tills';
  const row = parkedDialog(page).getByRole('list', { name }).getByRole('listitem').filter({ hasText: label });
  await row.getByRole('button', { name: 'Resume' }).click();
}

async function pieces(request: Parameters<typeof products>[0]): Promise<Product[]> {
  return (await products(request)).filter(isPiece).filter((p) => p.barcode && p.id !== 'p0002' && p.id !== 'p0077');
}

for (const vp of VIEWPORTS) {
  test.describe(`at ${vp.name}`, () => {
    test.use({ viewport: vp.size });

    test('two parked orders survive an offline reload and are resumed and paid', async ({ page, context, request }, info) => {
      const [a, b, c] = (await pieces(request)).slice(20, 23);
      await openCheckout(page, a);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });

      await scan(page, a.barcode!);
      await scan(page, a.barcode!);
      const totalA = (await output(page, 'Total').textContent())!;
      await park(page, 'Blue coat');
      // F4 parks from the keyboard.
      await scan(page, b.barcode!);
      await scan(page, c.barcode!);
      const totalB = (await output(page, 'Total').textContent())!;
      await searchBox(page).press('F4');
      const dialog = page.getByRole('dialog', { name: 'Park order' });
      await dialog.getByRole('textbox', { name: 'Name or note' }).fill('Table 4');
      await dialog.getByRole('textbox', { name: 'Name or note' }).press('Enter');
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Parked (2)' })).toBeVisible();

      await context.setOffline(true);
      await expect(syncStatus(page)).toContainText('Offline');
      await page.reload();
      await expect(searchBox(page)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Parked (2)' })).toBeVisible();
      await searchBox(page).press('F8');
      await expect(parkedDialog(page).getByRole('list', { name: 'Parked on this till' }).getByRole('listitem')).toHaveCount(2);
      await shot(page, info, `parked-list-offline-${vp.name}`);

      await resume(page, 'Blue coat', 'On this till');
      await expect(parkedDialog(page)).toHaveCount(0);
      await expect(cart(page)).toContainText(a.name);
      await expect(output(page, 'Total')).toHaveText(totalA);
      const first = await payExactCash(page);
      await newSale(page);

      await page.getByRole('button', { name: 'Parked (1)' }).click();
      await resume(page, 'Table 4', 'On this till');
      await expect(cart(page)).toContainText(b.name);
      await expect(cart(page)).toContainText(c.name);
      await expect(output(page, 'Total')).toHaveText(totalB);
      await shot(page, info, `resumed-offline-${vp.name}`);
      const second = await payExactCash(page);
      await newSale(page);
      await expect(page.getByRole('button', { name: 'Parked (0)' })).toBeVisible();

      // Back online: both sales reach the server once each, with the parked totals.
      await context.setOffline(false);
      await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
      const sales = await serverSales(request);
      for (const [no, total] of [[first, totalA], [second, totalB]]) {
        const sold = sales.filter((s) => s.receipt_no === no);
        expect(sold).toHaveLength(1);
        expect(`${sold[0].priced.total} EUR`).toBe(total);
      }
    });

    test('an order parked on till A is resumed on till B, and till A can no longer resume it', async ({ page, browser, request }, info) => {
      const [a] = (await pieces(request)).slice(30, 31);
      const label = `Tab ${vp.size.width}`;
      await openCheckout(page, a);
      await scan(page, a.barcode!);
      await scan(page, a.barcode!);
      const total = (await output(page, 'Total').textContent())!;
      await park(page, label);

      const tillB = await openTill(browser, vp.size, a);
      // The list asks the server; the upload may still be on its way.
      await expect(async () => {
        if (await parkedDialog(tillB).isVisible()) await tillB.keyboard.press('Escape');
        await expect(parkedDialog(tillB)).toHaveCount(0);
        await tillB.getByRole('button', { name: /^Parked/ }).click();
        await expect(parkedDialog(tillB).getByRole('list', { name: 'Parked on other tills' })).toContainText(label, {
          timeout: 2_000,
        });
      }).toPass({ timeout: 30_000 });
      await shot(tillB, info, `till-b-list-${vp.name}`);
      await resume(tillB, label, 'On other tills');
      await expect(cart(tillB)).toContainText(a.name);
      await expect(output(tillB, 'Total')).toHaveText(total);

      // Till A still lists it (it parked it), but the server hands it to one till at a time.
      await page.getByRole('button', { name: 'Parked (1)' }).click();
      await resume(page, label, 'On this till');
      await expect(parkedDialog(page)).toContainText('is held by till');
      await expect(parkedDialog(page).getByRole('list', { name: 'Parked on this till' })).not.toContainText(label);
      await shot(page, info, `till-a-refused-${vp.name}`);
      await page.getByRole('button', { name: 'Close' }).click();
      await expect(cart(page)).not.toContainText(a.name);

      const receipt = await payExactCash(tillB);
      await expect
        .poll(async () => (await serverSales(request)).filter((s) => s.receipt_no === receipt).length, {
          timeout: 30_000,
        })
        .toBe(1);
      await tillB.context().close();
    });
  });
}

/** A second till in its own browser context: enrolled, signed in, catalog loaded. */
async function openTill(browser: Browser, viewport: { width: number; height: number }, probe: Product): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto('/');
  await enroll(page, `Till B ${viewport.width}`);
  await signIn(page);
  await openCheckout(page, probe);
  return page;
}
