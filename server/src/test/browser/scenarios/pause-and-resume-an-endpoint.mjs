// The operator pauses Familieambulatoriet's endpoint for maintenance; Ditte's referral waits; resumed, it goes out.
// A wrong address is refused before anything is written. The other pages are opened for their screenshots.
import assert from 'node:assert/strict';
import { ask, facts, scenario } from '../console.mjs';

await scenario(async (console) => {
  const page = console.page;
  const row = `#endpoint-${facts.endpoint}`;
  await console.signIn('operator', 'operator-password');
  await console.open('/console/receivers');
  await page.locator(row).getByRole('link', { name: 'Pause' }).click();
  assert.equal(await console.heading(), 'Pause this endpoint?');
  await console.screenshot('endpoint-pause-confirm');
  await page.locator('#confirm').click();
  assert.match(await console.text('[role=status]'), /is paused/);
  assert.match(await console.text(`${row} .standing`), /Paused/);

  await ask('store Ditte\'s referral');
  // the table updates itself (htmx, every godstart.console.refresh): no reload
  await page.locator(`${row} td.queued`).filter({ hasText: /^1$/ }).waitFor();
  assert.match(await console.text('#receivers-updated'), /^Updated at /);
  assert.equal(await ask('how many were sent to Familieambulatoriet'), 0, 'nothing sent while paused');
  await console.screenshot('receivers-paused');

  await page.locator(row).getByRole('link', { name: 'Resume' }).click();
  await page.locator('#confirm').click();
  assert.match(await console.text('[role=status]'), /is resumed/);
  assert.equal(await ask('wait for Familieambulatoriet to be sent one'), 1, 'resumed: the referral goes out');

  await console.open(`/console/endpoints/${facts.endpoint}/address`);
  // the field's type=url would stop the browser itself; the hub must refuse it all the same
  await page.locator('#address').evaluate((field) => { field.type = 'text'; field.value = 'ftp://case.example.dk/fhir'; });
  await page.locator('#check').click();
  assert.match(await console.text('[role=alert]'), /http or https URL/);
  await console.screenshot('endpoint-address-refused');

  for (const name of ['hl7v2', 'subscriptions', 'directory']) {
    await console.open(`/console/${name}`);
    assert.doesNotMatch(await console.heading(), /^Not allowed/, name);
    await console.screenshot(name);
  }
  await console.open('/console');
  assert.ok(await page.locator('figure.chart svg rect.bar').count() >= 4 * 24, '24 hours of bars, four charts');
  await console.screenshot('overview-charts');
});
