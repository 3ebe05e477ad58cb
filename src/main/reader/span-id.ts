import { runWhole, type SteppedWork } from './work-slices';

/**
 * Span ids as two 32-bit halves, so a million of them fit in typed arrays instead of a million
 * strings. Accepts up to 16 hex digits with or without `0x`; prints them back as `0x` + 16 digits.
 */
export interface SpanIdParts {
  hi: number;
  lo: number;
}

/** Fills `into` and returns true for a valid, non-zero span id. */
export function parseSpanId(text: string | null, into: SpanIdParts): boolean {
  if (text === null) return false;
  let start = 0;
  if (
    text.length > 2 &&
    text.charCodeAt(0) === 48 &&
    (text.charCodeAt(1) === 120 || text.charCodeAt(1) === 88)
  ) {
    start = 2;
  }
  const digits = text.length - start;
  if (digits < 1 || digits > 16) return false;
  let hi = 0;
  let lo = 0;
  for (let i = start; i < text.length; i++) {
    const value = hexValue(text.charCodeAt(i));
    if (value < 0) return false;
    // Shift the 64-bit value left by four bits across the two halves.
    hi = ((hi << 4) | (lo >>> 28)) >>> 0;
    lo = ((lo << 4) | value) >>> 0;
  }
  if (hi === 0 && lo === 0) return false;
  into.hi = hi;
  into.lo = lo;
  return true;
}

export function formatSpanId(hi: number, lo: number): string {
  return `0x${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** An open-addressing map from a span id (two halves) to a row number. */
export class SpanIdTable {
  private keysHi: Uint32Array;
  private keysLo: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private used = 0;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keysHi = new Uint32Array(capacity);
    this.keysLo = new Uint32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.used;
  }

  get(hi: number, lo: number): number {
    let slot = hashOf(hi, lo) & this.mask;
    for (;;) {
      const value = this.values[slot] as number;
      if (value < 0) return -1;
      if (this.keysHi[slot] === hi && this.keysLo[slot] === lo) return value;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Adds the id; returns the existing row instead when the id is already there. */
  add(hi: number, lo: number, row: number): number {
    if ((this.used + 1) * 2 > this.values.length) this.grow();
    let slot = hashOf(hi, lo) & this.mask;
    for (;;) {
      const value = this.values[slot] as number;
      if (value < 0) {
        this.keysHi[slot] = hi;
        this.keysLo[slot] = lo;
        this.values[slot] = row;
        this.used++;
        return row;
      }
      if (this.keysHi[slot] === hi && this.keysLo[slot] === lo) return value;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Shrinks a table sized for more ids than it got (a size estimated from a file). */
  compact(): void {
    runWhole(this.compactSteps());
  }

  /** `compact()` in steps, for `runInSlices`; the table answers as before until the last step. */
  *compactSteps(): SteppedWork<void> {
    let capacity = 16;
    while (capacity < this.used * 2) capacity *= 2;
    if (capacity * 2 < this.values.length) yield* this.rehashSteps(capacity);
  }

  private grow(): void {
    runWhole(this.rehashSteps(this.values.length * 2));
  }

  private *rehashSteps(capacity: number): SteppedWork<void> {
    const next = new SpanIdTable(capacity / 2);
    const { keysHi, keysLo, values } = this;
    for (let from = 0; from < values.length; from += SLOTS_PER_STEP) {
      next.addSlots(keysHi, keysLo, values, from, Math.min(values.length, from + SLOTS_PER_STEP));
      yield;
    }
    this.keysHi = next.keysHi;
    this.keysLo = next.keysLo;
    this.values = next.values;
    this.mask = next.mask;
    this.used = next.used;
  }

  /** Adds the ids held in slots `from..to` of another table's arrays. */
  private addSlots(
    keysHi: Uint32Array,
    keysLo: Uint32Array,
    values: Int32Array,
    from: number,
    to: number,
  ): void {
    for (let slot = from; slot < to; slot++) {
      const value = values[slot] as number;
      if (value >= 0) this.add(keysHi[slot] as number, keysLo[slot] as number, value);
    }
  }
}

/** Slots moved between two places where rehashing may pause (about a millisecond of work). */
const SLOTS_PER_STEP = 65_536;

function hashOf(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
}
