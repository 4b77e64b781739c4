// The operator finds the notification that Familieambulatoriet's case system never acknowledged while it was down,
// sees why, re-drives it once the system is back, and sees it delivered.
import assert from 'node:assert/strict';
import { ask, facts, scenario } from '../console.mjs';

await scenario(async (console) => {
  const page = console.page;
  await console.signIn('operator', 'operator-password');
  assert.match(await console.heading(), /^Overview/);
  assert.match(await console.text('.signout'), /Olga Operatør/);
  await console.screenshot('overview');

  await console.open(`/console/notifications?state=on-hold&recipient=${facts.recipient}`);
  const link = page.locator(`tbody a[href$='/console/notifications/${facts.notification}']`);
  assert.equal(await link.count(), 1, 'the parked notification is listed once');
  assert.match(await console.text('tbody'), /no-acknowledgement/);
  await console.screenshot('notifications-parked');

  await link.click();
  assert.equal(await console.text('#park-reason'), 'no-acknowledgement');
  const story = await console.text('.story');
  assert.match(story, /Familieambulatoriet/);
  assert.match(story, /treatment/, 'the legal basis it was sent under');
  const tries = await console.text('table.delivery');
  assert.match(tries, /resends/);
  assert.match(tries, /parked/);
  await console.screenshot('notification-parked');

  await ask('the receiver is back');
  await page.getByRole('link', { name: 'Re-drive (send igen)' }).click();
  assert.equal(await console.heading(), 'Re-drive this notification?');
  await console.screenshot('redeliver-confirm');
  await page.getByRole('button', { name: /Yes, re-drive/ }).click();
  assert.match(await console.text('[role=status]'), /Queued for delivery/);

  await console.reloadUntil('#state', (state) => state === 'completed', 'delivered and acknowledged');
  await console.screenshot('notification-delivered');
});
