import type { JsonChange, JsonChangeList } from '../../shared/compare-data';

export interface JsonDiffOptions {
  /** Changes listed at most; the rest are only counted (default 200). */
  maxChanges?: number;
  /** Strings longer than this are cut in `before`/`after` (default 300 characters). */
  maxStringLength?: number;
  /** Decides whether two different strings count as the same (for example with run ids masked). */
  sameString?: (before: string, after: string) => boolean;
}

const DEFAULT_MAX_CHANGES = 200;
const DEFAULT_MAX_STRING = 300;
/** Deeper than this, a subtree is compared whole and reported as one change. */
const MAX_DEPTH = 100;
/** Items and keys kept in a previewed array or object. */
const PREVIEW_ITEMS = 20;
const PREVIEW_DEPTH = 4;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The differences between two plain JSON values, path by path: keys compared by name (order
 * ignored), arrays item by item, anything else by value.
 */
export function diffJson(before: unknown, after: unknown, options: JsonDiffOptions = {}): JsonChangeList {
  const maxChanges = options.maxChanges ?? DEFAULT_MAX_CHANGES;
  const maxString = options.maxStringLength ?? DEFAULT_MAX_STRING;
  const sameString = options.sameString ?? ((a: string, b: string) => a === b);
  const changes: JsonChange[] = [];
  let omitted = 0;

  const report = (path: string, kind: JsonChange['kind'], old: unknown, next: unknown): void => {
    if (changes.length >= maxChanges) {
      omitted += 1;
      return;
    }
    const change: JsonChange = { path, kind };
    if (kind !== 'added') change.before = preview(old, maxString, 0);
    if (kind !== 'removed') change.after = preview(next, maxString, 0);
    changes.push(change);
  };

  const walk = (a: unknown, b: unknown, path: string, depth: number): void => {
    if (a === b) return;
    if (typeof a === 'string' && typeof b === 'string') {
      if (!sameString(a, b)) report(path, 'changed', a, b);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && depth < MAX_DEPTH) {
      const shared = Math.min(a.length, b.length);
      for (let index = 0; index < shared; index += 1)
        walk(a[index], b[index], `${path}[${index}]`, depth + 1);
      for (let index = shared; index < a.length; index += 1)
        report(`${path}[${index}]`, 'removed', a[index], undefined);
      for (let index = shared; index < b.length; index += 1)
        report(`${path}[${index}]`, 'added', undefined, b[index]);
      return;
    }
    if (isPlainObject(a) && isPlainObject(b) && depth < MAX_DEPTH) {
      for (const key of Object.keys(a)) {
        const keyPath = childPath(path, key);
        if (Object.hasOwn(b, key)) walk(a[key], b[key], keyPath, depth + 1);
        else report(keyPath, 'removed', a[key], undefined);
      }
      for (const key of Object.keys(b)) {
        if (!Object.hasOwn(a, key)) report(childPath(path, key), 'added', undefined, b[key]);
      }
      return;
    }
    if (!sameValue(a, b, sameString)) report(path, 'changed', a, b);
  };

  walk(before, after, '', 0);
  return { changes, omitted };
}

/** True when the two values are equal as JSON (with `sameString` deciding about strings). */
export function jsonEqual(a: unknown, b: unknown, sameString?: (a: string, b: string) => boolean): boolean {
  return diffJson(a, b, { maxChanges: 0, sameString }).omitted === 0;
}

function sameValue(a: unknown, b: unknown, sameString: (a: string, b: string) => boolean): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  // Only reached past the depth limit: compare the subtrees whole.
  return jsonEqualDeep(a, b, sameString);
}

function jsonEqualDeep(a: unknown, b: unknown, sameString: (a: string, b: string) => boolean): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x === 'string' && typeof y === 'string') {
      if (!sameString(x, y)) return false;
      continue;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      x.forEach((item, index) => stack.push([item, y[index]]));
      continue;
    }
    if (isPlainObject(x) && isPlainObject(y)) {
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const key of keys) {
        if (!Object.hasOwn(y, key)) return false;
        stack.push([x[key], y[key]]);
      }
      continue;
    }
    return false;
  }
  return true;
}

function childPath(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value cut down for showing: long strings and large or deep arrays and objects are shortened, saying so. */
export function preview(value: unknown, maxString: number, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length > maxString
      ? `${value.slice(0, maxString)}… [cut: ${value.length.toLocaleString('en-US')} characters]`
      : value;
  }
  if (Array.isArray(value)) {
    if (depth >= PREVIEW_DEPTH) return `[… ${value.length} items]`;
    const items = value.slice(0, PREVIEW_ITEMS).map((item) => preview(item, maxString, depth + 1));
    if (value.length > PREVIEW_ITEMS) items.push(`… [${value.length - PREVIEW_ITEMS} more items]`);
    return items;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (depth >= PREVIEW_DEPTH) return `{… ${keys.length} keys}`;
    // fromEntries defines keys as data, so a key named "__proto__" stays a key.
    const entries = keys
      .slice(0, PREVIEW_ITEMS)
      .map((key) => [key, preview(value[key], maxString, depth + 1)]);
    if (keys.length > PREVIEW_ITEMS) entries.push(['…', `[${keys.length - PREVIEW_ITEMS} more keys]`]);
    return Object.fromEntries(entries);
  }
  return value;
}
