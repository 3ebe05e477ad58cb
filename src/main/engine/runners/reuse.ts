import { join } from 'node:path';
import { readTextInside, RunFileRefusedError } from '../../reader/run-files';
import { jsonErrorDetail, MAX_RUN_JSON_BYTES } from '../../reader/run-json';
import { EngineError } from '../errors';
import { fileErrorText } from '../io/write-error';
import type { WriteBehindWriter } from '../io/write-behind';
import type { NodeExecutionResult } from '../results';

const REUSED_FILES = ['result.json', 'outcome.json', 'state.json'] as const;

/**
 * Copies a node's files from the previous run into this one and returns its result. A missing
 * `result.json` is an error naming the file: a continuation must not invent what never ran. The
 * previous run may be a copied folder, so its files are read as data: regular files inside it only
 * (no links, FIFOs or devices), size-bounded, and no message quotes their content.
 */
export async function reusePreviousResult(options: {
  previousRunDir: string;
  runDir: string;
  relativeSegments: readonly string[];
  writer: WriteBehindWriter;
}): Promise<NodeExecutionResult> {
  const name = options.relativeSegments.join('.');
  const texts = await Promise.all(
    REUSED_FILES.map((file) =>
      readPreviousFile(options.previousRunDir, [...options.relativeSegments, file], name),
    ),
  );
  const resultText = texts[0];
  const resultPath = join(options.previousRunDir, ...options.relativeSegments, 'result.json');
  if (resultText === null || resultText === undefined) {
    throw new EngineError('node_failed', `cannot reuse "${name}": ${resultPath} does not exist`);
  }
  let result: NodeExecutionResult;
  try {
    result = JSON.parse(resultText) as NodeExecutionResult;
  } catch (error) {
    throw new EngineError(
      'node_failed',
      `cannot reuse "${name}": ${resultPath} is not valid JSON${jsonErrorDetail(error, resultText)}`,
    );
  }
  const to = join(options.runDir, ...options.relativeSegments);
  REUSED_FILES.forEach((file, i) => {
    const text = texts[i];
    if (typeof text === 'string') options.writer.writeText(join(to, file), text);
  });
  return result;
}

/** One file of the reused node, or null when it does not exist; a refused file is an error. */
async function readPreviousFile(
  previousRunDir: string,
  parts: readonly string[],
  name: string,
): Promise<string | null> {
  const relativePath = parts.join('/');
  try {
    return await readTextInside(previousRunDir, relativePath, MAX_RUN_JSON_BYTES);
  } catch (error) {
    const why =
      error instanceof RunFileRefusedError
        ? error.message
        : `${relativePath} could not be read (${fileErrorText(error)})`;
    throw new EngineError('node_failed', `cannot reuse "${name}" from ${previousRunDir}: ${why}`);
  }
}
