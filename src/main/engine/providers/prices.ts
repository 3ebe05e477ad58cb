import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { errorMessage } from '../errors';
import type { ModelUsage } from './types';

/** USD per one million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * List prices (USD per 1M input / output tokens) of common models as published by their providers
 * when this table was written. Prices change: a project overrides or extends them in
 * `<projectRoot>/.dhenara/model-prices.yaml` (see `loadModelPrices`).
 */
export const BUILT_IN_PRICES: PriceTable = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60 },
  'o1-mini': { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4': { input: 15, output: 75 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'claude-3-5-sonnet': { input: 3, output: 15 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-3-opus': { input: 15, output: 75 },
  'claude-3-haiku': { input: 0.25, output: 1.25 },
  'local-deterministic': { input: 0, output: 0 },
};

export const MODEL_PRICES_FILE = join('.dhenara', 'model-prices.yaml');

const priceFileSchema = z.record(
  z.string().min(1),
  z.strictObject({ input: z.number().nonnegative(), output: z.number().nonnegative() }),
);

/**
 * The built-in table merged with `<projectRoot>/.dhenara/model-prices.yaml`, whose entries win:
 *
 * ```yaml
 * # USD per 1M tokens
 * gpt-4o: { input: 2.5, output: 10 }
 * my-finetune:
 *   input: 3
 *   output: 12
 * ```
 * A missing file is fine; a malformed one is an error naming the file and the entry.
 */
export async function loadModelPrices(projectRoot: string): Promise<PriceTable> {
  const path = join(projectRoot, MODEL_PRICES_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return BUILT_IN_PRICES;
    throw new Error(`cannot read model prices ${path}: ${errorMessage(error)}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (error) {
    throw new Error(`model prices ${path} is not valid YAML: ${errorMessage(error)}`);
  }
  const parsed = priceFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `model prices ${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` +
        ' (expected "<model>: {input: <USD per 1M tokens>, output: <USD per 1M tokens>}")',
    );
  }
  return { ...BUILT_IN_PRICES, ...parsed.data };
}

/**
 * The price of a model: its exact name, else a known name plus a version suffix
 * (`claude-sonnet-4-20250514`, `gpt-4o-2024-08-06`, `claude-3-5-haiku-latest`). Other near names get
 * no price: a guess would pass for a cost.
 */
export function priceFor(prices: PriceTable, model: string): ModelPrice | null {
  if (Object.hasOwn(prices, model)) return prices[model] ?? null;
  const versioned = /^(.+?)-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/.exec(model);
  if (versioned && Object.hasOwn(prices, versioned[1] ?? '')) return prices[versioned[1] ?? ''] ?? null;
  return null;
}

/** USD for a call; null when the model has no known price. */
export function costFor(prices: PriceTable, model: string, usage: ModelUsage): number | null {
  const price = priceFor(prices, model);
  if (!price) return null;
  const cost = (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
  return Math.round(cost * 1e10) / 1e10;
}
