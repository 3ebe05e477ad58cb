/** How expression operators treat values: truthiness, equality and kinds for messages. */

export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** JavaScript truthiness: false, 0, NaN, "", null and undefined are falsy; every array and object is truthy. */
export function isTruthy(value: unknown): boolean {
  return Boolean(value);
}

/**
 * Structural equality over JSON-like values: arrays element by element, plain objects key by key,
 * everything else by `===`. null and undefined count as equal (both mean "no value"), and a
 * number never equals a string.
 */
export function valuesEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (isNullish(left) || isNullish(right)) return isNullish(left) && isNullish(right);
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => valuesEqual(item, right[index]));
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return false;
    return leftKeys.every((key) => Object.hasOwn(right, key) && valuesEqual(left[key], right[key]));
  }
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** "null", "an array", "a string"…: the kind of a value, as a message names it. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
