import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRanges, scanLines, type ScanOptions } from './line-reader';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-reader-lines-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface SeenLine {
  text: string;
  offset: number;
  line: number;
  terminated: boolean;
}

async function scan(content: string | Buffer, options: ScanOptions = {}) {
  const path = join(dir, 'file.jsonl');
  await writeFile(path, content);
  const lines: SeenLine[] = [];
  const oversized: number[] = [];
  const result = await scanLines(
    path,
    (bytes, start, end, offset, line, terminated) =>
      lines.push({ text: bytes.toString('utf8', start, end), offset, line, terminated }),
    { ...options, onOversized: (line) => oversized.push(line) },
  );
  return { lines, result, oversized, path };
}

describe('scanLines', () => {
  it('splits lines across chunk boundaries exactly as a plain split does, with offsets and numbers', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 400; i++) parts.push(`{"i":${i},"pad":"${'x'.repeat((i * 37) % 2500)}","é":"ü"}`);
    const content = parts.join('\n') + '\n';
    const { lines, result } = await scan(content, { chunkBytes: 1024 });
    expect(lines.map((line) => line.text)).toEqual(parts);
    const bytes = Buffer.from(content);
    for (const line of lines) {
      expect(bytes.toString('utf8', line.offset, line.offset + Buffer.byteLength(line.text))).toBe(line.text);
    }
    expect(lines.map((line) => line.line)).toEqual(parts.map((_, i) => i + 1));
    expect(result).toEqual({ resumeOffset: bytes.length, nextLineNumber: 401, tailBytes: 0 });
  });

  it('stops before toOffset, leaving the line it cuts whole for the next scan, which reads on from there', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 300; i++) parts.push(`{"i":${i},"pad":"${'y'.repeat((i * 53) % 900)}"}`);
    const content = parts.join('\n') + '\n';
    const stop = Math.floor(Buffer.byteLength(content) / 3);
    const first = await scan(content, { chunkBytes: 1024, toOffset: stop });
    expect(
      first.lines.every((line) => line.terminated && line.offset + Buffer.byteLength(line.text) < stop),
    ).toBe(true);
    expect(first.result.tailBytes).toBe(0);
    const rest: string[] = [];
    const second = await scanLines(
      first.path,
      (bytes, start, end) => rest.push(bytes.toString('utf8', start, end)),
      {
        chunkBytes: 1024,
        fromOffset: first.result.resumeOffset,
        firstLineNumber: first.result.nextLineNumber,
      },
    );
    expect([...first.lines.map((line) => line.text), ...rest]).toEqual(parts);
    expect(second.nextLineNumber).toBe(301);
  });

  it('drops CR of CRLF and blank lines (still counting them), and hands over an unterminated last line', async () => {
    const { lines, result } = await scan('a\r\n\r\n   \nb\n\nc-cut', { chunkBytes: 1024 });
    expect(lines.map((line) => [line.text, line.line, line.terminated])).toEqual([
      ['a', 1, true],
      ['b', 4, true],
      ['c-cut', 6, false],
    ]);
    expect(result).toEqual({ resumeOffset: 12, nextLineNumber: 6, tailBytes: 5 });
  });

  it('resumes from an offset with the line number given', async () => {
    const { lines } = await scan('one\ntwo\nthree\n', { fromOffset: 4, firstLineNumber: 2 });
    expect(lines.map((line) => [line.text, line.line, line.offset])).toEqual([
      ['two', 2, 4],
      ['three', 3, 8],
    ]);
  });

  it('skips a line longer than the limit, reports it once, and goes on after it', async () => {
    const long = 'y'.repeat(5000);
    const { lines, oversized } = await scan(`short\n${long}\nafter\n${long}`, {
      chunkBytes: 1024,
      maxLineBytes: 2048,
    });
    expect(lines.map((line) => [line.text, line.line])).toEqual([
      ['short', 1],
      ['after', 3],
    ]);
    expect(oversized).toEqual([2, 4]);
  });

  it('gives nothing for an empty file', async () => {
    const { lines, result } = await scan('');
    expect(lines).toEqual([]);
    expect(result).toEqual({ resumeOffset: 0, nextLineNumber: 1, tailBytes: 0 });
  });
});

describe('readRanges', () => {
  it('reads ranges back in the order asked, near ones in one read', async () => {
    const { path } = await scan('0123456789abcdefghij');
    const parts = await readRanges(path, [
      { offset: 10, length: 3 },
      { offset: 0, length: 2 },
      { offset: 18, length: 5 },
    ]);
    expect(parts.map((part) => part.toString())).toEqual(['abc', '01', 'ij']);
    expect(await readRanges(path, [])).toEqual([]);
  });
});
