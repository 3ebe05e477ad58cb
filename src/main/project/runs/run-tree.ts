import { join } from 'node:path';
import type { RunListEntry } from '../../../shared/run-data';
import { readNodeDurations, type NodeSpanFacts } from '../../compare/trace-durations';
import { readListEntryAndRecord } from '../../reader/list-runs';
import { numberOr, readRunJsonObject, stringOr, type JsonObject } from './json-files';
import { subfolders } from './run-list';

export type RunTreeKind =
  | 'agent'
  | 'flow'
  | 'node'
  | 'callback'
  | 'loop'
  | 'iteration'
  | 'conditional'
  | 'branch'
  | 'component';

/** One element of a run as its folder shows it. */
export interface RunTreeNode {
  /** The folder's name: an element id, `iter_<k>`, `is_true` or `is_false`. */
  name: string;
  /** Dotted hierarchy path, as `--start-hierarchy-path` takes it. */
  path: string;
  kind: RunTreeKind;
  nodeType: string | null;
  status: string | null;
  createdAt: string | null;
  durationMs: number | null;
  tokens: number | null;
  cost: number | null;
  error: string | null;
  /** Set for a node loaded from an earlier run in a continuation. */
  reusedFrom: string | null;
  children: RunTreeNode[];
}

export interface RunDetail {
  run: RunListEntry;
  metadata: JsonObject | null;
  summary: JsonObject | null;
  tree: RunTreeNode | null;
}

interface TreeFacts {
  runDir: string;
  spans: Map<string, NodeSpanFacts>;
  previousRunId: string | null;
  /** Node files that could not be read, named; they join the run's own problems. */
  problems: string[];
}

/**
 * A run's metadata, summary and node tree, from its files alone. Files are read the guarded way
 * (see reader/run-files.ts): what is refused is named in `run.problems`, and the rest still shows.
 * Each file is read once: the metadata and summary come with the run's record, node types and
 * durations from the trace scan the comparison uses.
 */
export async function readRunDetail(runDir: string): Promise<RunDetail> {
  const { entry: run, record } = await readListEntryAndRecord(runDir);
  // A run folder that is a link (no record) is refused by the entry: nothing is read through it.
  const facts: TreeFacts = {
    runDir,
    spans: record === null ? new Map() : (await readNodeDurations(runDir)).nodes,
    previousRunId: run.previousRunId,
    problems: [],
  };
  const tree =
    record !== null && run.rootComponentId
      ? await readElement(join(runDir, run.rootComponentId), [run.rootComponentId], facts)
      : null;
  if (facts.problems.length > 0) run.problems = [...(run.problems ?? []), ...facts.problems];
  return { run, metadata: record?.metadata ?? null, summary: record?.summary ?? null, tree };
}

async function readElement(dir: string, segments: string[], facts: TreeFacts): Promise<RunTreeNode> {
  const name = segments.at(-1) as string;
  const path = segments.join('.');
  const base: RunTreeNode = {
    name,
    path,
    kind: 'component',
    nodeType: null,
    status: null,
    createdAt: null,
    durationMs: null,
    tokens: null,
    cost: null,
    error: null,
    reusedFrom: null,
    children: [],
  };

  const result = await readRunJsonObject(facts.runDir, join(...segments, 'result.json'), facts.problems);
  if (result) {
    const span = facts.spans.get(path);
    const callback = result.executable_type === 'callback';
    return {
      ...base,
      kind: callback ? 'callback' : 'node',
      nodeType: span?.nodeType ?? (callback ? 'callback' : null),
      status: stringOr(result.execution_status),
      createdAt: stringOr(result.created_at),
      durationMs: span?.durationMs ?? null,
      tokens: numberOr(result.usage_total_tokens),
      cost: numberOr(result.usage_cost),
      error: stringOr(result.error),
      // In a continuation, a node with a result but no span of its own was loaded, not executed.
      reusedFrom: facts.previousRunId && !span ? facts.previousRunId : null,
    };
  }

  const childNames = await subfolders(dir);
  const children = await Promise.all(
    childNames.map((child) => readElement(join(dir, child), [...segments, child], facts)),
  );
  const component = await readRunJsonObject(
    facts.runDir,
    join(...segments, 'component_result.json'),
    facts.problems,
  );
  const order = Object.keys((component?.execution_results ?? {}) as JsonObject);
  children.sort((a, b) => orderOf(a, order) - orderOf(b, order) || compareCreated(a, b));

  if (component) {
    const created = stringOr(component.created_at);
    const completed = stringOr(component.completed_at);
    return {
      ...base,
      kind: /^iter_\d+$/.test(name)
        ? 'iteration'
        : name === 'is_true' || name === 'is_false'
          ? 'branch'
          : component.executable_type === 'agent'
            ? 'agent'
            : 'flow',
      status: stringOr(component.execution_status),
      createdAt: created,
      durationMs: created && completed ? Date.parse(completed) - Date.parse(created) : null,
      tokens: numberOr(component.agg_usage_total_tokens),
      cost: numberOr(component.agg_usage_cost),
      error: stringOr(component.error),
      children,
    };
  }
  // Loops and conditionals have no file of their own; a component or node still going has none yet.
  const kind: RunTreeKind =
    children.length === 0
      ? 'node'
      : children.every((child) => /^iter_\d+$/.test(child.name))
        ? 'loop'
        : children.every((child) => child.name === 'is_true' || child.name === 'is_false')
          ? 'conditional'
          : 'component';
  return {
    ...base,
    kind,
    nodeType: kind === 'node' ? (facts.spans.get(path)?.nodeType ?? null) : null,
    status: statusOfChildren(children),
    createdAt: children[0]?.createdAt ?? null,
    tokens: sumOf(children, 'tokens'),
    cost: sumOf(children, 'cost'),
    error: children.find((child) => child.error)?.error ?? null,
    children,
  };
}

function orderOf(node: RunTreeNode, order: string[]): number {
  const iteration = /^iter_(\d+)$/.exec(node.name);
  if (iteration) return Number(iteration[1]);
  const index = order.indexOf(node.name);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

function compareCreated(a: RunTreeNode, b: RunTreeNode): number {
  return (a.createdAt ?? '\uffff').localeCompare(b.createdAt ?? '\uffff') || a.name.localeCompare(b.name);
}

const FAILED = ['failed', 'timeout', 'cancelled'];

/** A failure below shows; otherwise the element is done only when everything below it is. */
function statusOfChildren(children: RunTreeNode[]): string | null {
  const failed = FAILED.find((status) => children.some((child) => child.status === status));
  if (failed) return failed;
  if (children.length === 0 || children.some((child) => child.status === null)) return null;
  return children.every((child) => child.status === 'completed')
    ? 'completed'
    : (children[0]?.status ?? null);
}

function sumOf(children: RunTreeNode[], key: 'tokens' | 'cost'): number | null {
  const values = children.map((child) => child[key]).filter((value): value is number => value !== null);
  return values.length > 0 ? values.reduce((sum, value) => sum + value, 0) : null;
}
