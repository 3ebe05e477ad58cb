/**
 * A fresh process of the `reopen` bench that opens a run never indexed before, as the app does
 * (`worker`: read in a worker thread, with previews) or all on this thread (`thread`), while an
 * already open small run is asked for rows every 10 ms, as a window asking about another run
 * would. Prints one JSON line of figures. Run as
 * `node --import jiti/register bench/first-open-child.ts <worker|thread> <runDir> <smallRunDir> <workerEntry|-> [cacheDir]`
 * (`-`: the workers start from the sources, through jiti).
 */
import { RunIndex } from '../src/main/reader/run-index';
import type { Elapsed } from './reopen-child';

export interface FirstOpenFigures {
  mode: 'worker' | 'thread';
  /** To the first 200 span rows in hand (a preview's, in a worker). */
  firstScreen: Elapsed;
  /** To the whole index in hand. */
  whole: Elapsed;
  /** And its save written (with a cache folder). */
  saved: Elapsed | null;
  /** Answer times of the small run's rows and summary, asked every 10 ms while the open went on. */
  otherCallMs: { count: number; p50: number; p95: number; max: number };
  previews: number;
  spanCount: number;
  peakRssBytes: number;
  /** Once the open is over: the workers gone, a collection forced. */
  settledRssBytes: number;
}

const PROBE_EVERY_MS = 10;

async function main(): Promise<void> {
  const [mode, runDir, smallRunDir, workerEntry, cacheDir] = process.argv.slice(2);
  if ((mode !== 'worker' && mode !== 'thread') || runDir === undefined || smallRunDir === undefined)
    throw new Error(
      'usage: first-open-child.ts <worker|thread> <runDir> <smallRunDir> <workerEntry|-> [cacheDir]',
    );
  const small = await RunIndex.open(smallRunDir);
  let peakRssBytes = process.memoryUsage().rss;
  const latencies: number[] = [];
  let probing = true;
  const probe = async () => {
    while (probing) {
      const asked = performance.now();
      small.spanRows({ collapsed: [], offset: 0, limit: 200 });
      await small.summary();
      latencies.push(performance.now() - asked);
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
  };

  const cpu = process.cpuUsage();
  const started = performance.now();
  const elapsed = (): Elapsed => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };
  let firstScreen: Elapsed | null = null;
  let previews = 0;
  const probing$ = probe();
  const index = await RunIndex.open(runDir, {
    cacheDir,
    workerAboveBytes: mode === 'worker' ? 0 : Number.POSITIVE_INFINITY,
    workerEntry: workerEntry === undefined || workerEntry === '-' ? undefined : workerEntry,
    onPreview: (preview) => {
      previews++;
      if (firstScreen === null && preview.spanRows({ collapsed: [], offset: 0, limit: 200 }).rows.length > 0)
        firstScreen = elapsed();
    },
  });
  index.spanRows({ collapsed: [], offset: 0, limit: 200 });
  const whole = elapsed();
  firstScreen ??= whole;
  let saved: Elapsed | null = null;
  if (cacheDir !== undefined) {
    await index.saved();
    saved = elapsed();
  }
  probing = false;
  await probing$;
  // What the process keeps holding: the workers have exited, and what they sent is collected.
  await new Promise((resolve) => setTimeout(resolve, 300));
  (globalThis as { gc?: () => void }).gc?.();
  const settledRssBytes = process.memoryUsage().rss;
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const figures: FirstOpenFigures = {
    mode,
    firstScreen,
    whole,
    saved,
    otherCallMs: { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 },
    previews,
    spanCount: (await index.summary()).spanCount,
    peakRssBytes,
    settledRssBytes,
  };
  process.stdout.write(JSON.stringify(figures) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `first-open child failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
