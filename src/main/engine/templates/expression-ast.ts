/**
 * The syntax tree of a `$expr{...}` expression. `start`/`end` are offsets into the expression's
 * source (the text between the braces), so an error can quote the exact sub-expression.
 */
interface Span {
  start: number;
  end: number;
}

export type BinaryOperator = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type LogicalOperator = '&&' | '||';
export type UnaryOperator = '!' | '-';

export type Expression =
  | (Span & { kind: 'literal'; value: null | boolean | number | string })
  | (Span & { kind: 'variable'; name: string })
  | (Span & { kind: 'hier'; path: string })
  | (Span & { kind: 'member'; object: Expression; property: string })
  | (Span & { kind: 'index'; object: Expression; index: Expression })
  | (Span & { kind: 'unary'; operator: UnaryOperator; operand: Expression })
  | (Span & { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression })
  | (Span & { kind: 'logical'; operator: LogicalOperator; left: Expression; right: Expression });
