/**
 * One measurement of `big-values`, in a process of its own so that its peak RSS is its own:
 * `node --expose-gc --import jiti/register bench/big-values-probe.ts <projectDir> <scenario>`.
 * Prints one JSON line of figures.
 */
import { join } from 'node:path';
import type { CallName } from '../src/shared/contract';
import { PIECE_MAX_LENGTH } from '../src/shared/text-pieces';
import { RunIndex } from '../src/main/reader';
import { dispatchCall } from '../src/main/service/session-calls';
import { BIG_ATTRIBUTE, BIG_NODE_PATH, BIG_RUN_ID, BIG_SPAN_ID } from '../test-support/big-values-run';
import { newBenchService } from './bench-service';
import { heapUsedBytes } from './heap';

export type ProbeScenario = 'unpaged-detail' | 'detail' | 'all-pieces' | 'node-file';

export interface ProbeFigures {
  scenario: ProbeScenario;
  rssBefore: number;
  heapBefore: number;
  /** Heap right after the calls, garbage included: what the calls made at once. */
  heapAfterCalls: number;
  /** Heap after a full collection: what the service keeps. */
  heapKept: number;
  peakRss: number;
  largestReplyBytes: number;
  replies: number;
  ms: number;
}

async function probe(projectDir: string, scenario: ProbeScenario): Promise<ProbeFigures> {
  const service = newBenchService();
  await service.openProject(projectDir);
  const session = service.connect(() => undefined);
  let largestReplyBytes = 0;
  let replies = 0;
  // What the socket adapter does with each answer: serialize it whole.
  const send = (result: unknown) => {
    const bytes = Buffer.byteLength(JSON.stringify({ id: 1, result }));
    largestReplyBytes = Math.max(largestReplyBytes, bytes);
    replies++;
    return result;
  };
  const ask = async (name: CallName, payload: unknown) =>
    send(await dispatchCall(service, session, name, [payload])) as {
      ok: boolean;
      value?: { nextOffset: number; totalLength: number };
    };
  await ask('listRuns', undefined);
  const heapBefore = heapUsedBytes();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  if (scenario === 'unpaged-detail') {
    // The detail as the reader makes it: what the service sent before values were paged.
    const index = await RunIndex.open(join(projectDir, 'runs', BIG_RUN_ID));
    send({ ok: true, value: await index.spanDetail(BIG_SPAN_ID) });
  } else if (scenario === 'detail') {
    await ask('spanDetail', { runId: BIG_RUN_ID, spanId: BIG_SPAN_ID });
  } else {
    const file = scenario === 'node-file';
    if (!file) await ask('spanDetail', { runId: BIG_RUN_ID, spanId: BIG_SPAN_ID });
    else await ask('nodeFiles', { runId: BIG_RUN_ID, hierarchyPath: BIG_NODE_PATH });
    for (let offset = 0, total = 1; offset < total; ) {
      const piece = file
        ? await ask('nodeFileRange', {
            runId: BIG_RUN_ID,
            hierarchyPath: BIG_NODE_PATH,
            name: 'result.json',
            offset,
            length: PIECE_MAX_LENGTH,
          })
        : await ask('spanValuePiece', {
            runId: BIG_RUN_ID,
            spanId: BIG_SPAN_ID,
            key: BIG_ATTRIBUTE,
            offset,
            length: PIECE_MAX_LENGTH,
          });
      if (!piece.ok || !piece.value) throw new Error(`piece at ${offset} failed: ${JSON.stringify(piece)}`);
      offset = piece.value.nextOffset;
      total = piece.value.totalLength;
    }
  }
  const ms = performance.now() - started;
  const heapAfterCalls = process.memoryUsage().heapUsed;
  // The last answer stays reachable from the call's async frames until the next turn of the loop.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const heapKept = heapUsedBytes();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  await service.shutdown();
  return {
    scenario,
    rssBefore,
    heapBefore,
    heapAfterCalls,
    heapKept,
    peakRss,
    largestReplyBytes,
    replies,
    ms,
  };
}

const [projectDir, scenario] = process.argv.slice(2);
if (!projectDir || !scenario) throw new Error('usage: big-values-probe.ts <projectDir> <scenario>');
console.log(JSON.stringify(await probe(projectDir, scenario as ProbeScenario)));
