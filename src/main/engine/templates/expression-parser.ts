import type { BinaryOperator, Expression } from './expression-ast';
import type { Punctuator, Token } from './expression-lexer';
import { ExpressionSyntaxError } from './expression-syntax-error';

/** Deep enough for any real expression; shallow enough that a hostile one cannot overflow the stack. */
const MAX_NESTING = 100;

const EQUALITY_OPERATORS: readonly Punctuator[] = ['==', '!='];
const COMPARISON_OPERATORS: readonly Punctuator[] = ['>', '<', '>=', '<='];

/**
 * Parses the tokens of one expression (ending with its `close` token) by recursive descent.
 * Precedence, lowest first: `||`, `&&`, `== !=`, `> < >= <=`, unary `! -`, then `.name` and `[index]`.
 * All binary operators associate to the left.
 */
export function parseExpression(tokens: readonly Token[]): Expression {
  const parser = new ExpressionParser(tokens);
  return parser.parseWhole();
}

class ExpressionParser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseWhole(): Expression {
    if (this.peek().kind === 'close') {
      throw new ExpressionSyntaxError('the expression is empty', this.peek().start);
    }
    const expression = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'close') {
      throw new ExpressionSyntaxError(
        `expected an operator or "}", found ${describeToken(next)}`,
        next.start,
      );
    }
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.nextIsPunctuator('||')) {
      this.advance();
      const right = this.parseAnd();
      left = { kind: 'logical', operator: '||', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseEquality();
    while (this.nextIsPunctuator('&&')) {
      this.advance();
      const right = this.parseEquality();
      left = { kind: 'logical', operator: '&&', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseEquality(): Expression {
    return this.parseBinaryLevel(EQUALITY_OPERATORS, () => this.parseComparison());
  }

  private parseComparison(): Expression {
    return this.parseBinaryLevel(COMPARISON_OPERATORS, () => this.parseUnary());
  }

  private parseBinaryLevel(operators: readonly Punctuator[], parseOperand: () => Expression): Expression {
    let left = parseOperand();
    for (;;) {
      const next = this.peek();
      if (next.kind !== 'punctuator' || !operators.includes(next.text)) return left;
      this.advance();
      const right = parseOperand();
      const operator = next.text as BinaryOperator;
      left = { kind: 'binary', operator, left, right, start: left.start, end: right.end };
    }
  }

  private parseUnary(): Expression {
    const next = this.peek();
    if (next.kind === 'punctuator' && (next.text === '!' || next.text === '-')) {
      this.advance();
      const operand = this.nested(() => this.parseUnary(), next.start);
      return { kind: 'unary', operator: next.text, operand, start: next.start, end: operand.end };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expression {
    let expression = this.parsePrimary();
    for (;;) {
      const next = this.peek();
      if (next.kind !== 'punctuator') return expression;
      if (next.text === '.') {
        this.advance();
        const name = this.peek();
        if (name.kind !== 'identifier') {
          throw new ExpressionSyntaxError(
            `expected a property name after ".", found ${describeToken(name)}`,
            name.start,
          );
        }
        this.advance();
        expression = {
          kind: 'member',
          object: expression,
          property: name.name,
          start: expression.start,
          end: name.end,
        };
      } else if (next.text === '[') {
        this.advance();
        const index = this.nested(() => this.parseOr(), next.start);
        const close = this.expectPunctuator(']', 'to close the "["');
        expression = { kind: 'index', object: expression, index, start: expression.start, end: close.end };
      } else {
        return expression;
      }
    }
  }

  private parsePrimary(): Expression {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
      case 'string':
        this.advance();
        return { kind: 'literal', value: token.value, start: token.start, end: token.end };
      case 'hier':
        this.advance();
        return { kind: 'hier', path: token.path, start: token.start, end: token.end };
      case 'identifier':
        this.advance();
        if (token.name === 'true' || token.name === 'false') {
          return { kind: 'literal', value: token.name === 'true', start: token.start, end: token.end };
        }
        if (token.name === 'null')
          return { kind: 'literal', value: null, start: token.start, end: token.end };
        return { kind: 'variable', name: token.name, start: token.start, end: token.end };
      case 'punctuator':
        if (token.text === '(') {
          this.advance();
          const inner = this.nested(() => this.parseOr(), token.start);
          this.expectPunctuator(')', 'to close the "("');
          return inner;
        }
        break;
      case 'close':
        break;
    }
    throw new ExpressionSyntaxError(`expected a value, found ${describeToken(token)}`, token.start);
  }

  private nested<T>(parse: () => T, offset: number): T {
    this.depth += 1;
    if (this.depth > MAX_NESTING) {
      throw new ExpressionSyntaxError(
        `the expression is nested more than ${MAX_NESTING} levels deep`,
        offset,
      );
    }
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private expectPunctuator(text: Punctuator, purpose: string): Token {
    const token = this.peek();
    if (token.kind !== 'punctuator' || token.text !== text) {
      throw new ExpressionSyntaxError(
        `expected "${text}" ${purpose}, found ${describeToken(token)}`,
        token.start,
      );
    }
    this.advance();
    return token;
  }

  private nextIsPunctuator(text: Punctuator): boolean {
    const token = this.peek();
    return token.kind === 'punctuator' && token.text === text;
  }

  private peek(): Token {
    // The lexer always ends the list with a `close` token, and nothing advances past it.
    return this.tokens[this.position]!;
  }

  private advance(): void {
    this.position += 1;
  }
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'identifier':
      return `name "${token.name}"`;
    case 'number':
      return `number ${token.value}`;
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'hier':
      return `"$hier{${token.path}}"`;
    case 'punctuator':
      return `"${token.text}"`;
    case 'close':
      return 'the closing "}"';
  }
}
