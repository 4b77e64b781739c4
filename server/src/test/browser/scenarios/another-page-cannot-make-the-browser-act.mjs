// A signed-in operator's browser cannot be made to act by another page (no CSRF token) or by hostile addresses.
import assert from 'node:assert/strict';
import { scenario } from '../console.mjs';

const hostile = [
  '/console/notifications/..%2F..%2Factuator',
  '/console/notifications/%3Cscript%3E',
  '/console/notifications?state=%3Cscript%3Ealert(1)%3C/script%3E',
  '/console/notifications?page=-1',
  '/console/notifications?recipient=x%26_id%3Dy',
  '/console/notifications?state=on-hold&reason=x%7Cy%26_id%3Dz',
  '/console/notifications?state=on-hold&reason=%3Cscript%3Ealert(1)%3C/script%3E',
  '/console/notifications?state=overdue&recipient=x%27%20OR%20%271%27%3D%271',
  '/console/agreements/..%2F..%2Factuator',
  '/console/agreements/%3Cscript%3Ealert(1)%3C/script%3E',
];

await scenario(async (console) => {
  await console.signIn('operator', 'operator-password');
  // as another site's form or script would send it, with her cookie but without the page's CSRF token
  const status = await console.page.evaluate(() => fetch('/console/notifications/any/redeliver',
    { method: 'POST', redirect: 'manual' }).then((r) => r.status));
  assert.equal(status, 403, 're-drive without the console\'s CSRF token');
  for (const address of hostile) {
    await console.open(address);
    const html = await console.page.content();
    assert.doesNotMatch(html, /<script>alert\(1\)<\/script>/, address);
    assert.doesNotMatch(html, /"resourceType"/, address);
    assert.equal(await console.page.locator('tbody tr a').count(), 0, `${address} lists nothing`);
  }
});
