import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { heapGrowthSince, heapUsedBytes } from './heap';
import type { FlowShape, Measurement, Sample } from './measure';
import type { BenchSizes } from './options';
import {
  FLOW_SPAN_LINE,
  ITERATION_RESULT,
  NODE_OUTCOME,
  NODE_RESULT,
  NODE_SPAN_LINE,
} from './run-file-payloads';
import type { TempRoot } from './temp-root';

/** The engine's write-behind writer lets this many writes run side by side. */
export const ENGINE_WRITE_CONCURRENCY = 8;

/**
 * The files one unit leaves on disk, written straight with fs.promises: the node folder, its
 * result.json and outcome.json, one trace line per span; a loop iteration adds its
 * component_result.json and the span of its body flow.
 */
async function writeUnit(shape: FlowShape, runDir: string, tracePath: string, index: number): Promise<void> {
  if (shape === 'sequential') {
    const nodeDir = join(runDir, 'bench', `n${index}`);
    await mkdir(nodeDir, { recursive: true });
    await writeFile(join(nodeDir, 'result.json'), NODE_RESULT);
    await writeFile(join(nodeDir, 'outcome.json'), NODE_OUTCOME);
    await appendFile(tracePath, NODE_SPAN_LINE);
    return;
  }
  const iterationDir = join(runDir, 'bench', 'each', `iter_${index}`);
  const nodeDir = join(iterationDir, 'step');
  await mkdir(nodeDir, { recursive: true });
  await writeFile(join(nodeDir, 'result.json'), NODE_RESULT);
  await writeFile(join(nodeDir, 'outcome.json'), NODE_OUTCOME);
  await appendFile(tracePath, NODE_SPAN_LINE);
  await writeFile(join(iterationDir, 'component_result.json'), ITERATION_RESULT);
  await appendFile(tracePath, FLOW_SPAN_LINE);
}

async function runBareWritesOnce(
  shape: FlowShape,
  units: number,
  concurrency: number,
  temp: TempRoot,
): Promise<Sample> {
  const runDir = await temp.newDir(`bare-${shape}-`);
  try {
    const traceDir = join(runDir, '.trace');
    await mkdir(traceDir);
    const tracePath = join(traceDir, 'trace.jsonl');
    await writeFile(tracePath, '');

    const heapBefore = heapUsedBytes();
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < units) await writeUnit(shape, runDir, tracePath, next++);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const end = performance.now();
    return { totalsMs: { wall: end - start }, heapGrowthBytes: heapGrowthSince(heapBefore, null) };
  } finally {
    await temp.remove(runDir);
  }
}

export function bareWriteMeasurements(sizes: BenchSizes, temp: TempRoot): Measurement[] {
  const measurements: Measurement[] = [];
  for (const flow of ['sequential', 'loop'] as const) {
    const units = flow === 'sequential' ? sizes.bareSequentialNodes : sizes.bareLoopIterations;
    const warmUpUnits = Math.min(units, 50);
    for (const concurrency of [1, ENGINE_WRITE_CONCURRENCY]) {
      measurements.push({
        id: `bare-writes/${flow}/${concurrency === 1 ? 'one-by-one' : `${concurrency}-at-a-time`}`,
        suite: 'bare-writes',
        flow,
        label: concurrency === 1 ? 'bare writes, one by one' : `bare writes, ${concurrency} at a time`,
        units,
        warmUpUnits,
        run: (n) => runBareWritesOnce(flow, n, concurrency, temp),
      });
    }
  }
  return measurements;
}
