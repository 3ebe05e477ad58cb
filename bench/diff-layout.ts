import { performance } from 'node:perf_hooks';
import { structuredPatch } from 'diff';
import type { DiffHunk } from '../src/shared/compare-data';
import { median } from './measure';
import { formatCount, formatDuration, loadNow, metOrNot, type ScaleSuite } from './scale-suite';

/** The window lays out a diff's rows in one go; a 1 MiB file must not hold it up noticeably. */
const TARGET_MS = 500;
const LINES = 16 * 1024;
const ROUNDS = 7;
/**
 * The window's diff layout. Renderer code is type-checked by tsconfig.web, not by the Node config
 * that checks benchmarks, so it is imported by path here and its one function typed by hand.
 */
const DIFF_ROWS_MODULE = '../src/renderer/src/components/diff/diff-rows';
type UnifiedRows = (hunks: DiffHunk[]) => readonly unknown[];

/** Laying out the unified rows of a 1 MiB text file added whole (16,384 lines of 64 bytes). */
export function diffLayoutSuite(): ScaleSuite {
  return {
    id: 'diff-layout',
    onlyWhenNamed: false,
    run: async (progress) => {
      const load = loadNow();
      const { unifiedRows } = (await import(DIFF_ROWS_MODULE)) as { unifiedRows: UnifiedRows };
      const text = ('x'.repeat(63) + '\n').repeat(LINES);
      const hunks = structuredPatch('a', 'b', '', text, undefined, undefined, { context: 1 }).hunks;
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        progress(`diff-layout round ${round + 1} of ${ROUNDS}`);
        const started = performance.now();
        const rows = unifiedRows(hunks);
        times.push(performance.now() - started);
        // A layout that dropped rows would be fast for the wrong reason.
        if (rows.length !== LINES + 1) throw new Error(`expected ${LINES + 1} rows, got ${rows.length}`);
      }
      const middle = median(times);
      return [
        `Diff layout (${load})`,
        `  unified rows of a 1 MiB file (${formatCount(LINES)} lines), median of ${ROUNDS}: ` +
          `${formatDuration(middle)} (max ${formatDuration(Math.max(...times))}); ` +
          `target under ${TARGET_MS} ms: ${metOrNot(middle < TARGET_MS)}`,
      ];
    },
  };
}
