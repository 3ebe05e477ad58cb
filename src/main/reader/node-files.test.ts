import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

  it('refuses a node folder, or a file, that links outside the run directory', async () => {
    await symlink(outside, join(runDir, 'agent', 'main', 'escape'));
    await expect(readNodeFiles(runDir, 'agent.main.escape')).rejects.toMatchObject({
      code: 'invalid_path',
      message: expect.stringContaining('outside the run directory'),
    });
    await symlink(join(outside, 'result.json'), join(runDir, 'agent', 'main', 'node', 'state.json'));
    const files = await readNodeFiles(runDir, 'agent.main.node');
    expect(files.files[2]).toEqual({
      name: 'state.json',
      content: null,
      error: 'state.json links outside the run directory; not read',
    });
    expect(JSON.stringify(files)).not.toContain('secret');
  });

  it('follows links that stay inside the run directory', async () => {
    await symlink(join(runDir, 'agent', 'main', 'node'), join(runDir, 'agent', 'main', 'alias'));
    const files = await readNodeFiles(runDir, 'agent.main.alias');
    expect(files.files[0]?.content).toEqual({ node_identifier: 'node' });
  });
});
