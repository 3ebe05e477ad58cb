import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWindowState, writeWindowState } from './window-state-file';

let dir: string;
let file: string;
let warnings: string[];
const warn = (message: string) => warnings.push(message);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dad-window-state-'));
  file = join(dir, 'window-state.json');
  warnings = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the window state file', () => {
  it('reads back what was written', () => {
    const state = { x: -1200, y: 40, width: 1100, height: 700, isMaximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file, warn)).toEqual(state);
    expect(warnings).toEqual([]);
  });

  it('is quietly absent on a first start', () => {
    expect(readWindowState(file, warn)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('ignores a broken or foreign file with a warning naming the file and the problem, not its content', async () => {
    await writeFile(file, '{"x": 10, "y": secret-token');
    expect(readWindowState(file, warn)).toBeNull();
    await writeFile(
      file,
      JSON.stringify({ x: 1, y: 2, width: 'secret-token', height: 3, isMaximized: false }),
    );
    expect(readWindowState(file, warn)).toBeNull();
    await writeFile(file, JSON.stringify({ bounds: { x: 1 }, 'secret-token': true }));
    expect(readWindowState(file, warn)).toBeNull();
    await writeFile(file, 'x'.repeat(10_000));
    expect(readWindowState(file, warn)).toBeNull();

    expect(warnings).toEqual([
      `Ignored the window state ${file}: it is not JSON`,
      `Ignored the window state ${file}: field width: invalid type`,
      `Ignored the window state ${file}: field x: invalid type`,
      `Ignored the window state ${file}: larger than 4096 bytes`,
    ]);
    expect(warnings.join('\n')).not.toContain('secret-token');
  });

  it('replaces the file whole, leaving no temporary file behind', async () => {
    writeWindowState(file, { x: 0, y: 0, width: 800, height: 600, isMaximized: false });
    writeWindowState(file, { x: 5, y: 5, width: 900, height: 650, isMaximized: false });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ x: 5, width: 900 });
    expect(await readdir(dir)).toEqual(['window-state.json']);
  });
});
