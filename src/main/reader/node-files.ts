import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { NodeFileContent, NodeFiles } from '../../shared/run-data';
import { errorText, parseJsonLine } from './json-text';
import { ReaderError } from './reader-error';

const SEGMENT = /^[a-zA-Z0-9_]{1,150}$/;
const NODE_FILE_NAMES = ['result.json', 'outcome.json', 'state.json'] as const;
const MAX_FILE_BYTES = 32 << 20;

/** The segments of a hierarchy path, or a ReaderError saying why it is refused. */
export function hierarchySegments(hierarchyPath: string): string[] {
  if (typeof hierarchyPath !== 'string' || hierarchyPath.length === 0 || hierarchyPath.length > 4000) {
    throw new ReaderError(
      'invalid_path',
      `hierarchy path ${JSON.stringify(hierarchyPath)} is empty or too long`,
    );
  }
  const segments = hierarchyPath.split('.');
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      throw new ReaderError(
        'invalid_path',
        `hierarchy path ${JSON.stringify(hierarchyPath)} has the segment ${JSON.stringify(segment)}: ` +
          'each must be 1-150 letters, digits or "_"',
      );
    }
  }
  return segments;
}

/**
 * A node's `result.json`, `outcome.json` and `state.json`, each parsed or with the reason it
 * could not be. The path is checked twice: by shape (ids only, so no `..` or separators), and
 * after resolving symbolic links, the node's folder and each file must lie inside the run directory.
 */
export async function readNodeFiles(runDir: string, hierarchyPath: string): Promise<NodeFiles> {
  const segments = hierarchySegments(hierarchyPath);
  let realRoot: string;
  try {
    realRoot = await realpath(runDir);
  } catch (error) {
    throw new ReaderError('not_found', `run directory ${runDir} cannot be read: ${errorText(error)}`);
  }
  const nodeDir = join(realRoot, ...segments);
  let realNodeDir: string;
  try {
    realNodeDir = await realpath(nodeDir);
  } catch {
    return {
      hierarchyPath,
      files: NODE_FILE_NAMES.map((name) => ({
        name,
        content: null,
        error: `${segments.join('/')}/ does not exist in the run directory (yet)`,
      })),
    };
  }
  if (!isInside(realRoot, realNodeDir)) {
    throw new ReaderError(
      'invalid_path',
      `hierarchy path "${hierarchyPath}" resolves to ${realNodeDir}, outside the run directory`,
    );
  }
  const files = await Promise.all(NODE_FILE_NAMES.map((name) => readNodeFile(realRoot, realNodeDir, name)));
  return { hierarchyPath, files };
}

async function readNodeFile(
  realRoot: string,
  nodeDir: string,
  name: NodeFileContent['name'],
): Promise<NodeFileContent> {
  const path = join(nodeDir, name);
  let realFile: string;
  try {
    realFile = await realpath(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      name,
      content: null,
      error: missing ? `${name} does not exist` : `${name}: ${errorText(error)}`,
    };
  }
  if (!isInside(realRoot, realFile)) {
    return { name, content: null, error: `${name} links outside the run directory; not read` };
  }
  try {
    const info = await stat(realFile);
    if (!info.isFile()) return { name, content: null, error: `${name} is not a file` };
    if (info.size > MAX_FILE_BYTES) {
      return {
        name,
        content: null,
        error: `${name} is ${info.size} bytes, more than the ${MAX_FILE_BYTES} read`,
      };
    }
    const text = await readFile(realFile, 'utf8');
    if (text.trim() === '') return { name, content: null, error: `${name} is empty` };
    return { name, content: parseJsonLine(text), error: null };
  } catch (error) {
    return { name, content: null, error: `${name} is not readable JSON: ${errorText(error)}` };
  }
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
}
