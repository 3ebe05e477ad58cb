import { jsonObjectOf, readJsonInside } from '../../reader/run-json';

export type JsonObject = Record<string, unknown>;

/**
 * A JSON object from a file of a run folder (`relativePath` below `runDir`, read the guarded way:
 * no links, no FIFOs, a size bound); null when the file is missing, unreadable or not an object.
 * What stops an existing file being read is added to `problems`, named and never quoted.
 */
export async function readRunJsonObject(
  runDir: string,
  relativePath: string,
  problems: string[],
): Promise<JsonObject | null> {
  const read = await readJsonInside(runDir, relativePath);
  if (read.kind === 'missing') return null;
  if (read.kind === 'bad') {
    problems.push(read.message);
    return null;
  }
  const value = jsonObjectOf(read.value);
  if (value === null) problems.push(`${relativePath} does not hold a JSON object`);
  return value;
}

export function stringOr(value: unknown, fallback: string | null = null): string | null {
  return typeof value === 'string' ? value : fallback;
}

export function numberOr(value: unknown, fallback: number | null = null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
