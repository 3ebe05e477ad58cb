import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES, type ResultOf } from '../../shared/contract';
import { runValidatedCall } from './validated-call';
import { calls } from '../../shared/contract';
import { withTempDir } from '../../../test-support/engine/test-node-types';
import { openTestService } from '../../../test-support/service';
import type { InspectorService, Session } from './inspector-service';

const FIXTURES = resolve(import.meta.dirname, '..', '..', '..', 'test-support', 'fixtures');

/** Sends `bytes` as the window does: base64 pieces of at most `pieceBytes`, in order, then finish. */
async function upload(
  service: InspectorService,
  session: Session,
  uploadId: string,
  fileName: string,
  bytes: Buffer,
  pieceBytes = UPLOAD_CHUNK_BYTES,
) {
  for (let offset = 0; offset < bytes.length; offset += pieceBytes) {
    const data = bytes.subarray(offset, offset + pieceBytes).toString('base64');
    await service.handlers.uploadTraceChunk({ uploadId, fileName, offset, data }, session);
  }
  return (await service.handlers.finishTraceUpload({ uploadId }, session)) as ResultOf<'finishTraceUpload'>;
}

/** A call as the window makes it: checked against the contract, answered as a Result. */
function windowCall(service: InspectorService, session: Session, name: keyof typeof calls, payload: unknown) {
  const spec = calls[name];
  const handler = service.handlers[name] as (payload: unknown, session: Session) => unknown;
  return runValidatedCall({
    channel: spec.channel,
    sender: { trusted: true },
    args: [payload],
    schema: spec.payload,
    handler: (parsed) => handler(parsed, session),
  });
}

describe('trace files uploaded by a browser window', () => {
  it('imports an uploaded OTLP file and opens its run; the same file again opens the same run', async () => {
    await withTempDir(async (dir) => {
      const importsDir = join(dir, 'imports');
      const { service, session } = await openTestService(null, { importsDir });
      const bytes = await readFile(join(FIXTURES, 'otlp-agent-trace.json'));
      // Small pieces, so that the file crosses several of them.
      const first = await upload(service, session, 'u1', 'otlp-agent-trace.json', bytes, 999);
      expect(first.name).toBe('Imported traces');
      const runId = first.openedRunId as string;
      expect(runId).toMatch(/^otlp_agent_trace_/);
      const summary = (await service.handlers.runSummary({ runId }, session)) as ResultOf<'runSummary'>;
      expect(summary.spanCount).toBeGreaterThan(0);
      expect(summary.importedFrom?.format).toMatch(/otlp/);

      const again = await upload(service, session, 'u2', 'otlp-agent-trace.json', bytes);
      expect(again.openedRunId).toBe(runId);
      const runs = (await service.handlers.listRuns(undefined, session)) as ResultOf<'listRuns'>;
      expect(runs.map((run) => run.runId)).toEqual([runId]);
      // Nothing half-written is left behind.
      const uploads = await readdir(join(importsDir, 'uploads'));
      expect(uploads.filter((name) => name.startsWith('.part-'))).toEqual([]);
      await service.shutdown();
    });
  });

  it('refuses, naming the file, what is not a trace export, out of order or not base64', async () => {
    await withTempDir(async (dir) => {
      const { service, session } = await openTestService(null, { importsDir: join(dir, 'imports') });
      const piece = (payload: object) => windowCall(service, session, 'uploadTraceChunk', payload);

      const notTrace = await piece({ uploadId: 'a', fileName: 'notes.txt', offset: 0, data: 'aGk=' });
      expect(notTrace).toMatchObject({ ok: false, error: { code: 'invalid_upload' } });
      expect(notTrace.ok ? '' : notTrace.error.message).toContain('notes.txt is not a trace export');

      const notBase64 = await piece({ uploadId: 'b', fileName: 't.json', offset: 0, data: '{"a":1}!' });
      expect(notBase64.ok ? '' : notBase64.error.message).toMatch(/t\.json: a piece is not base64/);

      expect(await piece({ uploadId: 'c', fileName: 't.json', offset: 0, data: 'e30K' })).toMatchObject({
        ok: true,
        value: { received: 3 },
      });
      const skipped = await piece({ uploadId: 'c', fileName: 't.json', offset: 10, data: 'e30K' });
      expect(skipped.ok ? '' : skipped.error.message).toContain(
        'a piece at byte 10 came when byte 3 was next',
      );
      // The refused upload is gone, so its id cannot be finished.
      const finished = await windowCall(service, session, 'finishTraceUpload', { uploadId: 'c' });
      expect(finished.ok ? '' : finished.error.message).toContain('no upload c is under way');

      // A piece larger than the contract allows never reaches the service.
      const big = Buffer.alloc(UPLOAD_CHUNK_BYTES + 3).toString('base64');
      const tooBig = await piece({ uploadId: 'd', fileName: 't.json', offset: 0, data: big });
      expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      await service.shutdown();
    });
  });

  it('a path in the file name stays a name: the file lands in the uploads folder', async () => {
    await withTempDir(async (dir) => {
      const importsDir = join(dir, 'imports');
      const { service, session } = await openTestService(null, { importsDir });
      const bytes = await readFile(join(FIXTURES, 'jaeger-trace.json'));
      const project = await upload(service, session, 'p', '../../../outside/jaeger.json', bytes);
      expect(project.openedRunId).toMatch(/^jaeger_/);
      expect(await readdir(dir)).toEqual(['imports']);
      await service.shutdown();
    });
  });

  it('a window that goes away mid-upload leaves no part file', async () => {
    await withTempDir(async (dir) => {
      const importsDir = join(dir, 'imports');
      const { service, session } = await openTestService(null, { importsDir });
      await service.handlers.uploadTraceChunk(
        { uploadId: 'x', fileName: 't.json', offset: 0, data: 'e30K' },
        session,
      );
      expect((await readdir(join(importsDir, 'uploads'))).some((name) => name.startsWith('.part-'))).toBe(
        true,
      );
      service.disconnect(session);
      await expect.poll(async () => readdir(join(importsDir, 'uploads'))).toEqual([]);
      await service.shutdown();
    });
  });

  it('does not write through a link planted where an upload is kept', async () => {
    await withTempDir(async (dir) => {
      const importsDir = join(dir, 'imports');
      const { service, session } = await openTestService(null, { importsDir });
      const bytes = await readFile(join(FIXTURES, 'jaeger-trace.json'));
      // Where this content would be kept (its hash names the folder), a link to a file elsewhere.
      const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
      await mkdir(join(importsDir, 'uploads', digest), { recursive: true });
      // As long as the upload, so that only the link itself tells them apart.
      const victim = join(dir, 'victim.json');
      const precious = 'p'.repeat(bytes.length);
      await writeFile(victim, precious);
      await symlink(victim, join(importsDir, 'uploads', digest, 'jaeger.json'));
      const project = await upload(service, session, 'second', 'jaeger.json', bytes);
      expect(project.openedRunId).toMatch(/^jaeger_/);
      expect(await readFile(victim, 'utf8')).toBe(precious);
      await service.shutdown();
    });
  });

  it('keeps no copy of an upload once imported or refused, and names only the file in errors', async () => {
    await withTempDir(async (dir) => {
      const importsDir = join(dir, 'imports');
      const { service, session } = await openTestService(null, { importsDir });
      await upload(
        service,
        session,
        'ok',
        'jaeger.json',
        await readFile(join(FIXTURES, 'jaeger-trace.json')),
      );
      expect(await readdir(join(importsDir, 'uploads'))).toEqual([]);

      const refused = upload(
        service,
        session,
        'bad',
        'broken.json',
        Buffer.from('{"neither": "otlp nor jaeger"}'),
      );
      const error = await refused.then(
        () => null,
        (thrown: unknown) => thrown as Error,
      );
      expect(error?.message).toContain('broken.json');
      expect(error?.message).not.toContain(importsDir);
      expect(await readdir(join(importsDir, 'uploads'))).toEqual([]);
      await service.shutdown();
    });
  });

  it('bounds the uploads under way from all windows together', async () => {
    await withTempDir(async (dir) => {
      const { service } = await openTestService(null, { importsDir: join(dir, 'imports') });
      const windows = [service.connect(() => {}), service.connect(() => {}), service.connect(() => {})];
      const begin = (window: Session, uploadId: string) =>
        windowCall(service, window, 'uploadTraceChunk', {
          uploadId,
          fileName: 't.json',
          offset: 0,
          data: 'e30K',
        });
      for (const [index, window] of windows.slice(0, 2).entries()) {
        expect(await begin(window, `a${index}`)).toMatchObject({ ok: true });
        expect(await begin(window, `b${index}`)).toMatchObject({ ok: true });
      }
      const fifth = await begin(windows[2] as Session, 'c');
      expect(fifth.ok ? '' : fifth.error.message).toContain('4 uploads are under way');
      // One ends: room for the next.
      service.disconnect(windows[0] as Session);
      await expect.poll(async () => (await begin(windows[2] as Session, 'd')).ok).toBe(true);
      await service.shutdown();
    });
  });

  it('a service without an imports folder says uploads are not possible', async () => {
    await withTempDir(async (dir) => {
      await mkdir(dir, { recursive: true });
      const { service, session } = await openTestService(null, { importsDir: null });
      const answer = await windowCall(service, session, 'uploadTraceChunk', {
        uploadId: 'a',
        fileName: 't.json',
        offset: 0,
        data: 'e30K',
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'unsupported' } });
      await service.shutdown();
    });
  });
});
