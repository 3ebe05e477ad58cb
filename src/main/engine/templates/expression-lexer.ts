import { ExpressionSyntaxError } from './expression-syntax-error';
import { HIER_PATH, isDigit, isIdentifierPart, isIdentifierStart } from './names';

export type Punctuator =
  | '.'
  | '['
  | ']'
  | '('
  | ')'
  | '!'
  | '-'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | '&&'
  | '||';

interface Span {
  /** Offsets into the expression's source. */
  start: number;
  end: number;
}

export type Token =
  | (Span & { kind: 'identifier'; name: string })
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'hier'; path: string })
  | (Span & { kind: 'punctuator'; text: Punctuator })
  /** The `}` that closes the template. */
  | (Span & { kind: 'close' });

export interface LexedExpression {
  tokens: Token[];
  /** The text between `$expr{` and its closing `}`. */
  source: string;
  /** Index in the whole text of the closing `}`. */
  closeIndex: number;
}

const TWO_CHAR_PUNCTUATORS = new Set<string>(['==', '!=', '>=', '<=', '&&', '||']);
const ONE_CHAR_PUNCTUATORS = new Set<string>(['.', '[', ']', '(', ')', '!', '-', '>', '<']);
const STRING_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '/': '/',
};
const HIER_PREFIX = '$hier{';

/**
 * Reads the tokens of an expression that starts at `start` in `text`, up to the `}` that closes the
 * template. Braces inside string literals and `$hier{...}` are part of those tokens, so they never
 * close the template.
 */
export function lexExpression(text: string, start: number): LexedExpression {
  const tokens: Token[] = [];
  let i = start;
  const at = (index: number): number => index - start;

  while (i < text.length) {
    const char = text[i]!;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      i += 1;
    } else if (char === '}') {
      tokens.push({ kind: 'close', start: at(i), end: at(i + 1) });
      return { tokens, source: text.slice(start, i), closeIndex: i };
    } else if (isIdentifierStart(char)) {
      let end = i + 1;
      while (end < text.length && isIdentifierPart(text[end]!)) end += 1;
      tokens.push({ kind: 'identifier', name: text.slice(i, end), start: at(i), end: at(end) });
      i = end;
    } else if (isDigit(char)) {
      i = readNumber(text, i, start, tokens);
    } else if (char === '"' || char === "'") {
      i = readString(text, i, start, tokens);
    } else if (char === '$') {
      i = readHier(text, i, start, tokens);
    } else {
      const pair = text.slice(i, i + 2);
      if (TWO_CHAR_PUNCTUATORS.has(pair)) {
        tokens.push({ kind: 'punctuator', text: pair as Punctuator, start: at(i), end: at(i + 2) });
        i += 2;
      } else if (ONE_CHAR_PUNCTUATORS.has(char)) {
        tokens.push({ kind: 'punctuator', text: char as Punctuator, start: at(i), end: at(i + 1) });
        i += 1;
      } else {
        throw new ExpressionSyntaxError(unexpectedCharacterMessage(char), at(i));
      }
    }
  }
  throw new ExpressionSyntaxError('no closing "}"', undefined, true);
}

function unexpectedCharacterMessage(char: string): string {
  if (char === '=') return 'unexpected "=" (compare with "==")';
  if (char === '&') return 'unexpected "&" (write "&&")';
  if (char === '|') return 'unexpected "|" (write "||")';
  return `unexpected character ${JSON.stringify(char)}`;
}

function readNumber(text: string, begin: number, start: number, tokens: Token[]): number {
  let end = begin;
  while (end < text.length && isDigit(text[end]!)) end += 1;
  if (text[end] === '.' && isDigit(text[end + 1] ?? '')) {
    end += 1;
    while (end < text.length && isDigit(text[end]!)) end += 1;
  }
  if (text[end] === 'e' || text[end] === 'E') {
    let exponent = end + 1;
    if (text[exponent] === '+' || text[exponent] === '-') exponent += 1;
    if (isDigit(text[exponent] ?? '')) {
      end = exponent;
      while (end < text.length && isDigit(text[end]!)) end += 1;
    }
  }
  if (end < text.length && isIdentifierPart(text[end]!)) {
    throw new ExpressionSyntaxError(
      `invalid number ${JSON.stringify(text.slice(begin, end + 1))}`,
      begin - start,
    );
  }
  tokens.push({
    kind: 'number',
    value: Number(text.slice(begin, end)),
    start: begin - start,
    end: end - start,
  });
  return end;
}

function readString(text: string, begin: number, start: number, tokens: Token[]): number {
  const quote = text[begin]!;
  let value = '';
  let i = begin + 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === quote) {
      tokens.push({ kind: 'string', value, start: begin - start, end: i + 1 - start });
      return i + 1;
    }
    if (char !== '\\') {
      value += char;
      i += 1;
      continue;
    }
    const escaped = text[i + 1];
    if (escaped === undefined) break;
    if (escaped === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
        throw new ExpressionSyntaxError('"\\u" must be followed by four hex digits', i - start);
      }
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const replacement = STRING_ESCAPES[escaped];
    if (replacement === undefined) {
      throw new ExpressionSyntaxError(`unknown escape "\\${escaped}" in a string`, i - start);
    }
    value += replacement;
    i += 2;
  }
  throw new ExpressionSyntaxError('a string is never closed', begin - start, true);
}

function readHier(text: string, begin: number, start: number, tokens: Token[]): number {
  if (!text.startsWith(HIER_PREFIX, begin)) {
    if (text.startsWith('$var{', begin)) {
      throw new ExpressionSyntaxError(
        '"$var{" cannot appear inside "$expr{}": write the variable name itself',
        begin - start,
      );
    }
    if (text.startsWith('$expr{', begin)) {
      throw new ExpressionSyntaxError('"$expr{" cannot appear inside "$expr{}"', begin - start);
    }
    throw new ExpressionSyntaxError('unexpected character "$"', begin - start);
  }
  const pathStart = begin + HIER_PREFIX.length;
  const close = text.indexOf('}', pathStart);
  if (close === -1) {
    throw new ExpressionSyntaxError('a "$hier{" has no closing "}"', begin - start, true);
  }
  const path = text.slice(pathStart, close).trim();
  if (!HIER_PATH.test(path)) {
    throw new ExpressionSyntaxError(
      `invalid hierarchy path ${JSON.stringify(path)} in "$hier{}" (ids of letters, digits and "_", joined by ".")`,
      begin - start,
    );
  }
  tokens.push({ kind: 'hier', path, start: begin - start, end: close + 1 - start });
  return close + 1;
}
