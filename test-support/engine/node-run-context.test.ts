import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestNodeContext, git } from './node-run-context';

describe('createTestNodeContext', () => {
  it('builds the directories, collects logs and removes everything on cleanup', async () => {
    const t = await createTestNodeContext({ nodeId: 'n1' });
    expect(existsSync(t.projectRoot) && existsSync(t.nodeDir)).toBe(true);
    expect(t.context.outcomeRepoDir).toBeNull();
    t.context.log('info', 'hello', { a: 1 });
    expect(t.logs).toEqual([{ level: 'info', message: 'hello', attributes: { a: 1 } }]);
    t.abort();
    expect(t.context.signal.aborted).toBe(true);
    await t.cleanup();
    expect(existsSync(t.rootDir)).toBe(false);
  });

  it('commits the outcome work tree, returning null when nothing changed', async () => {
    const t = await createTestNodeContext({ withOutcomeRepo: true });
    try {
      const repo = t.outcomeRepoDir as string;
      expect((await git(repo, ['log', '--format=%s'])).trim()).toBe('Initial commit');
      expect(await t.context.commitOutcome('nothing')).toBeNull();

      await writeFile(path.join(repo, 'new.txt'), 'x');
      const commit = await t.context.commitOutcome('add new.txt');
      expect(commit?.sha).toBe((await git(repo, ['rev-parse', 'HEAD'])).trim());
      expect((await git(repo, ['log', '-1', '--format=%s'])).trim()).toBe('add new.txt');
    } finally {
      await t.cleanup();
    }
  });
});
