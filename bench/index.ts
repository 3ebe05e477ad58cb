import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { FlowDefinition, NodeDefinition, RunContext, FlowRunner, builtinNodeTypes } from '../src/main/engine/index';
import type { NodeTypeHandler } from '../src/main/engine/index';

const noop: NodeTypeHandler<Record<string, never>, unknown> = {
  nodeType: 'noop',
  settingsSchema: z.object({}).strict(),
  inputSchema: z.unknown(),
  async execute() { return { data: null, outcome: null }; },
};
const registry = builtinNodeTypes().register(noop);
async function one(n: number, loop: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-'));
  let flow = new FlowDefinition();
  if (loop) flow.forEach('each', `${n}`, new FlowDefinition().node('step', new NodeDefinition('noop', {})));
  else for (let i = 0; i < n; i++) flow = flow.node(`n${i}`, new NodeDefinition('noop', {}));
  const ctx = new RunContext({ rootComponentId: 'bench', projectRoot: dir, enableOutcomeRepo: false });
  let rootEnd = 0;
  ctx.events.subscribe((e) => { if (e.type === 'span_ended' && e.span.name === 'FlowRunner.run_flow') rootEnd = performance.now(); });
  const runner = new FlowRunner(flow, ctx, { nodeTypes: registry });
  await runner.setupRun();
  const t0 = performance.now();
  const r = await runner.run();
  const t1 = performance.now();
  console.log(loop ? 'loop' : 'seq', n, r.execution_status, 'path/node', ((rootEnd - t0) / n).toFixed(3), 'wall/node', ((t1 - t0) / n).toFixed(3), 'heap', (process.memoryUsage().heapUsed/1e6).toFixed(1));
  await rm(dir, { recursive: true, force: true });
}
await one(200, false);
await one(1000, false);
await one(1000, false);
await one(1000, true);
await one(3000, true);
