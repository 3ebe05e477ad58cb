import { readFile } from 'node:fs/promises';

export type JsonObject = Record<string, unknown>;

/** A JSON object from a file; null when the file is missing, unreadable or not an object. */
export async function readJsonObject(path: string): Promise<JsonObject | null> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as JsonObject)
      : null;
  } catch {
    return null;
  }
}

/** The objects of a JSON Lines file; lines that do not parse (a last line cut short) are skipped. */
export async function readJsonLines(path: string): Promise<JsonObject[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const out: JsonObject[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) out.push(value as JsonObject);
    } catch {
      // A line cut short by a crash: the rest of the file is still worth showing.
    }
  }
  return out;
}

export function stringOr(value: unknown, fallback: string | null = null): string | null {
  return typeof value === 'string' ? value : fallback;
}

export function numberOr(value: unknown, fallback: number | null = null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
