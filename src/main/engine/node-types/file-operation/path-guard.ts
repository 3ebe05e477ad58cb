import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** An operation path that may not be touched, with the reason. */
export class PathRefusedError extends Error {
  constructor(
    readonly requestedPath: string,
    readonly reason: string,
  ) {
    super(`refused path "${requestedPath}": ${reason}`);
    this.name = 'PathRefusedError';
  }
}

export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Turns operation paths into absolute paths that stay inside the allowed directories under a base
 * directory: no absolute paths, no way out by `..`, no symbolic link anywhere from the base down, and
 * nothing inside a `.git` directory (its hooks would run on the next commit).
 */
export class PathGuard {
  private constructor(
    /** The base directory with its own symlinks resolved. */
    readonly baseDirectory: string,
    private readonly allowedRoots: readonly string[],
    private readonly allowedLabels: readonly string[],
  ) {}

  static async create(baseDirectory: string, allowedDirectories: readonly string[]): Promise<PathGuard> {
    const realBase = await realpath(baseDirectory).catch(() => null);
    if (realBase === null || !(await stat(realBase)).isDirectory()) {
      throw new Error(`base_directory ${baseDirectory} is not an existing directory`);
    }
    const roots = allowedDirectories.map((allowed) => {
      const root = path.resolve(realBase, allowed);
      if (path.isAbsolute(allowed) || !isInside(realBase, root)) {
        throw new Error(
          `allowed_directories entry "${allowed}" is not inside base_directory ${baseDirectory}`,
        );
      }
      return root;
    });
    return new PathGuard(realBase, roots, allowedDirectories);
  }

  /** The absolute path for `requested`, or a PathRefusedError saying why it may not be used. */
  async resolve(requested: string): Promise<string> {
    if (requested.includes('\0')) throw new PathRefusedError(requested, 'it contains a NUL byte');
    if (path.isAbsolute(requested) || path.win32.isAbsolute(requested)) {
      throw new PathRefusedError(
        requested,
        'absolute paths are not allowed; give a path relative to base_directory',
      );
    }
    const target = path.resolve(this.baseDirectory, requested);
    if (!this.allowedRoots.some((root) => isInside(root, target))) {
      const how = requested.split(/[\\/]/).includes('..') ? "'..' leads outside" : 'it is outside';
      throw new PathRefusedError(
        requested,
        `${how} the allowed directories (${this.allowedLabels.join(', ')})`,
      );
    }
    const segments = path.relative(this.baseDirectory, target).split(path.sep).filter(Boolean);
    if (segments.some((segment) => segment.toLowerCase() === '.git')) {
      throw new PathRefusedError(requested, 'paths inside .git are not allowed');
    }
    await this.refuseSymlinks(requested, segments);
    return target;
  }

  /** Whether `target` is the base directory or one of the allowed directories themselves. */
  isProtectedRoot(target: string): boolean {
    return target === this.baseDirectory || this.allowedRoots.includes(target);
  }

  private async refuseSymlinks(requested: string, segments: readonly string[]): Promise<void> {
    let current = this.baseDirectory;
    for (const segment of segments) {
      const next = path.join(current, segment);
      const info = await lstat(next).catch((error: unknown) => {
        if (isMissing(error)) return null;
        throw error;
      });
      if (info === null) break;
      if (info.isSymbolicLink()) {
        const where = path.relative(this.baseDirectory, next);
        throw new PathRefusedError(requested, `"${where}" is a symbolic link; links are not followed`);
      }
      current = next;
    }
    // The deepest existing ancestor must resolve to itself: a link swapped in meanwhile would not.
    const resolved = await realpath(current);
    if (resolved !== current) {
      throw new PathRefusedError(requested, `it resolves through a link to ${resolved}`);
    }
  }
}
