import { describe, expect, it } from 'vitest';
import { parseCommitLog, parseFilesPerCommit } from './commit-log';
import { localIsoSeconds, runCompletionMessage, trailerValue } from './commit-message';
import { withKeyedMutex } from './keyed-mutex';
import { parseNameStatus } from './name-status';
import { lockFileNamedIn } from './repository-git';
import { isRepositoryRelativePath } from './repository-path';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

describe('repository-relative paths', () => {
  it('accepts relative paths inside the repository', () => {
    for (const path of ['a.txt', 'docs/readme.md', 'a..b/c', '.hidden', 'dir/..name']) {
      expect(isRepositoryRelativePath(path), path).toBe(true);
    }
  });

  it('rejects absolute paths and ".." segments with either separator', () => {
    for (const path of [
      '',
      '/etc/passwd',
      '\\\\server\\share',
      'C:/x',
      'c:x',
      '..',
      '../x',
      'a/../../x',
      'a\\..\\x',
    ]) {
      expect(isRepositoryRelativePath(path), path).toBe(false);
    }
  });
});

describe('name-status output', () => {
  it('reads every kind of entry', () => {
    const output = [
      'A',
      'new.txt',
      'D',
      'old.txt',
      'M',
      'with\nnewline',
      'T',
      'link',
      'R087',
      'a',
      'b',
      'C100',
      'src',
      'copy',
      '',
    ].join('\0');
    expect(parseNameStatus(output, 'test')).toEqual([
      { path: 'new.txt', status: 'added' },
      { path: 'old.txt', status: 'removed' },
      { path: 'with\nnewline', status: 'changed' },
      { path: 'link', status: 'changed' },
      { path: 'b', status: 'renamed', oldPath: 'a' },
      { path: 'copy', status: 'added' },
    ]);
    expect(parseNameStatus('', 'test')).toEqual([]);
  });

  it('refuses hostile paths and output it cannot read', () => {
    expect(() => parseNameStatus('A\0/etc/passwd\0', 'the diff')).toThrow(
      /the diff names the path "\/etc\/passwd"/,
    );
    expect(() => parseNameStatus('R100\0ok\0../escape\0', 'the diff')).toThrow(/"\.\.\/escape"/);
    expect(() => parseNameStatus('Q\0x\0', 'the diff')).toThrow(/unexpected status "Q"/);
    expect(() => parseNameStatus('R100\0only-one\0', 'the diff')).toThrow(/ends in the middle/);
  });

  it('tells commit ids from file names by position in log output', () => {
    const output = `${SHA_A}\0\nA\0${SHA_B}\0M\0x\0${SHA_B}\0`;
    const files = parseFilesPerCommit(output, 'log');
    expect(files.get(SHA_A)).toEqual([
      { path: SHA_B, status: 'added' },
      { path: 'x', status: 'changed' },
    ]);
    expect(files.get(SHA_B)).toEqual([]);
  });
});

describe('commit messages', () => {
  it('formats the completion message in local time to the second', () => {
    expect(localIsoSeconds(new Date(2026, 10, 25, 21, 4, 5, 999))).toBe('2026-11-25T21:04:05');
    expect(runCompletionMessage('run_1', 'completed', new Date(2026, 0, 2, 3, 4, 5))).toBe(
      '[run_1] Run completed at 2026-01-02T03:04:05',
    );
  });

  it('reads trailers only from the last paragraph', () => {
    expect(trailerValue('Subject\n\nDad-Node: n1\nDad-Run: r1', 'Dad-Node')).toBe('n1');
    expect(trailerValue('Dad-Node: in the subject', 'Dad-Node')).toBeNull();
    expect(trailerValue('Subject\n\nDad-Node: early\n\nlast paragraph', 'Dad-Node')).toBeNull();
  });

  it('parses log records, taking the run id from a DAD-style subject when there is no trailer', () => {
    const output = `${SHA_A}\x1f${SHA_B}\x1f2026-11-25T21:00:00+01:00\x1f[run_x] Run completed at 2026-11-25T21:00:00\n\0`;
    expect(parseCommitLog(output, 'log')).toEqual([
      {
        sha: SHA_A,
        parents: [SHA_B],
        message: '[run_x] Run completed at 2026-11-25T21:00:00',
        subject: '[run_x] Run completed at 2026-11-25T21:00:00',
        authoredAt: '2026-11-25T21:00:00+01:00',
        nodeId: null,
        runId: 'run_x',
      },
    ]);
    expect(() => parseCommitLog('garbage\0', 'log')).toThrow(/unexpected git log record/);
  });
});

describe('lock files in git messages', () => {
  it('finds the lock git could not create', () => {
    const message =
      "fatal: cannot lock ref 'HEAD': Unable to create '/repo/.git/refs/heads/run/x.lock': File exists.";
    expect(lockFileNamedIn(message, '/repo')).toBe('/repo/.git/refs/heads/run/x.lock');
    expect(lockFileNamedIn("fatal: Unable to create '.git/index.lock': File exists.", '/repo')).toBe(
      '/repo/.git/index.lock',
    );
    expect(lockFileNamedIn('fatal: not a git repository', '/repo')).toBeNull();
  });
});

describe('keyed mutex', () => {
  it('runs tasks under one key one at a time, in order, and other keys alongside', async () => {
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      return name;
    };
    const failing = async (): Promise<string> => {
      events.push('start failing');
      throw new Error('boom');
    };
    const results = await Promise.all([
      withKeyedMutex('k', task('a', 30)),
      withKeyedMutex('k', failing).catch((error: Error) => error.message),
      withKeyedMutex('k', task('b', 1)),
      withKeyedMutex('other', task('c', 1)),
    ]);
    expect(results).toEqual(['a', 'boom', 'b', 'c']);
    const keyed = events.filter((event) => !event.endsWith(' c'));
    expect(keyed).toEqual(['start a', 'end a', 'start failing', 'start b', 'end b']);
    expect(events.indexOf('end c')).toBeLessThan(events.indexOf('end a'));
  });
});
