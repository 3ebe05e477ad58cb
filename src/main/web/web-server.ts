import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventBatch } from '../../shared/contract';
import type { InspectorService } from '../service/inspector-service';
import { dispatchCallAsJson } from '../service/session-calls';
import { errorResult } from '../service/validated-call';
import { requestAuthorised } from './access-token';
import { AddressSlots } from './address-slots';
import { parseClientMessage } from './client-message';
import { CallRateLimiter, CONNECTION_LIMITS, type ConnectionLimits } from './connection-limits';
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
  /** Runs one checked call, answered as the Result's JSON text; the service's own unless a test hands in another. */
  dispatch?: typeof dispatchCallAsJson;
  /** Bounds other than CONNECTION_LIMITS (a test's shorter timeouts). */
  limits?: Partial<ConnectionLimits>;
  /** Where the server reports its own failures (never a client's bytes); stderr by default. */
  log?: (line: string) => void;
}

export interface RunningWebServer {
  /** The address to open, with the token in its fragment (never sent to any server) when there is one. */
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
 * a page that loads can say what is missing); the API needs the token in the `token` query
 * parameter, which the window keeps for itself (no cookie: cookies ignore ports, so any local
 * server would receive it). Host and Origin must be this server's.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  if (!isLoopbackHost(options.host) && !options.token) {
    throw new Error(`serving on ${options.host} (not a loopback address) needs a token`);
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dispatch = options.dispatch ?? dispatchCallAsJson;
  const limits: ConnectionLimits = { ...CONNECTION_LIMITS, ...options.limits };
  let port = options.port;
  let origins = serverOrigins(options.host, port);

  const server = createServer(
    {
      // A client that opens a connection and sends nothing, or dribbles its headers, loses it.
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (request, response) => {
      serveHttp(request, response).catch((error: unknown) => {
        log(`dad serve: a page request failed: ${(error as Error).message}`);
        if (!response.headersSent) refuse(response, 500, 'internal error');
        else response.destroy();
      });
    },
  );
  server.maxConnections = limits.maxTcpConnections;
  // headersTimeout starts with a request's first byte: a connection that sends none is idle, and
  // an idle connection is closed after the same time (sockets that became WebSockets reset this).
  server.setTimeout(limits.headersTimeoutMs);
  const slots = new AddressSlots(limits.maxUnauthorisedPerAddress);
  server.on('connection', (socket: Socket) => {
    if (!slots.take(socket)) socket.destroy();
  });
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
      return requestAuthorised(url, options.token)
        ? refuse(response, 204, '')
        : refuse(response, 401, 'this address needs the link with its token that `dad serve` printed');
    }
    const file = await readStaticFile(options.staticDir, url.pathname);
    if (!file) return refuse(response, 404, 'not found');
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Cache-Control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
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
            : !requestAuthorised(url, options.token)
              ? '401 Unauthorized'
              : sockets.clients.size >= limits.maxConnections
                ? '503 Service Unavailable'
                : null;
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      // Authorised: from here the socket counts against maxConnections, not its address's slots.
      slots.release(socket as Socket);
      attach(ws);
    });
  });

  function attach(ws: WebSocket): void {
    // Protocol errors (invalid UTF-8, reserved bits, oversize frames): ws closes this connection
    // with the matching close code; the listener keeps the error from reaching the process.
    ws.on('error', () => undefined);
    const send = (batch: EventBatch) => {
      if (ws.readyState === ws.OPEN && !overloaded()) ws.send(JSON.stringify({ batch }));
    };
    const session = options.service.connect(send);
    ws.on('close', () => options.service.disconnect(session));
    const limiter = new CallRateLimiter(limits.burstCalls, limits.callsPerSecond);
    let inFlight = 0;
    const refusalBudget = new CallRateLimiter(limits.refusalsBeforeClose, limits.refusalsForgivenPerSecond);

    /**
     * Whether this client has left more unread than it may (replies and events it never reads
     * would otherwise pile up in memory); if so the connection is closed. Closed rather than
     * answered `busy`: a client that is not reading would never see the answer. The close frame
     * waits behind the unread bytes too, so the socket is destroyed if it has not closed soon.
     */
    function overloaded(): boolean {
      if (ws.bufferedAmount <= limits.maxBufferedBytes) return false;
      if (ws.readyState === ws.OPEN) {
        ws.close(1008, 'replies are not being read');
        const timer = setTimeout(() => ws.terminate(), 1000);
        timer.unref();
        ws.once('close', () => clearTimeout(timer));
      }
      return true;
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Frames that arrive after the server chose to close are not answered.
      if (ws.readyState !== ws.OPEN || overloaded()) return;
      // The rate is checked before any parsing, so a flood costs the server no JSON work.
      if (!limiter.tryTake()) {
        // Answered while it lasts (an honest client backs off); a client that keeps on is cut off.
        if (!refusalBudget.tryTake()) return ws.close(1008, 'too many calls');
        return reply(null, rateLimitedText);
      }
      const message = parseClientMessage(asBuffer(data), isBinary);
      if (!message.ok) return reply(message.id, JSON.stringify({ ok: false, error: message.error }));
      if (inFlight >= limits.maxCallsInFlight) {
        return reply(message.id, busyText);
      }
      inFlight++;
      // A handler that throws at once or rejects is still answered, as an error.
      Promise.resolve()
        .then(() => dispatch(options.service, session, message.call, message.args))
        .catch((thrown: unknown) => {
          log(
            `dad serve: ${message.call} failed: ${thrown instanceof Error ? thrown.message : 'unknown error'}`,
          );
          return JSON.stringify(
            errorResult('internal_error', `${message.call}: the server failed to answer`),
          );
        })
        .then((resultJson) => reply(message.id, resultJson))
        .finally(() => inFlight--);
    });

    /** Sends `{id, result}` around a result already serialized (and measured) once. */
    function reply(id: number | null, resultJson: string): void {
      if (ws.readyState !== ws.OPEN || overloaded()) return;
      ws.send(`{"id":${id === null ? 'null' : String(id)},"result":${resultJson}}`);
    }
  }

  const rateLimitedText = JSON.stringify(
    errorResult('rate_limited', `more than ${limits.callsPerSecond} calls a second: slow down`),
  );
  const busyText = JSON.stringify(
    errorResult('busy', `${limits.maxCallsInFlight} calls are already being answered on this connection`),
  );

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
  const url = `http://${hostInUrl(options.host)}:${port}/${options.token ? `#token=${options.token}` : ''}`;
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
