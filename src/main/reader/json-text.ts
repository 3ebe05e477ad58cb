/**
 * `JSON.parse` for one line of a run file, also accepting the bare `NaN`, `Infinity` and
 * `-Infinity` that Python's `json.dumps` writes for such floats (they become null).
 */
export function parseJsonLine(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
    return JSON.parse(withoutPythonFloats(text)) as unknown;
  }
}

/** Replaces NaN/Infinity tokens outside strings with null. */
function withoutPythonFloats(text: string): string {
  let out = '';
  let chunkStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    for (const token of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(token, i)) {
        out += text.slice(chunkStart, i) + 'null';
        i += token.length - 1;
        chunkStart = i + 1;
        break;
      }
    }
  }
  return out + text.slice(chunkStart);
}

/** The message of whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
