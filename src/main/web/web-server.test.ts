import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventBatch, Result } from '../../shared/contract';
import type { RunEvent } from '../../shared/run-events';
import { InspectorService } from '../service/inspector-service';
import { SAMPLE_PROJECT } from './serve';
import { startWebServer, type RunningWebServer } from './web-server';

/** A browser's side of the protocol: numbered calls, answers by id, pushed batches. */
class TestClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: Result<unknown>) => void>();
  readonly events: RunEvent[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as {
        id?: number;
        result?: Result<unknown>;
        batch?: EventBatch;
      };
      if (message.batch) {
        for (const pushed of message.batch.events)
          if (pushed.type === 'run.events') this.events.push(...pushed.events);
      } else if (typeof message.id === 'number') {
        this.waiting.get(message.id)?.(message.result as Result<unknown>);
      }
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    });
  }

  call<T = unknown>(name: string, payload?: unknown): Promise<Result<T>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (result: Result<unknown>) => void);
      this.socket.send(JSON.stringify({ id, call: name, payload }));
    });
  }

  async value<T>(name: string, payload?: unknown): Promise<T> {
    const result = await this.call<T>(name, payload);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }
}

function httpGet(
  port: number,
  path: string,
  host = `127.0.0.1:${port}`,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const TOKEN = 'web-server-test-token-0123456789';

describe('browser adapter: the contract over HTTP and WebSocket', () => {
  let dir: string;
  let server: RunningWebServer;
  let service: InspectorService;
  let project: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dad-web-'));
    project = join(dir, 'project');
    await cp(SAMPLE_PROJECT, project, { recursive: true, filter: (source) => !source.includes('/runs') });
    const staticDir = join(dir, 'window');
    await mkdir(staticDir);
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>window</title>');
    await writeFile(join(dir, 'secret.txt'), 'outside the window folder');
    service = new InspectorService({
      appInfo: { name: 'test', version: '0', platform: process.platform },
      sampleProjectPath: project,
      recentProjectsFile: null,
      runsPollMs: 200,
      eventBatchMs: 20,
    });
    server = await startWebServer({ service, staticDir, host: '127.0.0.1', port: 0, token: TOKEN });
  });

  afterAll(async () => {
    await server.close();
    await service.shutdown();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the window with a strict CSP and refuses paths outside it and foreign Host headers', async () => {
    const page = await httpGet(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>window</title>');
    expect((await httpGet(server.port, '/../secret.txt')).status).toBe(404);
    expect((await httpGet(server.port, '/%2e%2e/secret.txt')).status).toBe(404);
    expect((await httpGet(server.port, '/', 'evil.example:80')).status).toBe(421);
  });

  it('refuses a socket from another origin', async () => {
    await expect(
      TestClient.connect(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`, {
        origin: 'http://evil.example',
      }),
    ).rejects.toThrow(/403/);
  });

  it('answers a bad payload or an unknown call with an error as data', async () => {
    const client = await TestClient.connect(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
    const bad = await client.call('nodeFiles', { runId: '../../etc', hierarchyPath: 'a' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const unknown = await client.call('deleteEverything', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_channel' } });
    const noProject = await client.call('startRun', { agentId: 'article_writer' });
    expect(noProject).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('no project is open') },
    });
    client.socket.close();
  });

  it('opens the sample project, runs an agent live, and reads, compares and shows its outcome', async () => {
    const client = await TestClient.connect(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
    const info = await client.value<{ agents: { id: string; loadError: string | null; nodes: unknown[] }[] }>(
      'openProject',
      { path: project },
    );
    expect(info.agents.map((agent) => [agent.id, agent.loadError])).toEqual([
      ['article_writer', null],
      ['folder_report', null],
    ]);

    const { runId } = await client.value<{ runId: string }>('startRun', {
      agentId: 'folder_report',
      staticInputs: {},
    });
    await client.value('watchRun', { runId });
    await waitFor(() => client.events.some((e) => e.type === 'run_ended'), 'the run to end');
    expect(client.events.find((e) => e.type === 'run_ended')).toMatchObject({ status: 'completed' });
    expect(client.events.some((e) => e.type === 'span_started')).toBe(true);

    const runs = await client.value<{ runId: string; status: string }[]>('listRuns');
    expect(runs.find((run) => run.runId === runId)?.status).toBe('completed');
    const rows = await client.value<{
      total: number;
      rows: { name: string; hierarchyPath: string | null }[];
    }>('spanRows', { runId, offset: 0, limit: 100 });
    expect(rows.rows.map((row) => row.name)).toContain('folder_analyzer.execute');
    const files = await client.value<{ files: { name: string; content: unknown }[] }>('nodeFiles', {
      runId,
      hierarchyPath: 'folder_report.analyze',
    });
    expect(files.files.find((file) => file.name === 'result.json')?.content).toMatchObject({
      execution_status: 'completed',
    });

    // A continuation from the summary, compared with its original by default.
    const rerun = await client.value<{ runId: string }>('startRun', {
      agentId: 'folder_report',
      previousRunId: runId,
      startHierarchyPath: 'summarize',
    });
    await client.value('watchRun', { runId: rerun.runId });
    await waitFor(
      () => client.events.some((e) => e.type === 'run_ended' && e.runId === rerun.runId),
      'the continuation to end',
    );
    const comparison = await client.value<{
      nodes: { nodeId: string; reusedInB?: boolean }[];
      summary: string;
    }>('compareRuns', { runB: rerun.runId });
    expect(comparison.nodes.find((node) => node.nodeId === 'analyze')?.reusedInB).toBe(true);
    expect(comparison.summary).toContain(rerun.runId);

    const graph = await client.value<{ commits: { subject: string }[] }>('outcomeGraph', {
      offset: 0,
      limit: 50,
    });
    expect(graph.commits.map((commit) => commit.subject)).toContain('Initial commit');
    expect(graph.commits.some((commit) => commit.subject.startsWith(`[${runId}] Run completed`))).toBe(true);
    client.socket.close();
  });
});
