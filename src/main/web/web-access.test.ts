import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Result } from '../../shared/contract';
import { InspectorService } from '../service/inspector-service';
import { dispatchCallAsJson } from '../service/session-calls';
import { CONNECTION_LIMITS } from './connection-limits';
import { isLoopbackHost } from './loopback';
import { startWebServer, type RunningWebServer, type WebServerOptions } from './web-server';

const TOKEN = 'access-test-token-abcdefghijklmnop';

let dir: string;
let staticDir: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-web-access-'));
  staticDir = join(dir, 'window');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>window</title>');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function serve(options: Partial<WebServerOptions> = {}): Promise<RunningWebServer> {
  const service = new InspectorService({
    appInfo: { name: 'access test', version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile: null,
  });
  const server = await startWebServer({
    service,
    staticDir,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    ...options,
  });
  cleanups.push(async () => {
    await server.close();
    await service.shutdown();
  });
  return server;
}

/** Opens a socket; resolves with it once open, or with the HTTP status the upgrade was refused with. */
function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      cleanups.push(async () => socket.terminate());
      resolve(socket);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

async function mustOpen(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const socket = await openSocket(url, headers);
  if (typeof socket === 'number') throw new Error(`refused with ${socket}`);
  return socket;
}

/** Sends raw text and collects the next `count` answers. */
function answers(
  socket: WebSocket,
  messages: (string | Buffer)[],
  count = messages.length,
): Promise<unknown[]> {
  return new Promise((resolve) => {
    const received: unknown[] = [];
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = JSON.parse(data.toString()) as { batch?: unknown };
      if (parsed.batch) return;
      received.push(parsed);
      if (received.length === count) {
        socket.off('message', onMessage);
        resolve(received);
      }
    };
    socket.on('message', onMessage);
    for (const message of messages) socket.send(message, { binary: Buffer.isBuffer(message) });
  });
}

function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('isLoopbackHost', () => {
  it('parses the address instead of matching a prefix', () => {
    expect(isLoopbackHost('127.evil.com')).toBe(false);
    expect(isLoopbackHost('127.0.0.5')).toBe(true);
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('::ffff:10.0.0.1')).toBe(false);
  });
});

describe('the token', () => {
  it('is required on loopback: refused without it or with a wrong one, accepted from the query', async () => {
    const server = await serve();
    const api = `ws://127.0.0.1:${server.port}/api`;
    // The printed link holds the token in its fragment, which a browser sends to no server.
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${TOKEN}`);
    expect(await openSocket(api)).toBe(401);
    expect(await openSocket(`${api}?token=wrong-${TOKEN}`)).toBe(401);
    const byQuery = await mustOpen(`${api}?token=${TOKEN}`);
    expect(await answers(byQuery, [JSON.stringify({ id: 1, call: 'appInfo' })])).toMatchObject([
      { id: 1, result: { ok: true } },
    ]);
  });

  it('is required on a second loopback address too', async () => {
    const server = await serve({ host: '127.0.0.2' });
    expect(await openSocket(`ws://127.0.0.2:${server.port}/api`)).toBe(401);
    await mustOpen(`ws://127.0.0.2:${server.port}/api?token=${TOKEN}`);
  });

  it('cannot be left out on a non-loopback address', async () => {
    await expect(serve({ host: '10.0.0.1', token: null })).rejects.toThrow(
      /not a loopback address.*needs a token/,
    );
  });

  it('is kept by no cookie: the page is served as it is, with or without `?token=`', async () => {
    const server = await serve();
    // A cookie would reach every server on this host, whatever its port: none is ever set.
    for (const path of ['/', `/?token=${TOKEN}`, '/?token=nope', `/api/auth-check?token=${TOKEN}`]) {
      const visit = await httpGet(server.port, path);
      expect(visit.headers['set-cookie'], path).toBeUndefined();
      expect(visit.status, path).not.toBe(303);
    }
    expect((await httpGet(server.port, `/?token=${TOKEN}`)).status).toBe(200);
    expect((await httpGet(server.port, `/api/auth-check?token=${TOKEN}`)).status).toBe(204);
    const noToken = await httpGet(server.port, '/api/auth-check');
    expect(noToken.status).toBe(401);
    expect(noToken.body).toContain('needs the link with its token');
    // The window's files hold nothing secret: they load without the token, and can then say what is missing.
    expect((await httpGet(server.port, '/')).status).toBe(200);
  });
});

describe('origins', () => {
  it('accepts only the server’s own origins, compared by scheme, host and port', async () => {
    const server = await serve();
    const port = server.port;
    const api = `ws://127.0.0.1:${port}/api?token=${TOKEN}`;
    for (const origin of [
      `https://127.0.0.1:${port}`,
      `http://evil@127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
      'null',
      `http://127.evil.com:${port}`,
      `http://127.0.0.1:${port}/path`,
      `ws://127.0.0.1:${port}`,
    ]) {
      expect(await openSocket(api, { origin }), origin).toBe(403);
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      await mustOpen(api, { origin });
    }
    expect(
      await openSocket(api, { host: `127.evil.com:${port}`, origin: `http://127.evil.com:${port}` }),
    ).toBe(421);
  });
});

describe('a connection’s calls', () => {
  it('a handler that throws at once or rejects is answered as an error, and the next call works', async () => {
    const server = await serve({
      dispatch: (service, session, name, args) => {
        if (name === 'listRuns') throw new Error('thrown at once');
        if (name === 'runSummary') return Promise.reject(new Error('rejected'));
        return dispatchCallAsJson(service, session, name, args);
      },
      log: () => undefined,
    });
    const socket = await mustOpen(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
    const replies = await answers(socket, [
      JSON.stringify({ id: 1, call: 'listRuns' }),
      JSON.stringify({ id: 2, call: 'runSummary', payload: { runId: 'run_1' } }),
      JSON.stringify({ id: 3, call: 'appInfo' }),
    ]);
    const byId = new Map(
      replies.map((reply) => [(reply as { id: number }).id, (reply as { result: Result<unknown> }).result]),
    );
    expect(byId.get(1)).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(byId.get(3)).toMatchObject({ ok: true, value: { name: 'access test' } });
  });

  it('refuses binary frames and malformed messages as data, naming no byte of theirs', async () => {
    const server = await serve();
    const socket = await mustOpen(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
    const replies = await answers(socket, [
      Buffer.from(JSON.stringify({ id: 1, call: 'appInfo' })),
      'null',
      JSON.stringify({ id: 2, call: 'MARKER_call' }),
      JSON.stringify({ id: 3, call: 'appInfo', MARKER_field: 1 }),
      JSON.stringify({ id: 'MARKER', call: 'appInfo' }),
      `{"id":4,"call":"appInfo","payload":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    ]);
    expect(replies).toEqual([
      {
        id: null,
        result: { ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('binary') } },
      },
      {
        id: null,
        result: {
          ok: false,
          error: { code: 'invalid_payload', message: expect.stringContaining('got null') },
        },
      },
      {
        id: 2,
        result: {
          ok: false,
          error: { code: 'bad_channel', message: 'unknown call (a string of 11 character(s))' },
        },
      },
      {
        id: 3,
        result: {
          ok: false,
          error: { code: 'invalid_payload', message: expect.stringContaining('1 other field') },
        },
      },
      {
        id: null,
        result: {
          ok: false,
          error: { code: 'invalid_payload', message: expect.stringContaining('a string of 6') },
        },
      },
      {
        id: 4,
        result: {
          ok: false,
          error: { code: 'invalid_payload', message: expect.stringContaining('deeper than') },
        },
      },
    ]);
    expect(JSON.stringify(replies)).not.toContain('MARKER');
  });

  it('answers calls over the rate `rate_limited`, and cuts off a client that keeps flooding', async () => {
    const server = await serve();
    const socket = await mustOpen(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
    const burst = Array.from({ length: 400 }, (_, i) => JSON.stringify({ id: i, call: 'appInfo' }));
    const replies = (await answers(socket, burst)) as { result: Result<unknown> }[];
    const limited = replies.filter((reply) => !reply.result.ok && reply.result.error.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(100);
    // The rest are answered, or refused as `busy` once the calls in flight reach their own bound.
    expect(replies.filter((reply) => reply.result.ok).length).toBeGreaterThanOrEqual(
      Math.min(CONNECTION_LIMITS.burstCalls, CONNECTION_LIMITS.maxCallsInFlight),
    );

    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    for (let i = 0; i < CONNECTION_LIMITS.refusalsBeforeClose * 2; i++)
      socket.send('{"id":1,"call":"appInfo"}');
    expect(await closed).toBe(1008);
  });

  it('takes the rate before reading a message: a flood of malformed ones is refused for its rate', async () => {
    const server = await serve();
    const socket = await mustOpen(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
    const flood = Array.from({ length: CONNECTION_LIMITS.burstCalls + 100 }, () => 'not json');
    const replies = (await answers(socket, flood)) as { id: unknown; result: Result<unknown> }[];
    const limited = replies.filter((reply) => !reply.result.ok && reply.result.error.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(50);
    expect(limited.every((reply) => reply.id === null)).toBe(true);
  });

  it('answers `busy` beyond the calls in flight, and refuses connections beyond the bound', async () => {
    const hung = new Promise<string>(() => undefined);
    const server = await serve({
      dispatch: (service, session, name, args) =>
        name === 'listRuns' ? hung : dispatchCallAsJson(service, session, name, args),
    });
    const api = `ws://127.0.0.1:${server.port}/api?token=${TOKEN}`;
    const socket = await mustOpen(api);
    const stuck = Array.from({ length: CONNECTION_LIMITS.maxCallsInFlight }, (_, i) =>
      JSON.stringify({ id: i, call: 'listRuns' }),
    );
    const replies = await answers(socket, [...stuck, JSON.stringify({ id: 999, call: 'appInfo' })], 1);
    expect(replies).toMatchObject([{ id: 999, result: { ok: false, error: { code: 'busy' } } }]);

    for (let i = 1; i < CONNECTION_LIMITS.maxConnections; i++) await mustOpen(api);
    expect(await openSocket(api)).toBe(503);
  });
});

/** Opens a raw TCP connection from `localAddress` that sends nothing; resolves once connected. */
function idleConnection(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => resolve(socket));
    socket.on('error', () => undefined);
    socket.once('error', reject);
    cleanups.push(async () => void socket.destroy());
  });
}

function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  if (socket.closed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('TCP connections before the token', () => {
  it('are bounded per remote address, and one that sends no request is dropped', async () => {
    const perAddress = CONNECTION_LIMITS.maxUnauthorisedPerAddress;
    const server = await serve({ limits: { headersTimeoutMs: 2500, requestTimeoutMs: 5000 } });
    const held = [];
    for (let i = 0; i < perAddress; i++) held.push(await idleConnection(server.port));
    const oneTooMany = await idleConnection(server.port);
    expect(await closedWithin(oneTooMany, 500)).toBe(true);
    expect(held.some((socket) => socket.closed)).toBe(false);
    // Another address still gets in; and authorised sockets do not take this address's slots.
    const other = await idleConnection(server.port, '127.0.0.2');
    expect(other.closed).toBe(false);

    // Connections that never send a request are dropped once the headers timeout passes.
    expect(await closedWithin(held[0] as Socket, 10_000)).toBe(true);
    const late = await idleConnection(server.port);
    expect(await closedWithin(late, 500)).toBe(false);
  });

  it('do not count against the address once authorised as a WebSocket', async () => {
    const server = await serve();
    const api = `ws://127.0.0.1:${server.port}/api?token=${TOKEN}`;
    for (let i = 0; i < CONNECTION_LIMITS.maxUnauthorisedPerAddress + 4; i++) await mustOpen(api);
    expect((await httpGet(server.port, '/')).status).toBe(200);
  });
});
