import { performance } from 'node:perf_hooks';
import { Annotation, END, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import { heapGrowthSince, heapUsedBytes } from './heap';
import type { FlowShape, Measurement, Sample } from './measure';
import type { BenchSizes } from './options';

const BenchState = Annotation.Root({
  count: Annotation<number>({ reducer: (_previous, next) => next, default: () => 0 }),
});
type State = typeof BenchState.State;
type Update = typeof BenchState.Update;
/** Node names are made in a loop, so the graph is typed with plain strings as node names. */
type BenchGraph = StateGraph<typeof BenchState.spec, State, Update, string>;

/** Counts node calls outside the graph state, to check every node ran. */
interface CallCounter {
  calls: number;
}

/** `nodes` no-op nodes chained by edges: the same shape as the engine's sequential flow. */
function chainGraph(nodes: number, counter: CallCounter): BenchGraph {
  const graph: BenchGraph = new StateGraph(BenchState);
  for (let i = 0; i < nodes; i++) {
    graph.addNode(`n${i}`, () => {
      counter.calls++;
      return {};
    });
  }
  graph.addEdge(START, 'n0');
  for (let i = 1; i < nodes; i++) graph.addEdge(`n${i - 1}`, `n${i}`);
  graph.addEdge(`n${nodes - 1}`, END);
  return graph;
}

/**
 * One no-op node with a conditional edge back to itself until it has run `iterations` times. A
 * graph of 10,000 chained nodes would measure compilation more than running.
 */
function loopGraph(iterations: number, counter: CallCounter): BenchGraph {
  const graph: BenchGraph = new StateGraph(BenchState);
  graph.addNode('step', (state: State) => {
    counter.calls++;
    return { count: state.count + 1 };
  });
  graph.addEdge(START, 'step');
  graph.addConditionalEdges('step', (state: State) => (state.count < iterations ? 'step' : END));
  return graph;
}

let threadCounter = 0;

/** Compiles (not timed), then times `invoke()`. A fresh checkpointer each run keeps runs apart. */
async function runLangGraphOnce(shape: FlowShape, units: number, withCheckpointer: boolean): Promise<Sample> {
  const counter: CallCounter = { calls: 0 };
  const graph = shape === 'sequential' ? chainGraph(units, counter) : loopGraph(units, counter);
  const checkpointer = withCheckpointer ? new MemorySaver() : undefined;
  const compiled = graph.compile({ checkpointer });
  const config = {
    recursionLimit: units + 10,
    ...(withCheckpointer ? { configurable: { thread_id: `bench-${++threadCounter}` } } : {}),
  };

  const heapBefore = heapUsedBytes();
  const start = performance.now();
  const final = await compiled.invoke({ count: 0 }, config);
  const end = performance.now();
  const heapGrowthBytes = heapGrowthSince(heapBefore, { compiled, checkpointer, final });

  if (counter.calls !== units) {
    throw new Error(`LangGraph ${shape} graph of ${units} nodes ran ${counter.calls} node calls`);
  }
  if (shape === 'loop' && final.count !== units) {
    throw new Error(`LangGraph loop of ${units} iterations ended with count ${final.count}`);
  }
  if (withCheckpointer && (await compiled.getState(config)).values.count !== final.count) {
    throw new Error(`LangGraph ${shape} graph of ${units} nodes: MemorySaver does not hold the final state`);
  }
  return { totalsMs: { wall: end - start }, heapGrowthBytes };
}

function unitsOf(flow: FlowShape, withCheckpointer: boolean, sizes: BenchSizes): number {
  if (flow === 'sequential') return sizes.sequentialNodes;
  return withCheckpointer ? sizes.langGraphCheckpointedLoopIterations : sizes.loopIterations;
}

export function langGraphMeasurements(sizes: BenchSizes): Measurement[] {
  const measurements: Measurement[] = [];
  for (const flow of ['sequential', 'loop'] as const) {
    for (const withCheckpointer of [false, true]) {
      measurements.push({
        id: `langgraph/${flow}/${withCheckpointer ? 'memory-saver' : 'no-checkpointer'}`,
        suite: 'langgraph',
        flow,
        label: withCheckpointer ? 'LangGraph invoke(), MemorySaver' : 'LangGraph invoke(), no checkpointer',
        units: unitsOf(flow, withCheckpointer, sizes),
        warmUpUnits: flow === 'sequential' ? sizes.warmUpSequentialNodes : sizes.warmUpLoopIterations,
        run: (units) => runLangGraphOnce(flow, units, withCheckpointer),
      });
    }
  }
  return measurements;
}
