import { cp, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { TempRoot } from './temp-root';

/** The agent the live bench adds to its copy of the sample project, and its one callback. */
export const LIVE_AGENT_ID = 'live_bench';
export const EMIT_HIERARCHY_PATH = `${LIVE_AGENT_ID}.emit`;

/** The input the emitting callback waits for (`node_input_required`) before it starts. */
export interface EmitInput {
  rate: number;
  seconds: number;
}

/** What the callback returns (its `callable_result`). */
export interface EmitResult {
  emitted: number;
  emit_ms: number;
}

const SAMPLE_PROJECT = resolve(import.meta.dirname, '..', 'resources', 'sample-project');

/**
 * The runner file written into the copy. A callback is the project's own code, loaded the way
 * every agent is; it waits for its input so the bench can watch the run before the first event.
 * Each event's text is "<sequence> <wall-clock ms at publish>": the agent runs in a child process,
 * so both sides read \`performance.timeOrigin + performance.now()\`, which is comparable across them.
 */
const RUNNER_SOURCE = `import { defineRunner, flowDef, type NodeRunContext } from 'dad-run-inspector/engine';

/** Publishes \`rate\` node_output_delta events a second for \`seconds\`, paced against the clock. */
async function emitPaced(args: Record<string, unknown>, context: NodeRunContext) {
  const rate = Number(args.rate);
  const seconds = Number(args.seconds);
  if (!(rate > 0) || !(seconds > 0)) {
    throw new Error(\`emit needs a positive rate and seconds, got \${JSON.stringify(args)}\`);
  }
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let emitted = 0;
  while (emitted < total && !context.signal.aborted) {
    // A late timer is caught up at once, so the rate holds on average.
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (; emitted < due; emitted++) {
      context.publish({
        type: 'node_output_delta',
        runId: context.runId,
        nodeId: context.nodeId,
        hierarchyPath: context.hierarchyPath,
        text: \`\${emitted} \${performance.timeOrigin + performance.now()}\`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { emitted, emit_ms: performance.now() - started };
}

export const runner = defineRunner({
  definition: flowDef().callback('emit', emitPaced, {}, { inputRequired: true }),
  rootComponentId: '${LIVE_AGENT_ID}',
  description: 'Publishes paced node_output_delta events for the live-event benchmark.',
  enableOutcomeRepo: false,
});
`;

/** A temp copy of the sample project with the live bench's agent added; removed by the caller. */
export async function makeLiveProject(temp: TempRoot): Promise<string> {
  const dir = join(await temp.newDir('live-'), 'project');
  const sampleRuns = join(SAMPLE_PROJECT, 'runs');
  await cp(SAMPLE_PROJECT, dir, {
    recursive: true,
    // Runs someone made in the sample project are not part of the copy.
    filter: (source) => source !== sampleRuns && !source.startsWith(sampleRuns + sep),
  });
  await writeFile(join(dir, 'src', 'runners', `${LIVE_AGENT_ID}.ts`), RUNNER_SOURCE);
  return dir;
}

export async function removeLiveProject(dir: string): Promise<void> {
  await rm(resolve(dir, '..'), { recursive: true, force: true });
}
