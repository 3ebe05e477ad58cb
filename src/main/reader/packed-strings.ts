import type { SteppedWork } from './work-slices';

/** Strings made into an array between two places where the work may pause. */
const STRINGS_PER_STEP = 32_768;

/**
 * A list of strings (or nulls) kept as one text and where each one starts: a million hierarchy
 * paths loaded from a saved index are one string, not a million string objects for the garbage
 * collector to copy about; each is cut out when asked for.
 */
export class PackedStrings {
  private constructor(
    private readonly text: string,
    /** Each string's length in UTF-16 code units, -1 for null. */
    private readonly lengths: Int32Array,
    private readonly starts: Float64Array,
  ) {}

  /** Null when the lengths do not add up to the text (a list that does not hold together). */
  static of(text: string, lengths: Int32Array): PackedStrings | null {
    const starts = new Float64Array(lengths.length);
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i] as number;
      if (length < -1) return null;
      starts[i] = at;
      if (length > 0) at += length;
    }
    return at === text.length ? new PackedStrings(text, lengths, starts) : null;
  }

  get length(): number {
    return this.lengths.length;
  }

  at(index: number): string | null {
    const length = this.lengths[index];
    if (length === undefined || length < 0) return null;
    const start = this.starts[index] as number;
    return this.text.substring(start, start + length);
  }

  /**
   * Marks (1) the strings the pattern matches inside, with one scan of the whole text rather than
   * a string cut out for each. The pattern must not match the empty string.
   */
  matching(pattern: RegExp): Uint8Array {
    const hits = new Uint8Array(this.lengths.length);
    const scan = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    let match: RegExpExecArray | null;
    while ((match = scan.exec(this.text)) !== null) {
      const at = match.index;
      const index = this.indexAt(at);
      const end = (this.starts[index] as number) + Math.max(0, this.lengths[index] as number);
      if (match[0].length > 0 && at + match[0].length <= end) {
        hits[index] = 1;
        // One hit is enough for this string: go on from the next.
        scan.lastIndex = end;
      } else {
        // It ran over into the next string: look again from one character on.
        scan.lastIndex = at + 1;
      }
    }
    return hits;
  }

  /** The string whose text holds the character at `at`: the last one starting there or before. */
  private indexAt(at: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.starts[middle] as number) <= at) low = middle;
      else high = middle - 1;
    }
    // Empty and null strings share their start with the next: the last one starting there has the text.
    return low;
  }

  /** Every string as an array, in steps (for `runInSlices` or `runWhole`). */
  *toArraySteps(): SteppedWork<(string | null)[]> {
    const values = new Array<string | null>(this.lengths.length);
    for (let from = 0; from < values.length; from += STRINGS_PER_STEP) {
      const to = Math.min(values.length, from + STRINGS_PER_STEP);
      for (let i = from; i < to; i++) values[i] = this.at(i);
      yield;
    }
    return values;
  }
}
