import { PackedStrings } from '../packed-strings';
import { runWhole, type SteppedWork } from '../work-slices';

/**
 * A list of strings (or nulls) as two sections of a saved index: each string's length in UTF-16
 * code units (-1 for null) and all of them joined, as Latin-1 when every character fits in a byte
 * (paths and ids nearly always do: half the bytes) and as UTF-16 otherwise. Lengths in code units
 * and a UTF-16 fallback keep every string exactly, lone surrogates included, where UTF-8 would not.
 */
export interface EncodedStrings {
  lengths: Int32Array;
  text: Uint8Array;
  encoding: StringEncoding;
}

export type StringEncoding = 'latin1' | 'utf16le';

/** Strings joined between two places where encoding may pause. */
const STRINGS_PER_STEP = 32_768;

export function encodeStrings(values: readonly (string | null)[]): EncodedStrings {
  return runWhole(encodeStringsSteps(values));
}

/**
 * `encodeStrings` in steps (for `runInSlices`): a million paths are joined and encoded a slice at
 * a time, so saving an index never holds the event loop for long.
 */
export function* encodeStringsSteps(values: readonly (string | null)[]): SteppedWork<EncodedStrings> {
  const lengths = new Int32Array(values.length);
  const pieces: string[] = [];
  let wide = false;
  for (let from = 0; from < values.length; from += STRINGS_PER_STEP) {
    const to = Math.min(values.length, from + STRINGS_PER_STEP);
    const parts: string[] = [];
    for (let i = from; i < to; i++) {
      const value = values[i];
      lengths[i] = value === null || value === undefined ? -1 : value.length;
      if (value) parts.push(value);
    }
    const piece = parts.join('');
    wide ||= /[\u0100-\uffff]/.test(piece);
    pieces.push(piece);
    yield;
  }
  const encoding: StringEncoding = wide ? 'utf16le' : 'latin1';
  const buffers: Buffer[] = [];
  for (const piece of pieces) {
    buffers.push(Buffer.from(piece, encoding));
    yield;
  }
  return { lengths, text: Buffer.concat(buffers), encoding };
}

/**
 * The strings back, packed (each cut out when asked for). Null when the lengths do not add up to
 * the text: a saved index that does not hold together is not used.
 */
export function decodePackedStrings(encoded: EncodedStrings): PackedStrings | null {
  const { lengths, text, encoding } = encoded;
  return PackedStrings.of(
    Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString(encoding),
    lengths,
  );
}

/** The strings back as an array, in steps; null as for `decodePackedStrings`. */
export function* decodeStringsSteps(encoded: EncodedStrings): SteppedWork<(string | null)[] | null> {
  const packed = decodePackedStrings(encoded);
  if (!packed) return null;
  return yield* packed.toArraySteps();
}
