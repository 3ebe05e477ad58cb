import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PRICES, costFor, loadModelPrices, priceFor } from './prices';

let projectRoot: string;
beforeEach(async () => {
  projectRoot = await mkdtemp(join(tmpdir(), 'prices-'));
});
afterEach(async () => {
  await rm(projectRoot, { recursive: true, force: true });
});

const usage = { promptTokens: 2_000_000, completionTokens: 1_000_000, totalTokens: 3_000_000 };

describe('model prices', () => {
  it('prices known models, their dated versions and -latest, and nothing else', () => {
    expect(costFor(BUILT_IN_PRICES, 'gpt-4o', usage)).toBe(2 * 2.5 + 10);
    expect(priceFor(BUILT_IN_PRICES, 'gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 });
    expect(priceFor(BUILT_IN_PRICES, 'claude-haiku-4-5-20251001')).toEqual({ input: 1, output: 5 });
    expect(priceFor(BUILT_IN_PRICES, 'claude-3-5-haiku-latest')).toEqual({ input: 0.8, output: 4 });
    expect(priceFor(BUILT_IN_PRICES, 'gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6 });
    expect(costFor(BUILT_IN_PRICES, 'gpt-4o-experimental', usage)).toBeNull();
    expect(costFor(BUILT_IN_PRICES, 'llama3.2', usage)).toBeNull();
    expect(costFor(BUILT_IN_PRICES, 'local-deterministic', usage)).toBe(0);
  });

  it('lets the project add and override prices in .dhenara/model-prices.yaml', async () => {
    await mkdir(join(projectRoot, '.dhenara'), { recursive: true });
    await writeFile(
      join(projectRoot, '.dhenara', 'model-prices.yaml'),
      'llama3.2: { input: 0, output: 0 }\ngpt-4o:\n  input: 1\n  output: 2\n',
    );
    const prices = await loadModelPrices(projectRoot);
    expect(costFor(prices, 'llama3.2', usage)).toBe(0);
    expect(costFor(prices, 'gpt-4o', usage)).toBe(4);
    expect(costFor(prices, 'gpt-4o-mini', usage)).toBe(0.9);
  });

  it('uses the built-in table when the file is absent, and names a bad entry', async () => {
    expect(await loadModelPrices(projectRoot)).toBe(BUILT_IN_PRICES);
    await mkdir(join(projectRoot, '.dhenara'), { recursive: true });
    const path = join(projectRoot, '.dhenara', 'model-prices.yaml');
    await writeFile(path, 'my-model: { input: "cheap", output: 1 }\n');
    await expect(loadModelPrices(projectRoot)).rejects.toThrow(`model prices ${path}: my-model.input:`);
  });
});
