import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleProjectPath, writableSampleProject } from './sample-project';

describe('sampleProjectPath', () => {
  it("is in the packaged app's resources folder, wherever the bundle sits", () => {
    expect(
      sampleProjectPath({
        isPackaged: true,
        resourcesPath: '/opt/DAD Run Inspector/resources',
        mainDir: '/opt/DAD Run Inspector/resources/app.asar/out/main',
      }),
    ).toBe('/opt/DAD Run Inspector/resources/sample-project');
  });

  it("is the source tree's resources/sample-project for the built but unpackaged app", () => {
    const root = resolve(import.meta.dirname, '..', '..', '..');
    const path = sampleProjectPath({
      isPackaged: false,
      resourcesPath: '/usr/lib/electron/resources',
      mainDir: join(root, 'out', 'main'),
    });
    expect(path).toBe(join(root, 'resources', 'sample-project'));
    expect(existsSync(join(path, 'src')), `${path} holds the sample project`).toBe(true);
  });
});

describe('writableSampleProject', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dad-sample-copy-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("copies the shipped project into userData once, without its runs, and keeps the user's copy after", async () => {
    const shipped = join(dir, 'resources', 'sample-project');
    await mkdir(join(shipped, 'src', 'agents'), { recursive: true });
    await mkdir(join(shipped, 'runs', 'run_1'), { recursive: true });
    await writeFile(join(shipped, 'src', 'agents', 'writer.ts'), 'export {};\n');
    const userData = join(dir, 'userData');
    await mkdir(userData);
    // A copy an earlier start was killed in the middle of.
    await mkdir(join(userData, 'sample-project.4242.partial', 'src'), { recursive: true });

    const copy = await writableSampleProject(shipped, userData);
    expect(copy).toBe(join(userData, 'sample-project'));
    expect(await readFile(join(copy, 'src', 'agents', 'writer.ts'), 'utf8')).toBe('export {};\n');
    expect(existsSync(join(copy, 'runs'))).toBe(false);

    await mkdir(join(copy, 'runs', 'run_mine'), { recursive: true });
    await writeFile(join(shipped, 'src', 'agents', 'writer.ts'), 'changed\n');
    expect(await writableSampleProject(shipped, userData)).toBe(copy);
    expect(existsSync(join(copy, 'runs', 'run_mine'))).toBe(true);
    expect(await readdir(userData)).toEqual(['sample-project']);
  });
});
