import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName, Result, ResultOf } from '../../shared/contract';
import { PIECE_MAX_LENGTH, type TextPiece } from '../../shared/text-pieces';
import {
  BIG_ATTRIBUTE,
  BIG_EVENT_ATTRIBUTE,
  BIG_NODE_PATH,
  BIG_RUN_ID,
  BIG_SPAN_ID,
  writeBigValuesRun,
  type BigValuesRun,
} from '../../../test-support/big-values-run';
import { makeTempDir, removeDir } from '../../../test-support/projects';
import { openTestService } from '../../../test-support/service';
import type { InspectorService, Session } from './inspector-service';
import { dispatchCall } from './session-calls';

const MiB = 1024 * 1024;
const SECRET = 'TOP-SECRET-TARGET-CONTENT';

let dir: string;
let run: BigValuesRun;
let service: InspectorService;
let session: Session;

beforeAll(async () => {
  dir = await makeTempDir('dad-big-values');
  run = await writeBigValuesRun(join(dir, 'runs'));
  // A node whose result.json is a link to a file outside the run, and one whose link stays inside.
  await writeFile(join(dir, 'secret.json'), JSON.stringify({ secret: SECRET }));
  const linked = join(run.runDir, 'big', 'main', 'linked');
  await mkdir(linked);
  await symlink(join(dir, 'secret.json'), join(linked, 'result.json'));
  const aliased = join(run.runDir, 'big', 'main', 'aliased');
  await mkdir(aliased);
  await symlink(join(run.runDir, 'big', 'main', 'summarize', 'result.json'), join(aliased, 'result.json'));
  ({ service, session } = await openTestService(dir));
}, 120_000);

afterAll(async () => {
  await service?.shutdown();
  await removeDir(dir);
});

/** A call as the window makes it, with the reply's size as it would cross the socket. */
async function ask<N extends CallName>(name: N, payload: unknown) {
  const result = (await dispatchCall(service, session, name, [payload])) as Result<ResultOf<N>>;
  return { result, bytes: Buffer.byteLength(JSON.stringify(result)) };
}

async function value<N extends CallName>(name: N, payload: unknown): Promise<ResultOf<N>> {
  const { result } = await ask(name, payload);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Every piece from offset 0 to the end, each reply checked to stay small. */
async function allPieces(ask1: (offset: number) => Promise<{ result: Result<TextPiece>; bytes: number }>) {
  const texts: string[] = [];
  let offset = 0;
  for (;;) {
    const { result, bytes } = await ask1(offset);
    if (!result.ok) throw new Error(`piece at ${offset}: ${result.error.message}`);
    expect(bytes).toBeLessThan(MiB);
    const piece = result.value;
    expect(piece.offset).toBe(offset);
    texts.push(piece.text);
    if (piece.nextOffset >= piece.totalLength) return texts;
    expect(piece.nextOffset).toBeGreaterThan(offset);
    offset = piece.nextOffset;
  }
}

const HIGH = /[\uD800-\uDBFF]$/;
const LOW = /^[\uDC00-\uDFFF]/;

describe('a span with a 50 MB attribute', () => {
  it('comes as a preview of its start and its full length, in a reply under 1 MiB', async () => {
    const { result, bytes } = await ask('spanDetail', { runId: BIG_RUN_ID, spanId: BIG_SPAN_ID });
    expect(result.ok).toBe(true);
    expect(bytes).toBeLessThan(MiB);
    const detail = (result as { value: ResultOf<'spanDetail'> }).value;
    const preview = detail.attributes[BIG_ATTRIBUTE] as string;
    expect(preview.length).toBeGreaterThan(32 * 1024);
    expect(run.attributeValue.startsWith(preview)).toBe(true);
    expect(detail.longAttributes?.[BIG_ATTRIBUTE]).toEqual({
      totalLength: run.attributeValue.length,
      kind: 'text',
    });
    // Short values come whole and unmarked.
    expect(detail.attributes['dad.generic.node_id']).toBe('summarize');
    expect(detail.longAttributes?.['dad.generic.node_id']).toBeUndefined();
    const event = detail.events[0];
    expect(run.eventValue.startsWith(event?.attributes[BIG_EVENT_ATTRIBUTE] as string)).toBe(true);
    expect(event?.longAttributes?.[BIG_EVENT_ATTRIBUTE]?.totalLength).toBe(run.eventValue.length);
    expect(event?.attributes.small).toBe(1);
  });

  it('is read back in pieces of at most 1 MiB that put together equal the value exactly', async () => {
    const pieces = await allPieces((offset) =>
      ask('spanValuePiece', {
        runId: BIG_RUN_ID,
        spanId: BIG_SPAN_ID,
        key: BIG_ATTRIBUTE,
        offset,
        length: PIECE_MAX_LENGTH,
      }),
    );
    expect(pieces.length).toBeGreaterThanOrEqual(50);
    for (const text of pieces) {
      expect(text.length).toBeLessThanOrEqual(PIECE_MAX_LENGTH);
      expect(text).not.toMatch(HIGH);
      expect(text).not.toMatch(LOW);
    }
    expect(pieces.join('') === run.attributeValue).toBe(true);
  });

  it("reads an event's attribute the same way, in pieces of an odd length", async () => {
    const pieces = await allPieces((offset) =>
      ask('spanValuePiece', {
        runId: BIG_RUN_ID,
        spanId: BIG_SPAN_ID,
        key: BIG_EVENT_ATTRIBUTE,
        eventIndex: 0,
        offset,
        length: 99_991,
      }),
    );
    expect(pieces.join('') === run.eventValue).toBe(true);
  });

  it('ends a piece before a character whose two halves it would split, and goes on after it', async () => {
    const pair = run.attributeValue.indexOf('😀', 3 * MiB);
    const piece = await value('spanValuePiece', {
      runId: BIG_RUN_ID,
      spanId: BIG_SPAN_ID,
      key: BIG_ATTRIBUTE,
      offset: pair - 10,
      length: 11,
    });
    expect(piece).toEqual({
      text: run.attributeValue.slice(pair - 10, pair),
      offset: pair - 10,
      nextOffset: pair,
      totalLength: run.attributeValue.length,
      unit: 'utf16',
    });
    const next = await value('spanValuePiece', {
      runId: BIG_RUN_ID,
      spanId: BIG_SPAN_ID,
      key: BIG_ATTRIBUTE,
      offset: pair,
      length: 1,
    });
    expect(next.text).toBe('😀');
  });

  it('refuses pieces outside the value, inside a character, too long, or of a value that is not there', async () => {
    const base = { runId: BIG_RUN_ID, spanId: BIG_SPAN_ID, key: BIG_ATTRIBUTE };
    const past = await ask('spanValuePiece', { ...base, offset: run.attributeValue.length + 1, length: 10 });
    expect(past.result).toMatchObject({ ok: false, error: { code: 'out_of_range' } });
    expect(!past.result.ok && past.result.error.message).toContain(`offset ${run.attributeValue.length + 1}`);
    const pair = run.attributeValue.indexOf('😀');
    const inside = await ask('spanValuePiece', { ...base, offset: pair + 1, length: 10 });
    expect(inside.result).toMatchObject({
      ok: false,
      error: { code: 'out_of_range', message: expect.stringContaining('inside a character') },
    });
    const tooLong = await ask('spanValuePiece', { ...base, offset: 0, length: PIECE_MAX_LENGTH + 1 });
    expect(tooLong.result).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining('length') },
    });
    const noKey = await ask('spanValuePiece', { ...base, key: 'dad.nothing', offset: 0, length: 10 });
    expect(noKey.result).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('"dad.nothing"') },
    });
    const noEvent = await ask('spanValuePiece', { ...base, eventIndex: 3, offset: 0, length: 10 });
    expect(noEvent.result).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('no event 3') },
    });
  });
});

describe("a node's 5 MB result.json", () => {
  const bytes = () => Buffer.from(run.resultText);

  it('comes as a preview of its first bytes and its size; small files come whole', async () => {
    const { result, bytes: replyBytes } = await ask('nodeFiles', {
      runId: BIG_RUN_ID,
      hierarchyPath: BIG_NODE_PATH,
    });
    expect(replyBytes).toBeLessThan(MiB);
    const files = (result as { value: ResultOf<'nodeFiles'> }).value.files;
    const resultFile = files.find((file) => file.name === 'result.json');
    expect(resultFile?.content).toBeNull();
    expect(resultFile?.error).toBeNull();
    expect(resultFile?.long?.totalBytes).toBe(bytes().length);
    expect(resultFile?.long?.previewBytes).toBe(Buffer.byteLength(resultFile?.long?.preview ?? ''));
    expect(run.resultText.startsWith(resultFile?.long?.preview ?? '-')).toBe(true);
    expect(files.find((file) => file.name === 'outcome.json')?.content).toEqual({ text: 'done' });
  });

  it('is read back in byte ranges that put together equal the file exactly', async () => {
    const pieces = await allPieces((offset) =>
      ask('nodeFileRange', {
        runId: BIG_RUN_ID,
        hierarchyPath: BIG_NODE_PATH,
        name: 'result.json',
        offset,
        length: 1_000_003,
      }),
    );
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    for (const text of pieces) expect(text).not.toContain('\uFFFD');
    expect(pieces.join('') === run.resultText).toBe(true);
  });

  it('ends a range before a character it would cut, and refuses ranges outside the file or inside a character', async () => {
    const file = bytes();
    const emoji = file.indexOf(Buffer.from('😀'), 2 * MiB);
    const base = { runId: BIG_RUN_ID, hierarchyPath: BIG_NODE_PATH, name: 'result.json' };
    const cut = await value('nodeFileRange', { ...base, offset: emoji - 5, length: 7 });
    expect(cut).toEqual({
      text: file.toString('utf8', emoji - 5, emoji),
      offset: emoji - 5,
      nextOffset: emoji,
      totalLength: file.length,
      unit: 'bytes',
    });
    const inside = await ask('nodeFileRange', { ...base, offset: emoji + 1, length: 10 });
    expect(inside.result).toMatchObject({
      ok: false,
      error: { code: 'out_of_range', message: expect.stringContaining('inside a character') },
    });
    const past = await ask('nodeFileRange', { ...base, offset: file.length + 1, length: 10 });
    expect(past.result).toMatchObject({
      ok: false,
      error: { code: 'out_of_range', message: expect.stringContaining('result.json') },
    });
    const tooLong = await ask('nodeFileRange', { ...base, offset: 0, length: PIECE_MAX_LENGTH + 1 });
    expect(tooLong.result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('is refused, naming it, when it is a symbolic link, and nothing of its target is sent', async () => {
    for (const hierarchyPath of ['big.main.linked', 'big.main.aliased']) {
      const { result } = await ask('nodeFiles', { runId: BIG_RUN_ID, hierarchyPath });
      const resultFile = result.ok ? result.value.files.find((file) => file.name === 'result.json') : null;
      expect(resultFile?.content).toBeNull();
      expect(resultFile?.error).toContain('result.json');
      expect(resultFile?.error).toContain('symbolic link');
      const range = await ask('nodeFileRange', {
        runId: BIG_RUN_ID,
        hierarchyPath,
        name: 'result.json',
        offset: 0,
        length: 100,
      });
      expect(range.result).toMatchObject({ ok: false, error: { code: 'unsafe_file' } });
      expect(JSON.stringify([result, range.result])).not.toContain(SECRET);
      expect(JSON.stringify(range.result)).not.toContain('executable_type');
    }
  });
});
