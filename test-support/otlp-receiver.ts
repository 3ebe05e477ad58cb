import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request an {@link OtlpReceiver} got, its body kept as text and, when it is JSON, parsed. */
export interface ReceivedExport {
  path: string;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

/** A stand-in OTLP/HTTP collector on 127.0.0.1 that keeps every request it receives. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`, without a signal path. */
  url: string;
  received: ReceivedExport[];
  /** The parsed bodies sent to one signal path (`/v1/traces`, `/v1/metrics`, `/v1/logs`). */
  bodiesOf(path: string): unknown[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // Not JSON: kept as text so a failing test can show what arrived.
      }
      received.push({ path: request.url ?? '', headers: request.headers, text, json });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    bodiesOf: (path) => received.filter((entry) => entry.path === path).map((entry) => entry.json),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
