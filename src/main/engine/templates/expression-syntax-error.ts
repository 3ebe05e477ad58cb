/**
 * A fault found while reading an expression, at `offset` within the expression's source (undefined
 * when no single place is at fault). The template scanner turns it into a TemplateError that gives
 * the column within the template. `unterminated` marks text that ran out before the template closed.
 */
export class ExpressionSyntaxError extends Error {
  readonly offset: number | undefined;
  readonly unterminated: boolean;

  constructor(message: string, offset: number | undefined, unterminated = false) {
    super(message);
    this.name = 'ExpressionSyntaxError';
    this.offset = offset;
    this.unterminated = unterminated;
  }
}
