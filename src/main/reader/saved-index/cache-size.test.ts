import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markUsed, trimSavedIndexes } from './cache-size';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dad-saved-indexes-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

/** A saved index of `bytes`, last used `minutesAgo`. */
async function savedIndex(name: string, bytes: number, minutesAgo: number): Promise<string> {
  const path = join(folder, `${name}.dadidx`);
  await writeFile(path, Buffer.alloc(bytes));
  const when = new Date(Date.now() - minutesAgo * 60_000);
  await utimes(path, when, when);
  return path;
}

describe('the saved indexes stay within their size', () => {
  it('removes the least recently used first, never the one just saved, and nothing else', async () => {
    await savedIndex('oldest', 100, 30);
    await savedIndex('older', 100, 20);
    const justSaved = await savedIndex('just-saved', 100, 60);
    await writeFile(join(folder, 'notes.txt'), 'not an index');
    await trimSavedIndexes(folder, 150, justSaved);
    expect((await readdir(folder)).sort()).toEqual(['just-saved.dadidx', 'notes.txt']);
  });

  it('keeps an index opened lately over one saved later but not used since', async () => {
    const opened = await savedIndex('opened', 100, 50);
    await savedIndex('unused', 100, 10);
    const justSaved = await savedIndex('just-saved', 50, 0);
    await markUsed(opened);
    await trimSavedIndexes(folder, 200, justSaved);
    expect((await readdir(folder)).sort()).toEqual(['just-saved.dadidx', 'opened.dadidx']);
  });

  it('leaves everything when all fits', async () => {
    await savedIndex('a', 10, 5);
    await savedIndex('b', 10, 1);
    await trimSavedIndexes(folder, 1000, join(folder, 'b.dadidx'));
    expect((await readdir(folder)).sort()).toEqual(['a.dadidx', 'b.dadidx']);
  });
});
