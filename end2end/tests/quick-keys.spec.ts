// Quick keys: a manager sets the first store's quick keys over the API (a labelled piece item, another piece
// item, a weighed item); the till, reloaded, shows them as big coloured keys on its first screen, a tap adds
// the piece item and the weighed one opens the weight dialog. At 390×844 nothing overflows sideways. The
// store's demo keys are put back at the end.
import { expect, test, type Page } from '@playwright/test';
import {
  FIRST_STORE, admin, cart, ensureSignedIn, expectNoSidewaysOverflow, isPiece, openCheckout, products,
  putQuickKeys as putKeys, readQuickKeys as readKeys, shot,
} from './helpers';

const PATH = `/api/v1/stores/${FIRST_STORE}/quick-keys`;

function grid(page: Page) {
  return page.getByRole('navigation', { name: 'Quick keys' });
}

test('the manager\'s quick keys show on the till\'s first screen and a tap adds the item', async ({ page, request }, info) => {
  const all = await products(request);
  const pieces = all.filter(isPiece);
  const [first, second] = [pieces[3], pieces[11]];
  const weighed = all.find((p) => p.unit === 'kilogram')!;
  expect(weighed, 'a weighed demo item').toBeTruthy();
  const demo = (await readKeys(request)).keys;

  // A colour outside the palette is refused, naming the key's field.
  const bad = await request.put(PATH, {
    data: { keys: [{ product_id: first.id, colour: 'chartreuse' }], version: (await readKeys(request)).version },
    headers: await admin(request),
  });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).field).toBe('keys[0].colour');

  try {
    await openCheckout(page, first);
    await putKeys(request, [
      { product_id: first.id, colour: 'red', label: 'Favourite' },
      { product_id: second.id, colour: 'blue' },
      { product_id: weighed.id, colour: 'green' },
    ]);
    await page.reload();
    await ensureSignedIn(page);
    const keys = grid(page).getByRole('button');
    await expect(keys).toHaveCount(3, { timeout: 20_000 });
    await expect(keys.nth(0)).toHaveAccessibleName('Favourite');
    await expect(keys.nth(0)).toHaveClass(/qk-red/);
    await expect(keys.nth(1)).toHaveAccessibleName(second.name);
    await expect(keys.nth(2)).toHaveClass(/qk-green/);
    for (let i = 0; i < 3; i++) {
      const box = await keys.nth(i).boundingBox();
      expect(box!.height, 'touch target height').toBeGreaterThanOrEqual(44);
      expect(box!.width, 'touch target width').toBeGreaterThanOrEqual(44);
    }
    await shot(page, info, 'quick-keys-tablet');

    // A tap adds the item; the weighed one is weighed first.
    await keys.nth(0).click();
    await expect(cart(page).getByText(first.name, { exact: true })).toBeVisible();
    await keys.nth(2).click();
    const weight = page.getByRole('dialog', { name: 'Weight' });
    await weight.getByRole('textbox', { name: 'Weight in kg' }).fill('0.500');
    await weight.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(weight).toHaveCount(0);
    await expect(cart(page).getByText(weighed.name, { exact: true })).toBeVisible();

    // On a phone the grid fits: no sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(keys).toHaveCount(3);
    await expectNoSidewaysOverflow(page, 'the first screen with quick keys');
    await keys.nth(1).click();
    await expect(cart(page).getByText(second.name, { exact: true })).toBeVisible();
    await shot(page, info, 'quick-keys-phone');
  } finally {
    await putKeys(request, demo);
  }
});
