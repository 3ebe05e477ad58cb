import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRunRecord } from './run-record';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-run-record-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function runDir(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, '.trace'), { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

const IMPORT_RECORD = {
  version: 1,
  format: 'jaeger-json',
  sourceFile: '/home/me/traces/hotrod.json',
  sourceBytes: 1234,
  traceId: '0x2992f2a5b5d037a8aabffd08ef384237',
  spanCount: 3,
  importedAt: '2026-01-02T03:04:05.000000Z',
  traceStart: '2025-05-01T10:00:00.000000Z',
  traceEnd: '2025-05-01T10:00:00.730000Z',
  services: ['frontend'],
  tracesInFile: 1,
  notCarried: ['logs', 'metrics', 'nodeFiles', 'runStatus', 'outcomeRepository'],
  warnings: [],
  unlistedWarnings: 0,
};

describe('readRunRecord', () => {
  it('says where an imported run came from, takes its times from the trace, and does not miss its metadata', async () => {
    const dir = await runDir('hotrod_2992f2a5b5d037a8', {
      '.trace/trace.jsonl': '',
      '.trace/import.json': JSON.stringify(IMPORT_RECORD),
    });
    const record = await readRunRecord(dir);
    expect(record).toMatchObject({
      runId: 'hotrod_2992f2a5b5d037a8',
      status: 'unknown',
      importedFrom: {
        format: 'jaeger-json',
        sourceFile: '/home/me/traces/hotrod.json',
        traceId: '0x2992f2a5b5d037a8aabffd08ef384237',
      },
      createdAt: '2025-05-01T10:00:00.000000Z',
      completedAt: '2025-05-01T10:00:00.730000Z',
      durationSeconds: 0.73,
      problems: [],
    });
  });

  it('names a broken import record as the problem, not the missing metadata', async () => {
    const dir = await runDir('broken', { '.trace/import.json': '{"format": "otlp-json"' });
    const record = await readRunRecord(dir);
    expect(record.importedFrom).toBeNull();
    expect(record.status).toBe('unknown');
    expect(record.problems).toEqual([
      {
        file: '.trace/import.json',
        message: expect.stringMatching(/^\.trace\/import\.json is not valid JSON/),
      },
    ]);
    const unknown = await runDir('unknown', {
      '.trace/import.json': '{"format": "zipkin", "sourceFile": "x"}',
    });
    expect((await readRunRecord(unknown)).problems).toEqual([
      { file: '.trace/import.json', message: '.trace/import.json names no known trace format' },
    ]);
  });

  it('leaves runs without an import record as they were', async () => {
    const bare = await runDir('bare', { '.trace/trace.jsonl': '' });
    expect(await readRunRecord(bare)).toMatchObject({
      importedFrom: null,
      createdAt: null,
      durationSeconds: null,
      problems: [{ file: '.trace/dad_metadata.json', message: '.trace/dad_metadata.json is missing' }],
    });
    const dad = await runDir('dad', {
      '.trace/dad_metadata.json': JSON.stringify({
        run_id: 'run_1',
        status: 'completed',
        created_at: '2025-05-01T10:00:00.000000',
      }),
    });
    expect(await readRunRecord(dad)).toMatchObject({
      runId: 'run_1',
      status: 'completed',
      importedFrom: null,
      createdAt: '2025-05-01T10:00:00.000000',
      durationSeconds: null,
      problems: [],
    });
  });

  it('measures a run from its first record to its last, whatever duration its metadata states', async () => {
    // DAD's duration_seconds is measured inside the run, without its set-up and close.
    const dir = await runDir('measured', {
      '.trace/dad_metadata.json': JSON.stringify({
        run_id: 'run_2',
        status: 'completed',
        created_at: '2025-05-01T10:00:00.000000',
        completed_at: '2025-05-01T10:00:12.500000',
        duration_seconds: 9.1,
      }),
    });
    expect((await readRunRecord(dir)).durationSeconds).toBe(12.5);
  });
});
