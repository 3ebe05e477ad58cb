import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ReaderError } from '../reader-error';
import type { Sections } from '../saved-index/index-file';
import {
  snapshotFromFile,
  snapshotMetaOf,
  type RunIndexSnapshot,
  type SnapshotMeta,
} from '../saved-index/run-index-snapshot';
import type { IndexingProgress, RunFileName } from '../run-index';
import { mergeLayouts } from './merge-layouts';
import type { BuildRequest, IndexLayout, WorkerMessage } from './protocol';
import { indexWorkerEntry } from './worker-entry';

/** An index as laid out for a saved file, which can be written as it is. */
export interface LaidOutIndex {
  meta: SnapshotMeta;
  sections: Sections;
}

export interface WorkerBuild {
  snapshot: RunIndexSnapshot;
  /** Run files written over while they were read (such an index is never saved). */
  writtenOver: string[];
  file: LaidOutIndex;
}

export interface WorkerBuildOptions {
  realRunDir: string;
  /** The file the workers start from; `indexWorkerEntry()` by default. */
  entry?: string;
  chunkBytes?: number;
  maxProblemsPerFile?: number;
  previewAtBytes: readonly number[];
  totalBytes: number;
  /** Logs this large are read by a worker of their own, beside the trace's (with a core to spare). */
  logsApartAboveBytes: number;
  logsBytes: number;
  onProgress?: (progress: IndexingProgress) => void;
  onPreview?: (snapshot: RunIndexSnapshot) => void;
  signal?: AbortSignal;
}

type Progress = Omit<IndexingProgress, 'totalBytes'>;

/**
 * Builds a run's index in worker threads, so the event loop stays free while a large run is read:
 * one reads the trace (sending the spans read so far at a few sizes) and the metrics; the logs,
 * when large and a core is free for them, are read at the same time by a second one. Resolves
 * with the index (its columns moved here, not copied), or null when no worker could be started;
 * rejects with a worker's error, or `cancelled` once the signal aborts (the workers are stopped at
 * once).
 */
export async function buildInWorker(
  runDir: string,
  options: WorkerBuildOptions,
): Promise<WorkerBuild | null> {
  const entry = options.entry ?? indexWorkerEntry();
  if (entry === null) return null;
  if (options.signal?.aborted) throw cancelled(runDir);
  const logsApart = options.logsBytes > options.logsApartAboveBytes && availableParallelism() > 1;
  const plans: RunFileName[][] = logsApart
    ? [['trace', 'metrics'], ['logs']]
    : [['trace', 'logs', 'metrics']];
  const progress: Progress[] = plans.map(() => ({ bytesRead: 0, spans: 0, logLines: 0 }));
  const workers: Worker[] = [];
  const stopAll = () => {
    for (const worker of workers) void worker.terminate();
  };
  const onAbort = () => stopAll();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const layouts = await Promise.all(
      plans.map((files, i) => {
        const worker = new Worker(entry);
        workers.push(worker);
        return layoutFromWorker(worker, runDir, {
          request: {
            runDir,
            realRunDir: options.realRunDir,
            chunkBytes: options.chunkBytes,
            maxProblemsPerFile: options.maxProblemsPerFile,
            files,
            previewAtBytes: files.includes('trace') ? options.previewAtBytes : [],
          },
          onProgress: (step) => {
            progress[i] = step;
            options.onProgress?.({
              bytesRead: sum(progress, 'bytesRead'),
              spans: sum(progress, 'spans'),
              logLines: sum(progress, 'logLines'),
              totalBytes: options.totalBytes,
            });
          },
          onPreview: options.onPreview,
          signal: options.signal,
        }).catch((error: unknown) => {
          // One failed: the other's work is for nothing.
          stopAll();
          throw error;
        });
      }),
    );
    const [first, second] = layouts as [IndexLayout, IndexLayout | undefined];
    return await built(second === undefined ? first : mergeLayouts(first, second));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stopAll();
  }
}

function sum(progress: readonly Progress[], key: keyof Progress): number {
  return progress.reduce((total, step) => total + step[key], 0);
}

/** One worker's build: its final layout, after its progress and previews were passed on. */
function layoutFromWorker(
  worker: Worker,
  runDir: string,
  options: {
    request: BuildRequest;
    onProgress: (progress: Progress) => void;
    onPreview?: (snapshot: RunIndexSnapshot) => void;
    signal?: AbortSignal;
  },
): Promise<IndexLayout> {
  return new Promise<IndexLayout>((resolve, reject) => {
    let settled = false;
    // Set as the last message arrives: the worker may exit before it is handled.
    let answered = false;
    // Messages are taken one at a time: a preview is checked before the next message is looked at.
    let queue = Promise.resolve();
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => finish(() => reject(cancelled(runDir)));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'done' || message.type === 'failed') answered = true;
      queue = queue
        .then(async () => {
          if (settled) return;
          switch (message.type) {
            case 'progress':
              options.onProgress(message.progress);
              return;
            case 'preview': {
              const preview = await snapshotOf(message.layout).catch(() => null);
              if (preview && !settled) options.onPreview?.(preview);
              return;
            }
            case 'done':
              finish(() => resolve(message.layout));
              return;
            case 'failed':
              finish(() => reject(workerError(message.code, message.message)));
          }
        })
        // A listener that throws fails this build; the messages after it are still taken.
        .catch((error: unknown) => finish(() => reject(error)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => {
      if (answered) return;
      finish(() =>
        reject(
          new ReaderError('io_error', `the index worker stopped (exit code ${code}) before it was done`),
        ),
      );
    });
    worker.postMessage(options.request);
  });
}

async function built(layout: IndexLayout): Promise<WorkerBuild> {
  const sections: Sections = new Map(layout.sections);
  const meta = snapshotMetaOf(layout.meta);
  // Checked like a saved file: the columns came from another thread, as they would from a disk.
  const snapshot = await snapshotFromFile(meta, sections);
  return { snapshot, writtenOver: layout.writtenOver, file: { meta, sections } };
}

async function snapshotOf(layout: IndexLayout): Promise<RunIndexSnapshot> {
  return (await built(layout)).snapshot;
}

function cancelled(runDir: string): ReaderError {
  // The run's id, not its path: the message may reach a window.
  return new ReaderError('cancelled', `the reading of run ${basename(runDir)} was stopped`);
}

function workerError(code: string | null, message: string): Error {
  if (code === 'not_found' || code === 'invalid_path' || code === 'invalid_argument' || code === 'io_error')
    return new ReaderError(code, message);
  return new ReaderError('io_error', message);
}
