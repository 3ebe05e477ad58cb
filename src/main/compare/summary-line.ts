import type { OutcomeComparison, RunComparison } from '../../shared/compare-data';
import { reusedShareOf } from './reused-share';

/**
 * One sentence a user can paste, e.g. `run_X vs run_Y: 3 of 12 nodes differ (2 outputs, 1 status),
 * 5 reused; 1 file changed, 1 added; tokens 1,234 → 1,310 (+6.2%), cost $0.012 → $0.013, time 8.1 s → 7.4 s`;
 * a continuation's reused share follows its own figure: `tokens 1,234 → 310 + 924 reused`.
 */
export function summaryLine(comparison: Omit<RunComparison, 'summary'>): string {
  const { runA, runB, nodeCounts: counts } = comparison;
  const kinds = [
    plural(counts.output, 'output'),
    plural(counts.outcome, 'outcome'),
    counts.status > 0 ? `${counts.status} status` : '',
    counts.onlyInA > 0 ? `${counts.onlyInA} only in ${runA.runId}` : '',
    counts.onlyInB > 0 ? `${counts.onlyInB} only in ${runB.runId}` : '',
  ].filter((part) => part !== '');
  let nodes = `${counts.differing} of ${counts.total} ${counts.total === 1 ? 'node differs' : 'nodes differ'}`;
  if (kinds.length > 0) nodes += ` (${kinds.join(', ')})`;
  if (counts.reused > 0) nodes += `, ${counts.reused} reused`;
  // A continuation's own totals leave out what it reused: that share is shown beside them, and
  // the change is reckoned on the whole, so reuse never reads as a saving.
  const reusedA = reusedShareOf(comparison.nodes, 'A');
  const reusedB = reusedShareOf(comparison.nodes, 'B');
  const usage = [
    `tokens ${formatCount(runA.tokens)}${reusedPart(reusedA.tokens, formatCount)} → ${formatCount(runB.tokens)}` +
      `${reusedPart(reusedB.tokens, formatCount)}` +
      percentChange(withShare(runA.tokens, reusedA.tokens), withShare(runB.tokens, reusedB.tokens)),
    `cost ${formatCost(runA.cost)}${reusedPart(reusedA.cost, formatCost)} → ${formatCost(runB.cost)}` +
      reusedPart(reusedB.cost, formatCost),
    `time ${formatSeconds(runA.durationSeconds)}${reusedPart(reusedA.seconds, formatSeconds)} → ` +
      `${formatSeconds(runB.durationSeconds)}${reusedPart(reusedB.seconds, formatSeconds)}`,
  ];
  const project = comparison.sameProject
    ? ''
    : `; not the same project: ${comparison.projectNote ?? 'unknown'}`;
  return `${runA.runId} vs ${runB.runId}: ${nodes}; ${filesPhrase(comparison.outcome)}; ${usage.join(', ')}${project}`;
}

function filesPhrase(outcome: OutcomeComparison): string {
  if (!outcome.available) return 'outcome files not compared';
  const { changed, added, removed, renamed } = outcome.counts;
  const parts = (
    [
      [changed, 'changed'],
      [added, 'added'],
      [removed, 'removed'],
      [renamed, 'renamed'],
    ] as const
  ).filter(([count]) => count > 0);
  if (parts.length === 0) return 'no outcome file differs';
  return parts
    .map(([count, verb], index) =>
      index === 0 ? `${count} ${count === 1 ? 'file' : 'files'} ${verb}` : `${count} ${verb}`,
    )
    .join(', ');
}

function plural(count: number, noun: string): string {
  if (count === 0) return '';
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatCount(value: number | null): string {
  return value === null ? '?' : value.toLocaleString('en-US');
}

/** `$0.012`, `$1.25`, `$0`: small amounts keep two significant digits. */
export function formatCost(value: number | null): string {
  if (value === null) return '?';
  if (value === 0) return '$0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1) return `$${value.toFixed(2)}`;
  const decimals = Math.min(12, 1 - Math.floor(Math.log10(magnitude)));
  return `$${value.toFixed(decimals).replace(/0+$/, '').replace(/\.$/, '')}`;
}

/** `7.4 s`, `12 s`, `2 min 5 s`, `1 h 3 min`. */
export function formatSeconds(value: number | null): string {
  if (value === null) return '?';
  if (value < 10) return `${Number(value.toFixed(1))} s`;
  const seconds = Math.round(value);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** `1.2 s` or `340 ms`. */
export function formatMs(value: number | null): string {
  if (value === null) return '?';
  return value < 1000 ? `${Math.round(value)} ms` : formatSeconds(value / 1000);
}

function reusedPart(value: number | null, format: (value: number) => string): string {
  return value === null || value === 0 ? '' : ` + ${format(value)} reused`;
}

/** A run's own figure with its reused share; unknown when its own is. */
function withShare(own: number | null, reused: number | null): number | null {
  return own === null ? null : own + (reused ?? 0);
}

function percentChange(before: number | null, after: number | null): string {
  if (before === null || after === null || before === 0 || before === after) return '';
  const change = ((after - before) / before) * 100;
  const sign = change > 0 ? '+' : '';
  return ` (${sign}${change.toFixed(1)}%)`;
}
