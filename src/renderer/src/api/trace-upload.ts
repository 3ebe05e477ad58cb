import { UPLOAD_CHUNK_BYTES, UPLOAD_MAX_BYTES, type Result } from '../../../shared/contract';
import type { ProjectInfo } from '../../../shared/run-data';
import { formatBytes } from '../format/byte-size';
import { request } from './api-client';

/** What a window can upload: a file with a name (a dropped or picked `File`, or a named `Blob`). */
export interface UploadableFile {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): Blob;
}

export interface UploadOptions {
  /** Told the bytes the service holds after each piece. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** Stops sending at the next piece; the upload then answers `cancelled`. */
  signal?: AbortSignal;
  /** Told once every piece has arrived and the service starts importing (no longer cancellable). */
  onImporting?: () => void;
}

/** Pieces sent before the first is answered: enough to keep the connection busy, a few MB at most. */
const PIECES_IN_FLIGHT = 4;

export const TRACE_FILE_EXTENSIONS = ['.json', '.jsonl'] as const;

/** Why `file` cannot be uploaded as a trace (naming it), or null when it can. */
export function traceUploadRefusal(file: Pick<UploadableFile, 'name' | 'size'>): string | null {
  const lower = file.name.toLowerCase();
  if (!TRACE_FILE_EXTENSIONS.some((extension) => lower.endsWith(extension)))
    return `"${file.name}" is not a trace file: only .json or .jsonl files (OTLP or Jaeger JSON) can be opened.`;
  if (file.size > UPLOAD_MAX_BYTES)
    return `"${file.name}" is too large to upload: a window uploads at most ${formatBytes(UPLOAD_MAX_BYTES)} (open it by its path instead).`;
  return null;
}

/**
 * Sends `file` to the service in order, in pieces of UPLOAD_CHUNK_BYTES, then has it imported and
 * opened as `openProject` opens a trace path. Refuses (without sending) what `traceUploadRefusal` refuses.
 */
export async function uploadTraceFile(
  file: UploadableFile,
  options: UploadOptions = {},
): Promise<Result<ProjectInfo>> {
  const refusal = traceUploadRefusal(file);
  if (refusal) return { ok: false, error: { code: 'not_a_trace', message: refusal } };
  const uploadId = newUploadId();
  const sent = await sendPieces(file, uploadId, options);
  if (!sent.ok) return sent;
  // Past this point the import cannot be called back: the window says so rather than offer a Cancel.
  options.onImporting?.();
  return request('finishTraceUpload', { uploadId });
}

/**
 * Sends every piece of `file`. However it ends short of the last piece (cancelled, a piece refused,
 * the file unreadable, the connection lost), the service is told to drop what arrived, so the
 * window's upload slot is freed; that word is best effort, its answer does not matter.
 */
async function sendPieces(
  file: UploadableFile,
  uploadId: string,
  options: UploadOptions,
): Promise<Result<void>> {
  // The contract bounds the name; a longer one keeps its end, where the extension is.
  const fileName = file.name.length > 255 ? file.name.slice(-255) : file.name;
  // A few pieces travel at once (the service writes them in the order sent): each round trip
  // would otherwise leave the connection idle.
  const inFlight: Promise<Result<{ received: number }>>[] = [];
  const settleOldest = async (): Promise<Result<{ received: number }>> => {
    const answer = await (inFlight.shift() as Promise<Result<{ received: number }>>);
    if (answer.ok) options.onProgress?.(answer.value.received, file.size);
    return answer;
  };
  const dropOnService = async <T>(outcome: Result<T>): Promise<Result<T>> => {
    // The pieces on their way land first: one arriving after the cancel would start a new upload.
    await Promise.allSettled(inFlight);
    await request('cancelTraceUpload', { uploadId });
    return outcome;
  };
  let offset = 0;
  try {
    do {
      if (options.signal?.aborted) return dropOnService(cancelled(file.name));
      const end = Math.min(offset + UPLOAD_CHUNK_BYTES, file.size);
      const data = await readPiece(file, offset, end);
      inFlight.push(request('uploadTraceChunk', { uploadId, fileName, offset, data }));
      offset = end;
      while (inFlight.length >= PIECES_IN_FLIGHT || (offset >= file.size && inFlight.length > 0)) {
        const answer = await settleOldest();
        if (!answer.ok) return dropOnService(answer);
      }
    } while (offset < file.size);
  } catch (error) {
    return dropOnService({
      ok: false,
      error: { code: 'read_failed', message: readFailure(file.name, offset, error) },
    });
  }
  if (options.signal?.aborted) return dropOnService(cancelled(file.name));
  return { ok: true, value: undefined };
}

/** The base64 of bytes `start`..`end` of `file`; throws when the browser cannot read them. */
async function readPiece(file: UploadableFile, start: number, end: number): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.slice(start, end).arrayBuffer()));
}

/** Why reading stopped, naming the file and where (the browser's reason, e.g. NotReadableError). */
function readFailure(name: string, offset: number, error: unknown): string {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `could not read "${name}" at byte ${offset}; was it changed or removed while uploading? (${reason})`;
}

function cancelled(name: string): Result<never> {
  return { ok: false, error: { code: 'cancelled', message: `the upload of "${name}" was cancelled` } };
}

/** 32 hex digits; `crypto.randomUUID` is missing from pages served over plain http to another host. */
function newUploadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Base64 of `bytes`. The bytes become a binary string 4 KiB at a time: `fromCharCode` over the
 * whole piece would overflow the stack, and spreading or copying slices into arrays is ten times slower.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const SLICE = 0x1000;
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += SLICE) {
    // `apply` takes any array-like; its typing asks for number[], which would cost a copy.
    const codes = bytes.subarray(start, start + SLICE) as unknown as number[];
    parts.push(String.fromCharCode.apply(null, codes));
  }
  return btoa(parts.join(''));
}
