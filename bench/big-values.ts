import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { REPLY_SOFT_LIMIT_BYTES } from '../src/shared/text-pieces';
import { writeBigValuesRun } from '../test-support/big-values-run';
import type { ProbeFigures, ProbeScenario } from './big-values-probe';
import { formatTable } from './report';
import { formatDuration, formatMegabytes, loadNow, metOrNot, type ScaleSuite } from './scale-suite';
import type { TempRoot } from './temp-root';

const PROBE = fileURLToPath(new URL('./big-values-probe.ts', import.meta.url));

const SCENARIOS: { scenario: ProbeScenario; what: string }[] = [
  { scenario: 'unpaged-detail', what: 'span detail, unpaged (as before)' },
  { scenario: 'detail', what: 'span detail' },
  { scenario: 'all-pieces', what: 'span detail + every piece' },
  { scenario: 'node-file', what: 'node files + every range' },
];

async function runProbe(projectDir: string, scenario: ProbeScenario): Promise<ProbeFigures> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'jiti/register', PROBE, projectDir, scenario],
    { maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as ProbeFigures;
}

/**
 * The service's memory while it shows a span with a 50 MB attribute and a node with a 5 MB
 * result.json: each scenario in a fresh process, its heap and peak RSS against its own start.
 */
export function bigValuesSuite(temp: TempRoot): ScaleSuite {
  return {
    id: 'big-values',
    onlyWhenNamed: false,
    run: async (progress) => {
      const projectDir = await temp.newDir('big-values-');
      try {
        await writeBigValuesRun(join(projectDir, 'runs'));
        const rows: string[][] = [];
        let pagedUnderLimit = true;
        for (const { scenario, what } of SCENARIOS) {
          progress(`big-values: ${what}`);
          const f = await runProbe(projectDir, scenario);
          if (scenario !== 'unpaged-detail' && f.largestReplyBytes > REPLY_SOFT_LIMIT_BYTES)
            pagedUnderLimit = false;
          rows.push([
            what,
            String(f.replies),
            formatMegabytes(f.largestReplyBytes),
            formatMegabytes(f.heapAfterCalls - f.heapBefore),
            formatMegabytes(f.heapKept - f.heapBefore),
            formatMegabytes(f.rssBefore),
            formatMegabytes(f.peakRss),
            formatDuration(f.ms),
          ]);
        }
        return [
          `Big values: a 50 MB span attribute and a 5 MB result.json (${loadNow()})`,
          ...formatTable([
            [
              'calls',
              'replies',
              'largest reply',
              'heap at end',
              'heap kept',
              'RSS at start',
              'peak RSS',
              'time',
            ],
            ...rows,
          ]),
          `every paged reply under ${formatMegabytes(REPLY_SOFT_LIMIT_BYTES)}: ${metOrNot(pagedUnderLimit)}`,
        ];
      } finally {
        await temp.remove(projectDir);
      }
    },
  };
}
