import type { TypedColumn } from '../typed-columns';
import type { IndexingProgress, RunFileName } from '../run-index';
import type { SnapshotMeta } from '../saved-index/run-index-snapshot';

/** What the main thread asks of an index worker: build the index of one run folder. */
export interface BuildRequest {
  runDir: string;
  /** The run folder's real path, which a saved index is keyed by. */
  realRunDir: string;
  chunkBytes?: number;
  maxProblemsPerFile?: number;
  /** The files to read (two workers may share a run: one the trace, one the logs). */
  files: readonly RunFileName[];
  /** Trace offsets at which to send the spans read so far. */
  previewAtBytes: readonly number[];
}

/** An index laid out as a saved file's header and sections: what crosses between threads. */
export interface IndexLayout {
  meta: SnapshotMeta;
  sections: [string, TypedColumn][];
  /** Run files written over while they were read: the index is not theirs and is never saved. */
  writtenOver: string[];
}

export type WorkerMessage =
  | { type: 'progress'; progress: Omit<IndexingProgress, 'totalBytes'> }
  | { type: 'preview'; layout: IndexLayout }
  | { type: 'done'; layout: IndexLayout }
  | { type: 'failed'; code: string | null; message: string };
