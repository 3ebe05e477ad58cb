import { describe, expect, it } from 'vitest';
import { runWhole } from '../work-slices';
import { decodeStringsSteps, encodeStrings } from './string-table';

const roundTrip = (values: (string | null)[]) => {
  const encoded = encodeStrings(values);
  // As read back from a file: copies, not the encoder's own arrays.
  return runWhole(
    decodeStringsSteps({ ...encoded, lengths: encoded.lengths.slice(), text: Uint8Array.from(encoded.text) }),
  );
};

describe('saved string tables', () => {
  it('gives back every string exactly, nulls and empty strings included', () => {
    const values = [null, '', 'agent.main.summarize', 'café', null, 'x'];
    expect(roundTrip(values)).toEqual(values);
    expect(encodeStrings(values).encoding).toBe('latin1');
  });

  it('keeps characters beyond Latin-1, and lone surrogates, as they were', () => {
    const values = ['agent.要約', '\ud83d\ude00 done', 'half \ud800 pair', null, 'plain'];
    expect(encodeStrings(values).encoding).toBe('utf16le');
    expect(roundTrip(values)).toEqual(values);
  });

  it('refuses lengths that do not add up to the text', () => {
    const encoded = encodeStrings(['abc', 'de']);
    expect(runWhole(decodeStringsSteps({ ...encoded, lengths: Int32Array.from([3, 5]) }))).toBeNull();
    expect(runWhole(decodeStringsSteps({ ...encoded, lengths: Int32Array.from([3, -2]) }))).toBeNull();
  });
});
