/**
 * The desktop app's built bundle, checked without Electron (no binary on machines without internet
 * access): the files the main process starts from exist where it looks for them, and are wired.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const OUT = join(import.meta.dirname, '..', 'out');
const read = (...parts: string[]) => readFileSync(join(OUT, ...parts), 'utf8');

test('the main bundle starts agents in utility processes from the bundled run-host entry', () => {
  const main = read('main', 'index.js');
  expect(main).toContain('utilityProcess');
  expect(main).toContain('run-host-child.js');
  // The entry the main bundle names is built beside it, and is a whole program of its own.
  const child = read('main', 'run-host-child.js');
  expect(child.length).toBeGreaterThan(1000);
});

test('the preload is CommonJS (a sandboxed preload cannot be an ES module)', () => {
  const preload = read('preload', 'index.cjs');
  expect(preload).toMatch(/require\(["']electron["']\)/);
  expect(preload).not.toMatch(/^\s*import\s/m);
  expect(read('main', 'index.js')).toContain('preload/index.cjs');
});
