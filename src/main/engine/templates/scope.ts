/** What a name resolves to: found with its value (which may be null or undefined), or not found. */
export type ScopeLookup = { found: true; value: unknown } | { found: false };

/**
 * Where templates get their values. How a hierarchy path is resolved (a bare id searched in the
 * current component then its parents, a dotted path exactly then by suffix) is the scope's job.
 */
export interface TemplateScope {
  lookupVariable(name: string): ScopeLookup;
  lookupHier(path: string): ScopeLookup;
}
