/**
 * The desktop app's built main bundle, started without Electron (no binary on machines without
 * internet access): a real Node process runs out/main/index.js with a recording stand-in for the
 * 'electron' module, and this checks what the bundle asked of Electron, as a reviewer would.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, test } from '@playwright/test';
import { generateLargeRun } from '../bench/support/generate-large-run';
import { calls } from '../src/shared/contract';
import {
  runBuiltMain,
  type MenuSummary,
  type StandInRecord,
} from '../test-support/electron-stand-in/run-built-main';
import { runPreloadInSandbox } from '../test-support/electron-stand-in/preload-sandbox';

const OUT = join(import.meta.dirname, '..', 'out');
const MAIN = join(OUT, 'main', 'index.js');
const contractChannels = Object.values(calls).map((spec) => spec.channel);

let workDir: string;
let userData: string;
let record: StandInRecord;

test.beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'dad-built-main-'));
  const project = join(workDir, 'project');
  await mkdir(join(project, 'runs'), { recursive: true });
  const env = { PATH: process.env.PATH, HOME: workDir, XDG_CONFIG_HOME: join(workDir, 'config') };
  userData = join(workDir, 'config', 'DAD Run Inspector');
  ({ record } = await runBuiltMain(MAIN, { cwd: workDir, env, args: [`--project-root=${project}`] }));
});
test.afterAll(() => rm(workDir, { recursive: true, force: true }));

function window() {
  expect(record.windows).toHaveLength(1);
  return record.windows[0]!;
}

test('every contract call is answered through ipcMain.handle, and nothing else listens', () => {
  expect([...record.ipcMain.handle].sort()).toEqual([...contractChannels].sort());
  expect(record.ipcMain.on).toEqual([]);
});

test('a call from our window is answered; another sender and a bad payload get errors as data', () => {
  const probe = record.probes.appInfo ?? {};
  expect(probe.trusted).toEqual({
    ok: true,
    value: {
      name: 'DAD Run Inspector',
      version: expect.any(String),
      platform: process.platform,
      shell: 'desktop',
    },
  });
  expect(probe.otherSender).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
  expect(probe.badPayload).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
});

test('the sandbox is on for every renderer and the window is locked down', () => {
  expect(record.app).toContain('enableSandbox');
  const { webPreferences } = window().options;
  expect(webPreferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
  });
  expect(window().url).toBe(`file://${join(OUT, 'renderer', 'index.html')}`);
});

test('the preload the window names exists and runs as a sandboxed CommonJS script', () => {
  const preload = window().options.webPreferences.preload as string;
  expect(existsSync(preload), preload).toBe(true);
  const paths = new Map<unknown, string>();
  const { exposed, invoked } = runPreloadInSandbox(preload, (file) => {
    if (file === 'broken') throw new Error('not a File');
    return paths.get(file) ?? '';
  });
  expect(Object.keys(exposed)).toEqual(['dad']);
  const api = exposed.dad!;
  expect(Object.keys(api).sort()).toEqual([...Object.keys(calls), 'onEvents', 'pathForDroppedFile'].sort());
  void (api.appInfo as () => Promise<unknown>)();
  expect(invoked).toEqual([{ channel: 'dad:app.info', args: [] }]);

  const pathForDroppedFile = api.pathForDroppedFile as (file: unknown) => string | null;
  paths.set('dropped', '/home/ann/trace.json');
  expect(pathForDroppedFile('dropped')).toBe('/home/ann/trace.json');
  expect(pathForDroppedFile('made in the page')).toBeNull();
  expect(pathForDroppedFile('broken')).toBeNull();
});

test('permissions are denied, the CSP header is set, and navigation and new windows are refused', () => {
  expect(record.probes.permissions).toEqual({
    requestGranted: false,
    checkGranted: false,
    deviceGranted: false,
  });
  const csp = (record.probes.responseHeaders?.['Content-Security-Policy'] as string[] | undefined)?.[0] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(record.appEvents).toContain('web-contents-created');
  expect(record.probes.navigation).toEqual({
    navigatePrevented: true,
    subframeNavigatePrevented: true,
    webviewPrevented: true,
    windowOpen: { action: 'deny' },
  });
});

test('the application menu has File, Edit, View, Run and Help, and its items reach the window', () => {
  const menu = record.applicationMenu ?? [];
  const labels = menu.map((item) => item.label);
  for (const name of ['File', 'Edit', 'View', 'Run', 'Help']) expect(labels).toContain(name);
  const file = menu.find((item) => item.label === 'File');
  const recent = file?.submenu?.find((item: MenuSummary) => item.label === 'Open Recent');
  expect(recent?.submenu?.map((item) => item.label)).toEqual([`project (${join(workDir, 'project')})`]);
  expect(commandsSent()).toContainEqual({ name: 'open-project' });
});

test('one instance: a second start hands its path to this one', () => {
  expect(record.app[0]).toBe('requestSingleInstanceLock');
  expect(record.appEvents).toEqual(expect.arrayContaining(['second-instance', 'open-file']));
  expect(commandsSent()).toContainEqual({ name: 'open-path', path: '/somewhere/second-start-path' });
});

test('the window state is saved to userData as the window closes', () => {
  const saved = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  // Where the window opened: the default size, centred on the stand-in's 1920×1050 display.
  expect(saved).toEqual({ x: 320, y: 115, width: 1280, height: 820, isMaximized: false });
});

test('agents run from the run-host entry built beside the main bundle', () => {
  expect(existsSync(join(OUT, 'main', 'run-host-child.js'))).toBe(true);
});

test('large runs are indexed by the worker built beside the main bundle', async () => {
  const run = await generateLargeRun({ runRoot: join(workDir, 'worker-runs'), spans: 2_000, logs: 500 });
  const worker = new Worker(join(OUT, 'main', 'index-worker.js'));
  try {
    const done = new Promise<{ type: string; layout?: { meta: { spanCount: number; logCount: number } } }>(
      (resolve, reject) => {
        worker.on('message', (message: { type: string }) => {
          if (message.type === 'done' || message.type === 'failed') resolve(message);
        });
        worker.on('error', reject);
      },
    );
    worker.postMessage({
      runDir: run.runDir,
      realRunDir: run.runDir,
      files: ['trace', 'logs', 'metrics'],
      previewAtBytes: [],
    });
    const answer = await done;
    expect(answer.type).toBe('done');
    expect(answer.layout?.meta).toMatchObject({ spanCount: 2_000, logCount: 500 });
  } finally {
    await worker.terminate();
  }
});

function commandsSent(): unknown[] {
  return window()
    .sent.filter((message) => message.channel === 'dad:event')
    .flatMap((message) =>
      message.events.filter((event) => event.type === 'app.command').map((event) => event.command),
    );
}
