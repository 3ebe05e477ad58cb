import { afterEach, describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../shared/contract';
import type { SocketLike } from './ws-client';
import { WebSocketApiClient } from './ws-client';
import { NEEDS_TOKEN_MESSAGE } from './ws-url';

/** The parts of the `ws` package this test uses (loaded at run time: the window's types know no Node). */
interface WsServerSocket {
  send(data: string): void;
  close(): void;
  terminate(): void;
  on(event: 'message', listener: (data: { toString(): string }) => void): void;
}
interface WsServer {
  address(): { port: number };
  on(event: 'connection', listener: (socket: WsServerSocket, request: { url?: string }) => void): void;
  on(event: 'listening', listener: () => void): void;
  close(callback?: () => void): void;
  clients: Set<WsServerSocket>;
}
interface WsModule {
  WebSocketServer: new (options: { host: string; port: number }) => WsServer;
  WebSocket: new (url: string) => SocketLike;
}

/** The parts of `node:http` the token test uses: a server that refuses as `dad serve` does without the token. */
interface HttpResponse {
  writeHead(status: number): void;
  end(): void;
}
interface HttpServer {
  on(
    event: 'upgrade',
    listener: (request: { url?: string }, socket: { end(data: string): void }) => void,
  ): void;
  listen(port: number, host: string, callback: () => void): void;
  address(): { port: number };
  close(callback: () => void): void;
  closeAllConnections(): void;
}
interface HttpModule {
  createServer(handler: (request: { url?: string }, response: HttpResponse) => void): HttpServer;
}

const wsModuleName = 'ws';
const ws = (await import(/* @vite-ignore */ wsModuleName)) as WsModule;
const httpModuleName = 'node:http';
const http = (await import(/* @vite-ignore */ httpModuleName)) as HttpModule;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(
  port = 0,
  onCall?: (socket: WsServerSocket, message: { id: number; call: string; payload?: unknown }) => void,
): Promise<{ server: WsServer; port: number; urls: string[] }> {
  const server = new ws.WebSocketServer({ host: '127.0.0.1', port });
  const urls: string[] = [];
  server.on('connection', (socket, request) => {
    urls.push(request.url ?? '');
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id: number; call: string; payload?: unknown };
      if (onCall) onCall(socket, message);
      else socket.send(JSON.stringify({ id: message.id, result: { ok: true, value: { echo: message } } }));
    });
  });
  await new Promise<void>((resolve) => server.on('listening', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    });
  cleanups.push(stop);
  return { server, port: server.address().port, urls };
}

function client(port: number, options: { connectWaitMs?: number } = {}): WebSocketApiClient {
  const instance = new WebSocketApiClient(`ws://127.0.0.1:${port}/api?token=t0k`, {
    createSocket: (url) => new ws.WebSocket(url),
    retryDelayMs: () => 50,
    ...options,
  });
  instance.start();
  cleanups.push(() => instance.stop());
  return instance;
}

function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe('WebSocketApiClient', () => {
  it('sends {id, call, payload} with the token in the URL and resolves with the matching result', async () => {
    const { port, urls } = await startServer();
    const api = client(port).api();
    const [runs, summary] = await Promise.all([api.listRuns(), api.runSummary({ runId: 'run_1' })]);
    expect(urls[0]).toBe('/api?token=t0k');
    expect(runs).toEqual({ ok: true, value: { echo: { id: 1, call: 'listRuns' } } });
    expect(summary).toEqual({
      ok: true,
      value: { echo: { id: 2, call: 'runSummary', payload: { runId: 'run_1' } } },
    });
  });

  it('asks for its address again at each attempt, so a token kept since is used on reconnect', async () => {
    let token = 'first';
    let answered = 0;
    const { port, urls } = await startServer(0, (socket, message) => {
      if (answered++ === 0) return socket.terminate();
      socket.send(JSON.stringify({ id: message.id, result: { ok: true, value: 'again' } }));
    });
    const instance = new WebSocketApiClient(() => `ws://127.0.0.1:${port}/api?token=${token}`, {
      createSocket: (url) => new ws.WebSocket(url),
      retryDelayMs: () => 50,
    });
    instance.start();
    cleanups.push(() => instance.stop());
    expect((await instance.api().listRuns()).ok).toBe(false);
    token = 'second';
    await waitFor(() => urls.length === 2 && instance.currentStatus().state === 'open');
    expect(await instance.api().listRuns()).toEqual({ ok: true, value: 'again' });
    expect(urls).toEqual(['/api?token=first', '/api?token=second']);
  });

  it('tries again at once when asked, without waiting for the next retry', async () => {
    const probe = await startServer();
    const port = probe.port;
    await cleanups.pop()?.();
    const instance = new WebSocketApiClient(`ws://127.0.0.1:${port}/api`, {
      createSocket: (url) => new ws.WebSocket(url),
      retryDelayMs: () => 60_000,
      checkAccess: () => Promise.resolve('needs_token'),
    });
    instance.start();
    cleanups.push(() => instance.stop());
    await waitFor(() => instance.currentStatus().state === 'reconnecting');
    await startServer(port);
    instance.retryNow();
    await waitFor(() => instance.currentStatus().state === 'open');
  });

  it('passes error results through as data', async () => {
    const { port } = await startServer(0, (socket, message) =>
      socket.send(
        JSON.stringify({
          id: message.id,
          result: { ok: false, error: { code: 'no_project', message: 'open one' } },
        }),
      ),
    );
    const result = await client(port).api().listRuns();
    expect(result).toEqual({ ok: false, error: { code: 'no_project', message: 'open one' } });
  });

  it('delivers pushed batches to every listener', async () => {
    const { server, port } = await startServer();
    const instance = client(port);
    const received: EventBatch[] = [];
    instance.api().onEvents((batch) => received.push(batch));
    await waitFor(() => instance.currentStatus().state === 'open');
    const batch: EventBatch = { events: [{ type: 'runs.changed', runs: [] }] };
    for (const socket of server.clients) socket.send(JSON.stringify({ batch }));
    await waitFor(() => received.length === 1);
    expect(received[0]).toEqual(batch);
  });

  it('fails a call in flight when the socket closes, then reconnects and answers again', async () => {
    let answer = false;
    const { port } = await startServer(0, (socket, message) => {
      if (answer) socket.send(JSON.stringify({ id: message.id, result: { ok: true, value: 'back' } }));
      else socket.terminate();
    });
    const instance = client(port);
    const statuses: string[] = [];
    instance.onStatus((status) => statuses.push(status.state));
    const lost = await instance.api().listRuns();
    expect(lost.ok).toBe(false);
    if (!lost.ok) {
      expect(lost.error.code).toBe('ipc_failed');
      expect(lost.error.message).toMatch(/listRuns: the connection to ws:\/\/127\.0\.0\.1:\d+\/api closed/);
      expect(lost.error.message).not.toMatch(/t0k/);
    }
    answer = true;
    await waitFor(() => instance.currentStatus().state === 'open');
    expect(statuses).toContain('reconnecting');
    expect(await instance.api().listRuns()).toEqual({ ok: true, value: 'back' });
  });

  it('holds calls made before the server is up and sends them once it is', async () => {
    const probe = await startServer();
    const port = probe.port;
    await cleanups.pop()?.();
    const instance = client(port);
    const pending = instance.api().currentProject();
    await waitFor(() => instance.currentStatus().state === 'reconnecting');
    await startServer(port);
    expect(await pending).toMatchObject({ ok: true, value: { echo: { call: 'currentProject' } } });
  });

  it('fails a call that waited too long for a connection', async () => {
    const probe = await startServer();
    const port = probe.port;
    await cleanups.pop()?.();
    const result = await client(port, { connectWaitMs: 200 }).api().appInfo();
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'ipc_failed', message: expect.stringMatching(/not connected/) },
    });
  });

  it('says in words that the address needs the token when the server refuses it for that', async () => {
    // Answers as `dad serve` does to a browser without its token: the upgrade and the access check both 401.
    const server = http.createServer((_request, response) => {
      response.writeHead(401);
      response.end();
    });
    server.on('upgrade', (_request, socket) =>
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const instance = new WebSocketApiClient(`ws://127.0.0.1:${server.address().port}/api`, {
      createSocket: (url) => new ws.WebSocket(url),
      retryDelayMs: () => 50,
    });
    instance.start();
    cleanups.push(() => instance.stop());
    const result = await instance.api().listRuns();
    expect(result).toEqual({
      ok: false,
      error: { code: 'ipc_failed', message: `listRuns: ${NEEDS_TOKEN_MESSAGE}` },
    });
    await waitFor(() => instance.currentStatus().state === 'reconnecting');
    expect(instance.currentStatus()).toMatchObject({ reason: NEEDS_TOKEN_MESSAGE });
    expect(NEEDS_TOKEN_MESSAGE).toBe('this address needs the link with its token that `dad serve` printed');
  });

  it('does not blame the token when the server is simply not there', async () => {
    const probe = await startServer();
    const port = probe.port;
    await cleanups.pop()?.();
    const instance = client(port, { connectWaitMs: 300 });
    await waitFor(() => instance.currentStatus().state === 'reconnecting');
    expect(instance.currentStatus()).not.toMatchObject({ reason: NEEDS_TOKEN_MESSAGE });
  });
});
