import { UPLOAD_CHUNK_BYTES, UPLOAD_MAX_BYTES, type Result } from '../../../shared/contract';
import type { ProjectInfo } from '../../../shared/run-data';
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
    return `"${file.name}" is too large to upload: a window uploads at most ${UPLOAD_MAX_BYTES / 2 ** 30} GiB (open it by its path instead).`;
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
  // A cancelled upload is dropped by the service too, once the pieces on their way have landed.
  const cancel = async (): Promise<Result<never>> => {
    await Promise.allSettled(inFlight);
    await request('cancelTraceUpload', { uploadId });
    return cancelled(file.name);
  };
  let offset = 0;
  do {
    if (options.signal?.aborted) return cancel();
    const end = Math.min(offset + UPLOAD_CHUNK_BYTES, file.size);
    const data = bytesToBase64(new Uint8Array(await file.slice(offset, end).arrayBuffer()));
    inFlight.push(request('uploadTraceChunk', { uploadId, fileName, offset, data }));
    offset = end;
    if (inFlight.length >= PIECES_IN_FLIGHT) {
      const answer = await settleOldest();
      if (!answer.ok) return answer;
    }
  } while (offset < file.size);
  while (inFlight.length > 0) {
    const answer = await settleOldest();
    if (!answer.ok) return answer;
  }
  if (options.signal?.aborted) return cancel();
  return request('finishTraceUpload', { uploadId });
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
