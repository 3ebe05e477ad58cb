/* global document, MutationObserver */
// Installed in the page with page.addInitScript: records every change of the run view's timeline
// (rows drawn, rows running, the run's status) as React commits it, so a test can tell how the
// timeline grew however fast the run went. The samples are kept as JSON in an attribute of <html>.
(() => {
  const ATTRIBUTE = 'data-e2e-timeline-samples';
  const samples = [];
  let last = '';
  const record = () => {
    const view = document.querySelector('[data-testid="run-view"]');
    if (!view) return;
    const rows = view.querySelectorAll('[data-testid="timeline-row"]');
    let runningRows = 0;
    for (const row of rows) if (row.getAttribute('data-status') === 'RUNNING') runningRows++;
    const badge = view.querySelector('[data-testid="run-status-badge"]');
    const sample = {
      runId: view.getAttribute('data-run-id'),
      rows: rows.length,
      runningRows,
      runStatus: badge ? badge.getAttribute('data-status') : null,
    };
    const key = JSON.stringify(sample);
    if (key === last) return;
    last = key;
    samples.push(sample);
    document.documentElement.setAttribute(ATTRIBUTE, JSON.stringify(samples));
  };
  const start = () =>
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status', 'data-run-id'],
    });
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
