import type { RunIndexing } from '../../shared/contract';
import { RunIndex, type IndexingProgress } from '../reader';

/** Indexes kept open at once; the one used least recently is let go first. */
const MAX_OPEN_INDEXES = 8;

interface Opening {
  /** The whole index, once built or loaded. */
  index: Promise<RunIndex>;
  /** The spans read so far, while a large run is still being read (dropped once it is whole). */
  preview: RunIndex | null;
  /** Resolves with the first thing that can answer: a preview or the whole index. */
  firstAnswer: Promise<RunIndex>;
  done: boolean;
  /** Whether the run had ended when it was opened (one not ended is read on at each use). */
  ended: boolean;
  indexing: RunIndexing | null;
  controller: AbortController;
}

/**
 * The indexes of the runs the windows look at, each opened once: a large run is read in a worker,
 * its first rows answering while the rest is read, its progress told to whoever watches it. An
 * opening nobody waits for any more (its last window left the run, the project closed) is stopped.
 */
export class RunIndexOpenings {
  private readonly openings = new Map<string, Opening>();

  constructor(
    private readonly options: {
      cacheDir?: string;
      /** Told how the reading of a run's files goes. */
      onIndexing: (runId: string, indexing: RunIndexing) => void;
    },
  ) {}

  /**
   * What answers queries about the run: its whole index, or with `partial`, while a large run is
   * read, the spans read so far (for a first screen; a query about one span or about every span
   * waits for the whole run). `runDir` is asked only when the run is not open yet; a run that had
   * not ended is read on from where it stopped.
   */
  async queriesOf(
    runId: string,
    runDir: () => Promise<string>,
    endedNow: boolean,
    { partial = false }: { partial?: boolean } = {},
  ): Promise<RunIndex> {
    const opening = this.openings.get(runId) ?? this.open(runId, runDir, endedNow);
    // Used now: the last to be let go.
    this.openings.delete(runId);
    this.openings.set(runId, opening);
    if (!opening.done) return partial ? (opening.preview ?? opening.firstAnswer) : opening.index;
    const index = await opening.index;
    // A run another process (the CLI) is still writing: read what it appended since.
    if (!opening.ended) {
      await index.refresh();
      opening.ended = endedNow;
    }
    return index;
  }

  /**
   * Forgets a run's index (a live run's files changed under it, too many are open, the project
   * changed). A reading under way stops; a window still watching is told, and asks again.
   */
  forget(runId: string): void {
    const opening = this.openings.get(runId);
    if (!opening) return;
    this.openings.delete(runId);
    if (opening.done) return;
    opening.controller.abort();
    if (opening.indexing) this.options.onIndexing(runId, { ...opening.indexing, state: 'stopped' });
  }

  /** Stops a reading under way that no window waits for any more. */
  stopReading(runId: string): void {
    if (this.openings.get(runId)?.done === false) this.forget(runId);
  }

  clear(): void {
    for (const runId of [...this.openings.keys()]) this.forget(runId);
  }

  /** Where the reading of a run stands, while it is read. */
  indexingOf(runId: string): RunIndexing | null {
    const opening = this.openings.get(runId);
    return opening && !opening.done ? opening.indexing : null;
  }

  private open(runId: string, runDir: () => Promise<string>, ended: boolean): Opening {
    const controller = new AbortController();
    let showFirst: (index: RunIndex) => void = () => undefined;
    const firstPreview = new Promise<RunIndex>((resolve) => (showFirst = resolve));
    // The callbacks run once the open is under way, after `opening` below exists.
    const current = () => this.openings.get(runId) === opening;
    const tell = (progress: IndexingProgress, state: RunIndexing['state']) => {
      // Once over, a late word of progress (a first part read here ending last) is not news.
      if (opening.done && state === 'reading') return;
      opening.indexing = { state, ...progress, previewSpans: opening.indexing?.previewSpans ?? 0 };
      if (current()) this.options.onIndexing(runId, opening.indexing);
    };
    const whole = runDir().then((dir) =>
      RunIndex.open(dir, {
        cacheDir: this.options.cacheDir,
        signal: controller.signal,
        onProgress: (progress) => tell(progress, 'reading'),
        onPreview: (preview) => {
          if (opening.done || !current()) return;
          opening.preview = preview;
          showFirst(preview);
          const progress = opening.indexing ?? { bytesRead: 0, totalBytes: 0, spans: 0, logLines: 0 };
          opening.indexing = { ...progress, state: 'reading', previewSpans: preview.readProgress().spans };
          this.options.onIndexing(runId, opening.indexing);
        },
      }),
    );
    const opening: Opening = {
      index: whole,
      preview: null,
      firstAnswer: Promise.race([firstPreview, whole]),
      done: false,
      ended,
      indexing: null,
      controller,
    };
    // Failures reach whoever asks; one nobody asked about is no unhandled rejection.
    opening.firstAnswer.catch(() => undefined);
    opening.index.then(
      (index) => {
        opening.done = true;
        opening.preview = null;
        // The first answer may be a preview: not held once the whole index is there.
        opening.firstAnswer = opening.index;
        if (opening.indexing) {
          const whole = { ...index.readProgress(), totalBytes: opening.indexing.totalBytes };
          tell({ ...whole, bytesRead: whole.totalBytes }, 'done');
        }
      },
      () => {
        opening.done = true;
        opening.preview = null;
        if (opening.indexing && !controller.signal.aborted) {
          const { state: _state, previewSpans: _previews, ...progress } = opening.indexing;
          tell(progress, 'failed');
        }
        // A failed open is tried again by the next query.
        if (current()) this.openings.delete(runId);
      },
    );
    this.openings.set(runId, opening);
    this.trim();
    return opening;
  }

  private trim(): void {
    while (this.openings.size > MAX_OPEN_INDEXES) {
      const oldest = this.openings.keys().next().value as string;
      this.forget(oldest);
    }
  }
}
