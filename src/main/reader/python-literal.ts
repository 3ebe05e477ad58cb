/**
 * A small, careful reader of Python literal reprs, as DAD writes attribute values it did not turn
 * into JSON (`str(value)` of a dict, list or None).
 *
 * Handles: dicts, lists, tuples (as arrays), strings in single or double quotes with `r`/`u`
 * prefixes and Python's escapes (`\n \t \\ \' \" \xhh \uhhhh \Uhhhhhhhh`, octal), ints and floats
 * (with exponents and signs), `True`, `False`, `None`. Dict keys that are not strings become the
 * text `json.dumps` would give them (`1`, `true`, `null`).
 * Refuses (so the caller keeps the original text): sets, bytes, `nan`/`inf`, `Ellipsis`, calls such
 * as `datetime(...)` or `Decimal('1')`, `<object at 0x...>`, `\N{name}` escapes, nesting deeper
 * than 200, and anything after the value.
 */

const MAX_DEPTH = 200;

export type PythonLiteralResult = { ok: true; value: unknown } | { ok: false };

class Refused extends Error {}

export function parsePythonLiteral(text: string): PythonLiteralResult {
  const parser = new LiteralParser(text);
  try {
    const value = parser.value(0);
    parser.skipSpace();
    if (parser.position !== text.length) return { ok: false };
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Refused) return { ok: false };
    throw error;
  }
}

class LiteralParser {
  position = 0;

  constructor(private readonly text: string) {}

  skipSpace(): void {
    const text = this.text;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (code === 32 || code === 9 || code === 10 || code === 13) this.position++;
      else break;
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new Refused();
    this.skipSpace();
    const text = this.text;
    const char = text[this.position];
    switch (char) {
      case '{':
        return this.dict(depth);
      case '[':
        return this.sequence(']', depth);
      case '(':
        return this.sequence(')', depth);
      case "'":
      case '"':
        return this.string(false);
      case undefined:
        throw new Refused();
    }
    if (char === 'r' || char === 'R' || char === 'u' || char === 'U') {
      const next = text[this.position + 1];
      if (next === "'" || next === '"') {
        this.position++;
        return this.string(char === 'r' || char === 'R');
      }
    }
    if (this.word('True')) return true;
    if (this.word('False')) return false;
    if (this.word('None')) return null;
    return this.number();
  }

  private word(word: string): boolean {
    if (!this.text.startsWith(word, this.position)) return false;
    const after = this.text.charCodeAt(this.position + word.length);
    if (isIdentifierCode(after)) return false;
    this.position += word.length;
    return true;
  }

  private dict(depth: number): Record<string, unknown> {
    this.position++;
    const result: Record<string, unknown> = {};
    this.skipSpace();
    if (this.text[this.position] === '}') {
      this.position++;
      return result;
    }
    for (;;) {
      const key = this.value(depth + 1);
      if (typeof key === 'object' && key !== null) throw new Refused();
      this.skipSpace();
      if (this.text[this.position] !== ':') throw new Refused();
      this.position++;
      const item = this.value(depth + 1);
      result[typeof key === 'string' ? key : JSON.stringify(key)] = item;
      this.skipSpace();
      const separator = this.text[this.position];
      this.position++;
      if (separator === '}') return result;
      if (separator !== ',') throw new Refused();
      this.skipSpace();
      if (this.text[this.position] === '}') {
        this.position++;
        return result;
      }
    }
  }

  private sequence(close: string, depth: number): unknown[] {
    this.position++;
    const result: unknown[] = [];
    this.skipSpace();
    if (this.text[this.position] === close) {
      this.position++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      this.skipSpace();
      const separator = this.text[this.position];
      this.position++;
      if (separator === close) return result;
      if (separator !== ',') throw new Refused();
      this.skipSpace();
      if (this.text[this.position] === close) {
        this.position++;
        return result;
      }
    }
  }

  private string(raw: boolean): string {
    const text = this.text;
    const quote = text[this.position];
    this.position++;
    let out = '';
    let chunkStart = this.position;
    while (this.position < text.length) {
      const char = text[this.position];
      if (char === quote) {
        out += text.slice(chunkStart, this.position);
        this.position++;
        return out;
      }
      if (char === '\n') throw new Refused();
      if (char !== '\\') {
        this.position++;
        continue;
      }
      out += text.slice(chunkStart, this.position);
      const escaped = text[this.position + 1];
      if (escaped === undefined) throw new Refused();
      if (raw) {
        // In a raw string a backslash stays, and only keeps the quote after it from ending the string.
        out += '\\' + escaped;
        this.position += 2;
      } else {
        out += this.escape(escaped);
      }
      chunkStart = this.position;
    }
    throw new Refused();
  }

  /** Reads the escape starting at the backslash; leaves the position after it. */
  private escape(escaped: string): string {
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      this.position += 2;
      return simple;
    }
    if (escaped === 'x') return this.hexEscape(2);
    if (escaped === 'u') return this.hexEscape(4);
    if (escaped === 'U') return this.hexEscape(8);
    if (escaped >= '0' && escaped <= '7') {
      let end = this.position + 1;
      while (end < this.position + 4 && /[0-7]/.test(this.text[end] ?? '')) end++;
      const code = parseInt(this.text.slice(this.position + 1, end), 8);
      this.position = end;
      return String.fromCodePoint(code);
    }
    if (escaped === '\n') {
      this.position += 2;
      return '';
    }
    // Python keeps unknown escapes as written (`'\d'` is a backslash and a d); `\N{...}` is refused.
    if (escaped === 'N') throw new Refused();
    this.position += 2;
    return '\\' + escaped;
  }

  private hexEscape(count: number): string {
    const hex = this.text.slice(this.position + 2, this.position + 2 + count);
    if (hex.length !== count || !/^[0-9a-fA-F]+$/.test(hex)) throw new Refused();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) throw new Refused();
    this.position += 2 + count;
    return String.fromCodePoint(code);
  }

  private number(): number {
    const match = NUMBER.exec(this.text.slice(this.position, this.position + 400));
    if (!match) throw new Refused();
    const after = this.text.charCodeAt(this.position + match[0].length);
    if (isIdentifierCode(after) || after === 46) throw new Refused();
    this.position += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw new Refused();
    return value;
  }
}

const NUMBER = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)/;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

function isIdentifierCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
  );
}
