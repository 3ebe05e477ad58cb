import { setTimeout as sleep } from 'node:timers/promises';
import { formatRatio } from './browser-figures';
import { runIdFor, type GeneratedRuns } from './browser-runs';
import {
  openRunView,
  throwOnWindowProblems,
  waitForRowsLoaded,
  withInspectorInBrowser,
  type ShownRows,
  type WindowPage,
} from './browser-window';
import type { ProgressReporter } from './measure';
import type { ScaleSizes } from './options';
import { formatTable } from './report';
import { formatCount, formatDuration, formatMegabytes, loadNow, type ScaleSuite } from './scale-suite';
import type { TempRoot } from './temp-root';

/** Scroll positions visited from the top to the bottom of the timeline, the rows loaded at each. */
const SCROLL_STOPS = 12;
/** Left to the window after opening a run, for the logs and node panes to load. */
const SETTLE_MS = 1_000;

interface MemoryReading {
  /** V8's heap in use after a full collection. */
  jsHeapBytes: number;
  /** Blink's garbage-collected heap (DOM objects) in use. */
  blinkHeapBytes: number;
  /** ArrayBuffers and external strings, outside both heaps. */
  backingStoreBytes: number;
  /** Live DOM nodes of the renderer (Memory.getDOMCounters), after the collection. */
  domNodes: number;
  /** Elements in the document. */
  elements: number;
  eventListeners: number;
}

interface RunMemory {
  spans: number;
  openMs: number;
  afterOpen: MemoryReading;
  afterScroll: MemoryReading;
  /** Then with the metrics tab shown instead of the logs (its charts cover every node). */
  withMetrics: MemoryReading;
  lastRowReached: number;
}

export function rendererMemorySuite(scale: ScaleSizes, runs: GeneratedRuns, temp: TempRoot): ScaleSuite {
  return {
    id: 'renderer-memory',
    onlyWhenNamed: false,
    run: async (progress) => {
      const load = loadNow();
      const sizes = [...scale.rendererMemorySpans].sort((a, b) => a - b);
      for (const spans of sizes) await runs.run(spans, progress);
      const projectDir = await runs.project();
      return withInspectorInBrowser(projectDir, temp, progress, async (inspector) => {
        const measured: RunMemory[] = [];
        for (const spans of sizes) {
          const windowPage = await inspector.openWindow();
          try {
            measured.push(await measureRun(windowPage, spans, progress));
          } finally {
            await inspector.closePage(windowPage);
          }
        }
        return formatRendererMemorySection(measured, inspector.describe(), load);
      });
    },
  };
}

async function measureRun(
  windowPage: WindowPage,
  spans: number,
  progress: ProgressReporter,
): Promise<RunMemory> {
  const { page } = windowPage;
  const name = `${formatCount(spans)} spans`;
  progress(`memory     ${name}: opening the run view`);
  const openMs = await openRunView(windowPage, runIdFor(spans));
  await sleep(SETTLE_MS);
  const afterOpen = await readMemory(windowPage);

  progress(`memory     ${name}: scrolling through the timeline in ${SCROLL_STOPS} steps`);
  const body = page.getByTestId('timeline-body');
  let shown = (await waitForRowsLoaded(page, `the first rows of ${name}`)).shown;
  for (let stop = 1; stop <= SCROLL_STOPS; stop++) {
    await body.evaluate((element, fraction) => {
      element.scrollTop = fraction * (element.scrollHeight - element.clientHeight);
    }, stop / SCROLL_STOPS);
    // Each step moves a twelfth of the run down; the last one shows the run's last row.
    const previous = shown;
    const accept =
      stop === SCROLL_STOPS
        ? (rows: ShownRows) => rows.last === spans - 1
        : (rows: ShownRows) => rows.first > previous.last;
    shown = (await waitForRowsLoaded(page, `the rows at step ${stop} of ${SCROLL_STOPS} of ${name}`, accept))
      .shown;
  }
  const lastRowReached = shown.last;
  await sleep(SETTLE_MS / 2);
  const afterScroll = await readMemory(windowPage);

  progress(`memory     ${name}: showing the metrics tab`);
  await page.getByTestId('run-tab-metrics').click();
  await page.getByTestId('chart-durations').waitFor({ timeout: 120_000 });
  await sleep(SETTLE_MS);
  const withMetrics = await readMemory(windowPage);
  throwOnWindowProblems(windowPage, `the memory readings of ${name}`);
  return { spans, openMs, afterOpen, afterScroll, withMetrics, lastRowReached };
}

async function readMemory({ page, cdp }: WindowPage): Promise<MemoryReading> {
  // Twice: what the first collection's finalizers release goes in the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  return {
    jsHeapBytes: heap.usedSize,
    blinkHeapBytes: heap.embedderHeapUsedSize,
    backingStoreBytes: heap.backingStorageSize,
    domNodes: counters.nodes,
    elements: await page.locator('*').count(),
    eventListeners: counters.jsEventListeners,
  };
}

export function formatRendererMemorySection(
  measured: readonly RunMemory[],
  browser: string,
  load: string,
): string[] {
  const smallest = measured[0];
  const largest = measured.at(-1);
  if (!smallest || !largest) return ['Renderer memory: nothing was measured'];
  const rows: string[][] = [
    ['run, when', 'JS heap', 'Blink heap', 'buffers', 'DOM nodes', 'elements', 'listeners'],
  ];
  for (const run of measured) {
    for (const [when, reading] of [
      ['opened', run.afterOpen],
      ['scrolled through', run.afterScroll],
      ['metrics tab', run.withMetrics],
    ] as const) {
      rows.push([
        `${formatCount(run.spans)} spans, ${when}`,
        formatMegabytes(reading.jsHeapBytes),
        formatMegabytes(reading.blinkHeapBytes),
        formatMegabytes(reading.backingStoreBytes),
        formatCount(reading.domNodes),
        formatCount(reading.elements),
        formatCount(reading.eventListeners),
      ]);
    }
  }
  const growth = (when: 'afterScroll' | 'withMetrics', pick: (reading: MemoryReading) => number) =>
    formatRatio(pick(largest[when]) / pick(smallest[when]));
  const spanRatio = largest.spans / smallest.spans;
  return [
    `Renderer memory with the run view open: ${measured.map((run) => formatCount(run.spans)).join(' / ')} spans ` +
      `(as many log lines), ${load}`,
    `  ${browser}, a fresh renderer per run;`,
    '  read through CDP after two HeapProfiler.collectGarbage:',
    '  Runtime.getHeapUsage (JS heap, Blink heap, array buffers) and Memory.getDOMCounters (nodes, listeners).',
    `  "scrolled through": the timeline scrolled from top to bottom in ${SCROLL_STOPS} steps, the rows loaded at each`,
    '  (the logs tab below it showing, as it opens); "metrics tab": then the metrics tab shown instead of the logs.',
    ...formatTable(rows),
    `  run view open (click → first rows): ${measured
      .map((run) => `${formatCount(run.spans)} spans ${formatDuration(run.openMs)}`)
      .join(', ')}`,
    '',
    `Growth from ${formatCount(smallest.spans)} to ${formatCount(largest.spans)} spans (${formatCount(spanRatio)}× the spans):`,
    ...(['afterScroll', 'withMetrics'] as const).map(
      (when) =>
        `  ${when === 'afterScroll' ? 'scrolled through' : 'metrics tab     '}: ` +
        `JS heap ${growth(when, (r) => r.jsHeapBytes)}, buffers ${growth(when, (r) => r.backingStoreBytes)}, ` +
        `Blink heap ${growth(when, (r) => r.blinkHeapBytes)}, DOM nodes ${growth(when, (r) => r.domNodes)}`,
    ),
    '  The spec: memory does not grow with the run beyond what the visible window needs, so these stay near 1×.',
  ];
}
