import { join } from 'node:path';
import type { RunTreeNode } from '../../project/runs/run-tree';
import { booleanOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { formatCost, formatMs, formatSeconds, formatTimestamp, formatTokens, table } from '../format';
import { importFacts } from '../import-facts';
import { PROJECT_ROOT_OPTION, projectRootFrom } from '../project-option';

export const command: CliCommand = {
  name: 'runs show',
  summary: 'Show one run: its metadata, its summary and its node tree with statuses.',
  positionals: [{ name: 'run_id', description: 'the run, as `dad runs list` shows it' }],
  options: {
    'project-root': PROJECT_ROOT_OPTION,
    json: { type: 'boolean', description: 'print JSON: {run, metadata, summary, tree, importedFrom}' },
  },
  async run(args, io) {
    const root = projectRootFrom(stringOption(args, 'project-root'), io.cwd);
    const { findRunDir } = await import('../../project/runs/run-list');
    const { readRunDetail } = await import('../../project/runs/run-tree');
    const { readRunRecord } = await import('../../reader/run-record');
    const runDir = await findRunDir(join(root, 'runs'), args.positionals[0] as string);
    const [detail, record] = await Promise.all([readRunDetail(runDir), readRunRecord(runDir)]);
    if (booleanOption(args, 'json')) {
      io.print(JSON.stringify({ ...detail, importedFrom: record.importedFrom }, null, 2));
      return EXIT_OK;
    }
    const { run } = detail;
    const facts: [string, string][] = [
      ['run', run.runId],
      ['agent', run.rootComponentId ?? '?'],
      ['status', run.status],
      ['started', formatTimestamp(run.createdAt)],
      ['duration', formatSeconds(run.durationSeconds)],
      ['nodes', String(run.nodeCount ?? '-')],
      ['tokens', formatTokens(run.tokens)],
      ['cost', formatCost(run.cost)],
      ['dir', run.dir],
    ];
    if (run.previousRunId) {
      facts.push([
        're-run of',
        `${run.previousRunId}${run.startHierarchyPath ? ` from ${run.startHierarchyPath}` : ''}`,
      ]);
    }
    if (run.error) facts.push(['error', run.error]);
    for (const problem of run.problems ?? []) facts.push(['problem', problem]);
    if (record.importedFrom) facts.push(...importFacts(record.importedFrom));
    for (const [key, value] of facts) io.print(`${key.padEnd(10)}${value}`);
    if (detail.tree) {
      io.print('');
      const rows: string[][] = [];
      addRows(detail.tree, 0, rows);
      for (const line of table(['ELEMENT', 'KIND', 'STATUS', 'DURATION', 'TOKENS', 'NOTE'], rows))
        io.print(line);
    }
    return EXIT_OK;
  },
};

function addRows(node: RunTreeNode, depth: number, rows: string[][]): void {
  const note = node.reusedFrom ? `reused from ${node.reusedFrom}` : (node.error ?? '');
  rows.push([
    `${'  '.repeat(depth)}${node.name}`,
    node.nodeType ?? node.kind,
    node.status ?? '-',
    node.reusedFrom ? '-' : formatMs(node.durationMs),
    formatTokens(node.tokens),
    note.length > 80 ? `${note.slice(0, 79)}…` : note,
  ]);
  for (const child of node.children) addRows(child, depth + 1, rows);
}
