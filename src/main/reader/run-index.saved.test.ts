import { execFileSync, spawn } from 'node:child_process';
import {
  appendFile,
  copyFile,
  link,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateLargeRun } from '../../../bench/support/generate-large-run';
import { everything } from '../../../test-support/reader/index-answers';
import { writeInterruptedDadRun } from '../../../test-support/reader/python-dad-run';
import { RunIndex, type RunIndexOptions } from './run-index';
import { openIndexFile, writeIndexFile, type Sections } from './saved-index/index-file';
import { loadSavedIndex, savedIndexPath } from './saved-index/saved-run-indexes';

let dir: string;
let cacheDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-saved-index-'));
  cacheDir = join(dir, 'cache');
});
afterEach(async () => {
  // Saves still under way would write into the folder being removed.
  await Promise.all(opened.splice(0).map((index) => index.saved()));
  await rm(dir, { recursive: true, force: true });
});

const opened: RunIndex[] = [];

/** Opens with the cache folder; the index is saved there in the background. */
async function openCached(runDir: string, options: RunIndexOptions = {}): Promise<RunIndex> {
  const index = await RunIndex.open(runDir, { cacheDir, ...options });
  opened.push(index);
  return index;
}

const TRACE = join('.trace', 'trace.jsonl');
const LOGS = join('.trace', 'logs.jsonl');

/** A synthetic run in the engine's shapes, large enough that its first lines lie outside the checked tail. */
async function makeRun(root: string, spans = 400, logs = 600, failEvery = 7): Promise<string> {
  const run = await generateLargeRun({ runRoot: join(dir, root), spans, logs, flows: 3, failEvery });
  return run.runDir;
}

async function freshAnswers(runDir: string): Promise<unknown> {
  return everything(await RunIndex.open(runDir));
}

/** Opens with the cache, and waits for the index to be saved there. */
async function openAndSave(runDir: string): Promise<RunIndex> {
  const index = await openCached(runDir);
  await index.saved();
  return index;
}

async function cutToLines(file: string, lines: number): Promise<string> {
  const text = await readFile(file, 'utf8');
  const kept = text.split('\n').slice(0, lines).join('\n') + '\n';
  await writeFile(file, kept);
  return text.slice(kept.length);
}

describe('RunIndex with a cache folder', () => {
  it('loads the saved index on the next open and answers exactly as a build from the files', async () => {
    const runDir = await makeRun('runs');
    const first = await openAndSave(runDir);
    expect(first.loadedFrom).toBe('built');
    expect(first.savedIndexRefused).toBe('no saved index');

    // Searched first, while the loaded paths are still packed in one text.
    const needles = ['iter_1', 'STORE', 'flow_2.', 'storeagent', 'summarizeagent', 'e.f'];
    const searched = await openCached(runDir);
    const fresh = await RunIndex.open(runDir);
    expect(needles.map((needle) => searched.searchSpans(needle, 50))).toEqual(
      needles.map((needle) => fresh.searchSpans(needle, 50)),
    );

    const again = await openCached(runDir);
    expect(again.loadedFrom).toBe('saved');
    expect(again.savedIndexRefused).toBeNull();
    expect(await everything(again)).toEqual(await freshAnswers(runDir));
  });

  it('keeps problems, notes, stand-ins and a cut last line of a DAD run, and reads the line once it is ended', async () => {
    const runDir = join(dir, 'runs', 'run_20250501_100000_a1b2c3');
    await mkdir(join(runDir, '.trace'), { recursive: true });
    await writeInterruptedDadRun(runDir);
    await openAndSave(runDir);

    const loaded = await openCached(runDir);
    expect(loaded.loadedFrom).toBe('saved');
    const summary = await loaded.summary();
    expect(summary.syntheticSpanCount).toBe(1);
    expect(summary.problems.map((problem) => problem.line)).toEqual([3]);
    expect(summary.notes.length).toBe(2);
    expect(await everything(loaded)).toEqual(await freshAnswers(runDir));

    // The cut last line is finished: only it is read, the stand-in is replaced as in a build.
    await appendFile(join(runDir, TRACE), '\n');
    const grown = await openCached(runDir);
    expect(grown.loadedFrom).toBe('grown');
    expect(await everything(grown)).toEqual(await freshAnswers(runDir));
  });

  for (const [how, spans] of [
    ['shorter', 200],
    ['longer', 600],
  ] as const) {
    it(`rebuilds an index whose trace file was rewritten since it was saved, ${how}`, async () => {
      const runDir = await makeRun('runs');
      await openAndSave(runDir);
      // In place (the same inode), as a writer that truncates and starts again would.
      await writeFile(
        join(runDir, TRACE),
        await readFile(join(await makeRun('other', spans, 100, 5), TRACE)),
      );

      const reopened = await openCached(runDir);
      expect(reopened.loadedFrom).toBe('built');
      expect(reopened.savedIndexRefused).toBe('.trace/trace.jsonl changed since it was saved');
      expect(await everything(reopened)).toEqual(await freshAnswers(runDir));
    });
  }

  it('rebuilds an index whose log file was changed in place, keeping its size', async () => {
    const runDir = await makeRun('runs');
    await openAndSave(runDir);
    const logs = join(runDir, LOGS);
    const before = await stat(logs);
    const text = await readFile(logs, 'utf8');
    // Only the first line, far before the checked tail: the time says it was touched.
    await writeFile(logs, text.replace('"severity_text":"INFO"', '"severity_text":"WARN"'));
    await utimes(logs, before.atime, new Date(before.mtimeMs + 5000));

    const reopened = await openCached(runDir);
    expect(reopened.loadedFrom).toBe('built');
    expect(await everything(reopened)).toEqual(await freshAnswers(runDir));
  });

  it('loads a run that grew and reads only what was appended, answering as a build of the whole files', async () => {
    const runDir = await makeRun('runs');
    const whole = await makeRun('whole');
    const restOfTrace = await cutToLines(join(runDir, TRACE), 200);
    const restOfLogs = await cutToLines(join(runDir, LOGS), 250);
    await openAndSave(runDir);

    // The first line is damaged in place, far before the checked tail: a reader that read the
    // file again from its start would report it; one that goes on from where it stopped does not.
    const handle = await open(join(runDir, TRACE), 'r+');
    await handle.write(Buffer.from('#'), 0, 1, 0);
    await handle.close();
    await appendFile(join(runDir, TRACE), restOfTrace);
    await appendFile(join(runDir, LOGS), restOfLogs);

    const grown = await openCached(runDir);
    expect(grown.loadedFrom).toBe('grown');
    expect(await everything(grown)).toEqual(await freshAnswers(whole));
    await grown.saved();
    // What was appended was saved too: the next open has nothing left to read.
    expect((await openCached(runDir)).loadedFrom).toBe('saved');
  });

  it('saves a run that grew while it was open once it has ended', async () => {
    const runDir = await makeRun('runs');
    const metadataFile = join(runDir, '.trace', 'dad_metadata.json');
    const metadata = await readFile(metadataFile, 'utf8');
    await writeFile(metadataFile, JSON.stringify({ ...JSON.parse(metadata), status: 'initialized' }));
    const rest = await cutToLines(join(runDir, TRACE), 200);
    const open = await openAndSave(runDir);

    await appendFile(join(runDir, TRACE), rest);
    await writeFile(metadataFile, metadata);
    await open.refresh();
    await open.saved();
    const reopened = await openCached(runDir);
    expect(reopened.loadedFrom).toBe('saved');
    expect(await everything(reopened)).toEqual(await freshAnswers(runDir));
  });

  it('rebuilds an index whose trace was rewritten in place at the same size with its mtime put back', async () => {
    const runDir = await makeRun('runs');
    await openAndSave(runDir);
    const trace = join(runDir, TRACE);
    const before = await stat(trace);
    const reference = join(dir, 'reference');
    execFileSync('touch', ['-r', trace, reference]);
    const text = await readFile(trace, 'utf8');
    // As `touch -r` or `rsync --inplace -t` leave it: other bytes, same size, same mtime.
    await writeFile(trace, text.replace('"status_code":"OK"', '"status_code":"NO"'));
    execFileSync('touch', ['-r', reference, trace]);
    expect([(await stat(trace)).mtimeMs, (await stat(trace)).size]).toEqual([before.mtimeMs, before.size]);

    const reopened = await openCached(runDir);
    expect(reopened.loadedFrom).toBe('built');
    expect(reopened.savedIndexRefused).toMatch(/trace.jsonl changed/);
  });

  it('does not save again at every refresh a run that is interrupted while it still grows', async () => {
    const runDir = await makeRun('runs');
    const metadataFile = join(runDir, '.trace', 'dad_metadata.json');
    const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
    // `initialized` without a lock: listed as interrupted, though its writer may go on.
    await writeFile(metadataFile, JSON.stringify({ ...metadata, status: 'initialized' }));
    const rest = (await cutToLines(join(runDir, TRACE), 200)).split('\n');
    const index = await openAndSave(runDir);
    const savedFile = savedIndexPath(cacheDir, runDir);
    const firstSave = await stat(savedFile);

    for (const line of rest.slice(0, 3)) {
      await appendFile(join(runDir, TRACE), line + '\n');
      expect((await index.refresh()).spans).toBe(1);
      await index.saved();
    }
    const after = await stat(savedFile);
    expect([after.ino, after.mtimeMs]).toEqual([firstSave.ino, firstSave.mtimeMs]);
  });

  describe('never trusts a saved file that is not whole and its own', () => {
    const damages: [string, (file: string) => Promise<void>, RegExp][] = [
      ['cut short', (file) => stat(file).then((info) => truncate(file, info.size - 100)), /cut short/],
      [
        'random bytes',
        async (file) =>
          writeFile(file, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))),
        /not a saved index/,
      ],
      [
        'one byte changed in its data',
        async (file) => {
          const bytes = await readFile(file);
          const at = bytes.length - 3000;
          bytes[at] = (bytes[at] as number) ^ 0x40;
          await writeFile(file, bytes);
        },
        /damaged/,
      ],
      [
        'another format version',
        async (file) => {
          const bytes = await readFile(file);
          bytes.writeUInt32LE(99, 8);
          await writeFile(file, bytes);
        },
        /format 99/,
      ],
      ['empty', (file) => writeFile(file, ''), /cut short/],
    ];
    for (const [damage, apply, reason] of damages) {
      it(`rebuilds when the saved file is ${damage}`, async () => {
        const runDir = await makeRun('runs');
        await openAndSave(runDir);
        const [saved] = await readdir(join(cacheDir, 'run-indexes'));
        await apply(join(cacheDir, 'run-indexes', saved as string));

        const reopened = await openCached(runDir);
        expect(reopened.loadedFrom).toBe('built');
        expect(reopened.savedIndexRefused).toMatch(reason);
        expect(await everything(reopened)).toEqual(await freshAnswers(runDir));
        await reopened.saved();
        expect((await openCached(runDir)).loadedFrom).toBe('saved');
      });
    }

    it('rebuilds when the saved file is the index of another run folder, even one of the same files', async () => {
      const runDir = await makeRun('runs');
      await openAndSave(runDir);
      // A second folder whose trace files are the same files (hard links: same inode, size, time).
      const other = join(dir, 'copy', 'run');
      await mkdir(join(other, '.trace'), { recursive: true });
      for (const name of await readdir(join(runDir, '.trace')))
        await link(join(runDir, '.trace', name), join(other, '.trace', name));
      await mkdir(join(cacheDir, 'run-indexes'), { recursive: true });
      await copyFile(
        savedIndexPath(cacheDir, runDir),
        savedIndexPath(cacheDir, await import('node:fs/promises').then((fs) => fs.realpath(other))),
      );

      const reopened = await openCached(other);
      expect(reopened.loadedFrom).toBe('built');
      expect(reopened.savedIndexRefused).toBe('it was saved for another run folder');
    });

    it('rebuilds when the saved index listed another number of problems per file', async () => {
      const runDir = join(dir, 'runs', 'run_20250501_100000_a1b2c3');
      await mkdir(join(runDir, '.trace'), { recursive: true });
      await writeInterruptedDadRun(runDir);
      await (await openCached(runDir, { maxProblemsPerFile: 0 })).saved();

      const reopened = await openCached(runDir);
      expect(reopened.loadedFrom).toBe('built');
      expect((await reopened.summary()).problems.map((problem) => problem.line)).toEqual([3]);
    });

    /** Values a whole file with right checksums may still hold: each refuses it. */
    const badValues: [string, (sections: Sections, meta: Record<string, unknown>) => void, RegExp][] = [
      [
        'a childStart in the billions',
        (sections) => void ((sections.get('tree.childStart') as Int32Array)[5] = 2e9),
        /tree.childStart/,
      ],
      [
        'a depth-first order out of range',
        (sections) => void ((sections.get('tree.order') as Int32Array)[3] = 1e6),
        /tree.order/,
      ],
      [
        'an order and positions that disagree',
        (sections) => {
          const order = sections.get('tree.order') as Int32Array;
          [order[1], order[2]] = [order[2] as number, order[1] as number];
        },
        /tree.position/,
      ],
      [
        'a parent that is no row',
        (sections) => void ((sections.get('spans.parent') as Int32Array)[7] = -5),
        /spans.parent/,
      ],
      [
        'a name id past the strings',
        (sections) => void ((sections.get('spans.name') as Uint32Array)[0] = 99_999),
        /spans.name/,
      ],
      [
        'a log line past the indexed end',
        (sections) => void ((sections.get('logs.lineLength') as Uint32Array)[0] = 4e9),
        /logs.lineOffset/,
      ],
      [
        'another app version',
        (_sections, meta) => void (meta.savedBy = 'dad-run-inspector@0.0.1'),
        /saved by dad-run-inspector@0.0.1/,
      ],
      [
        'a run file named twice',
        (_sections, meta) => {
          const files = meta.files as { file: string }[];
          files[2] = { ...files[2], file: files[0]?.file as string } as { file: string };
        },
        /name the run files/,
      ],
    ];
    for (const [bad, apply, reason] of badValues) {
      it(`rebuilds, without a crash, when the saved file holds ${bad}`, async () => {
        const runDir = await makeRun('runs');
        await openAndSave(runDir);
        const path = savedIndexPath(cacheDir, runDir);
        const opened = await openIndexFile(path);
        const sections = await opened!.readSections();
        await opened!.close();
        const meta = structuredClone(opened!.meta) as Record<string, unknown>;
        apply(sections, meta);
        await writeIndexFile(path, meta, sections);

        const reopened = await openCached(runDir);
        expect(reopened.loadedFrom).toBe('built');
        expect(reopened.savedIndexRefused).toMatch(reason);
        expect(await everything(reopened)).toEqual(await freshAnswers(runDir));
      });
    }
  });

  it('leaves a whole, readable index when two processes save the same run at once', async () => {
    const runDir = await makeRun('runs', 3000, 3000);
    const script = await saverScript(runDir, cacheDir);
    const children = [0, 1, 2].map(() => runScript(script));
    let exited = 0;
    void Promise.all(children).then(() => (exited = 1));
    // While they write, a reader finds no index or a whole one, never half of one.
    const seen = new Set<string>();
    while (exited === 0) {
      const loaded = await loadSavedIndex(cacheDir, await realpathOf(runDir), 200);
      seen.add(loaded.snapshot ? 'whole' : loaded.reason);
    }
    expect(await Promise.all(children)).toEqual([0, 0, 0]);
    expect([...seen].filter((what) => what !== 'whole' && what !== 'no saved index')).toEqual([]);
    expect(await readdir(join(cacheDir, 'run-indexes'))).toHaveLength(1);
    const reopened = await openCached(runDir);
    expect(reopened.loadedFrom).toBe('saved');
    expect(await everything(reopened)).toEqual(await freshAnswers(runDir));
  }, 60_000);

  it('answers with clear errors, never a crash, when the run folder is deleted while its index is open', async () => {
    const runDir = await makeRun('runs');
    await openAndSave(runDir);
    const index = await openCached(runDir);
    expect(index.loadedFrom).toBe('saved');
    const [root] = (await index.summary()).rootSpanIds;
    await rm(runDir, { recursive: true });

    const detail = await index.spanDetail(root as string);
    expect(detail.detailError).toBe("the span's line could not be read back: .trace/trace.jsonl is gone");
    const logs = await index.logLines({ offset: 0, limit: 2 });
    expect(logs.lines.map((line) => line.body)).toEqual([
      '(.trace/logs.jsonl could not be read: .trace/logs.jsonl is gone)',
      '(.trace/logs.jsonl could not be read: .trace/logs.jsonl is gone)',
    ]);
    await expect(index.refresh()).resolves.toEqual({ spans: 0, logs: 0, metrics: 0 });
    const problems = (await index.summary()).problems.map((problem) => problem.message);
    expect(problems).toContain('.trace/trace.jsonl is missing');
    await expect(RunIndex.open(runDir, { cacheDir })).rejects.toThrow(
      `run directory ${runDir} does not exist`,
    );
  });

  it('saves nothing that a folder made again at the same place would take for its own', async () => {
    const runDir = await makeRun('runs');
    const index = await openCached(runDir);
    // Gone before the save that follows the open has looked at the files.
    rmSync(runDir, { recursive: true });
    await index.saved();
    const again = await makeRun('runs', 300, 100);

    const reopened = await openCached(again);
    expect(reopened.loadedFrom).toBe('built');
    expect(await everything(reopened)).toEqual(await freshAnswers(again));
  });

  it('removes what a save cut short left behind, once it is old, and nothing a save under way writes', async () => {
    const runDir = await makeRun('runs');
    const folder = join(cacheDir, 'run-indexes');
    await mkdir(folder, { recursive: true });
    const old = join(folder, 'abc.dadidx.123-0a0b0c.tmp');
    const fresh = join(folder, 'abc.dadidx.456-0d0e0f.tmp');
    await writeFile(old, 'half a file');
    await writeFile(fresh, 'a file being written');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(old, twoHoursAgo, twoHoursAgo);

    await openAndSave(runDir);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([
      'abc.dadidx.456-0d0e0f.tmp',
    ]);
  });

  it('writes nothing inside the run folder', async () => {
    const runDir = await makeRun('runs');
    const listing = async () => (await readdir(runDir, { recursive: true })).sort();
    const before = await listing();
    await openAndSave(runDir);
    await (await openCached(runDir)).saved();
    expect(await listing()).toEqual(before);
  });
});

async function realpathOf(path: string): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  return realpath(path);
}

/** A script that opens the run in a process of its own, saves the index and exits with 0. */
async function saverScript(runDir: string, cache: string): Promise<string> {
  const script = join(dir, 'save-index.ts');
  await writeFile(
    script,
    [
      `import { RunIndex } from ${JSON.stringify(join(__dirname, 'run-index'))};`,
      `const index = await RunIndex.open(${JSON.stringify(runDir)}, { cacheDir: ${JSON.stringify(cache)} });`,
      `await index.saved();`,
    ].join('\n'),
  );
  return script;
}

function runScript(script: string): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'jiti/register', script], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}
