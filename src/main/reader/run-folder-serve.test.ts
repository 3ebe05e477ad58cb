import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DAD_BIN } from '../../../test-support/cli/dad-process';
import { makeTempDir, removeDir, REPO_ROOT } from '../../../test-support/projects';

/**
 * `dad serve` over a copied runs folder holding a FIFO and a link to /dev/zero: it starts, answers
 * about that run, and ends on SIGTERM. It needs the built window (out/renderer); run it under the
 * lock the browser tests take.
 */

const LIMIT_MS = 10_000;
const RUN = 'run_20260101_100000_aaaaaa';
const BUILT_INDEX = join(REPO_ROOT, 'out', 'renderer', 'index.html');

let root: string;

beforeEach(async () => {
  root = await makeTempDir('dad-serve-special');
  const trace = join(root, 'runs', RUN, '.trace');
  await mkdir(trace, { recursive: true });
  await writeFile(
    join(trace, 'dad_metadata.json'),
    JSON.stringify({ run_id: RUN, created_at: '2026-01-01T10:00:00.000000Z', status: 'completed' }),
  );
  execFileSync('mkfifo', [join(trace, 'trace.jsonl')]);
  await symlink('/dev/zero', join(trace, 'logs.jsonl'));
  execFileSync('mkfifo', [join(trace, 'metrics.jsonl')]);
});

afterEach(() => removeDir(root));

/** One call over the served WebSocket, as the window makes it. */
function callOnce(url: string, call: string, payload: unknown): Promise<{ ok: boolean; error?: unknown }> {
  const parsed = new URL(url);
  const socket = new WebSocket(
    `ws://127.0.0.1:${parsed.port}/api?token=${new URLSearchParams(parsed.hash.slice(1)).get('token') ?? ''}`,
  );
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ id: 1, call, payload })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean } };
      if (message.id !== 1 || !message.result) return;
      socket.close();
      resolve(message.result);
    });
  });
}

describe('`dad serve` over special files', () => {
  it('starts, answers about the run and ends on SIGTERM', { timeout: 4 * LIMIT_MS }, async () => {
    expect(existsSync(BUILT_INDEX), `${BUILT_INDEX} is missing: build the window first`).toBe(true);
    const child = spawn(
      process.execPath,
      [DAD_BIN, 'serve', '--no-recent', '--port', '0', '--project-root', root],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        const timer = setTimeout(
          () => reject(new Error(`no link within ${LIMIT_MS} ms: ${stdout}`)),
          LIMIT_MS,
        );
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          stdout += text;
          const link = /serving at (http:\/\/\S+)/.exec(stdout)?.[1];
          if (link) {
            clearTimeout(timer);
            resolve(link);
          }
        });
      });
      const logs = await callOnce(url, 'logLines', { runId: RUN, offset: 0, limit: 10 });
      expect(logs.ok).toBe(true);
      const summary = (await callOnce(url, 'runSummary', { runId: RUN })) as {
        ok: boolean;
        value?: { problems: { file: string; message: string }[] };
      };
      expect(summary.value?.problems.map((problem) => problem.file)).toEqual(
        expect.arrayContaining(['.trace/trace.jsonl', '.trace/logs.jsonl', '.trace/metrics.jsonl']),
      );
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<string>((resolve) => setTimeout(() => resolve('still running'), LIMIT_MS)),
      ]);
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
