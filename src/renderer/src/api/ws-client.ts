import { calls } from '../../../shared/contract';
import type { CallError, CallName, DadApi, EventBatch, Result } from '../../../shared/contract';
import { reconnectDelayMs } from './reconnect-delay';
import { accessCheckUrl, NEEDS_TOKEN_MESSAGE } from './ws-url';

/** The part of a browser `WebSocket` this client uses (so a test can hand it another implementation). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

/** Why a socket that never opened was refused: for want of the token, or something else. */
export type AccessCheck = (socketUrl: string) => Promise<'needs_token' | 'other'>;

export type ConnectionStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'open'; generation: number }
  | { state: 'reconnecting'; attempt: number; retryInMs: number; reason: string }
  | { state: 'stopped' };

export interface WebSocketClientOptions {
  createSocket?: SocketFactory;
  /** How long a call made while disconnected waits for the connection before it fails. */
  connectWaitMs?: number;
  /** Delay before reconnect attempt n; defaults to a doubling backoff. */
  retryDelayMs?: (attempt: number) => number;
  /** Asked when a socket closes before it opened; by default the server's access-check page. */
  checkAccess?: AccessCheck;
}

interface PendingCall {
  id: number;
  name: CallName;
  message: string;
  sent: boolean;
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

const OPEN = 1;

/** A browser cannot see why a WebSocket upgrade failed, so the window asks the server in plain HTTP. */
const checkAccessOverHttp: AccessCheck = async (socketUrl) => {
  try {
    const response = await fetch(accessCheckUrl(socketUrl), {
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(5000),
    });
    return response.status === 401 ? 'needs_token' : 'other';
  } catch {
    return 'other';
  }
};

function failure(message: string): Result<never> {
  const error: CallError = { code: 'ipc_failed', message };
  return { ok: false, error };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const ok = (value as { ok?: unknown }).ok;
  if (ok === true) return 'value' in value;
  if (ok !== false) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as CallError).message === 'string';
}

function isBatch(value: unknown): value is EventBatch {
  return typeof value === 'object' && value !== null && Array.isArray((value as { events?: unknown }).events);
}

/**
 * The window's API over one WebSocket: `{id, call, payload}` out, `{id, result}` and `{batch}` in.
 * Reconnects with backoff when the socket closes; calls in flight then fail as `ipc_failed`.
 */
export class WebSocketApiClient {
  private socket: SocketLike | null = null;
  private nextId = 1;
  private attempt = 0;
  private generation = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, PendingCall>();
  private readonly eventListeners = new Set<(batch: EventBatch) => void>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private status: ConnectionStatus = { state: 'connecting', attempt: 0 };
  private readonly createSocket: SocketFactory;
  private readonly connectWaitMs: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly checkAccess: AccessCheck;
  private readonly urlNow: () => string;
  /** The address of the latest attempt. */
  private url: string;

  /** `url` may be a function: it is then asked again at every connection attempt. */
  constructor(url: string | (() => string), options: WebSocketClientOptions = {}) {
    this.urlNow = typeof url === 'string' ? () => url : url;
    this.url = this.urlNow();
    this.createSocket = options.createSocket ?? ((target) => new WebSocket(target) as unknown as SocketLike);
    this.connectWaitMs = options.connectWaitMs ?? 10_000;
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => reconnectDelayMs(attempt, Math.random()));
    this.checkAccess = options.checkAccess ?? checkAccessOverHttp;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'client stopped');
    }
    this.failAll('the connection was closed by the window');
    this.setStatus({ state: 'stopped' });
  }

  /** Tries to connect now instead of at the next retry (the token has just been given, say). */
  retryNow(): void {
    if (this.stopped || this.socket !== null) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  currentStatus(): ConnectionStatus {
    return this.status;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onEvents(listener: (batch: EventBatch) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  call(name: CallName, payload: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    const message = JSON.stringify(payload === undefined ? { id, call: name } : { id, call: name, payload });
    return new Promise((resolve) => {
      const entry: PendingCall = { id, name, message, sent: false, resolve, timer: null };
      this.pending.set(id, entry);
      if (this.socket?.readyState === OPEN) {
        this.send(entry);
        return;
      }
      entry.timer = setTimeout(() => {
        if (entry.sent) return;
        this.settle(
          id,
          failure(`${name}: not connected to ${this.describeUrl()} after ${this.connectWaitMs} ms`),
        );
      }, this.connectWaitMs);
    });
  }

  /** The client as the contract's `DadApi`. */
  api(): DadApi {
    const api: Record<string, unknown> = {
      onEvents: (listener: (batch: EventBatch) => void) => this.onEvents(listener),
    };
    for (const name of Object.keys(calls) as CallName[]) {
      api[name] = (payload?: unknown) => this.call(name, payload);
    }
    // Every call name of the contract is filled in above with the matching signature.
    return api as unknown as DadApi;
  }

  private describeUrl(): string {
    return this.url.replace(/\?.*$/, '');
  }

  private connect(): void {
    if (this.stopped) return;
    this.setStatus({ state: 'connecting', attempt: this.attempt });
    let socket: SocketLike;
    try {
      this.url = this.urlNow();
      socket = this.createSocket(this.url);
    } catch (error) {
      this.scheduleReconnect(error instanceof Error ? error.message : String(error));
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      opened = true;
      this.attempt = 0;
      this.generation++;
      this.setStatus({ state: 'open', generation: this.generation });
      for (const entry of this.pending.values()) if (!entry.sent) this.send(entry);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {
      // A close event always follows; reconnecting is handled there.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      const reason = event.reason || `code ${event.code}`;
      this.failSent(`the connection to ${this.describeUrl()} closed (${reason}) before the answer arrived`);
      if (opened) return this.scheduleReconnect(reason);
      // Refused before it opened: say so in words when the token is what is missing. Retrying goes
      // on, so opening the printed link in another tab of this browser (which keeps the token) is enough.
      void this.checkAccess(this.url).then((verdict) => {
        if (this.stopped || this.socket !== null) return;
        if (verdict === 'needs_token') this.failUnsent(NEEDS_TOKEN_MESSAGE);
        this.scheduleReconnect(verdict === 'needs_token' ? NEEDS_TOKEN_MESSAGE : reason);
      });
    };
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped) return;
    const retryInMs = this.retryDelayMs(this.attempt);
    this.attempt++;
    this.setStatus({ state: 'reconnecting', attempt: this.attempt, retryInMs, reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, retryInMs);
  }

  private send(entry: PendingCall): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    try {
      this.socket?.send(entry.message);
      entry.sent = true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.settle(entry.id, failure(`${entry.name}: could not send: ${message}`));
    }
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if ('batch' in message) {
      const batch = (message as { batch: unknown }).batch;
      if (!isBatch(batch)) return;
      for (const listener of this.eventListeners) listener(batch);
      return;
    }
    const id = (message as { id?: unknown }).id;
    if (typeof id !== 'number') return;
    const entry = this.pending.get(id);
    if (!entry) return;
    const result = (message as { result?: unknown }).result;
    this.settle(id, isResult(result) ? result : failure(`${entry.name}: the server sent a malformed answer`));
  }

  private settle(id: number, result: Result<unknown>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
    entry.resolve(result);
  }

  private failSent(message: string): void {
    for (const entry of [...this.pending.values()]) {
      if (entry.sent) this.settle(entry.id, failure(`${entry.name}: ${message}`));
    }
  }

  private failUnsent(message: string): void {
    for (const entry of [...this.pending.values()]) {
      if (!entry.sent) this.settle(entry.id, failure(`${entry.name}: ${message}`));
    }
  }

  private failAll(message: string): void {
    for (const entry of [...this.pending.values()])
      this.settle(entry.id, failure(`${entry.name}: ${message}`));
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
