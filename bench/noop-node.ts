import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { NodeTypeHandler } from '../src/main/engine/index';

/** Time spent inside the no-op node's own code, so it can be taken out of the engine's figure. */
export class NodeWorkClock {
  totalMs = 0;
  calls = 0;
}

export const NOOP_NODE_TYPE = 'bench_noop';

/** A node that does nothing but return a tiny outcome, and times that nothing. */
export function noopNodeType(clock: NodeWorkClock): NodeTypeHandler<Record<string, never>, unknown> {
  return {
    nodeType: NOOP_NODE_TYPE,
    settingsSchema: z.object({}).strict(),
    inputSchema: z.unknown(),
    async execute() {
      const start = performance.now();
      const output = { data: { ok: true }, outcome: { ok: true } };
      clock.calls++;
      clock.totalMs += performance.now() - start;
      return output;
    },
  };
}
