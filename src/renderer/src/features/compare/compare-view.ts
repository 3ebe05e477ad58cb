import type { NodeComparison, OutcomeFileStatus } from '../../../../shared/compare-data';
import type { RunListEntry } from '../../../../shared/run-data';
import { formatDateTime, formatDurationMs } from '../../format/format';

/** The runs the screen compares: `runA` null lets the service pick (a re-run's original). */
export interface PickedPair {
  runA: string | null;
  runB: string | null;
}

function newestFirst(runs: readonly RunListEntry[]): RunListEntry[] {
  return runs.slice().sort((x, y) => (y.createdAt ?? '').localeCompare(x.createdAt ?? ''));
}

/**
 * What to compare when nothing was asked for: the newest run, with the run it re-ran, else the
 * newest earlier run of the same agent; null when there is no run at all.
 */
export function defaultPair(runs: readonly RunListEntry[]): PickedPair | null {
  const sorted = newestFirst(runs);
  const newest = sorted[0];
  if (!newest) return null;
  if (newest.previousRunId !== null) return { runA: newest.previousRunId, runB: newest.runId };
  const sameAgent = sorted.find(
    (run) => run.runId !== newest.runId && run.rootComponentId === newest.rootComponentId,
  );
  return { runA: sameAgent?.runId ?? null, runB: newest.runId };
}

/** The runs offered in a picker, newest first: `id · agent · status · start`. */
export function runOptions(runs: readonly RunListEntry[]): { value: string; label: string }[] {
  return newestFirst(runs).map((run) => ({
    value: run.runId,
    label: [
      run.runId,
      run.rootComponentId ?? 'unknown agent',
      run.status,
      formatDateTime(run.createdAt),
    ].join(' · '),
  }));
}

/** The nodes the table shows: every node, or only those that differ. */
export function visibleNodes(nodes: readonly NodeComparison[], onlyDiffering: boolean): NodeComparison[] {
  return onlyDiffering ? nodes.filter((node) => node.differsAtAll) : nodes.slice();
}

export interface NodeBadge {
  kind: 'reused' | 'only-a' | 'only-b';
  label: string;
}

/** Badges for a node: reused from the other run (a continuation), or present in one run only. */
export function nodeBadges(node: NodeComparison): NodeBadge[] {
  const badges: NodeBadge[] = [];
  if (node.reusedInB) badges.push({ kind: 'reused', label: 'reused in B' });
  if (node.reusedInA) badges.push({ kind: 'reused', label: 'reused in A' });
  if (node.inA && !node.inB) badges.push({ kind: 'only-a', label: 'only in A' });
  if (!node.inA && node.inB) badges.push({ kind: 'only-b', label: 'only in B' });
  return badges;
}

/** What a node differs in, in words: `status`, `output`, `outcome`, `duration`, `tokens`, `cost`. */
export function differenceNames(node: NodeComparison): string[] {
  const { differs } = node;
  return (['status', 'output', 'outcome', 'duration', 'tokens', 'cost'] as const).filter(
    (name) => differs[name],
  );
}

/** `a → b`, or just `a` when both sides say the same; `—` stands for a missing side. */
export function pairLabel<T>(a: T | null, b: T | null, format: (value: T | null) => string): string {
  const left = format(a);
  const right = format(b);
  return left === right ? left : `${left} → ${right}`;
}

/** B's duration against A's: `+12 ms (+43%)`, `-1.20 s (-30%)`; empty when either is unknown or they match. */
export function durationDelta(msA: number | null, msB: number | null): string {
  if (msA === null || msB === null || msA === msB) return '';
  const change = msB - msA;
  const sign = change > 0 ? '+' : '-';
  const percent = msA === 0 ? '' : ` (${sign}${Math.round(Math.abs(change / msA) * 100)}%)`;
  return `${sign}${formatDurationMs(Math.abs(change))}${percent}`;
}

/** The one-letter mark of an outcome file's change, as git shows it. */
export function fileStatusMark(status: OutcomeFileStatus): string {
  return { added: 'A', removed: 'D', changed: 'M', renamed: 'R' }[status];
}

/** `+12 −3` for a text file, `binary` for a binary one. */
export function lineCountsLabel(file: {
  binary?: boolean;
  linesAdded?: number;
  linesRemoved?: number;
}): string {
  if (file.binary) return 'binary';
  if (file.linesAdded === undefined && file.linesRemoved === undefined) return '';
  return `+${file.linesAdded ?? 0} −${file.linesRemoved ?? 0}`;
}

/** A JSON change's value as shown: strings as they are, anything else as indented JSON. */
export function changeValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2) ?? String(value);
}

/**
 * Where a key moves the cursor in a list of `count` items (ArrowUp/Down, Home, End, PageUp/Down),
 * or null when the key does not move it.
 */
export function movedIndex(key: string, index: number, count: number, page = 10): number | null {
  if (count === 0) return null;
  const clamp = (value: number) => Math.max(0, Math.min(count - 1, value));
  switch (key) {
    case 'ArrowDown':
      return clamp(index + 1);
    case 'ArrowUp':
      return clamp(index - 1);
    case 'PageDown':
      return clamp(index + page);
    case 'PageUp':
      return clamp(index - page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** The folder part of a repository path, with its trailing slash (`articles/x/`), or ''. */
export function folderOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut + 1);
}

/** The last part of a repository path: the file's own name. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
