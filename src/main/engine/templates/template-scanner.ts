import { TemplateError } from '../errors';
import type { Expression } from './expression-ast';
import { lexExpression } from './expression-lexer';
import { parseExpression } from './expression-parser';
import { ExpressionSyntaxError } from './expression-syntax-error';
import { HIER_PATH, VARIABLE_NAME } from './names';
import { quoteTemplate } from './template-quote';

export type TemplatePart =
  | { kind: 'var'; template: string; name: string }
  | { kind: 'hier'; template: string; path: string }
  | { kind: 'expr'; template: string; source: string; expression: Expression };

export type TemplateSegment = { kind: 'text'; text: string } | TemplatePart;

export interface ParsedTemplate {
  segments: readonly TemplateSegment[];
  /** Set when the whole text is exactly one template, so rendering gives its typed value. */
  whole: TemplatePart | undefined;
}

type TemplateKind = TemplatePart['kind'];
const KINDS: readonly TemplateKind[] = ['var', 'expr', 'hier'];

/**
 * Splits text into literal text and templates. `$$var{`, `$$expr{` and `$$hier{` are literal
 * `$var{`, `$expr{`, `$hier{`, and scanning goes on after their `{`; any other `$` is plain text.
 * Whitespace just inside the braces of `$var{}` and `$hier{}` is ignored.
 */
export function scanTemplates(text: string): ParsedTemplate {
  const segments: TemplateSegment[] = [];
  let pendingText = '';
  let position = 0;

  for (;;) {
    const dollar = text.indexOf('$', position);
    if (dollar === -1) {
      pendingText += text.slice(position);
      break;
    }
    const escapedKind = text[dollar + 1] === '$' ? kindAt(text, dollar + 2) : undefined;
    if (escapedKind) {
      const afterBrace = dollar + 2 + escapedKind.length + 1;
      pendingText += text.slice(position, dollar) + text.slice(dollar + 1, afterBrace);
      position = afterBrace;
      continue;
    }
    const kind = kindAt(text, dollar + 1);
    if (!kind) {
      pendingText += text.slice(position, dollar + 1);
      position = dollar + 1;
      continue;
    }
    pendingText += text.slice(position, dollar);
    if (pendingText) segments.push({ kind: 'text', text: pendingText });
    pendingText = '';
    const { part, end } =
      kind === 'expr' ? readExpressionTemplate(text, dollar) : readNamedTemplate(text, dollar, kind);
    segments.push(part);
    position = end;
  }
  if (pendingText) segments.push({ kind: 'text', text: pendingText });

  const only = segments.length === 1 ? segments[0] : undefined;
  return { segments, whole: only && only.kind !== 'text' ? only : undefined };
}

/** True if the text holds a template or an escape, that is, if rendering could change it. */
export function containsTemplateSyntax(text: string): boolean {
  return text.includes('$var{') || text.includes('$expr{') || text.includes('$hier{');
}

function kindAt(text: string, index: number): TemplateKind | undefined {
  return KINDS.find((kind) => text.startsWith(kind, index) && text[index + kind.length] === '{');
}

function readNamedTemplate(
  text: string,
  dollar: number,
  kind: 'var' | 'hier',
): { part: TemplatePart; end: number } {
  const contentStart = dollar + kind.length + 2;
  const close = text.indexOf('}', contentStart);
  if (close === -1) {
    const template = text.slice(dollar);
    throw new TemplateError(`${quoteTemplate(template)} is not terminated: no closing "}"`, template);
  }
  const template = text.slice(dollar, close + 1);
  const name = text.slice(contentStart, close).trim();
  if (kind === 'var') {
    if (!VARIABLE_NAME.test(name)) {
      throw new TemplateError(
        `${quoteTemplate(template)} has an invalid variable name ${JSON.stringify(name)}: a variable name is letters, digits and "_", not starting with a digit`,
        template,
      );
    }
    return { part: { kind: 'var', template, name }, end: close + 1 };
  }
  if (!HIER_PATH.test(name)) {
    throw new TemplateError(
      `${quoteTemplate(template)} has an invalid hierarchy path ${JSON.stringify(name)}: a path is ids of letters, digits and "_", joined by "."`,
      template,
    );
  }
  return { part: { kind: 'hier', template, path: name }, end: close + 1 };
}

function readExpressionTemplate(text: string, dollar: number): { part: TemplatePart; end: number } {
  const sourceStart = dollar + '$expr{'.length;
  let closeIndex: number | undefined;
  try {
    const lexed = lexExpression(text, sourceStart);
    closeIndex = lexed.closeIndex;
    const expression = parseExpression(lexed.tokens);
    const template = text.slice(dollar, closeIndex + 1);
    return { part: { kind: 'expr', template, source: lexed.source, expression }, end: closeIndex + 1 };
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    throw syntaxErrorAsTemplateError(error, text, dollar, sourceStart, closeIndex);
  }
}

function syntaxErrorAsTemplateError(
  error: ExpressionSyntaxError,
  text: string,
  dollar: number,
  sourceStart: number,
  closeIndex: number | undefined,
): TemplateError {
  const column = error.offset === undefined ? undefined : sourceStart - dollar + error.offset + 1;
  if (error.unterminated) {
    const template = text.slice(dollar);
    const where = column === undefined ? '' : ` (column ${column})`;
    return new TemplateError(
      `${quoteTemplate(template)} is not terminated: ${error.message}${where}`,
      template,
    );
  }
  const end = closeIndex ?? likelyCloseIndex(text, sourceStart);
  const template = end === -1 ? text.slice(dollar) : text.slice(dollar, end + 1);
  return new TemplateError(
    `${quoteTemplate(template)} has a syntax error at column ${column ?? 1}: ${error.message}`,
    template,
  );
}

/**
 * Where a template that failed to lex most likely ends, so its message quotes all of it: the first
 * "}" outside quotes that balances the braces seen since the expression began; -1 if there is none.
 */
function likelyCloseIndex(text: string, sourceStart: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = sourceStart; i < text.length; i += 1) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '{') {
      depth += 1;
    } else if (char === '}') {
      if (depth === 0) return i;
      depth -= 1;
    }
  }
  return -1;
}
