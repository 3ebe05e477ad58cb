/**
 * Finds where a JSON text first goes wrong and says what was expected there. Engines word (and
 * place) `JSON.parse` errors differently, some without any position; this gives the same answer
 * everywhere. Only called once `JSON.parse` has refused the text.
 */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

class SyntaxFound extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function describe(text: string, at: number): string {
  if (at >= text.length) return 'end of input';
  return `'${text[at]}'`;
}

class Scanner {
  at = 0;
  constructor(private readonly text: string) {}

  fail(expected: string): never {
    throw new SyntaxFound(this.at, `Expected ${expected} but found ${describe(this.text, this.at)}`);
  }

  skipSpace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at] as string)) this.at++;
  }

  value(): void {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return;
      }
    }
    this.fail('a value');
  }

  object(): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"') this.fail('a property name in double quotes');
      this.string();
      this.skipSpace();
      if (this.text[this.at] !== ':') this.fail("':' after the property name");
      this.at++;
      this.value();
      this.skipSpace();
      if (this.text[this.at] === ',') {
        this.at++;
        continue;
      }
      if (this.text[this.at] === '}') {
        this.at++;
        return;
      }
      this.fail("',' or '}' after the property value");
    }
  }

  array(): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      if (this.text[this.at] === ',') {
        this.at++;
        continue;
      }
      if (this.text[this.at] === ']') {
        this.at++;
        return;
      }
      this.fail("',' or ']' after the array element");
    }
  }

  string(): void {
    this.at++;
    while (this.at < this.text.length) {
      const char = this.text[this.at] as string;
      if (char === '"') {
        this.at++;
        return;
      }
      if (char === '\\') {
        const next = this.text[this.at + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
            this.at += 2;
            this.fail('four hex digits after \\u');
          }
          this.at += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) {
          this.at++;
          this.fail('a valid escape after \\');
        }
        this.at += 2;
        continue;
      }
      if (char < ' ') this.fail('a closing double quote (strings cannot hold raw line breaks or tabs)');
      this.at++;
    }
    this.fail('a closing double quote');
  }

  number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match || match[0] === '-') this.fail('a number');
    this.at += match[0].length;
  }
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.skipSpace();
    if (scanner.at < text.length) scanner.fail('the end of input after the value');
    return null;
  } catch (error) {
    if (error instanceof SyntaxFound) return { offset: error.offset, message: error.message };
    throw error;
  }
}
