import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES, type DadApi } from '../../../shared/contract';
import { installApi, request } from './api-client';
import { bytesToBase64, uploadTraceFile, type UploadableFile } from './trace-upload';
import { WebSocketApiClient, type SocketLike } from './ws-client';

// The real service behind the real browser adapter; loaded at run time, as the window's types know
// no Node (the same way ws-client.test.ts loads `ws`).
interface ServiceModule {
  InspectorService: new (options: {
    appInfo: { name: string; version: string; platform: string };
    sampleProjectPath: null;
    recentProjectsFile: null;
    importsDir: string;
  }) => { shutdown(): Promise<void> };
}
interface WebServerModule {
  startWebServer(options: {
    service: unknown;
    staticDir: string;
    host: string;
    port: number;
    token: null;
  }): Promise<{ port: number; close(): Promise<void> }>;
}
interface FsModule {
  mkdtemp(prefix: string): Promise<string>;
  mkdir(path: string): Promise<unknown>;
  readdir(path: string): Promise<string[]>;
  rm(path: string, options: { recursive: true; force: true }): Promise<void>;
}
const load = <T>(name: string) => import(/* @vite-ignore */ name) as Promise<T>;
const { InspectorService } = await load<ServiceModule>('../../../main/service/inspector-service');
const { startWebServer } = await load<WebServerModule>('../../../main/web/web-server');
const fs = await load<FsModule>('node:fs/promises');
const { tmpdir } = await load<{ tmpdir(): string }>('node:os');
const ws = await load<{ WebSocket: new (url: string) => SocketLike }>('ws');

/** An OTLP JSON export (opentelemetry-proto's JSON mapping): one root span and `children` under it. */
function otlpTrace(children: number): string {
  const traceId = '5b8efff798038103d269b633813fc60c';
  const span = (index: number, parent: number | null) => ({
    traceId,
    spanId: (index + 1).toString(16).padStart(16, '0'),
    ...(parent === null ? {} : { parentSpanId: (parent + 1).toString(16).padStart(16, '0') }),
    name: index === 0 ? 'agent.execute' : `step_${index}`,
    kind: 1,
    startTimeUnixNano: String(1_746_093_600_000_000_000n + BigInt(index) * 1_000_000n),
    endTimeUnixNano: String(1_746_093_600_000_000_000n + BigInt(index + 1) * 1_000_000n),
    attributes: [{ key: 'step.index', value: { intValue: String(index) } }],
    status: { code: 1 },
  });
  const spans = [span(0, null), ...Array.from({ length: children }, (_, i) => span(i + 1, 0))];
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'uploader' } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  });
}

let dir = '';
let service: { shutdown(): Promise<void> };
let server: { port: number; close(): Promise<void> };
let client: WebSocketApiClient;
let api: DadApi;
/** Every uploadTraceChunk call the window made. */
let chunkCalls: { offset: number; data: string }[] = [];
/** The offset of the piece whose sending fails as a lost connection would, if any. */
let lostPieceAt: number | null = null;

beforeAll(async () => {
  dir = await fs.mkdtemp(`${tmpdir()}/dad-upload-`);
  await fs.mkdir(`${dir}/window`);
  service = new InspectorService({
    appInfo: { name: 'upload-test', version: '0', platform: 'test' },
    sampleProjectPath: null,
    recentProjectsFile: null,
    importsDir: `${dir}/imports`,
  });
  server = await startWebServer({
    service,
    staticDir: `${dir}/window`,
    host: '127.0.0.1',
    port: 0,
    token: null,
  });
  client = new WebSocketApiClient(`ws://127.0.0.1:${server.port}/api`, {
    createSocket: (url) => new ws.WebSocket(url),
    retryDelayMs: () => 50,
  });
  client.start();
  api = client.api();
  installApi({
    ...api,
    uploadTraceChunk: (payload) => {
      chunkCalls.push({ offset: payload.offset, data: payload.data });
      if (payload.offset === lostPieceAt) return Promise.reject(new Error('the connection was lost'));
      return api.uploadTraceChunk(payload);
    },
  });
});

afterAll(async () => {
  client.stop();
  await server.close();
  await service.shutdown();
  await fs.rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  chunkCalls = [];
  lostPieceAt = null;
});

/** `file` as a browser gives it when the file on disk changes mid-way: pieces from `from` on fail. */
function unreadableFrom(file: File, from: number): UploadableFile {
  return {
    name: file.name,
    size: file.size,
    slice: (start, end) =>
      start < from
        ? file.slice(start, end)
        : ({
            arrayBuffer: () =>
              Promise.reject(new DOMException('the file changed on disk', 'NotReadableError')),
          } as Blob),
  };
}

/** What the service keeps of unfinished uploads. */
async function keptPieces(): Promise<string[]> {
  const names = await fs.readdir(`${dir}/imports/uploads`).catch(() => []);
  return names.filter((name) => name.startsWith('.part-'));
}

describe('uploading a trace file from the window', () => {
  it('sends it in ordered pieces, reports progress, and opens its run with every span', async () => {
    const text = otlpTrace(4000);
    const file = new File([text], 'agent-trace.json');
    expect(file.size).toBeGreaterThan(2 * UPLOAD_CHUNK_BYTES);
    const progress: number[] = [];

    const result = await uploadTraceFile(file, { onProgress: (sent) => progress.push(sent) });

    if (!result.ok) throw new Error(`upload failed: ${result.error.message}`);
    const runId = result.value.openedRunId;
    expect(runId).toBeTruthy();
    expect(chunkCalls.map((call) => call.offset)).toEqual(
      Array.from({ length: Math.ceil(file.size / UPLOAD_CHUNK_BYTES) }, (_, i) => i * UPLOAD_CHUNK_BYTES),
    );
    // The pieces put together are the file, byte for byte.
    const sent = chunkCalls.map((call) => atob(call.data)).join('');
    expect(sent).toBe(text);
    expect(progress.at(-1)).toBe(file.size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const summary = await request('runSummary', { runId: runId as string });
    expect(summary.ok && summary.value.spanCount).toBe(4001);
  });

  it('opens the same run when the same content is uploaded again', async () => {
    const text = otlpTrace(3);
    const first = await uploadTraceFile(new File([text], 'again.json'));
    const second = await uploadTraceFile(new File([text], 'again.json'));
    expect(first.ok && second.ok).toBe(true);
    expect(second.ok && second.value.openedRunId).toBe(first.ok && first.value.openedRunId);
  });

  it('refuses a file that is no .json or .jsonl before sending anything, naming it', async () => {
    const result = await uploadTraceFile(new File(['hello'], 'notes.txt'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain('"notes.txt" is not a trace file');
    expect(chunkCalls).toEqual([]);
  });

  it('shows the service’s own words when the file is no trace', async () => {
    const result = await uploadTraceFile(new File(['{"hello": "world"}'], 'not-a-trace.json'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain('not-a-trace.json');
    expect(chunkCalls).toHaveLength(1);
  });

  it('stops sending when cancelled, and opens nothing', async () => {
    const before = await request('listRuns', undefined);
    const abort = new AbortController();
    const file = new File([otlpTrace(20_000)], 'cancelled.json');
    const pieces = Math.ceil(file.size / UPLOAD_CHUNK_BYTES);
    expect(pieces).toBeGreaterThan(8);
    const result = await uploadTraceFile(file, { signal: abort.signal, onProgress: () => abort.abort() });
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    // Only the few pieces already under way when the first was answered went.
    expect(chunkCalls.length).toBeLessThan(pieces / 2);
    // No import was made of what was sent, and the service kept nothing of it.
    const after = await request('listRuns', undefined);
    expect(after.ok && after.value.length).toBe(before.ok && before.value.length);
    expect(await keptPieces()).toEqual([]);
  });
});

describe('an upload that fails part-way', () => {
  // A window may hold two uploads at once: three failures in a row would use up its slots, and the
  // upload after them would be refused, if the service were not told to drop each.
  it('names the file a browser could not read, and the next upload still opens', async () => {
    const file = new File([otlpTrace(12000)], 'changed-on-disk.json');
    expect(file.size).toBeGreaterThan(6 * UPLOAD_CHUNK_BYTES);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await uploadTraceFile(unreadableFrom(file, 5 * UPLOAD_CHUNK_BYTES));
      expect(result).toMatchObject({ ok: false, error: { code: 'read_failed' } });
      expect(!result.ok && result.error.message).toContain(
        `could not read "changed-on-disk.json" at byte ${5 * UPLOAD_CHUNK_BYTES}`,
      );
      expect(!result.ok && result.error.message).toContain('NotReadableError');
    }
    expect(await keptPieces()).toEqual([]);
    const next = await uploadTraceFile(new File([otlpTrace(3)], 'after-failures.json'));
    expect(next.ok).toBe(true);
  });

  it('gives the transport’s error when a piece is lost, and the next upload still opens', async () => {
    const file = new File([otlpTrace(12000)], 'lost-piece.json');
    lostPieceAt = 2 * UPLOAD_CHUNK_BYTES;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await uploadTraceFile(file);
      expect(result).toMatchObject({ ok: false, error: { code: 'ipc_failed' } });
      expect(!result.ok && result.error.message).toContain('the connection was lost');
    }
    lostPieceAt = null;
    expect(await keptPieces()).toEqual([]);
    const next = await uploadTraceFile(new File([otlpTrace(3)], 'after-lost.json'));
    expect(next.ok).toBe(true);
  });
});

describe('base64 of a piece', () => {
  it('keeps every byte value, across the slices it is built in', () => {
    const bytes = Uint8Array.from({ length: 3 * 4096 + 7 }, (_, i) => (i * 7919) % 256);
    const decoded = Uint8Array.from(atob(bytesToBase64(bytes)), (char) => char.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });
});
