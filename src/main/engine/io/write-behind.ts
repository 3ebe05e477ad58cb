import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { jsonText, writeFileAtomic } from './atomic-write';

export interface WriteFailure {
  path: string;
  /** The first error writing this path. */
  error: Error;
  /** How many writes to this path failed. */
  count: number;
}

/**
 * Writes run files behind the run: callers queue writes and go on, so a node never waits on the
 * disk. Writes to one path happen in the order they were queued; different paths proceed side by
 * side up to a small limit. JSON files are replaced atomically (temp file + rename) so a crash never
 * leaves half a result; JSONL appends to one file are coalesced into a single append.
 */
export class WriteBehindWriter {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pendingAppends = new Map<string, string[]>();
  private readonly createdDirs = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  /** The first failure per path, in the order paths first failed; a full disk fails every write. */
  readonly failures: WriteFailure[] = [];
  private readonly failuresByPath = new Map<string, WriteFailure>();
  private failedWrites = 0;

  constructor(
    private readonly maxConcurrent = 8,
    private readonly onFailure: (failure: WriteFailure) => void = () => {},
  ) {}

  writeJson(path: string, value: unknown): void {
    const text = jsonText(value);
    this.enqueue(path, async () => {
      await this.ensureDir(dirname(path));
      await writeFileAtomic(path, text);
    });
  }

  writeText(path: string, text: string): void {
    this.enqueue(path, async () => {
      await this.ensureDir(dirname(path));
      await writeFile(path, text);
    });
  }

  /** Appends one line (a newline is added). Lines queued before the write starts go in one append. */
  appendLine(path: string, line: string): void {
    const buffered = this.pendingAppends.get(path);
    if (buffered) {
      buffered.push(line);
      return;
    }
    this.pendingAppends.set(path, [line]);
    this.enqueue(path, async () => {
      const lines = this.pendingAppends.get(path) ?? [];
      this.pendingAppends.delete(path);
      await this.ensureDir(dirname(path));
      await appendFile(path, lines.join('\n') + '\n');
    });
  }

  /** Creates a directory (and its parents) in order with the writes queued for paths inside it. */
  makeDir(path: string): void {
    this.enqueue(path, () => this.ensureDir(path));
  }

  /** Resolves once everything queued before the call is on disk (or has failed and been recorded). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight]);
    }
  }

  /** Failed writes in all, counting each of one path's failures. */
  get failureCount(): number {
    return this.failedWrites;
  }

  get pendingCount(): number {
    return this.inFlight.size;
  }

  private enqueue(path: string, task: () => Promise<void>): void {
    const previous = this.chains.get(path) ?? Promise.resolve();
    const next = previous.then(() => this.withSlot(path, task));
    this.chains.set(path, next);
    this.inFlight.add(next);
    void next.then(() => {
      this.inFlight.delete(next);
      if (this.chains.get(path) === next) this.chains.delete(path);
    });
  }

  private async withSlot(path: string, task: () => Promise<void>): Promise<void> {
    if (this.running >= this.maxConcurrent) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      await task();
    } catch (error) {
      this.failedWrites++;
      let failure = this.failuresByPath.get(path);
      if (failure) failure.count++;
      else {
        failure = { path, error: error instanceof Error ? error : new Error(String(error)), count: 1 };
        this.failuresByPath.set(path, failure);
        this.failures.push(failure);
      }
      this.onFailure(failure);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.createdDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.createdDirs.add(dir);
  }
}
