import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, relative } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Reads a file of the built window for a URL path, or null: the path is decoded, normalised and
 * must resolve (symlinks included) inside the folder.
 */
export async function readStaticFile(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; contentType: string } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const wanted = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(join(root, wanted))]);
    const inside = relative(realRoot, realFile);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
    const body = await readFile(realFile);
    return { body, contentType: CONTENT_TYPES[extname(realFile)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
