import type { ProjectSuggestion } from '../../../../shared/run-data';

/** The bundled sample first, then recent projects, most recently opened first. */
export function orderSuggestions(suggestions: readonly ProjectSuggestion[]): ProjectSuggestion[] {
  return suggestions
    .map((suggestion, at) => ({ suggestion, at }))
    .sort((a, b) => {
      if (a.suggestion.kind !== b.suggestion.kind) return a.suggestion.kind === 'sample' ? -1 : 1;
      const byTime = (b.suggestion.openedAt ?? '').localeCompare(a.suggestion.openedAt ?? '');
      return byTime !== 0 ? byTime : a.at - b.at;
    })
    .map(({ suggestion }) => suggestion);
}
