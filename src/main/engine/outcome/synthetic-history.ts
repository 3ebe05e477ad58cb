import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { OutcomeRepositoryError } from '../errors';
import { nodeCommitMessage, runCompletionMessage } from './commit-message';
import { OUTCOME_COMMITTER } from './repository-git';

/**
 * Builds large outcome repositories in one `git fast-import` call, for benchmarks and scale tests:
 * ten thousand porcelain commits would take minutes, one import stream takes about a second.
 */

const FIRST_COMMIT_TIME = 1_767_225_600; // 2026-01-01T00:00:00Z

export interface SyntheticHistory {
  dir: string;
  /** Run ids in the order their branches were made. */
  runIds: string[];
  /** Every commit of every branch, the initial one included. */
  commitCount: number;
}

/**
 * A repository shaped like a project's outcome repository after many runs: `main` with its initial
 * commit, then run branches of `commitsPerRun` node commits plus a completion commit each; every
 * `continuationEvery`-th run continues the run before it.
 */
export async function buildSyntheticHistory(
  dir: string,
  options: { commits: number; commitsPerRun?: number; continuationEvery?: number },
): Promise<SyntheticHistory> {
  const perRun = Math.max(1, options.commitsPerRun ?? 100);
  const continuationEvery = Math.max(0, options.continuationEvery ?? 5);
  const stream = new ImportStream();
  const initial = stream.commit('refs/heads/main', 'Initial commit\n', null, [
    { path: 'README.md', content: '# Outcomes\n' },
  ]);
  const runIds: string[] = [];
  let previousTip = initial;
  let commitCount = 1;
  for (let runIndex = 0; commitCount < options.commits; runIndex += 1) {
    const continues = continuationEvery > 0 && runIndex > 0 && runIndex % continuationEvery === 0;
    const runId = `${continues ? 'rerun' : 'run'}_20260101_${String(runIndex).padStart(6, '0')}_abcdef`;
    runIds.push(runId);
    const ref = `refs/heads/run/${runId}`;
    let from: number | null = continues ? previousTip : initial;
    const nodeCommits = Math.min(perRun, Math.max(0, options.commits - commitCount - 1));
    for (let step = 0; step < nodeCommits; step += 1) {
      const nodeId = `node_${step % 7}`;
      stream.commit(ref, nodeCommitMessage(`write step ${step}`, runId, nodeId), from, [
        { path: `${runId}/step_${step}.txt`, content: `run ${runId} step ${step}\n` },
      ]);
      from = null;
      commitCount += 1;
    }
    previousTip = stream.commit(
      ref,
      `${runCompletionMessage(runId, 'completed', new Date(2026, 0, 1))}\n`,
      from,
      [],
    );
    commitCount += 1;
  }
  await importInto(dir, stream.text());
  return { dir, runIds, commitCount };
}

/**
 * Two runs whose outcomes differ in `files` files: run `run_a` writes `files` files; run `rerun_b`
 * continues it, changing eight in ten of them, removing one in ten and adding as many new ones.
 */
export async function buildSyntheticRunPair(
  dir: string,
  options: { files: number; runA?: string; runB?: string },
): Promise<{ dir: string; runA: string; runB: string; differing: number }> {
  const runA = options.runA ?? 'run_20260101_000000_aaaaaa';
  const runB = options.runB ?? 'rerun_20260101_000100_bbbbbb';
  const stream = new ImportStream();
  const initial = stream.commit('refs/heads/main', 'Initial commit\n', null, [
    { path: 'README.md', content: '# Outcomes\n' },
  ]);
  const count = Math.max(1, options.files);
  const nameOf = (index: number): string => `out/${Math.floor(index / 100)}/file_${index}.txt`;
  const written = Array.from({ length: count }, (_, index) => ({
    path: nameOf(index),
    content: `file ${index}\n${'original line\n'.repeat(1 + (index % 5))}`,
  }));
  stream.commit(`refs/heads/run/${runA}`, nodeCommitMessage('write files', runA, 'writer'), initial, written);
  const tipA = stream.commit(`refs/heads/run/${runA}`, `[${runA}] Run completed\n`, null, []);
  const changes: FileChange[] = [];
  let differing = 0;
  for (let index = 0; index < count; index += 1) {
    const bucket = index % 10;
    if (bucket === 0) {
      changes.push({ path: nameOf(index), content: null });
      // A new file with content unlike any removed one, so that git sees no rename.
      changes.push({ path: `new/${index}.txt`, content: `added ${index} ${'x'.repeat(index % 13)}\n` });
      differing += 2;
    } else if (bucket !== 1) {
      changes.push({ path: nameOf(index), content: `file ${index}\nchanged in ${runB}\n` });
      differing += 1;
    }
  }
  stream.commit(`refs/heads/run/${runB}`, nodeCommitMessage('rework files', runB, 'editor'), tipA, changes);
  stream.commit(`refs/heads/run/${runB}`, `[${runB}] Run completed\n`, null, []);
  await importInto(dir, stream.text());
  return { dir, runA, runB, differing };
}

interface FileChange {
  path: string;
  /** null deletes the file. */
  content: string | null;
}

/** Writes a fast-import stream; commits are numbered by their marks. */
class ImportStream {
  private readonly parts: string[] = [];
  private nextMark = 1;

  commit(ref: string, message: string, from: number | null, files: FileChange[]): number {
    const mark = this.nextMark++;
    const when = `${FIRST_COMMIT_TIME + mark} +0000`;
    const who = `${OUTCOME_COMMITTER.name} <${OUTCOME_COMMITTER.email}>`;
    this.parts.push(`commit ${ref}\nmark :${mark}\nauthor ${who} ${when}\ncommitter ${who} ${when}\n`);
    this.parts.push(data(message));
    if (from !== null) this.parts.push(`from :${from}\n`);
    for (const file of files) {
      if (file.content === null) this.parts.push(`D ${file.path}\n`);
      else this.parts.push(`M 100644 inline ${file.path}\n${data(file.content)}`);
    }
    this.parts.push('\n');
    return mark;
  }

  text(): string {
    return this.parts.join('');
  }
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

async function importInto(dir: string, stream: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await runGit(dir, ['init', '--quiet']);
  await runGit(dir, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
  await runGit(dir, ['fast-import', '--quiet', '--done'], `${stream}done\n`);
  // The repository's own work tree shows main, as a created outcome repository does.
  await runGit(dir, ['reset', '--hard', '--quiet', 'main']);
}

function runGit(cwd: string, args: string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // fast-import grows and shrinks its heap for every object; where returning memory to the system
    // is slow that alone takes seconds, so glibc is told to keep what it has.
    const env = { ...process.env, MALLOC_TOP_PAD_: '268435456', MALLOC_TRIM_THRESHOLD_: '268435456' };
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new OutcomeRepositoryError(`git ${args[0]} in ${cwd} failed (${code}): ${stderr.trim()}`));
    });
    // A git that is done before reading its input closes it: its exit code says how it went.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}
