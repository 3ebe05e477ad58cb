/* global document, window, MutationObserver */
// Evaluated in the page while a replay is shown: notes, on the page's own clock, each moment the
// replay bar shows and each press of Play, so a test can measure the replay's speed without its
// own round trips in the figures. `window.e2eMoments.finish()` stops and returns the notes.
(() => {
  const offset = document.querySelector('[data-testid="replay-offset"]');
  const play = document.querySelector('[data-testid="replay-play"]');
  if (!offset || !play) throw new Error('the replay bar is not shown');
  const events = [];
  const note = (kind) =>
    events.push({ kind, atMs: performance.now(), momentUs: Number(offset.getAttribute('data-as-of')) });
  const observer = new MutationObserver(() => note('moment'));
  observer.observe(offset, { attributes: true, attributeFilter: ['data-as-of'] });
  const onPlay = () => note('play');
  play.addEventListener('click', onPlay, { capture: true });
  window.e2eMoments = {
    finish() {
      observer.disconnect();
      play.removeEventListener('click', onPlay, { capture: true });
      return events;
    },
  };
})();
