import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestNodeContext,
  type TestNodeContext,
} from '../../../../../test-support/engine/node-run-context';
import {
  folderAnalyzerNode,
  type DirectoryEntry,
  type FileEntry,
  type FolderAnalyzerInput,
  type FolderAnalyzerNodeData,
  type FolderAnalyzerNodeOutcome,
  type FolderAnalyzerSettings,
  type TreeEntry,
} from './index';

let t: TestNodeContext;
let folder: string;

const INDEX_TS = 'import { a } from "./util";\n\nconsole.log(a);\n';
const INDEX_TS_SIZE = Buffer.byteLength(INDEX_TS);

async function put(relative: string, content: string | Buffer): Promise<void> {
  const file = path.join(folder, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

beforeEach(async () => {
  t = await createTestNodeContext({ nodeId: 'analyze', nodeType: 'folder_analyzer' });
  folder = path.join(t.projectRoot, 'repo');
  await put('.gitignore', 'node_modules/\n*.log\n');
  await put('README.md', '# Repo\n');
  await put('src/index.ts', INDEX_TS);
  await put('src/util.ts', 'export const a = 1;');
  await put('src/.gitignore', 'generated/\n!keep.log\n');
  await put('src/generated/out.ts', 'x\n');
  await put('src/keep.log', 'kept\n');
  await put('debug.log', 'noise\n');
  await put('node_modules/pkg/index.js', 'module.exports = 1;\n');
  await put('image.bin', Buffer.from([0x89, 0x50, 0x00, 0x0a, 0x0a, 0x01]));
  await put('.env', 'SECRET=1\n');
});

afterEach(async () => {
  await t.cleanup();
});

async function analyze(settings: Partial<FolderAnalyzerSettings> = {}, input?: FolderAnalyzerInput) {
  const parsed = folderAnalyzerNode.settingsSchema.parse({ path: 'repo', ...settings });
  const output = await folderAnalyzerNode.execute(t.context, parsed, input);
  return {
    data: output.data as FolderAnalyzerNodeData,
    outcome: output.outcome as FolderAnalyzerNodeOutcome,
  };
}

/** Every path in the tree, depth first, directories marked with a trailing slash. */
function listPaths(entries: TreeEntry[]): string[] {
  return entries.flatMap((entry) =>
    entry.type === 'directory' ? [`${entry.path}/`, ...listPaths(entry.children)] : [entry.path],
  );
}

function find(entries: TreeEntry[], wanted: string): TreeEntry | undefined {
  for (const entry of entries) {
    if (entry.path === wanted) return entry;
    if (entry.type === 'directory') {
      const inner = find(entry.children, wanted);
      if (inner) return inner;
    }
  }
  return undefined;
}

describe('folder_analyzer node', () => {
  it('lists the folder as a tree with counts, honouring .gitignore at every level', async () => {
    const { data, outcome } = await analyze();

    expect(outcome.base_directory).toBe(folder);
    expect(listPaths(outcome.results)).toEqual([
      'README.md',
      'image.bin',
      'src/',
      'src/index.ts',
      'src/keep.log',
      'src/util.ts',
    ]);
    expect(data).toEqual({
      path: folder,
      total_files: 5,
      total_directories: 1,
      total_size: 7 + 6 + INDEX_TS_SIZE + 5 + 19,
      file_types: { '.md': 1, '.bin': 1, '.ts': 2, '.log': 1 },
      total_lines: 1 + 3 + 1 + 1,
    });
    expect(find(outcome.results, 'src/index.ts')).toEqual({
      path: 'src/index.ts',
      type: 'file',
      size: INDEX_TS_SIZE,
      lines: 3,
    });
    expect((find(outcome.results, 'src') as DirectoryEntry).size).toBe(INDEX_TS_SIZE + 5 + 19);
  });

  it('lists ignored files when respect_gitignore is false', async () => {
    const { outcome } = await analyze({ respect_gitignore: false });
    const paths = listPaths(outcome.results);

    expect(paths).toContain('debug.log');
    expect(paths).toContain('node_modules/pkg/index.js');
    expect(paths).toContain('src/generated/out.ts');
  });

  it('gives binary files no line count or content', async () => {
    const { outcome } = await analyze({ include_contents: true });
    expect(find(outcome.results, 'image.bin')).toEqual({
      path: 'image.bin',
      type: 'file',
      size: 6,
      binary: true,
      note: 'binary file: content omitted',
    });
  });

  it('includes contents up to max_file_size and notes the files over it', async () => {
    const { outcome } = await analyze({ include_contents: true, max_file_size: 10 });

    expect((find(outcome.results, 'README.md') as FileEntry).content).toBe('# Repo\n');
    const big = find(outcome.results, 'src/index.ts') as FileEntry;
    expect(big.content).toBeUndefined();
    expect(big.lines).toBe(3);
    expect(big.note).toBe(`content omitted: ${INDEX_TS_SIZE} bytes is over max_file_size (10)`);
  });

  it('leaves contents out unless asked', async () => {
    const { outcome } = await analyze();
    expect((find(outcome.results, 'README.md') as FileEntry).content).toBeUndefined();
  });

  it('drops exclude_patterns from settings and input', async () => {
    const { outcome } = await analyze({ exclude_patterns: ['*.md'] }, { exclude_patterns: ['src/util.ts'] });
    expect(listPaths(outcome.results)).toEqual(['image.bin', 'src/', 'src/index.ts', 'src/keep.log']);
  });

  it('stops at max_depth and marks the directories it did not open', async () => {
    const { data, outcome } = await analyze({ max_depth: 1 });

    expect(find(outcome.results, 'src')).toEqual({
      path: 'src',
      type: 'directory',
      size: 0,
      children: [],
      truncated: true,
    });
    expect(data.total_files).toBe(2);
  });

  it('shows hidden files only with include_hidden, and never the .git directory', async () => {
    await put('.git/HEAD', 'ref: refs/heads/main\n');
    const hidden = listPaths((await analyze({ include_hidden: true })).outcome.results);

    expect(hidden).toContain('.env');
    expect(hidden).toContain('.gitignore');
    expect(hidden).toContain('src/.gitignore');
    expect(hidden.some((p) => p.startsWith('.git/'))).toBe(false);
    expect(listPaths((await analyze()).outcome.results)).not.toContain('.env');
  });

  it('does not follow symbolic links out of the folder', async () => {
    const outside = path.join(t.rootDir, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), 'secret\n');
    await symlink(outside, path.join(folder, 'linked-dir'));
    await symlink(path.join(outside, 'secret.txt'), path.join(folder, 'linked-secret.txt'));
    await symlink(path.join(folder, 'README.md'), path.join(folder, 'readme-link.md'));

    const { outcome } = await analyze({ include_contents: true });
    const paths = listPaths(outcome.results);

    expect(paths).not.toContain('linked-dir/');
    expect(paths).not.toContain('linked-secret.txt');
    expect(find(outcome.results, 'readme-link.md')).toMatchObject({ type: 'file', content: '# Repo\n' });
  });

  it('analyses the input path instead of the settings path', async () => {
    const { data } = await analyze({}, { path: 'repo/src' });
    expect(data.path).toBe(path.join(folder, 'src'));
    expect(data.total_files).toBe(3);
  });

  it('refuses a path that is not a directory, naming it', async () => {
    await expect(analyze({ path: 'missing' })).rejects.toThrow(
      `path ${path.join(t.projectRoot, 'missing')} is not an existing directory`,
    );
  });

  it('throws "cancelled" when the run is aborted', async () => {
    t.abort();
    await expect(analyze()).rejects.toThrow('cancelled');
  });
});
