import type { SteppedWork } from './work-slices';

/** One column of a columnar index. */
export type TypedColumn = Float64Array | Uint32Array | Int32Array | Uint8Array;

/** A copy of `from` in a column of the same type holding `capacity` rows (cut when smaller). */
export function resizedColumn<T extends TypedColumn>(from: T, capacity: number): T {
  const to = new (from.constructor as new (length: number) => T)(capacity);
  (to as TypedColumn).set((from.length <= capacity ? from : from.subarray(0, capacity)) as ArrayLike<number>);
  return to;
}

/**
 * Whether columns with room for `capacity` rows holding `count` are worth copying into smaller
 * ones: not for a quarter or less of spare room (a size estimated from a file is usually close),
 * as the copies cost more than the memory they give back.
 */
export function worthCompacting(capacity: number, count: number): boolean {
  return capacity > (count + 16) * 1.25;
}

/**
 * Gives each named column of `owner` room for `capacity` rows, one column per step: a column of a
 * million rows is one copy of a few MB, all of them together a pause worth avoiding.
 */
export function* resizeColumnSteps<K extends string>(
  owner: Record<K, TypedColumn>,
  keys: readonly K[],
  capacity: number,
): SteppedWork<void> {
  for (const key of keys) {
    owner[key] = resizedColumn(owner[key], capacity);
    yield;
  }
}
