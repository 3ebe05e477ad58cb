import { open, type FileHandle } from 'node:fs/promises';
import { TraceImportError, WHOLE_FILE } from './import-error';
import type { JsonValueStream } from './json-value-stream';

export interface StreamFileOptions {
  chunkBytes?: number;
  signal?: AbortSignal;
  /** Awaited after each chunk has been handled, with the bytes read so far. */
  afterChunk?: (bytesRead: number) => Promise<void> | void;
}

const DEFAULT_CHUNK = 1 << 20;

/**
 * Feeds a file to a JSON value stream in large chunks, the next chunk being read while this one
 * is handled, and ends the stream at the end of the file (or stops early when the stream has).
 */
export async function streamJsonFile(
  path: string,
  stream: JsonValueStream,
  options: StreamFileOptions = {},
): Promise<void> {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? DEFAULT_CHUNK);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new TraceImportError(
      'import_io_error',
      path,
      WHOLE_FILE,
      `cannot open: ${(error as Error).message}`,
    );
  }
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let turn = 0;
  let position = 0;
  const readNext = (): Promise<Buffer> => {
    const buffer = buffers[turn++ % 2] as Buffer;
    const at = position;
    return handle.read(buffer, 0, chunkBytes, at).then(({ bytesRead }) => {
      position = at + bytesRead;
      return buffer.subarray(0, bytesRead);
    });
  };
  let pending: Promise<Buffer> | null = null;
  let handled = 0;
  try {
    pending = readNext();
    for (;;) {
      let chunk: Buffer;
      try {
        chunk = await pending;
      } catch (error) {
        throw new TraceImportError(
          'import_io_error',
          path,
          WHOLE_FILE,
          `cannot read: ${(error as Error).message}`,
        );
      }
      if (options.signal?.aborted)
        throw new TraceImportError('import_cancelled', path, WHOLE_FILE, 'the import was cancelled');
      if (chunk.length === 0) break;
      pending = readNext();
      stream.push(chunk);
      handled += chunk.length;
      if (stream.stopped) break;
      await options.afterChunk?.(handled);
    }
    if (!stream.stopped) stream.end();
  } finally {
    // The read started last may still be running (after an early stop or an error): let it end first.
    await pending?.catch(() => undefined);
    await handle.close();
  }
}
