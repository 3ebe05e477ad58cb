import { OutcomeRepositoryError } from '../errors';

/**
 * True when `path` names something inside a repository: relative, and without a `..` segment
 * (either separator counts, since a path read here may be used on Windows).
 */
export function isRepositoryRelativePath(path: string): boolean {
  if (path === '' || path.includes('\0')) return false;
  if (path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:/.test(path)) return false;
  return !path.split(/[\\/]/).includes('..');
}

/** Throws, naming the path and where it came from, when it would lead outside the repository. */
export function assertRepositoryRelativePath(path: string, source: string): void {
  if (!isRepositoryRelativePath(path)) {
    throw new OutcomeRepositoryError(
      `${source} names the path ${JSON.stringify(path)}, which leads outside the repository; it is refused`,
    );
  }
}
