import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestNodeContext,
  git,
  type TestNodeContext,
} from '../../../../../test-support/engine/node-run-context';
import {
  fileOperationNode,
  type FileOperation,
  type FileOperationNodeData,
  type FileOperationNodeOutcome,
  type FileOperationSettings,
} from './index';

let t: TestNodeContext;
let base: string;

async function setUp(withOutcomeRepo: boolean): Promise<void> {
  t = await createTestNodeContext({ nodeId: 'write_files', nodeType: 'file_operation', withOutcomeRepo });
  base = path.join(t.projectRoot, 'work');
  await mkdir(base);
}

beforeEach(async () => {
  await setUp(false);
});

afterEach(async () => {
  await t.cleanup();
});

async function run(operations: FileOperation[], settings: Partial<FileOperationSettings> = {}) {
  const parsed = fileOperationNode.settingsSchema.parse({ base_directory: 'work', operations, ...settings });
  const output = await fileOperationNode.execute(t.context, parsed, undefined);
  return {
    output,
    data: output.data as FileOperationNodeData,
    results: (output.outcome as FileOperationNodeOutcome).results,
  };
}

const read = (relative: string) => readFile(path.join(base, relative), 'utf8');

describe('file_operation node: operations', () => {
  it('creates a file with its parent folders and reports a diff', async () => {
    const { output, data, results } = await run([
      { type: 'create_file', path: 'src/deep/hello.txt', content: 'hello\nworld\n' },
    ]);

    expect(await read('src/deep/hello.txt')).toBe('hello\nworld\n');
    expect(output.failure).toBeUndefined();
    expect(data).toEqual({
      base_directory: base,
      success: true,
      errors: [],
      operations_count: 1,
      successful_operations: 1,
      failed_operations: 0,
    });
    expect(results[0]).toMatchObject({
      type: 'create_file',
      path: 'src/deep/hello.txt',
      success: true,
      error: null,
    });
    expect(results[0]?.diff).toContain('+++ b/src/deep/hello.txt');
    expect(results[0]?.diff).toContain('+hello\n+world');
  });

  it('replaces an existing file only with overwrite', async () => {
    await writeFile(path.join(base, 'a.txt'), 'old\n');

    const refused = await run([{ type: 'create_file', path: 'a.txt', content: 'new\n' }]);
    expect(refused.results[0]?.error).toContain('already exists');
    expect(await read('a.txt')).toBe('old\n');

    const replaced = await run([{ type: 'create_file', path: 'a.txt', content: 'new\n', overwrite: true }]);
    expect(await read('a.txt')).toBe('new\n');
    expect(replaced.results[0]?.diff).toContain('-old\n+new');
  });

  it('edits a file by exact text', async () => {
    await writeFile(path.join(base, 'app.ts'), 'const a = 1;\nconst b = 2;\n');
    const { results } = await run([
      {
        type: 'edit_file',
        path: 'app.ts',
        edits: [
          { old_text: 'const a = 1;', new_text: 'const a = 10;' },
          { old_text: 'b = 2', new_text: 'b = 20' },
        ],
      },
    ]);

    expect(await read('app.ts')).toBe('const a = 10;\nconst b = 20;\n');
    expect(results[0]?.diff).toContain('-const a = 1;\n-const b = 2;\n+const a = 10;\n+const b = 20;');
  });

  it('leaves the file alone when old_text is missing or ambiguous', async () => {
    await writeFile(path.join(base, 'app.ts'), 'x\nx\n');
    const { results } = await run([
      { type: 'edit_file', path: 'app.ts', edits: [{ old_text: 'x', new_text: 'y' }] },
      { type: 'edit_file', path: 'app.ts', edits: [{ old_text: 'zzz', new_text: 'y' }] },
    ]);

    expect(results[0]?.error).toContain('ambiguous in app.ts (found 2 times)');
    expect(results[1]?.error).toContain('old_text "zzz" was not found in app.ts');
    expect(await read('app.ts')).toBe('x\nx\n');
  });

  it('edits a file by unified diff', async () => {
    await writeFile(path.join(base, 'list.txt'), 'one\ntwo\nthree\n');
    const unifiedDiff = [
      '--- a/list.txt',
      '+++ b/list.txt',
      '@@ -1,3 +1,3 @@',
      ' one',
      '-two',
      '+TWO',
      ' three',
      '',
    ].join('\n');
    const { results } = await run([{ type: 'edit_file', path: 'list.txt', unified_diff: unifiedDiff }]);

    expect(results[0]?.success).toBe(true);
    expect(await read('list.txt')).toBe('one\nTWO\nthree\n');
  });

  it('fails a unified diff whose hunk does not apply and names the hunk', async () => {
    await writeFile(path.join(base, 'list.txt'), 'one\ntwo\nthree\n');
    const unifiedDiff = ['@@ -1,3 +1,3 @@', ' one', '-deux', '+TWO', ' three', ''].join('\n');
    const { output, results } = await run([
      { type: 'edit_file', path: 'list.txt', unified_diff: unifiedDiff },
    ]);

    expect(results[0]?.error).toContain('hunk 1 of 1 (@@ -1,3 +1,3 @@) does not apply to list.txt');
    expect(output.failure?.message).toContain('edit_file "list.txt"');
    expect(await read('list.txt')).toBe('one\ntwo\nthree\n');
  });

  it('deletes a file and shows its removed lines', async () => {
    await writeFile(path.join(base, 'gone.txt'), 'bye\n');
    const { results } = await run([{ type: 'delete_file', path: 'gone.txt' }]);

    expect(existsSync(path.join(base, 'gone.txt'))).toBe(false);
    expect(results[0]?.diff).toContain('-bye');
    expect(results[0]?.diff).toContain('+++ /dev/null');
  });

  it('creates and deletes directories, deleting a non-empty one only when recursive', async () => {
    const created = await run([{ type: 'create_directory', path: 'made/inner' }]);
    expect(existsSync(path.join(base, 'made/inner'))).toBe(true);
    expect(created.results[0]?.diff).toBeNull();

    const notEmpty = await run([{ type: 'delete_directory', path: 'made' }]);
    expect(notEmpty.results[0]?.error).toContain('made is not empty; set recursive: true');
    expect(existsSync(path.join(base, 'made'))).toBe(true);

    const removed = await run([{ type: 'delete_directory', path: 'made', recursive: true }]);
    expect(removed.results[0]).toMatchObject({ success: true, diff: null });
    expect(existsSync(path.join(base, 'made'))).toBe(false);
  });

  it('moves a file into a new folder and refuses to overwrite a destination', async () => {
    await writeFile(path.join(base, 'a.txt'), 'A');
    await writeFile(path.join(base, 'b.txt'), 'B');
    const { results } = await run([
      { type: 'move', source: 'a.txt', destination: 'moved/a2.txt' },
      { type: 'move', source: 'b.txt', destination: 'moved/a2.txt' },
    ]);

    expect(results[0]).toMatchObject({
      type: 'move',
      path: 'a.txt',
      destination: 'moved/a2.txt',
      success: true,
    });
    expect(results[0]?.diff).toContain('--- a/a.txt');
    expect(results[0]?.diff).toContain('+++ b/moved/a2.txt');
    expect(await read('moved/a2.txt')).toBe('A');
    expect(existsSync(path.join(base, 'a.txt'))).toBe(false);
    expect(results[1]?.error).toContain('destination moved/a2.txt already exists');
    expect(await read('b.txt')).toBe('B');
  });

  it('keeps going after a failed operation and names the first failed path', async () => {
    const { output, data } = await run([
      { type: 'delete_file', path: 'missing.txt' },
      { type: 'create_file', path: 'ok.txt', content: 'ok' },
      { type: 'delete_directory', path: 'nope' },
    ]);

    expect(await read('ok.txt')).toBe('ok');
    expect(data).toMatchObject({
      success: false,
      operations_count: 3,
      successful_operations: 1,
      failed_operations: 2,
    });
    expect(data.errors).toEqual([
      'delete_file "missing.txt": missing.txt does not exist',
      'delete_directory "nope": nope does not exist',
    ]);
    expect(output.failure?.message).toBe(
      'file operation failed: delete_file "missing.txt": missing.txt does not exist (and 1 more)',
    );
  });

  it('uses the input operations instead of the settings operations', async () => {
    const parsed = fileOperationNode.settingsSchema.parse({
      base_directory: 'work',
      operations: [{ type: 'create_file', path: 'from-settings.txt', content: '' }],
    });
    await fileOperationNode.execute(t.context, parsed, {
      operations: [{ type: 'create_file', path: 'from-input.txt', content: '' }],
    });
    expect(existsSync(path.join(base, 'from-input.txt'))).toBe(true);
    expect(existsSync(path.join(base, 'from-settings.txt'))).toBe(false);
  });
});

describe('file_operation node: path safety', () => {
  it('refuses a path that leaves the base directory by ..', async () => {
    const { results, output } = await run([{ type: 'create_file', path: '../escaped.txt', content: 'x' }]);

    expect(results[0]?.error).toBe(
      `refused path "../escaped.txt": '..' leads outside the allowed directories (.)`,
    );
    expect(output.failure?.message).toContain('"../escaped.txt"');
    expect(existsSync(path.join(t.projectRoot, 'escaped.txt'))).toBe(false);
  });

  it('refuses an absolute path', async () => {
    const { results } = await run([{ type: 'create_file', path: '/etc/passwd', content: 'x' }]);
    expect(results[0]?.error).toContain('refused path "/etc/passwd": absolute paths are not allowed');
  });

  it('refuses a symlinked folder or file that points outside', async () => {
    const outside = path.join(t.rootDir, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), 'secret\n');
    await symlink(outside, path.join(base, 'link'));
    await symlink(path.join(outside, 'secret.txt'), path.join(base, 'leaf.txt'));

    const { results } = await run([
      { type: 'create_file', path: 'link/evil.txt', content: 'x' },
      { type: 'edit_file', path: 'link/secret.txt', edits: [{ old_text: 'secret', new_text: 'owned' }] },
      { type: 'create_file', path: 'leaf.txt', content: 'owned', overwrite: true },
    ]);

    expect(results.map((r) => r.success)).toEqual([false, false, false]);
    expect(results[0]?.error).toBe(
      'refused path "link/evil.txt": "link" is a symbolic link; links are not followed',
    );
    expect(results[2]?.error).toContain('"leaf.txt" is a symbolic link');
    expect(existsSync(path.join(outside, 'evil.txt'))).toBe(false);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret\n');
  });

  it('allows only paths inside allowed_directories', async () => {
    const { results } = await run(
      [
        { type: 'create_file', path: 'src/ok.ts', content: '' },
        { type: 'create_file', path: 'docs/no.md', content: '' },
      ],
      { allowed_directories: ['src'] },
    );

    expect(results[0]?.success).toBe(true);
    expect(results[1]?.error).toBe('refused path "docs/no.md": it is outside the allowed directories (src)');
    expect(existsSync(path.join(base, 'docs'))).toBe(false);
  });

  it('refuses paths inside .git and deleting the base directory itself', async () => {
    const { results } = await run([
      { type: 'create_file', path: '.git/hooks/pre-commit', content: '#!/bin/sh\n' },
      { type: 'delete_directory', path: '.', recursive: true },
    ]);

    expect(results[0]?.error).toContain('paths inside .git are not allowed');
    expect(results[1]?.error).toContain('is the base or an allowed directory itself');
    expect(existsSync(base)).toBe(true);
  });

  it('refuses a base directory that does not exist', async () => {
    await expect(run([], { base_directory: 'nowhere' })).rejects.toThrow(
      `base_directory ${path.join(t.projectRoot, 'nowhere')} is not an existing directory`,
    );
  });
});

describe('file_operation node: outcome repository', () => {
  beforeEach(async () => {
    await t.cleanup();
    await setUp(true);
  });

  it('commits the outcome work tree with the given message', async () => {
    const repo = t.outcomeRepoDir as string;
    const { data } = await run([{ type: 'create_file', path: 'notes/plan.md', content: '# Plan\n' }], {
      base_directory: repo,
      commit: true,
      commit_message: 'write the plan',
    });

    const head = (await git(repo, ['rev-parse', 'HEAD'])).trim();
    expect(data.commit).toEqual({ sha: head });
    expect((await git(repo, ['log', '-1', '--format=%s'])).trim()).toBe('write the plan');
    expect((await git(repo, ['show', '--name-only', '--format=', 'HEAD'])).trim()).toBe('notes/plan.md');
    expect((await git(repo, ['status', '--porcelain'])).trim()).toBe('');
  });

  it('commits with a default message naming the node and the operation count', async () => {
    const repo = t.outcomeRepoDir as string;
    await run(
      [
        { type: 'create_file', path: 'a.txt', content: 'a' },
        { type: 'create_file', path: 'b.txt', content: 'b' },
      ],
      { base_directory: repo, commit: true },
    );
    expect((await git(repo, ['log', '-1', '--format=%s'])).trim()).toBe('write_files: 2 file operations');
  });

  it('reports commit null when the operations changed nothing', async () => {
    const { data } = await run([{ type: 'create_directory', path: 'empty' }], {
      base_directory: t.outcomeRepoDir as string,
      commit: true,
    });
    expect(data.commit).toBeNull();
  });

  it('refuses to commit when base_directory is not in the outcome work tree, before touching anything', async () => {
    await expect(
      run([{ type: 'create_file', path: 'x.txt', content: 'x' }], { commit: true }),
    ).rejects.toThrow('is not inside the outcome work tree');
    expect(existsSync(path.join(base, 'x.txt'))).toBe(false);
  });

  it('stages the changes without committing when stage is set', async () => {
    const repo = t.outcomeRepoDir as string;
    const { data } = await run([{ type: 'create_file', path: 'staged.txt', content: 's' }], {
      base_directory: repo,
      stage: true,
    });

    expect(data.staged).toBe(true);
    expect((await git(repo, ['diff', '--cached', '--name-only'])).trim()).toBe('staged.txt');
    expect((await git(repo, ['log', '-1', '--format=%s'])).trim()).toBe('Initial commit');
  });
});

describe('file_operation node: cancel and schemas', () => {
  it('throws "cancelled" and does nothing when the run is aborted', async () => {
    t.abort();
    await expect(run([{ type: 'create_file', path: 'x.txt', content: 'x' }])).rejects.toThrow('cancelled');
    expect(existsSync(path.join(base, 'x.txt'))).toBe(false);
  });

  it('rejects an edit_file with both or neither of edits and unified_diff, and unknown types', () => {
    const parse = (operation: unknown) =>
      fileOperationNode.settingsSchema.safeParse({ base_directory: '.', operations: [operation] }).success;
    expect(
      parse({ type: 'edit_file', path: 'a', edits: [{ old_text: 'a', new_text: 'b' }], unified_diff: '@@' }),
    ).toBe(false);
    expect(parse({ type: 'edit_file', path: 'a' })).toBe(false);
    expect(parse({ type: 'chmod', path: 'a' })).toBe(false);
    expect(parse({ type: 'edit_file', path: 'a', unified_diff: '@@ -1 +1 @@\n-a\n+b\n' })).toBe(true);
  });
});
