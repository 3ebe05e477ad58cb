import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from '@playwright/test';
import { formatMs, formatRatio, percentileCells, percentilesOf, type Percentiles } from './browser-figures';
import { runIdFor, type GeneratedRuns } from './browser-runs';
import { FRAME_TRACE_CATEGORIES, frameCostsBetween } from './browser-trace';
import {
  canvasCentre,
  markInPage,
  openRunView,
  throwOnWindowProblems,
  waitForRowsLoaded,
  withInspectorInBrowser,
  type WindowPage,
} from './browser-window';
import type { ProgressReporter } from './measure';
import type { ScaleSizes } from './options';
import { formatTable } from './report';
import { formatCount, formatDuration, loadNow, metOrNot, type ScaleSuite } from './scale-suite';
import type { TempRoot } from './temp-root';

/** The spec: the timeline scrolls and zooms with frames under 16 ms at the 95th percentile. */
export const TARGET_FRAME_P95_MS = 16;

/** A brisk wheel scroll: 3,000 px/s for 3 s, one wheel event a frame (Chrome's synthetic gesture). */
const SCROLL_SPEED_PX_PER_S = 3_000;
const SCROLL_SECONDS = 3;
/**
 * Zoom: ctrl+wheel events at 60 a second, as a high-resolution wheel or a touchpad sends them,
 * 1.5 s in and 1.5 s back out. (Chrome's synthetic pinch was not used: the timeline turns a pinch
 * into much less zoom, so it would barely zoom in the time.)
 */
const ZOOM_WHEEL_DELTA_Y = 25;
const ZOOM_WHEELS_PER_SECOND = 60;
const ZOOM_SECONDS_EACH_WAY = 1.5;
/** Left to the window after opening a run, for the logs and node panes to load. */
const SETTLE_MS = 1_000;

interface GestureFigures {
  frames: Percentiles;
  framesPerSecond: number;
  gestureMs: number;
  /** Wheel events the page got (plain for the scroll; with ctrl and handled by the timeline for the zoom). */
  wheelEvents: number;
}

interface RunFrames {
  spans: number;
  openMs: number;
  scroll: GestureFigures;
  /** Rows scrolled past (first visible row before and after the scroll). */
  rowsScrolled: number;
  /** From the end of the scroll until every visible row had its data. */
  rowsFilledMs: number;
  zoom: GestureFigures;
}

export function framesSuite(scale: ScaleSizes, runs: GeneratedRuns, temp: TempRoot): ScaleSuite {
  return {
    id: 'frames',
    onlyWhenNamed: false,
    run: async (progress) => {
      const load = loadNow();
      const baseline = await runs.run(scale.framesBaselineSpans, progress);
      const large = await runs.run(scale.framesSpans, progress);
      const projectDir = await runs.project();
      return withInspectorInBrowser(projectDir, temp, progress, async (inspector) => {
        const measured: RunFrames[] = [];
        for (const spans of [baseline.spans, large.spans]) {
          const windowPage = await inspector.openWindow();
          try {
            measured.push(await measureRun(inspector.browser, windowPage, spans, progress));
          } finally {
            await inspector.closePage(windowPage);
          }
        }
        return formatFramesSection(measured, inspector.describe(), load);
      });
    },
  };
}

async function measureRun(
  browser: Browser,
  windowPage: WindowPage,
  spans: number,
  progress: ProgressReporter,
): Promise<RunFrames> {
  const { page } = windowPage;
  const name = `${formatCount(spans)} spans`;
  progress(`frames     ${name}: opening the run view`);
  const openMs = await openRunView(windowPage, runIdFor(spans));
  await sleep(SETTLE_MS);
  const centre = await canvasCentre(page);
  await page.mouse.move(centre.x, centre.y);
  // Untimed, so the measured gestures run warm code: a second of scrolling down and back, a zoom.
  for (const direction of [-1, 1]) {
    await windowPage.cdp.send('Input.synthesizeScrollGesture', {
      ...centre,
      yDistance: direction * SCROLL_SPEED_PX_PER_S,
      speed: SCROLL_SPEED_PX_PER_S,
      gestureSourceType: 'mouse',
      preventFling: true,
    });
  }
  for (const direction of [-1, 1] as const)
    await ctrlWheel(windowPage, centre, direction, ZOOM_SECONDS_EACH_WAY / 3);
  const before = (await waitForRowsLoaded(page, `the rows after the warm-up on ${name}`)).shown;
  await countWheelEvents(page);

  progress(`frames     ${name}: scrolling ${SCROLL_SECONDS} s at ${formatCount(SCROLL_SPEED_PX_PER_S)} px/s`);
  const scroll = await traceGesture(browser, page, 'scroll', () =>
    windowPage.cdp.send('Input.synthesizeScrollGesture', {
      ...centre,
      yDistance: -SCROLL_SPEED_PX_PER_S * SCROLL_SECONDS,
      speed: SCROLL_SPEED_PX_PER_S,
      gestureSourceType: 'mouse',
      preventFling: true,
    }),
  );
  const scrollWheels = await wheelEventCounts(page);
  if (scrollWheels.plain === 0) throw new Error(`the scroll of ${name} sent no wheel event to the window`);
  const filled = await waitForRowsLoaded(
    page,
    `the rows after scrolling ${name}`,
    (shown) => shown.first > before.first,
  );
  const rowsFilledMs = filled.waitedMs;
  const rowsScrolled = filled.shown.first - before.first;

  await sleep(SETTLE_MS / 2);
  progress(`frames     ${name}: zooming in and back out with ctrl+wheel`);
  const zoom = await traceGesture(browser, page, 'zoom', async () => {
    for (const direction of [-1, 1] as const)
      await ctrlWheel(windowPage, centre, direction, ZOOM_SECONDS_EACH_WAY);
  });
  const zoomWheels = (await wheelEventCounts(page)).zoom;
  const zoomWheelsSent = 2 * ZOOM_SECONDS_EACH_WAY * ZOOM_WHEELS_PER_SECOND;
  // A busy window gets fewer, coalesced events; none or nearly none means the zoom never ran.
  if (zoomWheels < zoomWheelsSent / 10) {
    throw new Error(
      `of about ${zoomWheelsSent} ctrl+wheel events sent to ${name}, the timeline handled ${zoomWheels}`,
    );
  }
  throwOnWindowProblems(windowPage, `the gestures on ${name}`);
  return {
    spans,
    openMs,
    scroll: { ...scroll, wheelEvents: scrollWheels.plain },
    rowsScrolled,
    rowsFilledMs,
    zoom: { ...zoom, wheelEvents: zoomWheels },
  };
}

/** Records a Chrome trace around the gesture and returns the cost of the frames between its marks. */
async function traceGesture(
  browser: Browser,
  page: Page,
  name: string,
  gesture: () => Promise<unknown>,
): Promise<Omit<GestureFigures, 'wheelEvents'>> {
  await browser.startTracing(page, { categories: FRAME_TRACE_CATEGORIES, screenshots: false });
  let trace: Buffer;
  const started = performance.now();
  try {
    await markInPage(page, `bench-${name}-start`);
    await gesture();
    await markInPage(page, `bench-${name}-end`);
  } finally {
    trace = await browser.stopTracing();
  }
  const gestureMs = performance.now() - started;
  const costs = frameCostsBetween(trace.toString('utf8'), `bench-${name}-start`, `bench-${name}-end`);
  if (costs.frameMs.length < 10) {
    throw new Error(
      `the ${name} gesture drew only ${costs.frameMs.length} frames in ${formatDuration(gestureMs)}`,
    );
  }
  return {
    frames: percentilesOf(costs.frameMs),
    framesPerSecond: (costs.frameMs.length * 1000) / costs.windowMs,
    gestureMs: costs.windowMs,
  };
}

/**
 * Sends ctrl+wheel events over the canvas, paced at {@link ZOOM_WHEELS_PER_SECOND} without waiting
 * for each to be handled (a busy window has them coalesced, as real input); -1 zooms in.
 */
async function ctrlWheel(
  { cdp }: WindowPage,
  at: { x: number; y: number },
  direction: -1 | 1,
  seconds: number,
): Promise<void> {
  const sent: Promise<unknown>[] = [];
  const started = performance.now();
  const count = Math.round(seconds * ZOOM_WHEELS_PER_SECOND);
  for (let i = 0; i < count; i++) {
    sent.push(
      cdp.send('Input.dispatchMouseEvent', {
        type: 'mouseWheel',
        ...at,
        deltaX: 0,
        deltaY: direction * ZOOM_WHEEL_DELTA_Y,
        modifiers: CTRL_MODIFIER,
      }),
    );
    await sleep(Math.max(0, started + ((i + 1) * 1000) / ZOOM_WHEELS_PER_SECOND - performance.now()));
  }
  await Promise.all(sent);
}

/** CDP's modifier bit for Ctrl. */
const CTRL_MODIFIER = 2;

interface WheelCounts {
  plain: number;
  zoom: number;
}

/**
 * Counts the wheel events reaching the window from now on: plain ones, and those with ctrl that
 * the timeline handled (prevented). A window listener runs after the timeline's own, so it sees that.
 */
async function countWheelEvents(page: Page): Promise<void> {
  await page.locator('html').evaluate((root) => {
    const counts: WheelCounts = { plain: 0, zoom: 0 };
    Object.assign(root, { benchWheelCounts: counts });
    root.ownerDocument.defaultView?.addEventListener(
      'wheel',
      (event: { ctrlKey: boolean; defaultPrevented: boolean }) => {
        if (!event.ctrlKey) counts.plain++;
        else if (event.defaultPrevented) counts.zoom++;
      },
    );
  });
}

/** The counts since {@link countWheelEvents}, then starts them again from zero. */
async function wheelEventCounts(page: Page): Promise<WheelCounts> {
  return page.locator('html').evaluate((root) => {
    const counts = (root as unknown as { benchWheelCounts: WheelCounts }).benchWheelCounts;
    const copy = { ...counts };
    counts.plain = 0;
    counts.zoom = 0;
    return copy;
  });
}

export function formatFramesSection(measured: readonly RunFrames[], browser: string, load: string): string[] {
  const [baseline, large] = [measured[0], measured.at(-1)];
  if (!baseline || !large) return ['Timeline frames: nothing was measured'];
  const rows: string[][] = [
    ['run, gesture', 'frames', 'frames/s', 'wheel events', 'p50 ms', 'p95 ms', 'max ms', 'target p95'],
  ];
  for (const run of measured) {
    for (const [gesture, figures] of [
      ['scroll', run.scroll],
      ['zoom', run.zoom],
    ] as const) {
      rows.push([
        `${formatCount(run.spans)} spans, ${gesture} (${formatDuration(figures.gestureMs)})`,
        formatCount(figures.frames.count),
        figures.framesPerSecond.toFixed(0),
        formatCount(figures.wheelEvents),
        ...percentileCells(figures.frames),
        `< ${TARGET_FRAME_P95_MS} ms`,
      ]);
    }
  }
  const ratio = (pick: (run: RunFrames) => GestureFigures, figure: 'p50' | 'p95') =>
    formatRatio(pick(large).frames[figure] / pick(baseline).frames[figure]);
  const opening = formatTable([
    ['run', 'run view open (click → first rows)', 'rows scrolled', 'rows filled after it (from 2 frames on)'],
    ...measured.map((run) => [
      `${formatCount(run.spans)} spans`,
      formatDuration(run.openMs),
      formatCount(run.rowsScrolled),
      formatDuration(run.rowsFilledMs),
    ]),
  ]);
  const met = large.scroll.frames.p95 < TARGET_FRAME_P95_MS && large.zoom.frames.p95 < TARGET_FRAME_P95_MS;
  return [
    `Timeline frames in Chromium: ${formatCount(large.spans)} spans (baseline ${formatCount(baseline.spans)}), ` +
      `as many log lines, ${load}`,
    `  ${browser};`,
    `  scroll: Chrome's synthetic wheel scroll, ${formatCount(SCROLL_SPEED_PX_PER_S)} px/s for ${SCROLL_SECONDS} s;` +
      ` zoom: ctrl+wheel (deltaY ∓${ZOOM_WHEEL_DELTA_Y}) at ${ZOOM_WHEELS_PER_SECOND}/s,` +
      ` ${ZOOM_SECONDS_EACH_WAY} s in, ${ZOOM_SECONDS_EACH_WAY} s back out;`,
    '  each after an untimed warm-up (a second of scrolling down and back, a shorter zoom in and out).',
    '  frame cost: main-thread time of every task from one frame to the next (input, React, socket',
    "  messages, the canvas's requestAnimationFrame drawing, style, layout, paint), from Chrome's trace",
    `  (categories ${FRAME_TRACE_CATEGORIES.join(', ')}); not the time to the screen, which has no GPU here.`,
    ...formatTable(rows),
    '',
    ...opening,
    '',
    `  ratios ${formatCount(large.spans)} / ${formatCount(baseline.spans)} spans: ` +
      `scroll p50 ${ratio((run) => run.scroll, 'p50')}, p95 ${ratio((run) => run.scroll, 'p95')}; ` +
      `zoom p50 ${ratio((run) => run.zoom, 'p50')}, p95 ${ratio((run) => run.zoom, 'p95')}`,
    '',
    `Verdict: "timeline frames < ${TARGET_FRAME_P95_MS} ms at the 95th percentile" ${metOrNot(met)} on ` +
      `${formatCount(large.spans)} spans: scroll p95 ${formatMs(large.scroll.frames.p95)} ms, ` +
      `zoom p95 ${formatMs(large.zoom.frames.p95)} ms (one run, a shared machine: see the load).`,
  ];
}
