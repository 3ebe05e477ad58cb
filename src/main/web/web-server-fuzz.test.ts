import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { calls } from '../../shared/contract';
import { startTestWebServer, type TestWebServer } from '../../../test-support/web-server';
import type { RunningWebServer } from './web-server';

/**
 * Thousands of hostile messages and frames against a real server on 127.0.0.1, seeded so a failure
 * can be replayed: `FUZZ_SEED=<seed printed below> npx vitest run src/main/web/web-server-fuzz.test.ts`.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const CASES = 5000;
const TOKEN = 'fuzz-test-token-0123456789abcdef';
/** Put in client strings; no answer or log line may ever contain it. */
const MARKER = 'Zq9MARKER';
const CALL_NAMES = Object.keys(calls);

/** mulberry32: small, fast and the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(SEED);
const int = (below: number) => Math.floor(random() * below);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
const markerText = () => `${MARKER}${'<>"\\\u2028é'.slice(0, int(6))}${int(1e6)}`;

function randomJson(depth: number): unknown {
  const kind = int(depth > 3 ? 4 : 7);
  if (kind === 0) return markerText();
  if (kind === 1) return pick([null, true, false, 0, -1, 1.5, 2 ** 60, -0]);
  if (kind === 2) return markerText().repeat(int(4));
  if (kind === 3) return int(1000);
  if (kind === 4) return Array.from({ length: int(4) }, () => randomJson(depth + 1));
  const value: Record<string, unknown> = {};
  for (let i = int(4); i > 0; i--)
    value[pick([markerText(), 'id', 'call', 'payload', 'runId'])] = randomJson(depth + 1);
  return value;
}

function deep(levels: number, inner = '0'): string {
  return pick([
    () => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`,
    () => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`,
  ])();
}

/** One message of the JSON layer: text (or a binary frame) that must get exactly one error or answer. */
function hostileMessage(id: number): string | Buffer {
  switch (int(11)) {
    case 0:
      return pick(['null', '0', '-1', '1e309', `"${MARKER}"`, '[]', '[1,2]', 'true', '""', `[${id}]`]);
    case 1:
      return pick([
        `${MARKER}{`,
        `{"id":${id},"call":"appInfo"`,
        '{',
        '',
        ' ',
        `{"id":${id},"call":"${MARKER}",}`,
        `\u0000${MARKER}`,
      ]);
    case 2:
      return pick([
        () => `{"id":${id},"call":"appInfo","payload":${deep(20_000)}}`,
        () => deep(20_000, `{"id":${id},"call":"${MARKER}"}`),
        () => `{"id":${deep(20_000)},"call":"appInfo"}`,
        () => `{"id":${id},"call":${deep(5_000, `"${MARKER}"`)}}`,
      ])();
    case 3: {
      const badId = pick<unknown>([2 ** 53, 1e300, -1, 1.5, `${MARKER}`, null, [], {}, true, '1']);
      return JSON.stringify({ id: badId, call: 'appInfo' });
    }
    case 4: {
      const call = pick<unknown>([
        7,
        null,
        [],
        {},
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'valueOf',
        markerText(),
        '',
        MARKER.repeat(2000),
      ]);
      return JSON.stringify({ id, call });
    }
    case 5:
      return pick([
        `{"id":${id},"call":"appInfo","__proto__":{"polluted":"${MARKER}"}}`,
        `{"id":${id},"call":"appInfo","constructor":{"prototype":{"polluted":"${MARKER}"}}}`,
        `{"__proto__":{"id":${id},"call":"appInfo"}}`,
        `{"id":${id},"call":"openProject","payload":{"__proto__":{"polluted":1}}}`,
      ]);
    case 6: {
      // Real calls with payloads of the wrong shape (numbers, not strings: only the envelope is fuzzed with text).
      const payload = pick<unknown>([
        null,
        42,
        [],
        true,
        { runId: 42 },
        { path: 7 },
        [[[]]],
        { offset: -1, limit: 1e9 },
      ]);
      return JSON.stringify({ id, call: pick(CALL_NAMES), payload });
    }
    case 7:
      return Buffer.from(pick([JSON.stringify({ id, call: 'appInfo' }), `\u0000\u00ff${MARKER}`]));
    case 8:
      return JSON.stringify(randomJson(0)) ?? 'null';
    case 9:
      return JSON.stringify({ id, call: 'appInfo', [markerText()]: randomJson(2) });
    default:
      return JSON.stringify({ id: MARKER.repeat(int(20_000)), call: MARKER.repeat(int(20_000)) });
  }
}

// ---------------------------------------------------------------------------------------------
// Raw WebSocket frames (RFC 6455 §5.2), written by hand for what no well-behaved client sends.

interface FrameSpec {
  fin?: boolean;
  rsv?: number;
  opcode: number;
  payload?: Buffer;
  masked?: boolean;
  /** A length to announce instead of the payload's own. */
  announced?: bigint;
}

function frame({
  fin = true,
  rsv = 0,
  opcode,
  payload = Buffer.alloc(0),
  masked = true,
  announced,
}: FrameSpec): Buffer {
  const length = announced ?? BigInt(payload.length);
  const header: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126n) header.push(maskBit | Number(length));
  else if (length < 65536n) header.push(maskBit | 126, Number(length >> 8n), Number(length & 0xffn));
  else {
    const eight = Buffer.alloc(8);
    eight.writeBigUInt64BE(length);
    header.push(maskBit | 127, ...eight);
  }
  if (!masked) return Buffer.concat([Buffer.from(header), payload]);
  const key = Buffer.from([int(256), int(256), int(256), int(256)]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] as number)));
  return Buffer.concat([Buffer.from(header), key, body]);
}

/** What the server sent back on a raw connection: its text messages and its close code, if any. */
interface RawOutcome {
  texts: string[];
  closeCode: number | null;
  httpStatus: number;
}

/** Opens a raw connection to /api (with the token unless told not to), sends `bytes`, and reads until the server closes. */
function rawExchange(
  port: number,
  frames: Buffer[],
  {
    token = true,
    request,
    endOnAnswer = false,
    hangUp = false,
  }: { token?: boolean; request?: string; endOnAnswer?: boolean; hangUp?: boolean } = {},
): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const key = createHash('sha1').update(String(port)).digest('base64').slice(0, 22) + '==';
    let buffer: Buffer = Buffer.alloc(0);
    let upgraded = false;
    const outcome: RawOutcome = { texts: [], closeCode: null, httpStatus: 0 };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('a raw connection was neither answered nor closed within 10 s'));
    }, 10_000);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(outcome);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        outcome.httpStatus = Number(
          /^HTTP\/1\.1 (\d{3})/.exec(buffer.subarray(0, end).toString('latin1'))?.[1] ?? 0,
        );
        buffer = buffer.subarray(end + 4);
        if (outcome.httpStatus !== 101) return;
        upgraded = true;
        const all = Buffer.concat(frames);
        socket.write(all, () => {
          if (hangUp) socket.destroy();
        });
      }
      buffer = readServerFrames(buffer, outcome, socket, endOnAnswer);
    });
    socket.write(
      request ??
        `GET /api${token ? `?token=${TOKEN}` : ''} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

function readServerFrames(buffer: Buffer, outcome: RawOutcome, socket: Socket, endOnAnswer: boolean): Buffer {
  let rest = buffer;
  for (;;) {
    if (rest.length < 2) return rest;
    const opcode = (rest[0] as number) & 0x0f;
    let length = (rest[1] as number) & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (rest.length < 4) return rest;
      length = rest.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (rest.length < 10) return rest;
      length = Number(rest.readBigUInt64BE(2));
      offset = 10;
    }
    if (rest.length < offset + length) return rest;
    const payload = rest.subarray(offset, offset + length);
    if (opcode === 0x1) {
      outcome.texts.push(payload.toString('utf8'));
      // An awaited answer came: say goodbye properly (1000), as a browser would.
      if (endOnAnswer) socket.end(frame({ opcode: 8, payload: Buffer.from([0x03, 0xe8]) }));
    }
    if (opcode === 0x8) {
      outcome.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      socket.end();
    }
    rest = rest.subarray(offset + length);
  }
}

interface ProtocolCase {
  name: string;
  /** The close code RFC 6455 gives this fault; null when the client itself hangs up. */
  expectedClose: number | null;
  expectedHttp?: number;
  /** Whether the server must answer the call sent (as an ok result). */
  answered?: boolean;
  /** Written once the upgrade is accepted, all made in advance so the seed alone decides them. */
  frames: Buffer[];
  /** Hang up right after writing, as a client that dies mid-frame. */
  hangUp?: boolean;
  request?: string;
  token?: boolean;
}

const text = (value: string) => Buffer.from(value, 'utf8');

function closeFrame(code: number): Buffer {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code);
  return frame({ opcode: 8, payload });
}

function protocolCase(): ProtocolCase {
  const call = text(JSON.stringify({ id: 1, call: 'appInfo' }));
  const cases: (() => ProtocolCase)[] = [
    () => {
      const bad = Buffer.from(pick([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]));
      return {
        name: 'invalid UTF-8 in a text frame',
        expectedClose: 1007,
        frames: [frame({ opcode: 1, payload: Buffer.concat([text(MARKER), bad]) })],
      };
    },
    () => ({
      name: 'reserved bits set',
      expectedClose: 1002,
      frames: [frame({ opcode: 1, rsv: 1 + int(7), payload: call })],
    }),
    () => ({
      name: 'an undefined opcode',
      expectedClose: 1002,
      frames: [frame({ opcode: pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), payload: call })],
    }),
    () => ({
      name: 'a frame announced over the size bound',
      expectedClose: 1009,
      frames: [
        frame({ opcode: pick([1, 2]), announced: BigInt(2 * 1024 * 1024 + int(1e6)), payload: text(MARKER) }),
      ],
    }),
    () => ({
      name: 'a length beyond 2^53',
      expectedClose: 1009,
      frames: [
        frame({ opcode: 1, announced: 0x8000_0000_0000_0000n + BigInt(int(1e6)), payload: text(MARKER) }),
      ],
    }),
    () => {
      const part = Buffer.alloc(600 * 1024, 0x20);
      return {
        name: 'fragments that add up to more than the bound',
        expectedClose: 1009,
        frames: [frame({ opcode: 1, fin: false, payload: part }), frame({ opcode: 0, payload: part })],
      };
    },
    () => ({
      name: 'a continuation with nothing to continue',
      expectedClose: 1002,
      frames: [frame({ opcode: 0, payload: call })],
    }),
    () => ({
      name: 'a new message inside a fragmented one',
      expectedClose: 1002,
      frames: [
        frame({ opcode: 1, fin: false, payload: call.subarray(0, 5) }),
        frame({ opcode: 1, payload: call }),
      ],
    }),
    () => ({
      name: 'an unmasked client frame',
      expectedClose: 1002,
      frames: [frame({ opcode: 1, payload: call, masked: false })],
    }),
    () => ({
      name: 'a control frame over 125 bytes',
      expectedClose: 1002,
      frames: [frame({ opcode: pick([9, 10]), payload: Buffer.alloc(126 + int(100), 0x41) })],
    }),
    () => ({
      name: 'a fragmented control frame',
      expectedClose: 1002,
      frames: [frame({ opcode: 9, fin: false, payload: text('x') })],
    }),
    () => ({
      name: 'a close frame with a forbidden code',
      expectedClose: 1002,
      frames: [closeFrame(pick([0, 999, 1004, 1005, 1006, 1015, 2000, 5000]))],
    }),
    () => {
      const whole = frame({ opcode: 1, payload: Buffer.concat([call, text(MARKER.repeat(20))]) });
      return {
        name: 'a socket closed mid-frame',
        expectedClose: null,
        frames: [whole.subarray(0, 1 + int(whole.length - 1))],
        hangUp: true,
      };
    },
    () => ({
      name: 'a flood over the rate',
      expectedClose: 1008,
      frames: Array.from({ length: 1500 }, () => frame({ opcode: 1, payload: call })),
    }),
    () => ({
      name: 'a valid message in three fragments',
      expectedClose: null,
      answered: true,
      frames: [
        frame({ opcode: 1, fin: false, payload: call.subarray(0, 4) }),
        frame({ opcode: 0, fin: false, payload: call.subarray(4, 10) }),
        frame({ opcode: 0, fin: true, payload: call.subarray(10) }),
      ],
    }),
    () => ({
      name: 'an upgrade without the token',
      expectedClose: null,
      expectedHttp: 401,
      token: false,
      frames: [],
    }),
    () => ({
      name: 'a garbled request',
      expectedClose: null,
      expectedHttp: 400,
      request: `${MARKER} \u0001 /api HTTP/9\r\n\r\n`,
      frames: [],
    }),
  ];
  return pick(cases)();
}

describe('the browser adapter under hostile clients', () => {
  let running: TestWebServer;
  let server: RunningWebServer;
  const logged: string[] = [];

  beforeAll(async () => {
    running = await startTestWebServer('fuzz', { token: TOKEN, log: (line) => logged.push(line) });
    server = running.server;
  });

  afterAll(async () => {
    await running?.close();
  });

  it(`survives ${CASES} hostile messages and frames and still answers (seed ${SEED})`, async () => {
    console.log(`web-server fuzz: seed ${SEED} (set FUZZ_SEED to replay)`);
    const port = server.port;
    const api = `ws://127.0.0.1:${port}/api?token=${TOKEN}`;
    const replies: string[] = [];
    const unexpected: string[] = [];
    const tally = new Map<string, number>([['JSON-layer messages', 0]]);
    // What would have ended a process without a test runner's own guard.
    const escaped: string[] = [];
    const onEscape = (error: unknown) => escaped.push(error instanceof Error ? error.message : typeof error);
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);

    /** A batch of JSON-layer messages on one connection; each must get exactly one answer. */
    const messageBatch = async (messages: (string | Buffer)[]) => {
      const socket = new WebSocket(api);
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      const got: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${got.length} of ${messages.length} answers`)),
          15_000,
        );
        socket.on('message', (data) => {
          const answer = data.toString();
          if (answer.startsWith('{"batch"')) return;
          got.push(answer);
          if (got.length === messages.length) {
            clearTimeout(timer);
            resolve();
          }
        });
        socket.on('close', (code) => reject(new Error(`closed with ${code} after ${got.length} answers`)));
        for (const message of messages) socket.send(message, { binary: Buffer.isBuffer(message) });
      });
      socket.removeAllListeners('close');
      socket.terminate();
      replies.push(...got);
      tally.set('JSON-layer messages', (tally.get('JSON-layer messages') ?? 0) + messages.length);
    };

    const protocolRound = async (spec: ProtocolCase) => {
      tally.set(spec.name, (tally.get(spec.name) ?? 0) + 1);
      const outcome = await rawExchange(port, spec.frames, {
        token: spec.token,
        request: spec.request,
        endOnAnswer: spec.answered,
        hangUp: spec.hangUp,
      });
      const http = spec.expectedHttp ?? 101;
      if (outcome.httpStatus !== http)
        unexpected.push(`${spec.name}: HTTP ${outcome.httpStatus}, expected ${http}`);
      if (spec.expectedClose !== null && outcome.closeCode !== spec.expectedClose) {
        unexpected.push(`${spec.name}: close ${outcome.closeCode}, expected ${spec.expectedClose}`);
      }
      if (spec.answered && !outcome.texts.some((reply) => reply.includes('"ok":true'))) {
        unexpected.push(`${spec.name}: not answered`);
      }
      replies.push(...outcome.texts);
    };

    // About four in five cases are messages (in batches of up to 100 per connection), one in five raw frames.
    const work: (() => Promise<void>)[] = [];
    let made = 0;
    while (made < CASES) {
      if (random() < 0.5) {
        const size = Math.min(1 + int(100), CASES - made);
        const batch = Array.from({ length: size }, (_, i) => hostileMessage(made + i));
        work.push(() => messageBatch(batch));
        made += size;
      } else {
        for (let i = 0; i < 12 && made < CASES; i++, made++) {
          const spec = protocolCase();
          work.push(() => protocolRound(spec));
        }
      }
    }
    let next = 0;
    const worker = async () => {
      while (next < work.length) await (work[next++] as () => Promise<void>)();
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    console.log([...tally].map(([name, count]) => `  ${count} × ${name}`).join('\n'));
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    expect(escaped).toEqual([]);
    expect(unexpected).toEqual([]);
    for (const reply of replies) expect(reply).not.toContain(MARKER);
    for (const line of logged) expect(line).not.toContain(MARKER);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const fresh = new WebSocket(api);
    const answer = await new Promise<string>((resolve, reject) => {
      fresh.once('open', () => fresh.send(JSON.stringify({ id: 1, call: 'appInfo' })));
      fresh.on('message', (data) => {
        if (!data.toString().startsWith('{"batch"')) resolve(data.toString());
      });
      fresh.once('error', reject);
    });
    fresh.terminate();
    expect(JSON.parse(answer)).toEqual({
      id: 1,
      result: { ok: true, value: expect.objectContaining({ name: 'fuzz' }) },
    });
  }, 60_000);
});
