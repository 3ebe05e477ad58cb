import { readFile } from 'node:fs/promises';

/** Line and column (1-based) of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Where JSON.parse stopped, from its message (`… at position 12`), or the end for an early end. */
export function jsonErrorOffset(message: string, text: string): number | null {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  return /Unexpected end of JSON input|Unterminated string/.test(message) ? text.length : null;
}

/**
 * Reads `--static-inputs FILE`: a JSON object keyed by node or component id. Every problem names
 * the file (and, for bad JSON, the line and column); the inputs themselves are checked by the
 * engine against each node's input schema before the run starts.
 */
export async function readStaticInputsFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `--static-inputs ${file}: no such file`
        : `--static-inputs ${file}: cannot read it: ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(message, text);
    const where =
      offset === null
        ? ''
        : (({ line, column }) => ` at line ${line}, column ${column}`)(lineAndColumn(text, offset));
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw new Error(`--static-inputs ${file} is not valid JSON${where}: ${reason}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(
      `--static-inputs ${file} must hold a JSON object keyed by node id, ` +
        'like {"outline": {"prompt_variables": {"topic": "tea"}}}',
    );
  }
  return value as Record<string, unknown>;
}
