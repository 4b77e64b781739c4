// A caseworker signs in at the same issuer, but the console is for operators: every page says so and shows nothing.
import assert from 'node:assert/strict';
import { scenario } from '../console.mjs';

await scenario(async (console) => {
  await console.signIn('caseworker', 'caseworker-password');
  assert.match(await console.heading(), /^Not allowed/);
  assert.doesNotMatch(await console.page.content(), /Parked \(parkeret\)/);
  await console.screenshot('refused');
  await console.open('/console/notifications?state=on-hold');
  assert.match(await console.heading(), /^Not allowed/);
  assert.equal(await console.page.locator('tbody tr').count(), 0);
});
