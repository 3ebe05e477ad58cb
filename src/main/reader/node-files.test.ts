import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILE_PREVIEW_BYTES } from '../../shared/text-pieces';
import { readNodeFiles } from './node-files';

let root: string;
let runDir: string;
let outside: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dad-reader-files-'));
  runDir = join(root, 'runs', 'run_1');
  outside = join(root, 'secrets');
  await mkdir(join(runDir, 'agent', 'main', 'node'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'result.json'), '{"secret": true}');
  await writeFile(join(runDir, 'agent', 'main', 'node', 'result.json'), '{"node_identifier": "node"}');
  await writeFile(join(runDir, 'agent', 'main', 'node', 'outcome.json'), 'null');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('readNodeFiles', () => {
  it("reads a node's files by hierarchy path", async () => {
    const files = await readNodeFiles(runDir, 'agent.main.node');
    expect(files).toEqual({
      hierarchyPath: 'agent.main.node',
      files: [
        { name: 'result.json', content: { node_identifier: 'node' }, error: null },
        { name: 'outcome.json', content: null, error: null },
        { name: 'state.json', content: null, error: 'state.json does not exist' },
      ],
    });
  });

  it('refuses paths that are not dot-separated ids', async () => {
    for (const path of [
      '..',
      'agent..main',
      'agent/main',
      '../secrets',
      'agent.main.node/..',
      '',
      '.agent',
      'agent.',
      'a b',
      'é',
      'x'.repeat(151),
    ]) {
      await expect(readNodeFiles(runDir, path), JSON.stringify(path)).rejects.toMatchObject({
        code: 'invalid_path',
      });
    }
  });

  it('refuses a node folder, or a file, that is a link, naming it and never reading its target', async () => {
    await symlink(outside, join(runDir, 'agent', 'main', 'escape'));
    const escaped = await readNodeFiles(runDir, 'agent.main.escape');
    for (const file of escaped.files) {
      expect(file.content).toBeNull();
      expect(file.error).toContain('agent/main/escape');
      expect(file.error).toContain('symbolic link');
    }
    await symlink(join(outside, 'result.json'), join(runDir, 'agent', 'main', 'node', 'state.json'));
    const files = await readNodeFiles(runDir, 'agent.main.node');
    expect(files.files[2]).toMatchObject({ name: 'state.json', content: null });
    expect(files.files[2]?.error).toContain('state.json');
    expect(files.files[2]?.error).toContain('symbolic link');
    expect(JSON.stringify([escaped, files])).not.toContain('secret');
  });

  it('does not follow links even when they stay inside the run directory', async () => {
    await symlink(join(runDir, 'agent', 'main', 'node'), join(runDir, 'agent', 'main', 'alias'));
    const files = await readNodeFiles(runDir, 'agent.main.alias');
    expect(files.files[0]?.content).toBeNull();
    expect(files.files[0]?.error).toContain('symbolic link');
  });

  it('refuses a FIFO without blocking on it', async () => {
    execFileSync('mkfifo', [join(runDir, 'agent', 'main', 'node', 'state.json')]);
    const files = await readNodeFiles(runDir, 'agent.main.node');
    expect(files.files[2]?.error).toContain('not a regular file');
  });

  it('names a file that is not JSON without quoting it', async () => {
    await writeFile(join(runDir, 'agent', 'main', 'node', 'result.json'), '{"key": private words here');
    const files = await readNodeFiles(runDir, 'agent.main.node');
    expect(files.files[0]?.error).toMatch(/^result\.json is not readable JSON/);
    expect(files.files[0]?.error).not.toContain('private');
  });

  it('sends a file larger than a reply carries as its first bytes, cut at a character, and its size', async () => {
    const text = JSON.stringify({ text: 'é😀漢'.repeat(100_000) });
    await writeFile(join(runDir, 'agent', 'main', 'node', 'result.json'), text);
    const [result] = (await readNodeFiles(runDir, 'agent.main.node')).files;
    expect(result?.content).toBeNull();
    expect(result?.long?.totalBytes).toBe(Buffer.byteLength(text));
    expect(result?.long?.previewBytes).toBeLessThanOrEqual(FILE_PREVIEW_BYTES);
    expect(result?.long?.previewBytes).toBe(Buffer.byteLength(result?.long?.preview ?? ''));
    expect(text.startsWith(result?.long?.preview ?? '-')).toBe(true);
  });
});
