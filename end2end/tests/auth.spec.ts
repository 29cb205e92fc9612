// A fresh terminal is enrolled by a manager, cashiers sign in with their PIN, a reload while offline keeps the
// cashier signed in and selling, and a cashier's refund or large discount needs a supervisor's approval.
import { expect, test } from '@playwright/test';
import {
  MANAGER, PIN, SUPERVISOR_NAME, addByName, approve, cart, enroll, enrollScreen, escapeRegExp, isPiece, newSale, payExactCash,
  products, revokeTerminal, scan, searchBox, serverSale, serverSales, signIn, signInScreen, syncStatus, tapPin,
  switchCashier,
} from './helpers';

test('enroll, PIN sign-in, offline reload, switch cashier, manager approval', async ({ page, context, request }) => {
  const all = (await products(request)).filter(isPiece);
  const item = all.filter((p) => p.barcode)[3];
  const other = all.filter((p) => p.barcode)[11];

  await page.goto('/');
  const enrolling = enrollScreen(page);
  await expect(enrolling).toBeVisible();
  await expect(enrolling.getByRole('textbox', { name: 'Terminal name' })).toHaveValue('Till 1');
  // Nothing to sell before the terminal is enrolled.
  await expect(searchBox(page)).toHaveCount(0);

  // A wrong password is said in words.
  await enrolling.getByRole('textbox', { name: 'Manager email' }).fill(MANAGER.email);
  await enrolling.getByLabel('Password', { exact: true }).fill('not-the-password');
  await enrolling.getByRole('button', { name: 'Enroll terminal' }).click();
  await expect(enrolling).toContainText('email and password do not match');
  await enroll(page, 'Till 7');

  // A wrong PIN is refused; the right one signs Chris in.
  const pinScreen = signInScreen(page);
  await expect(pinScreen).toContainText('Till 7');
  const pinField = pinScreen.getByLabel('PIN', { exact: true });
  await expect(pinField).toHaveAttribute('type', 'password');
  await expect(pinField).toHaveAttribute('inputmode', 'numeric');
  await pinField.fill('0000');
  await pinField.press('Enter');
  await expect(pinScreen).toContainText('That PIN is not right');
  await tapPin(pinScreen, '12');
  await pinScreen.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: 'Clear' }).click();
  await expect(pinField).toHaveValue('');
  await signIn(page, PIN.chris);
  const header = page.getByRole('banner');
  await expect(header.getByRole('group', { name: 'Cashier' })).toContainText('Chris Cashier');

  // The catalog arrives over the device token; a sale reaches the server.
  await searchBox(page).fill(item.name);
  await expect(page.getByRole('button', { name: escapeRegExp(item.name) })).toBeVisible();
  await searchBox(page).fill('');
  await scan(page, item.barcode!);
  const online = await payExactCash(page);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  await serverSale(request, online);

  // Offline, a reload keeps Chris signed in, and the till sells.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await page.reload();
  await expect(syncStatus(page)).toContainText('Offline');
  await expect(signInScreen(page)).toHaveCount(0);
  await expect(header.getByRole('group', { name: 'Cashier' })).toContainText('Chris Cashier');
  await scan(page, other.barcode!);
  const offline = await payExactCash(page);
  await expect(syncStatus(page)).toContainText('1 unsynced');
  await newSale(page);

  // Sign out asks first and says what will sync later; Cancel keeps Chris signed in.
  await header.getByRole('button', { name: 'Sign out' }).click();
  const confirm = page.getByRole('dialog', { name: 'Sign out' });
  await expect(confirm).toContainText('1 sale has not reached the server yet');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);

  await context.setOffline(false);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });
  await serverSale(request, offline);

  // Switch cashier: back to the PIN screen, Alex signs in.
  await switchCashier(page);
  await expect(signInScreen(page)).toBeVisible();
  await signIn(page, PIN.alex);
  await expect(header.getByRole('group', { name: 'Cashier' })).toContainText('Alex Cashier');

  // A discount above 20% needs approval; a cashier's PIN may not approve it.
  await addByName(page, item);
  await cart(page).getByRole('button', { name: `Discount ${item.name}` }).click();
  const discount = page.getByRole('dialog', { name: 'Discount' });
  await discount.getByRole('textbox', { name: 'Discount value' }).fill('25');
  await discount.getByRole('textbox', { name: 'Reason' }).fill('damaged');
  await discount.getByRole('button', { name: 'Apply' }).click();
  const approval = page.getByRole('dialog', { name: 'Manager approval' });
  await expect(approval).toBeVisible();
  await approval.getByLabel('Manager PIN').fill(PIN.chris);
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(approval).toContainText('may not approve this');
  await approve(page, PIN.supervisor);
  await expect(discount).toHaveCount(0);
  await expect(cart(page)).toContainText('Discount (damaged)');
  await expect(page.getByRole('alert')).toContainText(`Discount approved by ${SUPERVISOR_NAME}`);
  await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
  await cart(page).getByRole('button', { name: `Remove ${item.name}`, exact: true }).click();

  // A cashier's refund needs a supervisor's PIN once the lines are chosen; the receipt names the approver.
  await header.getByRole('button', { name: "Today's sales" }).click();
  await page.getByRole('region', { name: "Today's sales" }).getByRole('button', { name: online }).click();
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  const refund = page.getByRole('dialog', { name: 'Refund' });
  await refund.getByRole('button', { name: `One more of ${item.name}` }).click();
  await refund.getByRole('textbox', { name: 'Reason' }).fill('changed mind');
  await refund.getByRole('button', { name: 'Complete refund' }).click();
  await expect(approval).toContainText(`from receipt ${online}`);
  await approve(page, PIN.supervisor);
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText(`Refund of receipt ${online}`);
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText(`Approved by ${SUPERVISOR_NAME}`);
  await expect(syncStatus(page)).toContainText('0 unsynced', { timeout: 30_000 });

  // Signing out goes back to the PIN screen and keeps the sales.
  await header.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('dialog', { name: 'Sign out' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(signInScreen(page)).toBeVisible();
  await page.reload();
  await expect(signInScreen(page)).toBeVisible();
  await signIn(page, PIN.chris);
  await header.getByRole('button', { name: "Today's sales" }).click();
  const sales = page.getByRole('region', { name: "Today's sales" });
  await expect(sales.getByRole('button', { name: online })).toBeVisible();
  await expect(sales.getByRole('button', { name: offline })).toBeVisible();
});

test('too many wrong PINs lock the sign-in for a while', async ({ page }) => {
  await page.goto('/');
  await enroll(page, 'Till 8');
  const screen = signInScreen(page);
  const pin = screen.getByLabel('PIN', { exact: true });
  for (let attempt = 0; attempt < 6; attempt++) {
    await pin.fill('0000');
    await screen.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(screen).toContainText(/That PIN is not right|Too many wrong PINs/);
    if ((await screen.textContent())?.includes('Too many wrong PINs')) break;
  }
  await expect(screen).toContainText(/Too many wrong PINs\. Try again in \d+ min/);
  // Even the right PIN waits for the lock to end.
  await pin.fill(PIN.chris);
  await screen.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(screen).toContainText(/Too many wrong PINs\. Try again in \d+ min/);
  await expect(searchBox(page)).toHaveCount(0);
});

test('a revoked terminal stops syncing, keeps its sales and cannot be re-enrolled over them', async ({ page, request }) => {
  const item = (await products(request)).filter(isPiece).filter((p) => p.barcode)[7];
  await page.goto('/');
  await enroll(page, 'Till 9');
  await signIn(page, PIN.chris);
  await searchBox(page).fill(item.name);
  await expect(page.getByRole('button', { name: escapeRegExp(item.name) })).toBeVisible();
  await searchBox(page).fill('');

  await revokeTerminal(request, 'Till 9');
  await scan(page, item.barcode!);
  const receiptNo = await payExactCash(page);
  await expect(page.getByRole('alert')).toContainText(
    "This terminal's enrollment was revoked. Ask a manager to enroll it again.",
    { timeout: 30_000 },
  );
  await expect(syncStatus(page)).toContainText('1 unsynced');
  expect((await serverSales(request)).filter((s) => s.receipt_no === receiptNo)).toHaveLength(0);
  // The till keeps selling and keeps the sale; nobody is signed out.
  await newSale(page);
  await expect(searchBox(page)).toBeVisible();

  // Signed out, the PIN screen offers to enroll again, which is refused while the sale is unsent.
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  const confirm = page.getByRole('dialog', { name: 'Sign out' });
  await expect(confirm).toContainText('1 sale has not reached the server yet');
  await confirm.getByRole('button', { name: 'Sign out' }).click();
  await signInScreen(page).getByRole('button', { name: 'Enroll this terminal again' }).click();
  const enrolling = enrollScreen(page);
  await expect(enrolling).toContainText('not reached the server yet');
  await enrolling.getByRole('textbox', { name: 'Manager email' }).fill(MANAGER.email);
  await enrolling.getByLabel('Password', { exact: true }).fill(MANAGER.password);
  await enrolling.getByRole('button', { name: 'Enroll terminal' }).click();
  await expect(enrolling).toContainText('cannot be enrolled now');
  await expect(syncStatus(page)).toContainText('1 unsynced');
});
