import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventBatch, Result } from '../../shared/contract';
import type { InspectorService } from '../service/inspector-service';
import { dispatchCall } from '../service/session-calls';
import { errorResult } from '../service/validated-call';
import { requestAuthorised, tokenCookieHeader, tokensEqual } from './access-token';
import { parseClientMessage } from './client-message';
import { CallRateLimiter, CONNECTION_LIMITS } from './connection-limits';
import { isLoopbackHost } from './loopback';
import { hostInUrl, serverOrigins } from './server-origins';
import { readStaticFile } from './static-files';

export { isLoopbackHost } from './loopback';

export interface WebServerOptions {
  service: InspectorService;
  /** The built window (out/renderer). */
  staticDir: string;
  host: string;
  port: number;
  /** Required of every API client; null only by explicit choice, and only on a loopback host. */
  token: string | null;
  /** Runs one checked call; the service's own dispatcher unless a test hands in another. */
  dispatch?: typeof dispatchCall;
  /** Where the server reports its own failures (never a client's bytes); stderr by default. */
  log?: (line: string) => void;
}

export interface RunningWebServer {
  /** The address to open, with the token when there is one. */
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

/** Answers 204 with the token and 401 without: how the window tells "no token" from "server down". */
export const AUTH_CHECK_PATH = '/api/auth-check';

/**
 * Serves the built window and the contract over a WebSocket, for a browser. The window's files are
 * served to anyone who may reach the host (they are the public build and hold nothing secret, and
 * a page that loads can say what is missing); the API needs the token, from the `token` query
 * parameter or the cookie a first visit with `?token=` sets. Host and Origin must be this server's.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  if (!isLoopbackHost(options.host) && !options.token) {
    throw new Error(`serving on ${options.host} (not a loopback address) needs a token`);
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dispatch = options.dispatch ?? dispatchCall;
  let port = options.port;
  let origins = serverOrigins(options.host, port);

  const server = createServer((request, response) => {
    serveHttp(request, response).catch((error: unknown) => {
      log(`dad serve: a page request failed: ${(error as Error).message}`);
      if (!response.headersSent) refuse(response, 500, 'internal error');
      else response.destroy();
    });
  });
  server.maxConnections = CONNECTION_LIMITS.maxTcpConnections;
  // A malformed request line or header: answer 400 and drop only that connection.
  server.on('clientError', (_error, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!origins.hostAllowed(request)) return refuse(response, 421, 'unexpected Host header');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'method not allowed');
    const url = requestUrl(request);
    if (!url) return refuse(response, 400, 'malformed address');
    if (url.pathname === AUTH_CHECK_PATH) {
      if (!origins.originAllowed(request)) return refuse(response, 403, 'another origin');
      return requestAuthorised(request, url, port, options.token)
        ? refuse(response, 204, '')
        : refuse(response, 401, 'this address needs the link with its token that `dad serve` printed');
    }
    if (url.searchParams.has('token') && options.token !== null) return takeTokenFromAddress(response, url);
    const file = await readStaticFile(options.staticDir, url.pathname);
    if (!file) return refuse(response, 404, 'not found');
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Cache-Control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  /** The first visit with `?token=`: keep it in a cookie and send the browser to the address without it. */
  function takeTokenFromAddress(response: ServerResponse, url: URL): void {
    if (!tokensEqual(url.searchParams.get('token') ?? '', options.token as string)) {
      return refuse(
        response,
        403,
        'the token in this address is not this server’s: use the link `dad serve` printed',
      );
    }
    url.searchParams.delete('token');
    response.writeHead(303, {
      ...SECURITY_HEADERS,
      'Set-Cookie': tokenCookieHeader(port, options.token as string),
      // One leading slash: `//host` would send the browser to another site.
      Location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`,
      'Cache-Control': 'no-store',
    });
    response.end();
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: CONNECTION_LIMITS.maxMessageBytes,
    perMessageDeflate: false,
  });
  sockets.on('error', (error) => log(`dad serve: the WebSocket server failed: ${error.message}`));

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that drops mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(request);
    const refusal =
      !url || url.pathname !== '/api'
        ? '404 Not Found'
        : !origins.hostAllowed(request)
          ? '421 Misdirected Request'
          : !origins.originAllowed(request)
            ? '403 Forbidden'
            : !requestAuthorised(request, url, port, options.token)
              ? '401 Unauthorized'
              : sockets.clients.size >= CONNECTION_LIMITS.maxConnections
                ? '503 Service Unavailable'
                : null;
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    // Protocol errors (invalid UTF-8, reserved bits, oversize frames): ws closes this connection
    // with the matching close code; the listener keeps the error from reaching the process.
    ws.on('error', () => undefined);
    const send = (batch: EventBatch) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ batch }));
    };
    const session = options.service.connect(send);
    ws.on('close', () => options.service.disconnect(session));
    const limiter = new CallRateLimiter(CONNECTION_LIMITS.burstCalls, CONNECTION_LIMITS.callsPerSecond);
    let inFlight = 0;
    const refusalBudget = new CallRateLimiter(
      CONNECTION_LIMITS.refusalsBeforeClose,
      CONNECTION_LIMITS.refusalsForgivenPerSecond,
    );

    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Frames that arrive after the server chose to close are not answered.
      if (ws.readyState !== ws.OPEN) return;
      const message = parseClientMessage(asBuffer(data), isBinary);
      if (!message.ok) return reply(message.id, { ok: false, error: message.error });
      if (!limiter.tryTake()) {
        // Answered while it lasts (an honest client backs off); a client that keeps on is cut off.
        if (!refusalBudget.tryTake()) return ws.close(1008, 'too many calls');
        return reply(
          message.id,
          errorResult(
            'rate_limited',
            `more than ${CONNECTION_LIMITS.callsPerSecond} calls a second: slow down`,
          ),
        );
      }
      if (inFlight >= CONNECTION_LIMITS.maxCallsInFlight) {
        return reply(
          message.id,
          errorResult(
            'busy',
            `${CONNECTION_LIMITS.maxCallsInFlight} calls are already being answered on this connection`,
          ),
        );
      }
      inFlight++;
      // A handler that throws at once or rejects is still answered, as an error.
      Promise.resolve()
        .then(() => dispatch(options.service, session, message.call, message.args))
        .catch((thrown: unknown) => {
          log(
            `dad serve: ${message.call} failed: ${thrown instanceof Error ? thrown.message : 'unknown error'}`,
          );
          return errorResult('internal_error', `${message.call}: the server failed to answer`);
        })
        .then((result) => reply(message.id, result))
        .finally(() => inFlight--);
    });

    function reply(id: number | null, result: Result<unknown>): void {
      if (ws.readyState !== ws.OPEN) return;
      let text: string;
      try {
        text = JSON.stringify({ id, result });
      } catch {
        text = JSON.stringify({
          id,
          result: errorResult('internal_error', 'the answer could not be encoded'),
        });
      }
      ws.send(text);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(`dad serve: the HTTP server failed: ${error.message}`));
  port = (server.address() as AddressInfo).port;
  origins = serverOrigins(options.host, port);
  const url = `http://${hostInUrl(options.host)}:${port}/${options.token ? `?token=${options.token}` : ''}`;
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

function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://server.invalid');
  } catch {
    return null;
  }
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(message);
}
