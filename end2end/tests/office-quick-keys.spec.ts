// Quick keys arranged in the back office: a remote manager opens Stores, "Quick keys" of the first store,
// removes the demo keys, adds two products by search, labels one, colours the other, moves the labelled one
// first and saves; the till of that store shows them in that order after its next pull. A layout changed
// meanwhile is refused with the stores' conflict words. The demo keys are put back at the end.
import { expect, test } from '@playwright/test';
import {
  ensureSignedIn, isPiece, officeSection, openCheckout, products, putQuickKeys, readQuickKeys, shot,
} from './helpers';

test('a manager arranges quick keys in the back office and the till shows them in that order', async ({ page, browser, request }, info) => {
  const pieces = (await products(request)).filter(isPiece);
  const [a, b] = [pieces[21], pieces[27]];
  const demo = (await readQuickKeys(request)).keys;
  try {
    await openCheckout(page, a);

    const remote = await browser.newContext();
    const office = await remote.newPage();
    const screen = await officeSection(office, 'Stores');
    await screen.getByRole('button', { name: 'Quick keys of Demo Store' }).click();
    const editor = office.getByRole('region', { name: 'Quick keys of Demo Store' });
    const keys = editor.getByRole('list', { name: 'Keys in till order' }).getByRole('listitem');
    await expect(editor.getByRole('status')).toContainText('Arrange the keys');
    await expect(keys).toHaveCount(demo.length);
    while ((await keys.count()) > 0) {
      await keys.first().getByRole('button', { name: /^Remove / }).click();
    }

    const find = editor.getByRole('searchbox', { name: 'Find a product for a key' });
    for (const p of [a, b]) {
      await find.fill(p.name);
      await find.press('Enter');
      await editor.getByRole('list', { name: 'Products found' }).getByRole('button', { name: `Add ${p.name}`, exact: true }).click();
    }
    await expect(keys).toHaveCount(2);
    await editor.getByRole('combobox', { name: `Colour of ${a.name}` }).selectOption('red');
    await editor.getByRole('textbox', { name: `Label of ${b.name}` }).fill('Morning pick');
    await editor.getByRole('textbox', { name: `Label of ${b.name}` }).press('Tab');
    await editor.getByRole('button', { name: `Move ${b.name} earlier` }).click();
    await expect(keys.nth(0)).toHaveAccessibleName(/Key 1 of 2: Morning pick/);
    await expect(keys.nth(1)).toHaveAccessibleName(new RegExp(`Key 2 of 2: ${a.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await shot(office, info, 'office-quick-keys');
    await editor.getByRole('button', { name: 'Save quick keys' }).click();
    await expect(screen.getByRole('status').filter({ hasText: 'Quick keys saved: 2 keys.' })).toBeVisible();
    const saved = await readQuickKeys(request);
    expect(saved.keys).toEqual([
      { product_id: b.id, colour: 'blue', label: 'Morning pick' },
      { product_id: a.id, colour: 'red' },
    ]);

    // The till pulls them and shows them in that order.
    await page.reload();
    await ensureSignedIn(page);
    const grid = page.getByRole('navigation', { name: 'Quick keys' }).getByRole('button');
    await expect(grid).toHaveCount(2, { timeout: 20_000 });
    await expect(grid.nth(0)).toHaveAccessibleName('Morning pick');
    await expect(grid.nth(1)).toHaveAccessibleName(a.name);
    await expect(grid.nth(1)).toHaveClass(/qk-red/);
    await shot(page, info, 'till-quick-keys');

    // Someone else changes the layout while the manager has it open: Save is refused in words.
    await screen.getByRole('button', { name: 'Quick keys of Demo Store' }).click();
    await expect(keys).toHaveCount(2);
    await putQuickKeys(request, [{ product_id: a.id, colour: 'green' }]);
    await editor.getByRole('button', { name: `Remove ${a.name}` }).click();
    await editor.getByRole('button', { name: 'Save quick keys' }).click();
    await expect(editor.getByRole('status')).toContainText('Someone changed this store since you opened it');
    await remote.close();
  } finally {
    await putQuickKeys(request, demo);
  }
});
