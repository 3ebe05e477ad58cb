import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  builtinNodeTypes,
  FlowDefinition,
  FlowRunner,
  NodeDefinition,
  RunContext,
} from '../src/main/engine/index';
import { heapGrowthSince, heapUsedBytes } from './heap';
import type { FlowShape, Measurement, Sample } from './measure';
import { NOOP_NODE_TYPE, noopNodeType, NodeWorkClock } from './noop-node';
import type { BenchSizes } from './options';
import type { TempRoot } from './temp-root';

/** Names of the totals an engine run reports, all in milliseconds. */
export const ENGINE_FIGURES = {
  /** `run()` called → `run()` resolved: every node ran and `completeRun` flushed every file. */
  wall: 'wall',
  /** `run()` called → the runner's span ended: every node ran and every write is queued, none awaited. */
  nodePath: 'nodePath',
  /** The node path minus the no-op node's own code: the engine's overhead on the node path. */
  overhead: 'overhead',
  /** Sum over nodes of node_started → node_completed (both events published by the engine). */
  insideNodes: 'insideNodes',
  /** Time inside the no-op node's code. */
  nodeWork: 'nodeWork',
} as const;

/** Run-file writes still queued (not yet on disk) when the node path ended. */
export const QUEUED_WRITES_AT_NODE_PATH_END = 'queuedWrites';

const ROOT_ID = 'bench';
const LOOP_ID = 'each';
const LOOP_NODE_ID = 'step';
const RUNNER_SPAN = 'FlowRunner.run_flow';

function sequentialFlow(nodes: number): FlowDefinition {
  const flow = new FlowDefinition();
  for (let i = 0; i < nodes; i++) flow.node(`n${i}`, new NodeDefinition(NOOP_NODE_TYPE, {}));
  return flow;
}

function loopFlow(iterations: number): FlowDefinition {
  const body = new FlowDefinition().node(LOOP_NODE_ID, new NodeDefinition(NOOP_NODE_TYPE, {}));
  return new FlowDefinition().forEach(LOOP_ID, `${iterations}`, body);
}

/** Relative folders of the first and the last node, checked after every run. */
function nodeDirs(shape: FlowShape, units: number): string[] {
  const last = units - 1;
  return shape === 'sequential'
    ? [join(ROOT_ID, 'n0'), join(ROOT_ID, `n${last}`)]
    : [join(ROOT_ID, LOOP_ID, 'iter_0', LOOP_NODE_ID), join(ROOT_ID, LOOP_ID, `iter_${last}`, LOOP_NODE_ID)];
}

/**
 * One engine run of `units` no-op nodes with every run file written (no outcome repository, so git
 * stays out of the figure). A listener records the node events, as the desktop app's would.
 */
async function runEngineOnce(shape: FlowShape, units: number, temp: TempRoot): Promise<Sample> {
  const projectRoot = await temp.newDir(`engine-${shape}-`);
  try {
    const clock = new NodeWorkClock();
    const flow = shape === 'sequential' ? sequentialFlow(units) : loopFlow(units);
    const context = new RunContext({
      rootComponentId: ROOT_ID,
      projectRoot,
      enableOutcomeRepo: false,
      observability: { otlpEndpoint: null },
    });
    const runner = new FlowRunner(flow, context, {
      nodeTypes: builtinNodeTypes().register(noopNodeType(clock)),
    });
    await runner.setupRun({ runIdPrefix: 'bench' });

    let nodeStartedAt = 0;
    let insideNodesMs = 0;
    let nodesCompleted = 0;
    let nodePathEnd = NaN;
    let queuedWrites = NaN;
    context.events.subscribe((event) => {
      if (event.type === 'node_started') nodeStartedAt = performance.now();
      else if (event.type === 'node_completed') {
        insideNodesMs += performance.now() - nodeStartedAt;
        nodesCompleted++;
      } else if (event.type === 'span_ended' && event.span.name === RUNNER_SPAN) {
        nodePathEnd = performance.now();
        queuedWrites = context.writer.pendingCount;
      }
    });

    const heapBefore = heapUsedBytes();
    const start = performance.now();
    const result = await runner.run();
    const end = performance.now();
    const heapGrowthBytes = heapGrowthSince(heapBefore, runner);

    await checkRun(context, shape, units, { status: result.execution_status, nodesCompleted, nodePathEnd });
    const nodePath = nodePathEnd - start;
    return {
      totalsMs: {
        [ENGINE_FIGURES.wall]: end - start,
        [ENGINE_FIGURES.nodePath]: nodePath,
        [ENGINE_FIGURES.overhead]: nodePath - clock.totalMs,
        [ENGINE_FIGURES.insideNodes]: insideNodesMs,
        [ENGINE_FIGURES.nodeWork]: clock.totalMs,
      },
      heapGrowthBytes,
      counts: { [QUEUED_WRITES_AT_NODE_PATH_END]: queuedWrites },
    };
  } finally {
    await temp.remove(projectRoot);
  }
}

/** A figure of a run that failed or lost files would be worthless: check, and say what is wrong. */
async function checkRun(
  context: RunContext,
  shape: FlowShape,
  units: number,
  seen: { status: string; nodesCompleted: number; nodePathEnd: number },
): Promise<void> {
  const where = `engine ${shape} run of ${units} nodes in ${context.runDir}`;
  if (seen.status !== 'completed') throw new Error(`${where} ended ${seen.status}`);
  if (seen.nodesCompleted !== units)
    throw new Error(`${where}: ${seen.nodesCompleted} node_completed events, expected ${units}`);
  if (Number.isNaN(seen.nodePathEnd)) throw new Error(`${where}: the ${RUNNER_SPAN} span never ended`);
  if (context.writer.failures.length > 0) {
    throw new Error(
      `${where}: ${context.writer.failures.length} writes failed, first ${context.writer.failures[0]?.path}`,
    );
  }
  for (const dir of nodeDirs(shape, units)) {
    for (const file of ['result.json', 'outcome.json']) {
      const path = join(context.runDir, dir, file);
      if (!(await stat(path).catch(() => null))) throw new Error(`${where}: ${path} was not written`);
    }
  }
  const trace = await readFile(join(context.traceDir, 'trace.jsonl'), 'utf8');
  const nodeSpans = trace.split(`"name":"${NOOP_NODE_TYPE}.execute"`).length - 1;
  if (nodeSpans !== units)
    throw new Error(`${where}: trace.jsonl holds ${nodeSpans} node spans, expected ${units}`);
}

export function engineMeasurements(sizes: BenchSizes, temp: TempRoot): Measurement[] {
  return [
    {
      id: 'engine/sequential',
      suite: 'engine',
      flow: 'sequential',
      label: 'engine',
      units: sizes.sequentialNodes,
      warmUpUnits: sizes.warmUpSequentialNodes,
      run: (units) => runEngineOnce('sequential', units, temp),
    },
    {
      id: 'engine/loop',
      suite: 'engine',
      flow: 'loop',
      label: 'engine',
      units: sizes.loopIterations,
      warmUpUnits: sizes.warmUpLoopIterations,
      run: (units) => runEngineOnce('loop', units, temp),
    },
  ];
}
