import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { CallName, EventBatch, PayloadOf, Result, ResultOf } from '../src/shared/contract';

type ServerMessage = { id?: number | null; result?: Result<unknown>; batch?: EventBatch };

/**
 * A window's side of the browser adapter's protocol, as a plain WebSocket client: calls go out as
 * `{id, call, payload}` and come back as `{id, result}`; pushed batches arrive as `{batch}` and go
 * to `onBatch` with the time the message reached this socket (before it is parsed).
 */
export class ProtocolClient {
  private nextId = 1;
  private readonly pending = new Map<number, { call: string; resolve: (result: Result<unknown>) => void }>();

  private constructor(
    private readonly socket: WebSocket,
    onBatch: (batch: EventBatch, receivedAt: number) => void,
  ) {
    socket.on('message', (data) => {
      const receivedAt = performance.timeOrigin + performance.now();
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.batch) {
        onBatch(message.batch, receivedAt);
        return;
      }
      const waiting = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
      if (!waiting || !message.result) {
        // Thrown here it would end the process from inside the socket's listener: say it instead.
        process.stderr.write(`the server answered no call of this client: ${String(data).slice(0, 200)}\n`);
        return;
      }
      this.pending.delete(message.id as number);
      waiting.resolve(message.result);
    });
    socket.on('close', () => {
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.resolve({
          ok: false,
          error: { code: 'ipc_failed', message: `the socket closed before ${waiting.call} was answered` },
        });
      }
    });
  }

  static connect(
    url: string,
    onBatch: (batch: EventBatch, receivedAt: number) => void,
  ): Promise<ProtocolClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new ProtocolClient(socket, onBatch)));
      socket.once('error', (error) => reject(new Error(`could not connect to ${url}: ${error.message}`)));
    });
  }

  call<N extends CallName>(name: N, payload: PayloadOf<N>): Promise<Result<ResultOf<N>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { call: name, resolve: resolve as (result: Result<unknown>) => void });
      this.socket.send(JSON.stringify({ id, call: name, payload }));
    });
  }

  /** The call's value, or an error naming the call and what the service answered. */
  async value<N extends CallName>(name: N, payload: PayloadOf<N>): Promise<ResultOf<N>> {
    const result = await this.call(name, payload);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
