// An agreement that ends next month is listed among those ending or due for review, marked as due; opened, it shows
// its parties by name and each term with the flow it drives.
import assert from 'node:assert/strict';
import { facts, scenario } from '../console.mjs';

await scenario(async (console) => {
  await console.signIn('operator', 'operator-password');
  await console.open('/console/agreements');
  const rows = console.page.locator('tbody tr').filter({ hasText: facts.title });
  assert.equal(await rows.count(), 1, `"${facts.title}" is listed once`);
  assert.match(await rows.innerText(), new RegExp(facts.ends));
  assert.match(await rows.getAttribute('class'), /\bdue\b/);
  for (const party of facts.parties) {
    assert.ok((await rows.innerText()).includes(party), `${party}, by name`);
  }
  await console.screenshot('agreements');

  await rows.getByRole('link', { name: facts.title }).click();
  assert.equal(await console.heading(), facts.title);
  assert.equal(await console.text('#agreement-end'), facts.ends);
  assert.deepEqual((await console.page.locator('#parties li').allInnerTexts()).sort(), [...facts.parties].sort());
  const terms = console.page.locator('#terms tbody tr');
  assert.equal(await terms.count(), facts.terms, 'one row per term');
  const referral = terms.filter({ hasText: 'referral-created' }).filter({ hasText: 'treatment' });
  assert.equal(await referral.count(), 1, 'the GP\'s referral to the region, on the basis of treatment');
  assert.match(await referral.innerText(), /24 hours/);
  await console.screenshot('agreement');
});
