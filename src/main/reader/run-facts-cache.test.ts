import { execFileSync, spawn } from 'node:child_process';
import {
  appendFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunListEntry } from '../../shared/run-data';
import { readRunFacts, runFactsFileOf, type RunFacts } from './run-facts-file';
import { factsOfRun, keepFactsOfRun, MAX_KEPT_UNLISTED, runFactsShelf } from './run-facts-cache';

let root: string;
let runRoot: string;
let cacheDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-run-facts-'));
  runRoot = join(root, 'runs');
  cacheDir = join(root, 'cache');
  await mkdir(runRoot);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * The reader as a freshly started app has it: nothing in memory, only what the cache folder holds.
 * Module state is all the reader keeps, so new module instances are a new process for it.
 */
async function startApp() {
  vi.resetModules();
  const [{ listRuns }, { traceFileReads }, { flushRunFacts }] = await Promise.all([
    import('./list-runs'),
    import('./trace-stats'),
    import('./run-facts-cache'),
  ]);
  return {
    list: (folder = runRoot) => listRuns(folder, { cacheDir }),
    /** Trace files this "process" opened and bytes it read from them. */
    traceReads: traceFileReads,
    /** What the app does before it quits (a save is otherwise delayed). */
    quit: flushRunFacts,
  };
}

const nodeSpan = (n: number, tokens = 1) =>
  JSON.stringify({
    name: 'ai_model_call.execute',
    context: { trace_id: '0x01', span_id: `0x${n.toString(16).padStart(16, '0')}`, trace_state: '[]' },
    parent_id: null,
    start_time: '2026-01-01T00:00:00.000000Z',
    end_time: '2026-01-01T00:00:01.000000Z',
    status: { status_code: 'OK' },
    attributes: {
      'dad.generic.node_id': `n${n}`,
      'dad.result.token_usage': JSON.stringify({ total_tokens: tokens }),
      'dad.node_internal.cost': tokens / 1000,
      'dad.node_internal.final_prompt': 'Summarize the findings of this week. '.repeat(4),
    },
  }) + '\n';

const spans = (from: number, to: number, tokens = 1) =>
  Array.from({ length: to - from + 1 }, (_, i) => nodeSpan(from + i, tokens)).join('');

async function makeRun(
  runId: string,
  status: string,
  traceText: string,
  extra: { summary?: Record<string, unknown>; lock?: boolean; at?: string } = {},
): Promise<string> {
  const dir = join(runRoot, runId);
  await mkdir(join(dir, '.trace'), { recursive: true });
  await writeFile(join(dir, '.trace', 'trace.jsonl'), traceText);
  await writeFile(
    join(dir, '.trace', 'dad_metadata.json'),
    JSON.stringify({ run_id: runId, created_at: extra.at ?? '2026-01-01T00:00:00Z', status }),
  );
  if (extra.summary) await writeFile(join(dir, 'run_summary.json'), JSON.stringify(extra.summary));
  if (extra.lock)
    await writeFile(join(dir, '.trace', 'run.lock'), JSON.stringify({ pid: process.pid, host: hostname() }));
  return dir;
}

/** A project of four runs: two ended (one with a summary), one going on, one killed. */
async function makeProject(): Promise<void> {
  await makeRun('run_summarized', 'completed', spans(1, 30), {
    summary: {
      run_id: 'run_summarized',
      root_component_id: 'agent',
      agg_usage_total_tokens: 99,
      agg_usage_cost: 1,
    },
    at: '2026-01-01T00:00:00Z',
  });
  await makeRun('run_failed', 'failed', spans(1, 20, 3), { at: '2026-01-02T00:00:00Z' });
  await makeRun('run_going', 'initialized', spans(1, 100, 2), { lock: true, at: '2026-01-03T00:00:00Z' });
  await makeRun('run_killed', 'initialized', spans(1, 10), { at: '2026-01-04T00:00:00Z' });
}

const counts = (runs: RunListEntry[]) =>
  runs.map((run) => [run.runId, run.status, run.nodeCount, run.tokens]);

/** Writes the file in place, then puts its times back as they were (`touch -r` keeps nanoseconds). */
function rewriteKeepingTimes(file: string, text: string): void {
  const times = join(root, 'times-of-' + basename(file));
  execFileSync('touch', ['-r', file, times]);
  writeFileSync(file, text);
  execFileSync('touch', ['-r', times, file]);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((entry) => join(entry.parentPath, entry.name)).sort();
}

async function savedFacts(folder = runRoot): Promise<Record<string, RunFacts> & { [key: string]: unknown }> {
  const file = join(cacheDir, runFactsFileOf(await realpath(folder)));
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, RunFacts>;
}

describe('the runs list after an app start', () => {
  it('lists an unchanged project from the cache folder without reading a trace, and writes nothing in the runs folder', async () => {
    await makeProject();
    const filesBefore = await filesUnder(runRoot);
    const first = await startApp();
    const listed = await first.list();
    expect(counts(listed)).toEqual([
      ['run_killed', 'interrupted', 10, 10],
      ['run_going', 'running', 100, 200],
      ['run_failed', 'failed', 20, 60],
      ['run_summarized', 'completed', 30, 99],
    ]);
    expect(first.traceReads.files).toBe(4);
    await first.quit();

    const second = await startApp();
    expect(await second.list()).toEqual(listed);
    expect(second.traceReads).toEqual({ files: 0, bytes: 0 });
    // Listing it through a link to the runs folder is the same folder, the same cache.
    await symlink(runRoot, join(root, 'alias'));
    const throughLink = await second.list(join(root, 'alias'));
    expect(throughLink.map((run) => run.dir)).toEqual(
      listed.map((run) => run.dir.replace(runRoot, join(root, 'alias'))),
    );
    expect(second.traceReads).toEqual({ files: 0, bytes: 0 });
    expect(await filesUnder(runRoot)).toEqual(filesBefore);
  });

  it('reads again what changed: a grown trace from where its count stopped, a replaced one from its start', async () => {
    await makeProject();
    const first = await startApp();
    await first.list();
    await first.quit();
    const appended = spans(101, 102, 5);
    await appendFile(join(runRoot, 'run_going', '.trace', 'trace.jsonl'), appended);
    // Rewritten in place at the same size, its time put back to the nanosecond: only its ctime tells.
    const metadata = join(runRoot, 'run_failed', '.trace', 'dad_metadata.json');
    rewriteKeepingTimes(metadata, (await readFile(metadata, 'utf8')).replace('"failed"', '"paused"'));
    // The killed run's trace replaced by a longer one that starts otherwise.
    await writeFile(join(runRoot, 'run_killed', '.trace', 'trace.jsonl'), spans(100, 115, 7));

    const second = await startApp();
    const runs = await second.list();
    expect(counts(runs)).toEqual([
      ['run_killed', 'interrupted', 16, 112],
      ['run_going', 'running', 102, 210],
      ['run_failed', 'unknown', 20, 60],
      ['run_summarized', 'completed', 30, 99],
    ]);
    // The failed run's trace kept its stamp: its count is reused.
    expect(second.traceReads.files).toBe(2);
    // The going run (50 KB) is read from where its count stopped: the 4 KiB before that point, the
    // new lines, the 4 KiB before the end. The killed one is read whole, and its tails.
    const killedSize = (await stat(join(runRoot, 'run_killed', '.trace', 'trace.jsonl'))).size;
    expect(second.traceReads.bytes).toBeLessThanOrEqual(killedSize + appended.length + 4 * 4096);
  });

  it.each([
    ['not JSON', (text: string) => text.slice(0, text.length / 2)],
    ['of another version', (text: string) => text.replace('"version":3', '"version":2')],
    [
      'of another runs folder',
      (text: string) => text.replace(/"runRoot":"[^"]*"/, '"runRoot":"/elsewhere/runs"'),
    ],
    ['not in our shape', (text: string) => text.replace('"nodeCount":999', '"nodeCount":"999"')],
  ])('ignores a cache file %s, lists the runs as they are and replaces it', async (_kind, spoil) => {
    await makeProject();
    const first = await startApp();
    await first.list();
    await first.quit();
    const file = join(cacheDir, runFactsFileOf(await realpath(runRoot)));
    // A file the reader trusts is believed: the spoiled ones below carry a count no run has.
    const trusted = (await readFile(file, 'utf8')).replace(/"nodeCount":20/g, '"nodeCount":999');
    await writeFile(file, trusted);
    const believing = await startApp();
    expect((await believing.list()).find((run) => run.runId === 'run_failed')?.nodeCount).toBe(999);

    await writeFile(file, spoil(trusted));
    const second = await startApp();
    const runs = await second.list();
    expect(runs.find((run) => run.runId === 'run_failed')?.nodeCount).toBe(20);
    expect(second.traceReads.files).toBe(4);
    await second.quit();
    expect(Object.keys((await savedFacts()).runs as object).sort()).toEqual([
      'run_failed',
      'run_going',
      'run_killed',
      'run_summarized',
    ]);
  });

  it('ignores a cache file that is a link, even to facts in our shape', async () => {
    await makeProject();
    const first = await startApp();
    await first.list();
    await first.quit();
    const file = join(cacheDir, runFactsFileOf(await realpath(runRoot)));
    const elsewhere = join(root, 'elsewhere.json');
    await writeFile(elsewhere, (await readFile(file, 'utf8')).replace(/"nodeCount":20/g, '"nodeCount":999'));
    await rm(file);
    await symlink(elsewhere, file);
    const second = await startApp();
    expect((await second.list()).find((run) => run.runId === 'run_failed')?.nodeCount).toBe(20);
    expect(second.traceReads.files).toBe(4);
  });

  it('ignores a cache file that is a FIFO, without waiting on it', async () => {
    await makeProject();
    await mkdir(join(cacheDir, 'run-facts'), { recursive: true });
    const file = join(cacheDir, runFactsFileOf(await realpath(runRoot)));
    execFileSync('mkfifo', [file]);
    const app = await startApp();
    expect(await app.list()).toHaveLength(4);
    await app.quit();
    expect((await lstat(file)).isFile()).toBe(true);
  });

  it('keeps the cache trusted when a trace sums past what JSON can hold', async () => {
    await makeProject();
    await makeRun('run_huge', 'completed', spans(1, 2, 1e308));
    const first = await startApp();
    expect((await first.list()).find((run) => run.runId === 'run_huge')?.nodeCount).toBe(2);
    await first.quit();
    const second = await startApp();
    expect(await second.list()).toHaveLength(5);
    // Only the run whose sums could not be kept is read again.
    expect(second.traceReads.files).toBe(1);
  });

  it('removes temp files that a writer which died mid-save left, not those of one still writing', async () => {
    await makeProject();
    const folder = join(cacheDir, 'run-facts');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'left.json.123-abc.tmp'), '{"format"');
    await writeFile(join(folder, 'writing.json.456-def.tmp'), '{"format"');
    const anHourAgo = new Date(Date.now() - 3600_000);
    await utimes(join(folder, 'left.json.123-abc.tmp'), anHourAgo, anHourAgo);
    const app = await startApp();
    await app.list();
    await vi.waitFor(async () => expect(await readdir(folder)).toEqual(['writing.json.456-def.tmp']));
  });

  it('drops a deleted run from the list and forgets its facts', async () => {
    await makeProject();
    const first = await startApp();
    await first.list();
    await rm(join(runRoot, 'run_killed'), { recursive: true });
    expect((await first.list()).map((run) => run.runId)).not.toContain('run_killed');
    // A run folder whose `.trace` is gone is no run any more.
    await rm(join(runRoot, 'run_failed', '.trace'), { recursive: true });
    expect((await first.list()).map((run) => run.runId).sort()).toEqual(['run_going', 'run_summarized']);
    await first.quit();
    expect(Object.keys((await savedFacts()).runs as object).sort()).toEqual(['run_going', 'run_summarized']);

    await rm(join(runRoot, 'run_going'), { recursive: true });
    const second = await startApp();
    expect((await second.list()).map((run) => run.runId)).toEqual(['run_summarized']);
    await second.quit();
    expect(Object.keys((await savedFacts()).runs as object)).toEqual(['run_summarized']);
  });

  it('saves once for many listings, after a delay, and not at all when nothing changed', async () => {
    await makeProject();
    const app = await startApp();
    const file = join(cacheDir, runFactsFileOf(await realpath(runRoot)));
    for (let i = 0; i < 3; i++) {
      await appendFile(join(runRoot, 'run_going', '.trace', 'trace.jsonl'), nodeSpan(50 + i));
      await app.list();
    }
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await vi.waitFor(() => stat(file), { timeout: 10_000, interval: 100 });
    const written = await stat(file);
    expect((await savedFacts()).runs).toHaveProperty('run_going.traceCount.nodeCount', 103);
    await app.list();
    await app.quit();
    // A save is a new file renamed in place: the same inode means no save.
    expect((await stat(file)).ino).toBe(written.ino);
  });

  it('keeps the cache file whole while two processes write it at once', async () => {
    await makeProject();
    const realRoot = await realpath(runRoot);
    const first = await startApp();
    await first.list();
    await first.quit();
    const facts = (await readRunFacts(cacheDir, realRoot)) as Map<string, RunFacts>;
    // Many runs, so that one file takes many writes: a torn one would show.
    const many = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`run_${i}`, facts.get('run_failed') as RunFacts]),
    );
    const manyFile = join(root, 'many.json');
    await writeFile(manyFile, JSON.stringify(many));
    const writers = [1, 2].map((writer) =>
      runNode(
        `const { readFile } = await import('node:fs/promises');
         const { createJiti } = await import('jiti');
         const { writeRunFacts } = await createJiti(import.meta.url).import(${JSON.stringify(join(import.meta.dirname, 'run-facts-file.ts'))});
         const many = JSON.parse(await readFile(${JSON.stringify(manyFile)}, 'utf8'));
         const runs = new Map(Object.entries(many).map(([run, facts]) =>
           [run, { ...facts, traceCount: { ...facts.traceCount, nodeCount: ${writer} } }]));
         for (let i = 0; i < 30; i++) await writeRunFacts(${JSON.stringify(cacheDir)}, ${JSON.stringify(realRoot)}, runs);`,
      ),
    );
    let reads = 0;
    let done = false;
    const finished = Promise.all(writers).finally(() => (done = true));
    while (!done) {
      const read = await readRunFacts(cacheDir, realRoot);
      expect(read, 'a reader found the file torn').not.toBeNull();
      expect(read?.size === 1000 || read?.size === 4).toBe(true);
      reads++;
    }
    await finished;
    expect(reads).toBeGreaterThan(5);
    expect(await readdir(join(cacheDir, 'run-facts'))).toHaveLength(1);
    const last = await readRunFacts(cacheDir, realRoot);
    expect([1, 2]).toContain(last?.get('run_7')?.traceCount?.nodeCount);
  }, 60_000);
});

/** Runs a module script in a real Node process (it imports TypeScript through jiti, as `dad` does). */
function runNode(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`)),
    );
  });
}

describe('the facts kept in memory', () => {
  it('never forgets the facts of a run in a list in use, however many other runs are known', async () => {
    const root = join(tmpdir(), `dad-facts-kept-${process.pid}`);
    const shelf = await runFactsShelf(root, null);
    const facts: RunFacts = {
      stamps: { dir: null, traceDir: null, metadata: null, summary: null, importRecord: null, trace: null },
      traceCount: null,
      entry: null,
    };
    shelf.put('run_listed', facts);
    shelf.listingEnded(new Set(['run_listed']));
    for (let i = 0; i <= MAX_KEPT_UNLISTED; i++) keepFactsOfRun(join(root, 'elsewhere', String(i)), facts);
    expect(shelf.get('run_listed')).toEqual(facts);
    // The oldest run of no list was the one let go.
    expect(factsOfRun(join(root, 'elsewhere', '0'))).toBeUndefined();
    expect(factsOfRun(join(root, 'elsewhere', '1'))).toEqual(facts);
  });
});

describe('the facts a run view reads', () => {
  it('saves the facts a view of one listed run read, for the next app start', async () => {
    await makeProject();
    const app = await startApp();
    await app.list();
    await app.quit();
    await appendFile(join(runRoot, 'run_failed', '.trace', 'trace.jsonl'), spans(21, 25, 3));
    const { listEntryOf } = await import('./list-runs');
    expect((await listEntryOf(join(runRoot, 'run_failed'))).nodeCount).toBe(25);
    await app.quit();

    const runs = (await savedFacts()).runs as unknown as Record<string, RunFacts>;
    expect(runs.run_failed?.traceCount?.nodeCount).toBe(25);
  });
});
