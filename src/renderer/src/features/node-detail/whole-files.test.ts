import { describe, expect, it } from 'vitest';
import type { NodeFileContent } from '../../../../shared/run-data';
import { fileVersion, withWhole, type WholeFile } from './whole-files';

const longResult = (preview: string, totalBytes: number): NodeFileContent => ({
  name: 'result.json',
  content: null,
  error: null,
  long: { preview, previewBytes: preview.length, totalBytes },
});

describe('a node file loaded whole in the window', () => {
  it('shows as parsed while the file is the one it was loaded from', () => {
    const file = longResult('{"output":', 300_000);
    const whole: Record<string, WholeFile> = {
      'result.json': { version: fileVersion(file), content: { output: 1 } },
    };
    expect(withWhole(file, whole)).toMatchObject({ content: { output: 1 }, long: null });
  });

  it('gives way to the file again once a running node rewrote it', () => {
    const loadedFrom = longResult('{"output":', 300_000);
    const whole: Record<string, WholeFile> = {
      'result.json': { version: fileVersion(loadedFrom), content: { output: 1 } },
    };
    const grown = longResult('{"output":', 400_000);
    expect(withWhole(grown, whole)).toBe(grown);
    const rewritten = longResult('{"status":', 300_000);
    expect(withWhole(rewritten, whole)).toBe(rewritten);
  });
});
