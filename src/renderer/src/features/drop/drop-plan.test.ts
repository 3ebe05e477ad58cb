import { describe, expect, it } from 'vitest';
import { UPLOAD_MAX_BYTES } from '../../../../shared/contract';
import { describeIgnored, planDrop, type DroppedItem } from './drop-plan';

interface FakeFile {
  name: string;
  size: number;
}

const file = (name: string, size = 100, path: string | null = null): DroppedItem<FakeFile> => ({
  name,
  isDirectory: false,
  file: { name, size },
  path,
});
const folder = (name: string, path: string | null = null): DroppedItem<FakeFile> => ({
  name,
  isDirectory: true,
  file: { name, size: 4096 },
  path,
});

describe('what a drop on a browser window does', () => {
  it('uploads a dropped trace file', () => {
    const trace = file('trace.json');
    expect(planDrop([trace])).toEqual({ action: 'upload', file: trace.file, ignored: [] });
  });

  it('uploads the first trace file of several and names the rest as ignored', () => {
    const plan = planDrop([file('notes.txt'), file('a.jsonl'), file('b.json'), folder('runs')]);
    expect(plan).toEqual({
      action: 'upload',
      file: { name: 'a.jsonl', size: 100 },
      ignored: ['notes.txt', 'b.json', 'runs'],
    });
  });

  it('refuses a file that is no .json or .jsonl, naming it', () => {
    const plan = planDrop([file('notes.txt')]);
    expect(plan).toMatchObject({ action: 'refuse', code: 'not_a_trace' });
    expect(plan?.action === 'refuse' && plan.message).toContain('"notes.txt" is not a trace file');
  });

  it('refuses a trace file over the upload limit, naming it', () => {
    const plan = planDrop([file('huge.json', UPLOAD_MAX_BYTES + 1)]);
    expect(plan).toMatchObject({ action: 'refuse', code: 'not_a_trace' });
    expect(plan?.action === 'refuse' && plan.message).toContain('"huge.json" is too large to upload');
  });

  it('says a folder cannot be uploaded and points at the path field', () => {
    const plan = planDrop([folder('my-agents')]);
    expect(plan).toMatchObject({ action: 'refuse', code: 'unsupported' });
    expect(plan?.action === 'refuse' && plan.message).toMatch(
      /"my-agents" is a folder.*paste the folder's path into the path field/,
    );
  });

  it('does nothing when nothing was dropped', () => {
    expect(planDrop([])).toBeNull();
  });
});

describe('what a drop on the desktop app does', () => {
  it('opens a dropped folder by its path', () => {
    expect(planDrop([folder('my-agents', '/home/me/my-agents')])).toEqual({
      action: 'open-path',
      path: '/home/me/my-agents',
      ignored: [],
    });
  });

  it('opens the first folder or trace file by its path, the rest ignored', () => {
    const plan = planDrop([
      file('notes.txt', 10, '/n.txt'),
      file('t.json', 10, '/t.json'),
      folder('r', '/r'),
    ]);
    expect(plan).toEqual({ action: 'open-path', path: '/t.json', ignored: ['notes.txt', 'r'] });
  });

  it('hands any other file to the service as a typed path would be', () => {
    expect(planDrop([file('notes.txt', 10, '/n.txt')])).toEqual({
      action: 'open-path',
      path: '/n.txt',
      ignored: [],
    });
  });
});

describe('the names of what a drop left unopened', () => {
  it('names up to three and counts the rest', () => {
    expect(describeIgnored(['a', 'b'])).toBe('"a", "b"');
    expect(describeIgnored(['a', 'b', 'c', 'd', 'e'])).toBe('"a", "b", "c" and 2 more');
  });
});
