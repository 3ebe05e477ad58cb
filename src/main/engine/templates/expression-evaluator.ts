import { TemplateError } from '../errors';
import type { BinaryOperator, Expression } from './expression-ast';
import type { TemplateScope } from './scope';
import { hierValue, variableValue } from './scope-lookups';
import { quoteTemplate } from './template-quote';
import { isNullish, isTruthy, kindOf, valuesEqual } from './value-semantics';

export interface EvaluationContext {
  /** The whole template (`$expr{...}`), for messages. */
  template: string;
  /** The expression's source, which the tree's offsets index. */
  source: string;
  scope: TemplateScope;
}

/**
 * Evaluates a parsed expression. `||` gives the left value unless it is null/undefined; `&&` gives
 * the left value if it is falsy, else the right one; both evaluate their right side only when needed.
 * A missing object key or an index out of range gives undefined; reading from null/undefined fails.
 */
export function evaluateExpression(expression: Expression, context: EvaluationContext): unknown {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'variable':
      return variableValue(context.scope, expression.name, context.template);
    case 'hier':
      return hierValue(context.scope, expression.path, context.template);
    case 'member':
      return readProperty(evaluateExpression(expression.object, context), expression, context);
    case 'index': {
      const object = evaluateExpression(expression.object, context);
      const index = evaluateExpression(expression.index, context);
      return readIndex(object, index, expression, context);
    }
    case 'unary': {
      const operand = evaluateExpression(expression.operand, context);
      if (expression.operator === '!') return !isTruthy(operand);
      if (typeof operand !== 'number') {
        fail(
          context,
          `negates ${textOf(expression.operand, context)}, which is ${kindOf(operand)}, not a number`,
        );
      }
      return -operand;
    }
    case 'logical': {
      const left = evaluateExpression(expression.left, context);
      if (expression.operator === '||') {
        return isNullish(left) ? evaluateExpression(expression.right, context) : left;
      }
      return isTruthy(left) ? evaluateExpression(expression.right, context) : left;
    }
    case 'binary': {
      const left = evaluateExpression(expression.left, context);
      const right = evaluateExpression(expression.right, context);
      return applyBinary(expression.operator, left, right, expression, context);
    }
  }
}

type Node<Kind extends Expression['kind']> = Extract<Expression, { kind: Kind }>;

function readProperty(object: unknown, node: Node<'member'>, context: EvaluationContext): unknown {
  const property = node.property;
  const objectText = textOf(node.object, context);
  if (isNullish(object)) {
    fail(context, `reads "${property}" of ${objectText}, which is ${kindOf(object)}`);
  }
  if (Array.isArray(object) || typeof object === 'string') {
    if (property === 'length') return object.length;
    fail(
      context,
      `reads "${property}" of ${objectText}, which is ${kindOf(object)}: only "length" can be read from it with "."`,
    );
  }
  if (typeof object === 'object') {
    return Object.hasOwn(object, property) ? (object as Record<string, unknown>)[property] : undefined;
  }
  fail(context, `reads "${property}" of ${objectText}, which is ${kindOf(object)}`);
}

function readIndex(
  object: unknown,
  index: unknown,
  node: Node<'index'>,
  context: EvaluationContext,
): unknown {
  const objectText = textOf(node.object, context);
  const indexText = textOf(node.index, context);
  if (isNullish(object)) {
    fail(context, `reads [${indexText}] of ${objectText}, which is ${kindOf(object)}`);
  }
  if (Array.isArray(object) || typeof object === 'string') {
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      fail(
        context,
        `indexes ${objectText}, which is ${kindOf(object)}, with ${indexText}, which is ${describeIndex(index)}: the index must be a whole number`,
      );
    }
    return index >= 0 && index < object.length ? object[index] : undefined;
  }
  if (typeof object === 'object') {
    if (typeof index !== 'string') {
      fail(
        context,
        `indexes ${objectText}, which is an object, with ${indexText}, which is ${describeIndex(index)}: an object key must be a string`,
      );
    }
    return Object.hasOwn(object, index) ? (object as Record<string, unknown>)[index] : undefined;
  }
  fail(context, `reads [${indexText}] of ${objectText}, which is ${kindOf(object)}`);
}

function applyBinary(
  operator: BinaryOperator,
  left: unknown,
  right: unknown,
  node: Node<'binary'>,
  context: EvaluationContext,
): boolean {
  switch (operator) {
    case '==':
      return valuesEqual(left, right);
    case '!=':
      return !valuesEqual(left, right);
  }
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) {
    fail(
      context,
      `compares ${textOf(node.left, context)} (${kindOf(left)}) with ${textOf(node.right, context)} (${kindOf(right)}) using "${operator}": both sides must be numbers, or both strings`,
    );
  }
  const a = left as number | string;
  const b = right as number | string;
  switch (operator) {
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
  }
}

function describeIndex(index: unknown): string {
  if (typeof index === 'number' || typeof index === 'string')
    return `${kindOf(index)} ${JSON.stringify(index)}`;
  return kindOf(index);
}

function textOf(node: Expression, context: EvaluationContext): string {
  return context.source.slice(node.start, node.end);
}

function fail(context: EvaluationContext, what: string): never {
  throw new TemplateError(`${quoteTemplate(context.template)} ${what}`, context.template);
}
