import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DAD_BIN, runDad } from '../../../test-support/cli/dad-process';
import { copySampleProject, makeTempDir, removeDir, REPO_ROOT } from '../../../test-support/projects';

/**
 * `dad serve` as a user starts it: a real child process, its printed link, its options, and how it
 * stops. Serving needs the built window (out/renderer); it is built here, under the lock the browser
 * tests take, when missing.
 */

const BUILT_INDEX = join(REPO_ROOT, 'out', 'renderer', 'index.html');

interface Served {
  child: ChildProcess;
  url: string;
  port: number;
  token: string | null;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every server started, stopped at the end even when a test fails half way. */
const started: ChildProcess[] = [];

function serve(args: string[]): Promise<Served> {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, [DAD_BIN, 'serve', '--no-recent', ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dad serve printed no link within 90 s\n${stdout}\n${stderr}`));
      // The first start after a change compiles the sources, which on a busy machine takes a while.
    }, 90_000);
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const url = /serving at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      const parsed = new URL(url);
      resolve({
        child,
        url,
        port: Number(parsed.port),
        token: new URLSearchParams(parsed.hash.slice(1)).get('token'),
        stderr: () => stderr,
        exited,
      });
    });
    void exited.then(({ code }) => reject(new Error(`dad serve exited with ${code}\n${stdout}\n${stderr}`)));
  });
}

/** Opens the API socket: the HTTP status it was refused with, or the answer to one call. */
function callOverSocket(url: string, call: string, payload?: unknown): Promise<number | unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode);
      socket.terminate();
    });
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ id: 1, call, payload })));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (message.id !== 1) return;
      socket.close();
      resolve(message.result);
    });
  });
}

/** Every process below `pid`, from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The parent's pid is the second field after the command name, which may itself hold spaces.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

const alive = (pid: number) =>
  existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('dad serve', () => {
  let dir: string;
  let project: string;

  beforeAll(async () => {
    if (!existsSync(BUILT_INDEX)) {
      execFileSync('flock', ['-w', '600', '/tmp/dad-e2e.lock', 'npx', 'electron-vite', 'build'], {
        cwd: REPO_ROOT,
        stdio: 'ignore',
      });
    }
    dir = await makeTempDir('dad-serve-cli');
    project = await copySampleProject(join(dir, 'project'));
    // A command that outlives the stop unless the server ends what it started.
    const flow = join(project, 'src', 'agents', 'folder_report', 'flow.ts');
    await writeFile(
      flow,
      (await readFile(flow, 'utf8')).replace('find . -type f | sort | xargs wc -l', 'sleep 25'),
    );
  }, 600_000);

  afterAll(async () => {
    for (const child of started)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await removeDir(dir);
  });

  it('prints a link with a fresh token, opens --project-root, refuses the API without the token, and stops on SIGINT', async () => {
    const served = await serve(['--project-root', project, '--port', '0', '--no-browser']);
    // The token rides in the fragment, which the browser sends to no server.
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    const api = `ws://127.0.0.1:${served.port}/api`;
    expect(await callOverSocket(api, 'currentProject')).toBe(401);
    expect(await callOverSocket(`${api}?token=${served.token}x`, 'currentProject')).toBe(401);
    expect(await callOverSocket(`${api}?token=${served.token}`, 'currentProject')).toMatchObject({
      ok: true,
      value: { root: project, identifier: expect.any(String) },
    });

    // A run whose shell command is still going when the server is told to stop.
    const started = await callOverSocket(`${api}?token=${served.token}`, 'startRun', {
      agentId: 'folder_report',
      staticInputs: {},
    });
    expect(started).toMatchObject({ ok: true });
    const pid = served.child.pid as number;
    await waitFor(
      () =>
        descendants(pid).some((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('sleep')),
      'the run’s shell command to start',
    );
    const below = descendants(pid);
    served.child.kill('SIGINT');
    expect(await served.exited).toEqual({ code: 0, signal: null });
    expect(below.filter(alive)).toEqual([]);
    expect(await portIsFree('127.0.0.1', served.port)).toBe(true);
  }, 180_000);

  it('honours --host, --port and --token, and stops on SIGTERM', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.2', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const token = 'chosen-token-for-this-test_0123';
    const served = await serve([
      '--host',
      '127.0.0.2',
      '--port',
      String(port),
      '--token',
      token,
      '--no-browser',
    ]);
    expect(served.url).toBe(`http://127.0.0.2:${port}/#token=${token}`);
    expect(await callOverSocket(`ws://127.0.0.2:${port}/api`, 'appInfo')).toBe(401);
    expect(await callOverSocket(`ws://127.0.0.2:${port}/api?token=${token}`, 'appInfo')).toMatchObject({
      ok: true,
    });
    served.child.kill('SIGTERM');
    expect(await served.exited).toEqual({ code: 0, signal: null });
    expect(await portIsFree('127.0.0.2', port)).toBe(true);
  }, 180_000);

  it('--no-token serves without a token only on loopback, and warns', async () => {
    const served = await serve(['--port', '0', '--no-token', '--no-browser']);
    expect(served.url).toBe(`http://127.0.0.1:${served.port}/`);
    expect(served.stderr()).toMatch(/WARNING: serving without a token .*any program or user on this machine/);
    expect(await callOverSocket(`ws://127.0.0.1:${served.port}/api`, 'appInfo')).toMatchObject({ ok: true });
    served.child.kill('SIGTERM');
    expect(await served.exited).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('says so and ends (exit 1) when the port is taken, rather than hanging', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as { port: number };
      const result = await runDad(['serve', '--port', String(port), '--no-browser', '--no-recent'], {
        timeoutMs: 90_000,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^dad serve: .*EADDRINUSE/m);
    } finally {
      taken.close();
    }
  }, 180_000);

  it('answers usage errors with exit code 2 and the usage', async () => {
    const cases = [
      ['--port', 'abc'],
      ['--port', '70000'],
      ['--bogus'],
      ['--no-token', '--host', '10.0.0.1'],
      ['--token', 'short'],
      ['--token', 'long-enough-token-0123456789', '--no-token'],
    ];
    const results = await Promise.all(
      cases.map((args) => runDad(['serve', '--no-browser', ...args], { timeoutMs: 90_000 })),
    );
    for (const [i, result] of results.entries()) {
      const args = cases[i] as string[];
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain('Usage: dad serve');
      expect(result.stdout, args.join(' ')).not.toContain('serving at');
    }
    const help = await runDad(['serve', '--help'], { timeoutMs: 90_000 });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--no-token');
  }, 180_000);

  it('keeps the process up after an error nothing caught, saying so in one line', async () => {
    const script = [
      "const { createJiti } = await import('jiti');",
      "const guard = await createJiti(import.meta.url).import('./src/main/web/last-resort-guard.ts');",
      "guard.installLastResortGuard('dad serve');",
      "setTimeout(() => { throw new Error('thrown from a timer'); });",
      "setTimeout(() => Promise.reject(new Error('nobody waited')));",
      "setTimeout(() => console.log('still serving'), 200);",
    ].join('\n');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('still serving\n');
    expect(result.stderr.trim().split('\n')).toEqual([
      'dad serve: kept serving after an uncaught exception: Error: thrown from a timer',
      'dad serve: kept serving after an unhandled rejection: Error: nobody waited',
    ]);
  }, 30_000);
});
