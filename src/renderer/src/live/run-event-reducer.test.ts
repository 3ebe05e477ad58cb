import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run-events';
import type { NodeExecutionResult } from '../../../shared/run-records';
import { FrameBatcher } from '../events/frame-batcher';
import { MAX_STREAMED_CHARS } from './output-streams';
import { applyRunEvents, initialLiveRun } from './run-event-reducer';

const RUN = 'run_1';
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString().replace('Z', '000Z');

function result(tokens: number, cost: number): NodeExecutionResult {
  return {
    executable_type: 'flow_node',
    node_identifier: 'n',
    execution_status: 'completed',
    created_at: at(0),
    usage_total_tokens: tokens,
    usage_cost: cost,
  };
}

const runStarted: RunEvent = {
  type: 'run_started',
  runId: RUN,
  runDir: '/x',
  executionId: 'e',
  rootComponentId: 'agent',
  previousRunId: null,
  startHierarchyPath: null,
  at: at(0),
};

function spanStarted(spanId: string, parentId: string | null, ms: number): RunEvent {
  return {
    type: 'span_started',
    runId: RUN,
    name: 'x.execute',
    traceId: '0x1',
    spanId,
    parentId,
    startTime: at(ms),
    attributes: {},
  };
}

describe('applyRunEvents', () => {
  it('follows a run from start to end: status, rows, usage, counters', () => {
    const events: RunEvent[] = [
      runStarted,
      spanStarted('0x01', null, 1),
      spanStarted('0x02', '0x01', 2),
      {
        type: 'node_started',
        runId: RUN,
        nodeId: 'n',
        nodeType: 'command',
        hierarchyPath: 'agent.n',
        at: at(2),
      },
      {
        type: 'node_completed',
        runId: RUN,
        nodeId: 'n',
        nodeType: 'command',
        hierarchyPath: 'agent.n',
        result: result(120, 0.002),
        reusedFrom: null,
      },
      {
        type: 'node_completed',
        runId: RUN,
        nodeId: 'm',
        nodeType: 'command',
        hierarchyPath: 'agent.m',
        result: result(30, 0.001),
        reusedFrom: null,
      },
      { type: 'log', runId: RUN, record: { timestamp: at(5) } as never },
      { type: 'run_ended', runId: RUN, status: 'failed', error: 'node n failed', at: at(9) },
    ];
    const state = applyRunEvents(initialLiveRun(RUN), events, new Set());
    expect(state.status).toBe('failed');
    expect(state.live).toBe(false);
    expect(state.error).toBe('node n failed');
    expect(state.startUs).toBe(Date.UTC(2026, 0, 1) * 1000);
    expect(state.endUs).toBe(Date.UTC(2026, 0, 1) * 1000 + 9000);
    expect(state.rows.rows.map((r) => r.spanId)).toEqual(['0x01', '0x02']);
    expect(state.usage.tokens).toBe(150);
    expect(state.usage.cost).toBeCloseTo(0.003);
    expect(state.completedPaths).toEqual(['agent.n', 'agent.m']);
    expect(state.logsVersion).toBe(1);
    expect(state.spanEventCount).toBe(2);
  });

  it('ignores events of other runs', () => {
    const state = applyRunEvents(initialLiveRun(RUN), [{ ...runStarted, runId: 'other' }], new Set());
    expect(state.status).toBe('unknown');
  });

  it('keeps a node-input request until that node starts', () => {
    const ask: RunEvent = {
      type: 'node_input_required',
      runId: RUN,
      nodeId: 'ask',
      nodeType: 'human_input',
      hierarchyPath: 'agent.ask',
      inputSchema: { type: 'object' },
    };
    const asked = applyRunEvents(initialLiveRun(RUN), [ask, ask], new Set());
    expect(asked.inputRequests).toHaveLength(1);
    const answered = applyRunEvents(
      asked,
      [
        {
          type: 'node_started',
          runId: RUN,
          nodeId: 'ask',
          nodeType: 'h',
          hierarchyPath: 'agent.ask',
          at: at(1),
        },
      ],
      new Set(),
    );
    expect(answered.inputRequests).toEqual([]);
    expect(asked.inputRequests).toHaveLength(1);
  });

  it('joins streamed model text per node and bounds its length', () => {
    const delta = (text: string): RunEvent => ({
      type: 'node_output_delta',
      runId: RUN,
      nodeId: 'llm',
      hierarchyPath: 'agent.llm',
      text,
    });
    const state = applyRunEvents(initialLiveRun(RUN), [delta('Hel'), delta('lo')], new Set());
    expect(state.outputs.text['agent.llm']).toBe('Hello');
    const long = applyRunEvents(state, [delta('x'.repeat(MAX_STREAMED_CHARS + 10))], new Set());
    expect(long.outputs.text['agent.llm']).toHaveLength(MAX_STREAMED_CHARS);
    expect(long.outputs.text['agent.llm']?.endsWith('xxx')).toBe(true);
  });

  it('marks the rows stale when a node is reused from an earlier run (it has no span of its own)', () => {
    const base = { ...initialLiveRun(RUN), rows: { ...initialLiveRun(RUN).rows, stale: false } };
    const state = applyRunEvents(
      base,
      [
        {
          type: 'node_completed',
          runId: RUN,
          nodeId: 'n',
          nodeType: 'command',
          hierarchyPath: 'agent.n',
          result: result(0, 0),
          reusedFrom: 'run_0',
        },
      ],
      new Set(),
    );
    expect(state.rows.stale).toBe(true);
  });

  it('gives the same state whether events arrive one frame at a time or all in one frame', () => {
    const events: RunEvent[] = [runStarted];
    for (let i = 1; i <= 200; i++) events.push(spanStarted(`0x${i.toString(16)}`, i === 1 ? null : '0x1', i));
    const oneByOne = events.reduce(
      (state, event) => applyRunEvents(state, [event], new Set()),
      initialLiveRun(RUN),
    );

    let batched = initialLiveRun(RUN);
    let frames = 0;
    const queued: (() => void)[] = [];
    const batcher = new FrameBatcher<RunEvent>(
      (items) => {
        frames++;
        batched = applyRunEvents(batched, items, new Set());
      },
      (flush) => void queued.push(flush),
    );
    for (const event of events) batcher.push([event]);
    queued.splice(0).forEach((flush) => flush());

    expect(frames).toBe(1);
    expect(batched.rows).toEqual(oneByOne.rows);
    expect(batched.spanEventCount).toBe(200);
  });
});
