import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { builtinNodeTypes } from '../../src/main/engine/node-types/builtin';
import type { NodeTypeHandler } from '../../src/main/engine/node-types/types';

/** `echo`: returns its settings as the outcome and reports the usage it is given. */
export const echoNode: NodeTypeHandler<
  { value: unknown; tokens?: number; cost?: number },
  { value?: unknown }
> = {
  nodeType: 'echo',
  settingsSchema: z.object({
    value: z.unknown(),
    tokens: z.number().optional(),
    cost: z.number().optional(),
  }),
  inputSchema: z.object({ value: z.unknown().optional() }).strict(),
  async execute(context, settings, input) {
    const value = input?.value ?? settings.value;
    context.log('info', `echo ${JSON.stringify(value)}`);
    return {
      data: { value },
      outcome: { value },
      usage: settings.tokens
        ? {
            promptTokens: settings.tokens,
            completionTokens: 1,
            totalTokens: settings.tokens + 1,
            cost: settings.cost ?? 0,
          }
        : undefined,
    };
  },
};

/** `fail`: throws with the given message. */
export const failNode: NodeTypeHandler<{ message: string }, unknown> = {
  nodeType: 'fail',
  settingsSchema: z.object({ message: z.string() }),
  inputSchema: z.unknown(),
  async execute(_context, settings) {
    throw new Error(settings.message);
  },
};

/** `hang`: never settles and ignores the abort signal, like a stuck model call. */
export const hangNode: NodeTypeHandler<Record<string, never>, unknown> = {
  nodeType: 'hang',
  settingsSchema: z.object({}).strict(),
  inputSchema: z.unknown(),
  execute() {
    return new Promise(() => {});
  },
};

export function testNodeTypes() {
  return builtinNodeTypes().register(echoNode).register(failNode).register(hangNode);
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'dad-engine-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function readJson<T = Record<string, unknown>>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

export async function readJsonLines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
