import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDad } from '../../../test-support/cli/dad-process';
import { makeTempDir, removeDir, REPO_ROOT } from '../../../test-support/projects';
import { importTraceFile } from '../reader/imports';

/** Three traces: an agent's model calls, a model of unknown price, no model calls. */
const GENAI_FILE = join(REPO_ROOT, 'test-support', 'fixtures', 'otlp-genai-calls.json');

let root: string;
let agentRun: string;
let unknownModelRun: string;
let plainRun: string;
beforeAll(async () => {
  root = await makeTempDir('dad-runs-usage');
  await mkdir(join(root, '.dhenara'));
  const { runs } = await importTraceFile(GENAI_FILE, join(root, 'runs'));
  const runOf = (traceEnd: string) => runs.find((run) => run.traceId.endsWith(traceEnd))?.runId as string;
  agentRun = runOf('a9e1');
  unknownModelRun = runOf('b0b2');
  plainRun = runOf('c0c3');
});
afterAll(() => removeDir(root));

describe('tokens and cost on the command line', () => {
  it('lists the model calls of other tools, and "—" (never 0) where a run used none or its price is unknown', async () => {
    const list = await runDad(['runs', 'list', '--project-root', root]);
    expect(list.code).toBe(0);
    const lines = list.stdout.split('\n');
    const header = lines[0] as string;
    const cells = (runId: string) => {
      const line = lines.find((text) => text.startsWith(`${runId} `)) as string;
      const at = (column: string) => line.slice(header.indexOf(column)).split(/\s{2,}/)[0];
      return [at('TOKENS'), at('COST')];
    };
    expect(cells(agentRun)).toEqual(['740', '$0.0011']);
    expect(cells(unknownModelRun)).toEqual(['15', '—']);
    expect(cells(plainRun)).toEqual(['—', '—']);
  });

  it('shows the same for one run', async () => {
    const show = await runDad(['runs', 'show', plainRun, '--project-root', root]);
    expect(show.code).toBe(0);
    expect(show.stdout.split('\n')).toEqual(expect.arrayContaining(['tokens    —', 'cost      —']));
    const unknown = await runDad(['runs', 'show', unknownModelRun, '--project-root', root]);
    expect(unknown.stdout.split('\n')).toEqual(expect.arrayContaining(['tokens    15', 'cost      —']));
  });
});
