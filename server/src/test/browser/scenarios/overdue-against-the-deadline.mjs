// Ditte's referral was to reach Familieambulatoriet within a second; its case system is down, so the hub keeps
// retrying. The operator finds it among the overdue, with when it was due and how its delivery stands.
import assert from 'node:assert/strict';
import { facts, scenario } from '../console.mjs';

await scenario(async (console) => {
  await console.signIn('operator', 'operator-password');
  await console.open('/console');
  await console.page.getByRole('link', { name: /^Overdue/ }).click();
  await console.page.waitForURL(/state=overdue/);
  // for Familieambulatoriet only: the filter applies as it is typed in and left (htmx), the address bar follows
  await console.page.getByLabel('Recipient').fill(facts.recipient);
  await console.page.getByLabel('Recipient').press('Tab');
  await console.page.waitForURL(new RegExp(`recipient=${facts.recipient}`));
  const row = console.page.locator('tbody tr').filter({
    has: console.page.locator(`a[href$='/console/notifications/${facts.notification}']`),
  });
  assert.equal(await row.count(), 1, 'the referral is listed overdue once');
  assert.match(await row.locator('.standing').innerText(), /^retrying, \d+ tries/);
  assert.match(await row.locator('.due-at').innerText(), /^\d{4}-\d\d-\d\dT/);
  await console.screenshot('notifications-overdue');
});
