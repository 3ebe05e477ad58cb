import { cp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openBenchSocket, type BenchSocket } from './bench-service';
import { formatMs, formatRatio, percentileCells, percentilesOf } from './browser-figures';
import type { ProgressReporter } from './measure';
import { formatTable } from './report';
import { formatCount, loadNow, metOrNot, type ScaleSuite } from './scale-suite';
import type { TempRoot } from './temp-root';

/** The goal: while an agent computes, the service answers with this p95 at most. */
export const TARGET_P95_MS = 50;
const BURN_SECONDS = 10;
const IDLE_SECONDS = 3;
/** One call this often at most: the server refuses more than 300 calls a second from one client. */
const CALL_SPACING_MS = 10;
const AGENT_ID = 'busy_bench';
const SAMPLE_PROJECT = resolve(import.meta.dirname, '..', 'resources', 'sample-project');

const RUNNER_SOURCE = `import { defineRunner, flowDef } from 'dad-run-inspector/engine';

/** Computes without yielding for ${BURN_SECONDS} s, as a heavy agent step would. */
function burn() {
  const end = Date.now() + ${BURN_SECONDS * 1000};
  let spins = 0;
  while (Date.now() < end) spins++;
  return { spins };
}

export const runner = defineRunner({
  definition: flowDef().callback('burn', burn),
  rootComponentId: '${AGENT_ID}',
  enableOutcomeRepo: false,
});
`;

/**
 * `npm run bench -- busy-agent`: a window's calls (the runs list and a page of the run's rows)
 * over the real WebSocket, one after another, first with nothing running, then while an agent's
 * callback computes for ${BURN_SECONDS} s without yielding, in the process its run executes in.
 */
export function busyAgentSuite(temp: TempRoot): ScaleSuite {
  return { id: 'busy-agent', onlyWhenNamed: false, run: (progress) => busyAgentSection(temp, progress) };
}

async function busyAgentSection(temp: TempRoot, progress: ProgressReporter): Promise<string[]> {
  const load = loadNow();
  const project = await temp.newDir('busy-agent-');
  try {
    await cp(SAMPLE_PROJECT, project, {
      recursive: true,
      filter: (source) => !source.startsWith(join(SAMPLE_PROJECT, 'runs')),
    });
    await writeFile(join(project, 'src', 'runners', `${AGENT_ID}.ts`), RUNNER_SOURCE);
    const socket = await openBenchSocket(project);
    try {
      progress(`busy-agent ${IDLE_SECONDS} s of calls with no run going`);
      const idle = await callsFor(socket, null, () => false, IDLE_SECONDS * 1000);
      progress(`busy-agent the same calls while ${AGENT_ID} computes for ${BURN_SECONDS} s`);
      const { runId } = await socket.client.value('startRun', { agentId: AGENT_ID, staticInputs: {} });
      await until(() => nodeRunning(socket, runId), 30_000, `the ${AGENT_ID} node to start`);
      const busyStarted = performance.now();
      const busy = await callsFor(socket, runId, () => runEnded(socket, runId), (BURN_SECONDS + 30) * 1000);
      const busyMs = performance.now() - busyStarted;
      return formatSection({ idle, busy, busyMs, load });
    } finally {
      await socket.close();
    }
  } finally {
    await temp.remove(project);
  }
}

/** What a window showing the run asks, one call each: the runs list and a page of rows. */
async function windowCalls(socket: BenchSocket, runId: string | null): Promise<void> {
  await socket.client.value('listRuns', undefined);
  if (runId) await socket.client.value('spanRows', { runId, collapsed: [], offset: 0, limit: 50 });
  else await socket.client.value('currentProject', undefined);
}

/** Call latencies until `done` says so (checked between calls) or `limitMs` passes. */
async function callsFor(
  socket: BenchSocket,
  runId: string | null,
  done: () => boolean | Promise<boolean>,
  limitMs: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + limitMs;
  while (performance.now() < until && !(await done())) {
    const started = performance.now();
    await windowCalls(socket, runId);
    const took = performance.now() - started;
    latencies.push(took);
    if (took < CALL_SPACING_MS) await new Promise((r) => setTimeout(r, CALL_SPACING_MS - took));
  }
  return latencies;
}

async function nodeRunning(socket: BenchSocket, runId: string): Promise<boolean> {
  const page = await socket.client.value('spanRows', { runId, collapsed: [], offset: 0, limit: 50 });
  return page.rows.some((row) => row.name === 'callback.execute' && row.end === null);
}

async function runEnded(socket: BenchSocket, runId: string): Promise<boolean> {
  const runs = await socket.client.value('listRuns', undefined);
  const status = runs.find((run) => run.runId === runId)?.status;
  return status !== undefined && status !== 'running';
}

async function until(probe: () => Promise<boolean>, limitMs: number, what: string): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(`busy-agent bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function formatSection(f: { idle: number[]; busy: number[]; busyMs: number; load: string }): string[] {
  const idle = percentilesOf(f.idle);
  const busy = percentilesOf(f.busy);
  if (busy.count < 10) throw new Error(`busy-agent bench: only ${busy.count} calls while the agent computed`);
  return [
    `Service calls while an agent computes (${f.load}): the runs list and a page of rows over the ` +
      `browser adapter's WebSocket, the agent's run in its own process`,
    ...formatTable([
      ['one window call, ms', 'calls', 'p50', 'p95', 'max'],
      ['no run going', formatCount(idle.count), ...percentileCells(idle)],
      [`agent computing (${formatMs(f.busyMs)} ms)`, formatCount(busy.count), ...percentileCells(busy)],
      ['ratio computing / idle', '', formatRatio(busy.p50 / idle.p50), formatRatio(busy.p95 / idle.p95), ''],
    ]),
    `Verdict: "calls answer with p95 < ${TARGET_P95_MS} ms while an agent burns CPU" ` +
      `${metOrNot(busy.p95 < TARGET_P95_MS)}: p95 ${formatMs(busy.p95)} ms.`,
  ];
}
