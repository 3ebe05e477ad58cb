import { setTimeout as sleep } from 'node:timers/promises';
import { openBenchSocket, type BenchSocket } from './bench-service';
import type { ProtocolClient } from './live-client';
import {
  EMIT_HIERARCHY_PATH,
  LIVE_AGENT_ID,
  makeLiveProject,
  removeLiveProject,
  type EmitInput,
} from './live-project';
import { DeltaRecorder, type RunEnd } from './live-recorder';
import { formatLiveSection, type LiveFigures } from './live-report';
import type { ProgressReporter } from './measure';
import type { ScaleSizes } from './options';
import { formatCount, loadNow, type ScaleSuite } from './scale-suite';
import type { TempRoot } from './temp-root';

export function liveSuite(scale: ScaleSizes, temp: TempRoot): ScaleSuite {
  return {
    id: 'live',
    onlyWhenNamed: false,
    run: async (progress) => {
      const load = loadNow();
      const input = { rate: scale.liveEventsPerSecond, seconds: scale.liveSeconds };
      return formatLiveSection(await measureLiveEvents(input, temp, progress), load);
    },
  };
}

/**
 * One real run, started through the service over the browser adapter's WebSocket: a callback in a
 * copy of the sample project publishes paced node_output_delta events, which go the way every live
 * event goes (event bus → LiveRuns → the service's forwarding → the session's batcher → the
 * socket) to a client that watches the run and notes when each arrives.
 */
export async function measureLiveEvents(
  input: EmitInput,
  temp: TempRoot,
  progress: ProgressReporter,
): Promise<LiveFigures> {
  const expected = Math.round(input.rate * input.seconds);
  const projectDir = await makeLiveProject(temp);
  let socket: BenchSocket | null = null;
  try {
    const recorder = new DeltaRecorder(expected);
    progress(`live       opening a copy of the sample project and starting ${LIVE_AGENT_ID}`);
    socket = await openBenchSocket(projectDir, (batch, at) => recorder.onBatch(batch, at));
    const client = socket.client;
    const { runId } = await client.value('startRun', { agentId: LIVE_AGENT_ID, runIdPrefix: 'live_bench' });
    recorder.watch(runId);
    await client.value('watchRun', { runId });
    progress(`live       ${formatCount(input.rate)} events/s for ${input.seconds} s into run ${runId}`);
    await answerWhenAsked(client, runId, input);
    const end = await withinSeconds(recorder.runEnded, input.seconds + 60, `run ${runId} to end`);
    return figuresOf(recorder, input, end);
  } finally {
    await socket?.close();
    await removeLiveProject(projectDir);
  }
}

/**
 * The callback asks for its input as it starts, which may be before the client watched the run
 * (and so before it could see the request): offer the input until the node takes it.
 */
async function answerWhenAsked(client: ProtocolClient, runId: string, input: EmitInput): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const result = await client.call('provideNodeInput', {
      runId,
      hierarchyPath: EMIT_HIERARCHY_PATH,
      input,
    });
    if (result.ok) return;
    const notYet = result.error.message.includes('no node is waiting for input');
    if (!notYet || performance.now() > deadline) {
      throw new Error(`provideNodeInput to ${EMIT_HIERARCHY_PATH} failed: ${result.error.message}`);
    }
    await sleep(10);
  }
}

async function withinSeconds<T>(promise: Promise<T>, seconds: number, what: string): Promise<T> {
  const timeout = new AbortController();
  try {
    return await Promise.race([
      promise,
      sleep(seconds * 1000, undefined, { signal: timeout.signal }).then(() => {
        throw new Error(`waited ${seconds} s for ${what}`);
      }),
    ]);
  } finally {
    timeout.abort();
  }
}

function figuresOf(recorder: DeltaRecorder, input: EmitInput, end: RunEnd): LiveFigures {
  if (end.status !== 'completed') {
    throw new Error(`the live bench's run ended ${end.status}: ${end.error ?? 'no error given'}`);
  }
  const emit = recorder.emitResult;
  if (!emit)
    throw new Error(`no node_completed event of ${EMIT_HIERARCHY_PATH} with its count reached the client`);
  const delays = Array.from(recorder.delays).filter((delay) => !Number.isNaN(delay));
  delays.sort((a, b) => a - b);
  const receivingMs = recorder.lastDeltaAt - recorder.firstDeltaAt;
  const perBatch = [...recorder.deltasPerBatch].sort((a, b) => a - b);
  return {
    rate: input.rate,
    seconds: input.seconds,
    expected: recorder.expected,
    emitted: emit.emitted,
    emitMs: emit.emit_ms,
    received: recorder.received,
    duplicates: recorder.duplicates,
    outOfOrder: recorder.outOfOrder,
    malformed: recorder.malformed,
    batches: recorder.batches,
    batchesWithDeltas: recorder.batchesWithDeltas,
    receivingMs,
    batchesPerSecond: receivingMs > 0 ? ((recorder.batchesWithDeltas - 1) * 1000) / receivingMs : NaN,
    deltasPerBatch: { median: percentile(perBatch, 0.5), max: perBatch.at(-1) ?? NaN },
    delayMs: {
      p50: percentile(delays, 0.5),
      p95: percentile(delays, 0.95),
      p99: percentile(delays, 0.99),
      max: delays.at(-1) ?? NaN,
    },
  };
}

/** Nearest rank of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}
