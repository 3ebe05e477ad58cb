import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/contract';
import { oneSpanOtlpExport, otlpString } from '../../../test-support/reader/otlp-export';
import { openTestService } from '../../../test-support/service';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-span-reply-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

describe('the span details a window is sent', () => {
  it('stay bounded for a span with a 4 MB resource value and 5,000 links, and carry no raw copies', async () => {
    const huge = 'r'.repeat(4 * MiB);
    const links = Array.from({ length: 5_000 }, (_, i) => ({
      traceId: '22222222222222222222222222222222',
      spanId: (i + 1).toString(16).padStart(16, '0'),
      attributes: [{ key: 'why', value: { stringValue: 'l'.repeat(2_000) } }],
    }));
    const file = join(dir, 'heavy.json');
    await writeFile(
      file,
      oneSpanOtlpExport({
        resourceAttributes: [otlpString('service.name', 'batch'), otlpString('process.command_line', huge)],
        span: { links },
      }),
    );
    const { service, session } = await openTestService(null, { importsDir: join(dir, 'imports') });
    const project = await service.openProject(file);
    const runId = project.openedRunId as string;
    const detail = (await service.handlers.spanDetail(
      { runId, spanId: '0x0000000000000001' },
      session,
    )) as ResultOf<'spanDetail'>;
    expect(Buffer.byteLength(JSON.stringify(detail))).toBeLessThan(MiB);
    expect('links' in detail).toBe(false);
    expect('resource' in detail).toBe(false);
    expect(detail.origin?.serviceName).toBe('batch');
    expect(detail.linkCount).toBe(5_000);
    expect(detail.spanLinks?.length).toBeLessThan(5_000);
    await service.shutdown();
  });
});
