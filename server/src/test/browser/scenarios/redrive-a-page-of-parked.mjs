// Two referrals were parked for want of an agreement; now it is signed, the operator re-drives the page at once.
import assert from 'node:assert/strict';
import { facts, scenario } from '../console.mjs';

await scenario(async (console) => {
  const page = console.page;
  await console.signIn('operator', 'operator-password');
  await console.open(`/console/notifications?state=on-hold&recipient=${facts.recipient}&reason=no-endpoint`);
  assert.equal(await page.locator('tbody tr a').count(), 0, 'none parked for want of an endpoint');
  // the filter applies as it is chosen (htmx swaps in the results and keeps the address bar), no reload
  await page.getByLabel('Why').selectOption('no-agreement');
  await page.waitForURL(/reason=no-agreement/);
  await page.locator('tbody tr a').nth(1).waitFor();
  assert.equal(await page.locator('tbody tr a').count(), 2, 'both parked for want of an agreement, listed');
  await console.screenshot('notifications-by-reason');
  await page.locator('#redeliver-page').click();
  assert.equal(await console.heading(), 'Re-drive these 2 notifications?');
  assert.match(await console.text('ul.redrive'), /no-agreement/);
  await console.screenshot('redeliver-page-confirm');
  await page.locator('#confirm').click();
  assert.equal(await console.text('[role=status]'), '2 of 2 sent to the delivery queue again.');
  assert.equal(await page.locator('[role=alert]').count(), 0, 'none still parked');
});
