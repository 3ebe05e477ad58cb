import { open } from 'node:fs/promises';

const BINARY_SNIFF_BYTES = 8192;
const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export interface FileFacts {
  binary: boolean;
  /** Absent for binary files. */
  lines?: number;
  /** Present when contents were asked for and the file is text within the size limit. */
  content?: string;
  /** Why content that was asked for is missing. */
  note?: string;
}

export interface FileFactOptions {
  includeContents: boolean;
  maxFileSize: number;
  signal: AbortSignal;
}

/**
 * Reads a file once, in chunks: binary if a NUL byte is among its first 8 KiB, otherwise its line
 * count and (within the size limit) its text.
 */
export async function readFileFacts(
  file: string,
  size: number,
  options: FileFactOptions,
): Promise<FileFacts> {
  const keepContent = options.includeContents && size <= options.maxFileSize;
  const kept: Buffer[] = [];
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let total = 0;
    let newlines = 0;
    let lastByte = NEWLINE;
    for (;;) {
      if (options.signal.aborted) throw new Error('cancelled');
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (total < BINARY_SNIFF_BYTES && chunk.subarray(0, BINARY_SNIFF_BYTES - total).includes(0)) {
        return { binary: true, ...(options.includeContents ? { note: 'binary file: content omitted' } : {}) };
      }
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines++;
      lastByte = chunk[bytesRead - 1] as number;
      if (keepContent) kept.push(Buffer.from(chunk));
      total += bytesRead;
    }
    const lines = newlines + (total > 0 && lastByte !== NEWLINE ? 1 : 0);
    if (!options.includeContents) return { binary: false, lines };
    if (!keepContent) {
      return {
        binary: false,
        lines,
        note: `content omitted: ${size} bytes is over max_file_size (${options.maxFileSize})`,
      };
    }
    return { binary: false, lines, content: Buffer.concat(kept).toString('utf8') };
  } finally {
    await handle.close();
  }
}
