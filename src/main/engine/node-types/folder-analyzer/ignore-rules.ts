import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface GitignoreLevel {
  /** The directory holding the .gitignore, relative to the walk root with `/` ('' for the root). */
  directory: string;
  rules: Ignore;
}

/**
 * The .gitignore files in effect for one directory of a walk, outermost first, plus the walk's own
 * exclude patterns. Immutable: entering a directory makes a new set, so siblings never see each
 * other's rules.
 */
export class IgnoreRules {
  private constructor(
    private readonly excludes: Ignore,
    private readonly levels: readonly GitignoreLevel[],
  ) {}

  static fromExcludePatterns(patterns: readonly string[]): IgnoreRules {
    return new IgnoreRules(ignore().add(patterns), []);
  }

  /** These rules plus the .gitignore in `absoluteDir`, if it holds a regular one. */
  async enter(absoluteDir: string, relativeDir: string): Promise<IgnoreRules> {
    const file = path.join(absoluteDir, '.gitignore');
    const info = await lstat(file).catch(() => null);
    if (!info?.isFile()) return this;
    const rules = ignore().add(await readFile(file, 'utf8'));
    return new IgnoreRules(this.excludes, [...this.levels, { directory: relativeDir, rules }]);
  }

  /** `relativePath` is from the walk root, with `/` separators. */
  isIgnored(relativePath: string, isDirectory: boolean): boolean {
    const asTested = (local: string) => (isDirectory ? `${local}/` : local);
    if (this.excludes.ignores(asTested(relativePath))) return true;
    // As git does: the deepest .gitignore with a matching rule decides, so a nested `!pattern` can re-include.
    let ignored = false;
    for (const level of this.levels) {
      const local = level.directory === '' ? relativePath : relativePath.slice(level.directory.length + 1);
      const result = level.rules.test(asTested(local));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}
