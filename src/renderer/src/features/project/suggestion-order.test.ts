import { describe, expect, it } from 'vitest';
import type { ProjectSuggestion } from '../../../../shared/run-data';
import { orderSuggestions } from './suggestion-order';

const recent = (name: string, openedAt: string): ProjectSuggestion => ({
  path: `/p/${name}`,
  name,
  kind: 'recent',
  openedAt,
});

describe('orderSuggestions', () => {
  it('puts the sample first, then recents newest first', () => {
    const sample: ProjectSuggestion = { path: '/sample', name: 'sample', kind: 'sample', openedAt: null };
    const ordered = orderSuggestions([
      recent('old', '2026-01-01T00:00:00Z'),
      sample,
      recent('new', '2026-02-01T00:00:00Z'),
    ]);
    expect(ordered.map((s) => s.name)).toEqual(['sample', 'new', 'old']);
  });
});
