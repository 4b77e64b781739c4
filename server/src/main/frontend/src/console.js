// The console's behaviour in the browser. Every page works without it (plain links and forms, rendered by the
// server); with it, htmx swaps in only the part of a page that changed:
//   - tables marked hx-trigger="every ..." (receivers, the overview's figures) refresh themselves, so an outage
//     shows without reloading;
//   - filter forms apply on change and keep the address bar, so a filtered page can be bookmarked and shared.
import htmx from 'htmx.org';

Object.assign(htmx.config, {
  // the pages hold personal data: no copies of them in the browser's localStorage for the back button
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  // the console's Content-Security-Policy allows no inline script or style, and no eval
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  // only ever the hub itself
  selfRequestsOnly: true,
});

// A refresh that the hub answers with the sign-in page (the session ended) or an error must not replace a table
// with it: reload the whole page instead, which shows the sign-in or the refusal as a page.
htmx.on('htmx:beforeSwap', (event) => {
  const { xhr, requestConfig } = event.detail;
  const signedOut = xhr.responseURL && new URL(xhr.responseURL).pathname.startsWith('/console/signin');
  if (signedOut || xhr.status >= 400) {
    event.detail.shouldSwap = false;
    if (requestConfig.verb === 'get') {
      window.location.reload();
    }
  }
});

// Say when a live part was last brought up to date, in the element its data-updated attribute names.
htmx.on('htmx:afterRequest', (event) => {
  const live = event.detail.elt;
  const stamp = event.detail.successful && live?.dataset?.updated && document.getElementById(live.dataset.updated);
  if (stamp) {
    stamp.textContent = `Updated at ${new Date().toLocaleTimeString('en-GB')}`;
  }
});

window.htmx = htmx;
