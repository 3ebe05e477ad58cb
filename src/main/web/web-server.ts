import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventBatch } from '../../shared/contract';
import type { InspectorService } from '../service/inspector-service';
import { dispatchCall, isCallName } from '../service/session-calls';
import { readStaticFile } from './static-files';

export interface WebServerOptions {
  service: InspectorService;
  /** The built window (out/renderer). */
  staticDir: string;
  host: string;
  port: number;
  /** Required of every client when set; always set when the host is not a loopback address. */
  token: string | null;
}

export interface RunningWebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Serves the built window and the contract over a WebSocket, for a browser. A request whose Host
 * or Origin is not this server (DNS rebinding, another site's page) is refused, and so is a socket
 * without the token when one is set.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  if (!isLoopbackHost(options.host) && !options.token) {
    throw new Error(`serving on ${options.host} (not a loopback address) needs a token`);
  }
  const loopback = isLoopbackHost(options.host);
  let allowedHosts = new Set<string>();
  // On loopback the Host header must name this server (DNS rebinding); elsewhere the token guards.
  const hostAllowed = (request: IncomingMessage) => !loopback || allowedHosts.has(request.headers.host ?? '');

  const server = createServer((request, response) => {
    void serveHttp(request, response);
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request)) return refuse(response, 421, 'unexpected Host header');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'method not allowed');
    const file = await readStaticFile(options.staticDir, request.url ?? '/');
    if (!file) return refuse(response, 404, 'not found');
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Cache-Control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const origin = request.headers.origin;
    const sameOrigin = origin === undefined || originHost(origin) === request.headers.host;
    const tokenOk = !options.token || tokensEqual(url.searchParams.get('token') ?? '', options.token);
    if (url.pathname !== '/api' || !hostAllowed(request) || !sameOrigin || !tokenOk) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const send = (batch: EventBatch) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ batch }));
    };
    const session = options.service.connect(send);
    ws.on('close', () => options.service.disconnect(session));
    ws.on('message', (data) => {
      void answer(data.toString());
    });
    async function answer(text: string): Promise<void> {
      let message: { id?: unknown; call?: unknown; payload?: unknown };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        return reply(null, {
          ok: false,
          error: { code: 'invalid_payload', message: 'the message is not JSON' },
        });
      }
      const id = typeof message.id === 'number' ? message.id : null;
      if (!isCallName(message.call)) {
        return reply(id, {
          ok: false,
          error: { code: 'bad_channel', message: `unknown call ${JSON.stringify(message.call)}` },
        });
      }
      const args = message.payload === undefined ? [] : [message.payload];
      reply(id, await dispatchCall(options.service, session, message.call, args));
    }
    function reply(id: number | null, result: unknown): void {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  allowedHosts = new Set([`${hostInUrl}:${port}`]);
  if (loopback) {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) allowedHosts.add(`${name}:${port}`);
  }
  const url = `http://${hostInUrl}:${port}/${options.token ? `#token=${options.token}` : ''}`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(message);
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
