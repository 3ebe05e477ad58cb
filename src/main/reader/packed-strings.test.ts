import { describe, expect, it } from 'vitest';
import { PackedStrings } from './packed-strings';
import { runWhole } from './work-slices';

function pack(values: (string | null)[]): PackedStrings {
  const lengths = Int32Array.from(values, (value) => (value === null ? -1 : value.length));
  const packed = PackedStrings.of(values.map((value) => value ?? '').join(''), lengths);
  if (!packed) throw new Error('the test list does not hold together');
  return packed;
}

describe('PackedStrings', () => {
  const values = ['agent.flow_0.store', null, '', 'agent.flow_1.Fetch', 'x', 'agent.flow_1.fetch.retry'];

  it('gives each string back, and nulls as null', () => {
    const packed = pack(values);
    expect(Array.from({ length: packed.length }, (_, i) => packed.at(i))).toEqual(values);
    expect(runWhole(pack(values).toArraySteps())).toEqual(values);
  });

  it('marks the strings a pattern matches inside, never a match running from one string into the next', () => {
    const packed = pack(values);
    expect(Array.from(packed.matching(/fetch/i))).toEqual([0, 0, 0, 1, 0, 1]);
    // "store" + "agent" meet only where two strings are joined.
    expect(Array.from(packed.matching(/storeagent/i))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(packed.matching(/hx/i))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(packed.matching(/x/))).toEqual([0, 0, 0, 0, 1, 0]);
    expect(Array.from(packed.matching(/agent\./))).toEqual([1, 0, 0, 1, 0, 1]);
  });

  it('refuses lengths that do not add up to the text', () => {
    expect(PackedStrings.of('abc', Int32Array.from([2]))).toBeNull();
    expect(PackedStrings.of('abc', Int32Array.from([3, -2]))).toBeNull();
  });
});
