import type { FileHandle } from 'node:fs/promises';
import { NODE_FILE_NAMES, type NodeFileContent, type NodeFiles } from '../../shared/run-data';
import {
  FILE_PREVIEW_BYTES,
  FILE_WHOLE_MAX_BYTES,
  isUtf8Continuation,
  PIECE_MAX_JSON_BYTES,
  PieceRangeError,
  utf8PieceEnd,
  type TextPiece,
} from '../../shared/text-pieces';
import { errorText, parseJsonLine } from './json-text';
import { ReaderError } from './reader-error';
import { isFolderInside, openFileInside, RunFileRefusedError } from './run-files';
import { utf8 } from './utf8-text';

const SEGMENT = /^[a-zA-Z0-9_]{1,150}$/;

type NodeFileName = NodeFileContent['name'];

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
 * A node's `result.json`, `outcome.json` and `state.json`: each parsed when it is small enough to
 * send whole, else its first bytes as text (the rest is read with {@link readNodeFileRange}), or
 * the reason it could not be read. The path is checked by shape (ids only, so no `..` or
 * separators), and every file is opened as a regular file reached without following any link.
 */
export async function readNodeFiles(runDir: string, hierarchyPath: string): Promise<NodeFiles> {
  const folder = hierarchySegments(hierarchyPath).join('/');
  let problem: string | null = null;
  try {
    if (!(await isFolderInside(runDir, folder)))
      problem = `${folder}/ does not exist in the run directory (yet)`;
  } catch (error) {
    problem = refusalText(folder, error);
  }
  if (problem !== null) {
    const error = problem;
    return { hierarchyPath, files: NODE_FILE_NAMES.map((name) => ({ name, content: null, error })) };
  }
  const files = await Promise.all(NODE_FILE_NAMES.map((name) => readNodeFile(runDir, folder, name)));
  return { hierarchyPath, files };
}

async function readNodeFile(runDir: string, folder: string, name: NodeFileName): Promise<NodeFileContent> {
  let handle: FileHandle | null;
  try {
    handle = await openFileInside(runDir, `${folder}/${name}`);
  } catch (error) {
    return { name, content: null, error: refusalText(name, error) };
  }
  if (!handle) return { name, content: null, error: `${name} does not exist` };
  try {
    const { size } = await handle.stat();
    if (size === 0) return { name, content: null, error: `${name} is empty` };
    if (size > FILE_WHOLE_MAX_BYTES) {
      const preview = await readTextPiece(handle, name, size, 0, FILE_PREVIEW_BYTES);
      return {
        name,
        content: null,
        error: null,
        long: { preview: preview.text, previewBytes: preview.nextOffset, totalBytes: size },
      };
    }
    const text = (await readTextPiece(handle, name, size, 0, size)).text;
    if (text.trim() === '') return { name, content: null, error: `${name} is empty` };
    try {
      return { name, content: parseJsonLine(text), error: null };
    } catch (error) {
      // The parser's message quotes the text around the fault: only its position is passed on.
      const at = /position (\d+)/.exec(errorText(error))?.[1];
      return {
        name,
        content: null,
        error: `${name} is not readable JSON${at ? ` (at character ${at})` : ''}`,
      };
    }
  } catch (error) {
    return { name, content: null, error: `${name} could not be read: ${errorText(error)}` };
  } finally {
    await handle.close();
  }
}

/**
 * Up to `length` bytes of one node file from `offset`, as text cut at character boundaries. An
 * offset past the end, or inside a character, is refused with a PieceRangeError naming it.
 */
export async function readNodeFileRange(
  runDir: string,
  hierarchyPath: string,
  name: NodeFileName,
  offset: number,
  length: number,
): Promise<TextPiece> {
  const file = `${hierarchySegments(hierarchyPath).join('/')}/${name}`;
  const handle = await openFileInside(runDir, file);
  if (!handle) throw new ReaderError('not_found', `${file} does not exist in the run directory`);
  try {
    const { size } = await handle.stat();
    return await readTextPiece(handle, file, size, offset, length);
  } finally {
    await handle.close();
  }
}

/** Reads `[offset, offset + length)` of a file of `size` bytes, moved to character boundaries. */
async function readTextPiece(
  handle: FileHandle,
  shownName: string,
  size: number,
  offset: number,
  length: number,
): Promise<TextPiece> {
  if (offset > size) {
    throw new PieceRangeError(`offset ${offset} is past the end of ${shownName} (${size} bytes)`);
  }
  // Three bytes past the piece show whether its end falls inside a character.
  const wanted = Math.min(length, size - offset);
  const buffer = Buffer.allocUnsafe(Math.min(wanted + 3, size - offset));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  if (filled > 0 && offset > 0 && isUtf8Continuation(buffer[0] as number)) {
    throw new PieceRangeError(`offset ${offset} of ${shownName} falls inside a character`);
  }
  let end = utf8PieceEnd(buffer, filled, wanted);
  let text = utf8(buffer, 0, end);
  for (;;) {
    const bytes = Buffer.byteLength(JSON.stringify(text));
    if (bytes <= PIECE_MAX_JSON_BYTES) break;
    end = utf8PieceEnd(buffer, filled, Math.floor((end * PIECE_MAX_JSON_BYTES) / bytes));
    text = utf8(buffer, 0, end);
  }
  return {
    text,
    offset,
    nextOffset: offset + end,
    totalLength: size,
    unit: 'bytes',
  };
}

function refusalText(shownName: string, error: unknown): string {
  if (error instanceof RunFileRefusedError) return error.message;
  return `${shownName} could not be opened: ${errorText(error)}`;
}
