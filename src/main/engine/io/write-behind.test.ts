import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteBehindWriter } from './write-behind';

describe('writes that keep failing (a full disk)', () => {
  it('keep the first failure per file and count the rest, however many there are', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-behind-'));
    try {
      // /dev/full answers every write with ENOSPC, as a full disk does.
      const full = join(dir, 'trace.jsonl');
      await symlink('/dev/full', full);
      const writer = new WriteBehindWriter();
      for (let i = 0; i < 200; i++) {
        writer.appendLine(full, `{"line":${i}}`);
        await writer.flush();
      }
      const logs = join(dir, 'logs.jsonl');
      await symlink('/dev/full', logs);
      writer.appendLine(logs, '{}');
      await writer.flush();

      expect(writer.failures.map((failure) => failure.path)).toEqual([full, logs]);
      expect(writer.failures[0]).toMatchObject({ count: 200, error: { code: 'ENOSPC' } });
      expect(writer.failures[1]).toMatchObject({ count: 1 });
      expect(writer.failureCount).toBe(201);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
