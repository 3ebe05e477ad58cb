import { pathEndsWith } from '../definitions/walk';

/**
 * Results of every element executed (or reused) so far, by dotted hierarchy path, for `$hier{}`.
 * A bare id is searched in the current component, then its parents; a dotted path matches exactly,
 * then as a suffix (the most recent match wins).
 */
export class HierRegistry {
  private readonly byPath = new Map<string, unknown>();
  /** Paths by their last segment, so suffix searches look at a few candidates, not every result. */
  private readonly byLastSegment = new Map<string, string[]>();

  set(path: string, result: unknown): void {
    if (!this.byPath.has(path)) {
      const last = path.slice(path.lastIndexOf('.') + 1);
      const list = this.byLastSegment.get(last);
      if (list) list.push(path);
      else this.byLastSegment.set(last, [path]);
    }
    this.byPath.set(path, result);
  }

  get size(): number {
    return this.byPath.size;
  }

  lookup(reference: string, componentPath: string): { found: true; value: unknown } | { found: false } {
    if (!reference.includes('.')) {
      let scope = componentPath;
      for (;;) {
        const candidate = scope ? `${scope}.${reference}` : reference;
        if (this.byPath.has(candidate)) return { found: true, value: this.byPath.get(candidate) };
        if (!scope) break;
        const cut = scope.lastIndexOf('.');
        scope = cut < 0 ? '' : scope.slice(0, cut);
      }
      return { found: false };
    }
    if (this.byPath.has(reference)) return { found: true, value: this.byPath.get(reference) };
    const candidates = this.byLastSegment.get(reference.slice(reference.lastIndexOf('.') + 1)) ?? [];
    for (let i = candidates.length - 1; i >= 0; i--) {
      const path = candidates[i] as string;
      if (pathEndsWith(path, reference)) return { found: true, value: this.byPath.get(path) };
    }
    return { found: false };
  }
}
