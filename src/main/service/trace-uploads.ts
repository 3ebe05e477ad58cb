import { createHash, randomBytes, type Hash } from 'node:crypto';
import { lstat, mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UPLOAD_CHUNK_BYTES, UPLOAD_MAX_BYTES } from '../../shared/contract';
import { EngineError, errorMessage } from '../engine/errors';

/** Uploads one window may have under way at once: a drop of a trace file needs one. */
const UPLOADS_PER_WINDOW = 2;
/** Uploads under way from all windows together, and the bytes they may hold on disk at once. */
const UPLOADS_AT_ONCE = 4;
const BYTES_AT_ONCE = 2 * UPLOAD_MAX_BYTES;
/** Pieces left by a process that ended mid-upload are removed once this old. */
const STALE_PIECE_MS = 60 * 60 * 1000;
const PART_PREFIX = '.part-';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface Upload {
  fileName: string;
  partPath: string;
  /** Null until the part file is open (opening is the first step of `writing`). */
  file: FileHandle | null;
  received: number;
  hash: Hash;
  /** Pieces are written one after another, even when a window sends the next before an answer. */
  writing: Promise<unknown>;
}

export interface UploadPiece {
  uploadId: string;
  fileName: string;
  offset: number;
  data: string;
}

/**
 * Trace files a browser window uploads (it has no path on this machine to give): pieces are
 * written to a hidden part file in `folder`, and a finished file is kept in a folder named by its
 * content's hash, so that uploading the same file again opens the run imported the first time.
 */
export class TraceUploads {
  private readonly byWindow = new Map<object, Map<string, Upload>>();
  /** Bytes of all uploads under way: what they hold on disk until finished or dropped. */
  private bytesHeld = 0;
  private folderReady: Promise<string> | null = null;

  constructor(private readonly folder: string | null) {}

  async receive(window: object, piece: UploadPiece): Promise<{ received: number }> {
    const name = uploadedFileName(piece.fileName);
    const bytes = decodePiece(piece.data, name);
    const uploads = this.byWindow.get(window) ?? new Map<string, Upload>();
    let upload = uploads.get(piece.uploadId);
    if (!upload) {
      if (piece.offset !== 0)
        throw new EngineError('invalid_upload', `${name}: no upload ${piece.uploadId} is under way`);
      if (uploads.size >= UPLOADS_PER_WINDOW)
        throw new EngineError('invalid_upload', `${name}: finish or cancel the other uploads first`);
      if (this.underWay() >= UPLOADS_AT_ONCE)
        throw new EngineError(
          'invalid_upload',
          `${name}: ${UPLOADS_AT_ONCE} uploads are under way; try again after they end`,
        );
      upload = this.begin(name);
      uploads.set(piece.uploadId, upload);
      this.byWindow.set(window, uploads);
    } else if (upload.fileName !== name) {
      throw new EngineError(
        'invalid_upload',
        `upload ${piece.uploadId} is of ${upload.fileName}, not ${name}`,
      );
    }
    const current = upload;
    const written = current.writing.then(async () => {
      if (!current.file) throw new EngineError('invalid_upload', `${name}: the upload was cancelled`);
      if (piece.offset !== current.received)
        throw new EngineError(
          'invalid_upload',
          `${name}: a piece at byte ${piece.offset} came when byte ${current.received} was next`,
        );
      if (current.received + bytes.length > UPLOAD_MAX_BYTES)
        throw new EngineError('invalid_upload', `${name} is larger than ${UPLOAD_MAX_BYTES} bytes`);
      if (this.bytesHeld + bytes.length > BYTES_AT_ONCE)
        throw new EngineError(
          'invalid_upload',
          `${name}: the uploads under way hold too much; try again after they end`,
        );
      await current.file?.write(bytes, 0, bytes.length, current.received);
      current.hash.update(bytes);
      current.received += bytes.length;
      this.bytesHeld += bytes.length;
      return current.received;
    });
    current.writing = written.catch(() => {});
    try {
      return { received: await written };
    } catch (error) {
      await this.drop(window, piece.uploadId);
      throw asUploadError(error, name);
    }
  }

  /**
   * Ends an upload: the path of the whole file, ready to be opened as a trace file (then
   * `discard`ed), and the name the window gave it.
   */
  async finish(window: object, uploadId: string): Promise<{ file: string; fileName: string }> {
    const upload = this.byWindow.get(window)?.get(uploadId);
    if (!upload) throw new EngineError('invalid_upload', `no upload ${uploadId} is under way`);
    try {
      await upload.writing;
      if (upload.received === 0) throw new EngineError('invalid_upload', `${upload.fileName} is empty`);
      await upload.file?.close();
      upload.file = null;
      const folder = await this.ensureFolder();
      const digest = upload.hash.digest('hex').slice(0, 32);
      // A folder per content keeps the file's own name, which names its run.
      await mkdir(join(folder, digest), { recursive: true, mode: 0o700 });
      const kept = join(folder, digest, upload.fileName);
      const earlier = await lstat(kept).catch(() => null);
      // The same content uploaded again: the earlier file stays as it was, so its import is reused.
      if (earlier?.isFile() && earlier.size === upload.received) await rm(upload.partPath, { force: true });
      else await rename(upload.partPath, kept);
      this.release(window, uploadId, upload);
      return { file: kept, fileName: upload.fileName };
    } catch (error) {
      await this.drop(window, uploadId);
      throw asUploadError(error, upload.fileName);
    }
  }

  /** Removes a finished upload's file (and its folder), once it was imported or refused. */
  async discard(file: string): Promise<void> {
    await rm(dirname(file), { recursive: true, force: true }).catch(() => {});
  }

  /** The user cancelled an upload: what arrived of it is removed. False when none was under way. */
  async cancel(window: object, uploadId: string): Promise<boolean> {
    if (!this.byWindow.get(window)?.has(uploadId)) return false;
    await this.drop(window, uploadId);
    return true;
  }

  /** A window went away: its unfinished uploads are removed. */
  async abandon(window: object): Promise<void> {
    const uploads = this.byWindow.get(window);
    if (!uploads) return;
    await Promise.all([...uploads.keys()].map((uploadId) => this.drop(window, uploadId)));
    this.byWindow.delete(window);
  }

  private underWay(): number {
    let count = 0;
    for (const uploads of this.byWindow.values()) count += uploads.size;
    return count;
  }

  private release(window: object, uploadId: string, upload: Upload): void {
    if (this.byWindow.get(window)?.delete(uploadId)) this.bytesHeld -= upload.received;
  }

  /** A new upload, registered at once; its part file opens before its first piece is written. */
  private begin(fileName: string): Upload {
    if (this.folder === null)
      throw new EngineError(
        'unsupported',
        'this app keeps no imported traces: trace files cannot be uploaded',
      );
    const partPath = join(this.folder, `${PART_PREFIX}${randomBytes(12).toString('hex')}`);
    const upload: Upload = {
      fileName,
      partPath,
      file: null,
      received: 0,
      hash: createHash('sha256'),
      writing: Promise.resolve(),
    };
    upload.writing = this.ensureFolder().then(async () => {
      // `wx`: a fresh file of our own, never one someone placed (or linked) there.
      upload.file = await open(partPath, 'wx', 0o600);
    });
    return upload;
  }

  private async drop(window: object, uploadId: string): Promise<void> {
    const uploads = this.byWindow.get(window);
    const upload = uploads?.get(uploadId);
    if (!upload) return;
    this.release(window, uploadId, upload);
    await upload.writing.catch(() => {});
    await upload.file?.close().catch(() => {});
    upload.file = null;
    await rm(upload.partPath, { force: true }).catch(() => {});
  }

  private ensureFolder(): Promise<string> {
    const folder = this.folder ?? '';
    this.folderReady ??= mkdir(folder, { recursive: true, mode: 0o700 })
      .then(() => removeStalePieces(folder))
      .then(() => folder)
      .catch((error: unknown) => {
        this.folderReady = null;
        throw error;
      });
    return this.folderReady;
  }
}

/** The uploaded file's own name, kept to a safe set of characters; only trace exports are taken. */
export function uploadedFileName(given: string): string {
  const name = basename(given.replace(/\\/g, '/'))
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '')
    .slice(-100);
  if (!/\.jsonl?$/i.test(name))
    throw new EngineError(
      'invalid_upload',
      `${name || 'the file'} is not a trace export: upload an OTLP or Jaeger JSON file (.json or .jsonl)`,
    );
  return name;
}

function decodePiece(data: string, name: string): Buffer {
  if (data.length % 4 !== 0 || !BASE64.test(data))
    throw new EngineError('invalid_upload', `${name}: a piece is not base64 (${data.length} characters)`);
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length > UPLOAD_CHUNK_BYTES)
    throw new EngineError('invalid_upload', `${name}: a piece holds more than ${UPLOAD_CHUNK_BYTES} bytes`);
  return bytes;
}

function asUploadError(error: unknown, name: string): EngineError {
  if (error instanceof EngineError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOSPC' ? 'the disk is full' : errorMessage(error);
  return new EngineError('io_error', `could not store the uploaded ${name}: ${reason}`);
}

async function removeStalePieces(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(PART_PREFIX)) continue;
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > STALE_PIECE_MS) await rm(path, { force: true }).catch(() => {});
  }
}
