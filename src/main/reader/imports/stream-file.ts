import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { TraceImportError, WHOLE_FILE } from './import-error';
import type { JsonValueStream } from './json-value-stream';

export interface StreamFileOptions {
  chunkBytes?: number;
  signal?: AbortSignal;
  /** Awaited after each chunk has been handled, with the bytes read so far. */
  afterChunk?: (bytesRead: number) => Promise<void> | void;
}

const DEFAULT_CHUNK = 1 << 20;
export const NOT_REGULAR = 'it is not a regular file (a FIFO, socket or device); not read';
/** The first two bytes of every gzip member (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Feeds a file to a JSON value stream in large chunks (decompressed as it is read when the file
 * is gzip, whatever its name), the next chunk being read while this one
 * is handled, and ends the stream at the end of the file (or stops early when the stream has).
 * The file the user picked may be a link they chose, but what is opened must be a regular file:
 * a FIFO or a device would never end (or never open). Reads stop at the size it had when opened.
 */
export async function streamJsonFile(
  path: string,
  stream: JsonValueStream,
  options: StreamFileOptions = {},
): Promise<void> {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? DEFAULT_CHUNK);
  const handle = await openPickedFile(path);
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (error) {
    await handle.close();
    throw new TraceImportError(
      'import_io_error',
      path,
      WHOLE_FILE,
      `cannot read: ${(error as Error).message}`,
    );
  }
  if (await isGzip(handle, size)) {
    try {
      await streamGunzipped(handle, size, path, stream, chunkBytes, options);
    } finally {
      await handle.close();
    }
    return;
  }
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let turn = 0;
  let position = 0;
  const readNext = (): Promise<Buffer> => {
    const buffer = buffers[turn++ % 2] as Buffer;
    const at = position;
    const wanted = Math.min(chunkBytes, size - at);
    if (wanted <= 0) return Promise.resolve(buffer.subarray(0, 0));
    return handle.read(buffer, 0, wanted, at).then(({ bytesRead }) => {
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

/** Opens without blocking (a FIFO would wait for a writer for ever) and checks what was opened. */
async function openPickedFile(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new TraceImportError(
      'import_io_error',
      path,
      WHOLE_FILE,
      `cannot open: ${(error as Error).message}`,
    );
  }
  const isFile = await handle.stat().then(
    (info) => info.isFile(),
    () => false,
  );
  if (!isFile) {
    await handle.close();
    throw new TraceImportError('import_io_error', path, WHOLE_FILE, NOT_REGULAR);
  }
  return handle;
}

async function isGzip(handle: FileHandle, size: number): Promise<boolean> {
  if (size < GZIP_MAGIC.length) return false;
  const head = Buffer.alloc(GZIP_MAGIC.length);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  return bytesRead === head.length && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** Progress counts compressed bytes: those are what the file's size says. */
async function streamGunzipped(
  handle: FileHandle,
  size: number,
  path: string,
  stream: JsonValueStream,
  chunkBytes: number,
  options: StreamFileOptions,
): Promise<void> {
  const source = handle.createReadStream({
    start: 0,
    end: size - 1,
    highWaterMark: chunkBytes,
    autoClose: false,
  });
  const gunzip = createGunzip({ chunkSize: chunkBytes });
  let compressedRead = 0;
  source.on('data', (chunk: string | Buffer) => {
    compressedRead += chunk.length;
  });
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (options.signal?.aborted)
        throw new TraceImportError('import_cancelled', path, WHOLE_FILE, 'the import was cancelled');
      stream.push(chunk);
      if (stream.stopped) break;
      await options.afterChunk?.(compressedRead);
    }
  } catch (error) {
    // zlib's errors carry Z_* codes; anything else (a bad span, a failed write) is not about the gzip.
    if (!String((error as NodeJS.ErrnoException).code ?? '').startsWith('Z_')) throw error;
    throw new TraceImportError(
      'import_not_json',
      path,
      WHOLE_FILE,
      `the file is gzip-compressed but cannot be decompressed: ${(error as Error).message}`,
    );
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
    // Let the read stream let go of the handle before it is closed.
    if (!source.closed) await new Promise<void>((resolve) => source.once('close', () => resolve()));
  }
  if (!stream.stopped) stream.end();
}
