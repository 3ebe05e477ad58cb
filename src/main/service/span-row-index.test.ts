import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/contract';
import { withTempDir } from '../../../test-support/engine/test-node-types';
import { openTestService } from '../../../test-support/service';

const RUN_ID = 'run_20260102_100000_abcdef';

function spanLine(spanId: string, parentId: string | null, second: number): string {
  const at = (s: number) => `2026-01-02T10:00:${String(s).padStart(2, '0')}.000000Z`;
  return JSON.stringify({
    name: `span ${spanId.slice(-1)}`,
    context: { trace_id: '0x' + 'b'.repeat(32), span_id: spanId, trace_state: '[]' },
    parent_id: parentId,
    start_time: at(second),
    end_time: at(second + 1),
    status: { status_code: 'OK' },
    attributes: {},
    events: [],
    links: [],
  });
}

/** root 1 → 2 → 3 → 4, and 5 beside 2; children written before parents, as DAD does. */
async function writeRun(dir: string): Promise<void> {
  const trace = join(dir, 'runs', RUN_ID, '.trace');
  await mkdir(trace, { recursive: true });
  const lines = [
    spanLine('0x0000000000000004', '0x0000000000000003', 4),
    spanLine('0x0000000000000003', '0x0000000000000002', 3),
    spanLine('0x0000000000000002', '0x0000000000000001', 2),
    spanLine('0x0000000000000005', '0x0000000000000001', 6),
    spanLine('0x0000000000000001', null, 1),
  ];
  await writeFile(join(trace, 'trace.jsonl'), lines.join('\n') + '\n');
  await writeFile(join(trace, 'logs.jsonl'), '');
  await writeFile(join(trace, 'metrics.jsonl'), '');
}

describe('spanRowIndex', () => {
  it('expands the collapsed ancestors of a span, keeps the other collapsed spans, and gives its row', async () => {
    await withTempDir(async (dir) => {
      await writeRun(dir);
      const { service, session } = await openTestService(dir);
      const reveal = async (spanId: string, collapsed: string[]) =>
        (await service.handlers.spanRowIndex(
          { runId: RUN_ID, spanId, collapsed },
          session,
        )) as ResultOf<'spanRowIndex'>;
      const rowsWith = async (collapsed: string[]) =>
        (
          (await service.handlers.spanRows(
            { runId: RUN_ID, collapsed, offset: 0, limit: 10 },
            session,
          )) as ResultOf<'spanRows'>
        ).rows.map((row) => row.spanId);

      // Span 4 lies under 2 and 3, both collapsed; 5 is collapsed too but is not an ancestor.
      const collapsed = ['0x0000000000000002', '0x0000000000000003', '0x0000000000000005'];
      expect(await rowsWith(collapsed)).not.toContain('0x0000000000000004');
      const revealed = await reveal('0x0000000000000004', collapsed);
      expect(revealed.collapsed).toEqual(['0x0000000000000005']);
      expect((await rowsWith(revealed.collapsed))[revealed.index]).toBe('0x0000000000000004');
      expect(revealed.index).toBe(3);

      // A span already shown keeps the set as it was.
      expect(await reveal('0x0000000000000005', collapsed)).toEqual({ index: 2, collapsed });
      expect((await reveal('0x00000000000000ff', collapsed)).index).toBe(-1);
      await service.shutdown();
    });
  });
});
