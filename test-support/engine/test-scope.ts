import type { ScopeLookup, TemplateScope } from '../../src/main/engine/templates/scope';

/** A scope over fixed maps, for tests; it records every name it was asked for. */
export class MapScope implements TemplateScope {
  readonly variableLookups: string[] = [];
  readonly hierLookups: string[] = [];

  constructor(
    private readonly variables: Record<string, unknown> = {},
    private readonly results: Record<string, unknown> = {},
  ) {}

  lookupVariable(name: string): ScopeLookup {
    this.variableLookups.push(name);
    return Object.hasOwn(this.variables, name)
      ? { found: true, value: this.variables[name] }
      : { found: false };
  }

  lookupHier(path: string): ScopeLookup {
    this.hierLookups.push(path);
    return Object.hasOwn(this.results, path) ? { found: true, value: this.results[path] } : { found: false };
  }
}
