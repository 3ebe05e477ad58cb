import { describe, expect, it } from 'vitest';
import { aiModelCallInputSchema } from './settings';
import { fillPlaceholders } from './placeholders';

describe('fillPlaceholders', () => {
  it('fills names that have values and leaves every other brace alone', () => {
    const values = { name: 'Ann', count: 3, ok: false };
    expect(fillPlaceholders('Hi {name}, {count} items, ok={ok}', values)).toBe('Hi Ann, 3 items, ok=false');
    expect(fillPlaceholders('{missing} stays', values)).toBe('{missing} stays');
    expect(fillPlaceholders('JSON {"name": 1} and { name } stay', values)).toBe(
      'JSON {"name": 1} and { name } stay',
    );
    expect(fillPlaceholders('literal {{name}} stays', values)).toBe('literal {{name}} stays');
    expect(fillPlaceholders('{name}{name}', values)).toBe('AnnAnn');
    expect(fillPlaceholders('{toString} stays', values)).toBe('{toString} stays');
    expect(fillPlaceholders('{name}', undefined)).toBe('{name}');
  });

  it('checks inputs: variable values are strings, numbers or booleans, and unknown fields are refused', () => {
    expect(aiModelCallInputSchema.safeParse({ prompt_variables: { a: 'x', b: 1, c: true } }).success).toBe(
      true,
    );
    expect(aiModelCallInputSchema.safeParse({ prompt_variables: { a: { nested: 1 } } }).success).toBe(false);
    expect(aiModelCallInputSchema.safeParse({ promt_variables: {} }).success).toBe(false);
  });
});
