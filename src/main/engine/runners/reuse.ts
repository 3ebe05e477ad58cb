import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../errors';
import type { WriteBehindWriter } from '../io/write-behind';
import type { NodeExecutionResult } from '../results';

const REUSED_FILES = ['result.json', 'outcome.json', 'state.json'] as const;

/**
 * Copies a node's files from the previous run into this one and returns its result. A missing
 * `result.json` is an error naming the file: a continuation must not invent what never ran.
 */
export async function reusePreviousResult(options: {
  previousRunDir: string;
  runDir: string;
  relativeSegments: readonly string[];
  writer: WriteBehindWriter;
}): Promise<NodeExecutionResult> {
  const from = join(options.previousRunDir, ...options.relativeSegments);
  const to = join(options.runDir, ...options.relativeSegments);
  const texts = await Promise.all(
    REUSED_FILES.map((file) => readFile(join(from, file), 'utf8').catch(() => null)),
  );
  const resultText = texts[0];
  if (resultText === null || resultText === undefined) {
    throw new EngineError(
      'node_failed',
      `cannot reuse "${options.relativeSegments.join('.')}": ${join(from, 'result.json')} does not exist`,
    );
  }
  let result: NodeExecutionResult;
  try {
    result = JSON.parse(resultText) as NodeExecutionResult;
  } catch (error) {
    throw new EngineError(
      'node_failed',
      `cannot reuse ${join(from, 'result.json')}: ${(error as Error).message}`,
    );
  }
  REUSED_FILES.forEach((file, i) => {
    const text = texts[i];
    if (typeof text === 'string') options.writer.writeText(join(to, file), text);
  });
  return result;
}
