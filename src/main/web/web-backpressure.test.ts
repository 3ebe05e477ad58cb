import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONNECTION_LIMITS } from './connection-limits';
import { startTestWebServer, type TestWebServer } from '../../../test-support/web-server';
import type { RunningWebServer } from './web-server';

const TOKEN = 'backpressure-test-token-0123456789';
const MIB = 1024 * 1024;
/** Every answer is this big (under the reply bound), so an unread queue grows fast. */
const BIG_ANSWER = JSON.stringify({ ok: true, value: 'x'.repeat(MIB) });

let running: TestWebServer;
let server: RunningWebServer;

beforeAll(async () => {
  running = await startTestWebServer('backpressure', {
    token: TOKEN,
    dispatch: () => Promise.resolve(BIG_ANSWER),
  });
  server = running.server;
});
afterAll(async () => {
  await running?.close();
});

/** A client's text frame (clients must mask theirs). */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

/** Opens the API socket by hand and stops reading as soon as the server has accepted it. */
function socketThatNeverReads(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port }, () => {
      socket.write(
        `GET /api?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
          'Sec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
    socket.once('data', (head: Buffer) => {
      if (!head.toString('latin1').startsWith('HTTP/1.1 101')) return reject(new Error('upgrade refused'));
      socket.pause();
      resolve(socket);
    });
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

it('closes a connection that never reads its replies, and the server’s memory stays bounded', async () => {
  const socket = await socketThatNeverReads();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    // 300 calls of 1 MiB answers each, sent within the call rate, while nothing is read.
    const call = (id: number) => maskedTextFrame(JSON.stringify({ id, call: 'appInfo' }));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100; i++) socket.write(call(round * 100 + i));
      await sleep(400);
    }
    await sleep(500);
  } finally {
    clearInterval(sampler);
  }
  expect(peak - before).toBeLessThan(120 * MIB);

  // Reading again: what was queued drains, then the server's close arrives; the stream ends.
  let received = 0;
  socket.on('data', (chunk: Buffer) => (received += chunk.length));
  const ended = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  socket.resume();
  expect(await ended).toBe(true);
  expect(received).toBeLessThan(CONNECTION_LIMITS.maxBufferedBytes + 16 * MIB);
  socket.destroy();
});
