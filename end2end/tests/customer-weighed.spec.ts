// A staff customer gets their group's prices at once, a weighed item asks for its weight, a line discount
// needs a reason; the server has the customer, the weight and the prices.
import { expect, test } from '@playwright/test';
import {
  addByName, addWeighed, cart, cents, eur, openCheckout, openPayment, output, products, pullAll,
  receiptNumber, serverSale, shownCents, syncStatus,
} from './helpers';

test('customer group prices, weighed goods and a line discount', async ({ page, request }) => {
  const all = await products(request);
  const changes = await pullAll(request);
  const customer = changes.find((c) => c.type === 'customer' && c.data.name === 'Erika Mustermann')!.data;
  const lists = changes
    .filter((c) => c.type === 'price_list' && c.data.customer_groups.includes(customer.group))
    .map((c) => c.data);
  const listed = all.find((p) => lists.some((l) => l.prices.some((e: any) => e.product_id === p.id)) && p.unit !== 'kilogram')!;
  const staffPrice = lists.flatMap((l) => l.prices).find((e: any) => e.product_id === listed.id).unit_price as string;
  expect(cents(staffPrice)).toBeLessThan(cents(listed.price));
  const weighed = all.find((p) => p.unit === 'kilogram')!;

  await openCheckout(page, listed);
  await addByName(page, listed);
  await expect(output(page, 'Total')).toHaveText(eur(cents(listed.price)));

  // The customer: group prices apply at once, and show as a saving.
  await cart(page).getByRole('button', { name: 'Customer', exact: true }).click();
  const picker = page.getByRole('dialog', { name: 'Customer' });
  await picker.getByRole('searchbox', { name: 'Find customer' }).fill('muster');
  await picker.getByRole('button', { name: /Erika Mustermann/ }).click();
  await expect(cart(page)).toContainText('Customer: Erika Mustermann');
  await expect(output(page, 'Total')).toHaveText(eur(cents(staffPrice)));
  await expect(output(page, 'You save')).toHaveText(eur(cents(listed.price) - cents(staffPrice)));

  // A weighed product asks for its weight instead of adding one.
  await addWeighed(page, weighed, '0.750');
  const unitPrice = lists.flatMap((l) => l.prices).find((e: any) => e.product_id === weighed.id)?.unit_price ?? weighed.price;
  await expect(cart(page)).toContainText(`0.750 kg \u00d7 ${unitPrice}/kg`);
  const weighedCents = Math.round(cents(unitPrice) * 0.75);
  await expect(output(page, 'Total')).toHaveText(eur(cents(staffPrice) + weighedCents));

  // A line discount needs a reason.
  await cart(page).getByRole('button', { name: `Discount ${listed.name}` }).click();
  const discount = page.getByRole('dialog', { name: 'Discount' });
  await discount.getByRole('button', { name: 'Amount', exact: true }).click();
  await discount.getByRole('textbox', { name: 'Discount value' }).fill('0.50');
  await expect(discount.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await discount.getByRole('textbox', { name: 'Reason' }).fill('dented box');
  await discount.getByRole('button', { name: 'Apply' }).click();
  await expect(cart(page)).toContainText('Discount (dented box)');
  const total = cents(staffPrice) - 50 + weighedCents;
  await expect(output(page, 'Total')).toHaveText(eur(total));
  expect(await shownCents(output(page, 'You save'))).toBe(cents(listed.price) - cents(staffPrice) + 50);

  const dialog = await openPayment(page);
  await dialog.getByRole('button', { name: 'Card', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Card reference' }).fill('A-1');
  await dialog.getByRole('button', { name: 'Complete sale' }).click();
  const receiptNo = await receiptNumber(page);
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText('Customer: Erika Mustermann');
  await expect(receipt).toContainText('Discount (dented box)');
  await expect(receipt).toContainText(`Total ${eur(total)}`);

  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  const sale = await serverSale(request, receiptNo);
  expect(sale.customer_id).toBe(customer.id);
  expect(cents(sale.priced.total)).toBe(total);
  const kg = sale.priced.lines.find((l) => l.product_id === weighed.id)!;
  expect(kg.unit).toBe('kilogram');
  expect(Number(kg.quantity)).toBe(0.75);
});
