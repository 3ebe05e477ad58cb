import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { generateLargeRun, type LargeRun } from './support/generate-large-run';
import type { ProgressReporter } from './measure';
import { formatCount, formatDuration } from './scale-suite';
import type { TempRoot } from './temp-root';

/**
 * Synthetic runs of a given number of spans (and as many log lines, as in the spec's run of a
 * million of each), in one folder holding a `runs/` folder, which the inspector opens as a project
 * of runs. Each size is written once and shared by the frames, renderer-memory and replay suites:
 * the million-span run takes 40 s and 1.8 GB to write. `dispose()` removes the folder; the bench
 * calls it at its end, and the bench's temp root removes it too when the bench is interrupted.
 */
export class GeneratedRuns {
  private projectDir: Promise<string> | null = null;
  private readonly runs = new Map<number, Promise<LargeRun>>();

  constructor(private readonly temp: TempRoot) {}

  /** The project folder (its `runs/` holds every run generated so far). */
  project(): Promise<string> {
    this.projectDir ??= this.temp.newDir('browser-runs-').then(async (dir) => {
      await mkdir(join(dir, 'runs'));
      return dir;
    });
    return this.projectDir;
  }

  /** The run of `spans` spans, written on first use. */
  run(spans: number, progress: ProgressReporter): Promise<LargeRun> {
    let run = this.runs.get(spans);
    if (!run) {
      run = this.generate(spans, progress);
      // A failed generation is not kept: the next suite tries again.
      run.catch(() => this.runs.delete(spans));
      this.runs.set(spans, run);
    }
    return run;
  }

  private async generate(spans: number, progress: ProgressReporter): Promise<LargeRun> {
    const runRoot = join(await this.project(), 'runs');
    progress(`runs       generating a run of ${formatCount(spans)} spans and as many log lines`);
    const started = performance.now();
    const run = await generateLargeRun({ runRoot, spans, logs: spans, runId: runIdFor(spans) });
    if (run.spans !== spans) {
      throw new Error(`asked for a run of ${spans} spans, the generator wrote ${run.spans}`);
    }
    progress(`runs       ${run.runId} written in ${formatDuration(performance.now() - started)}`);
    return run;
  }

  async dispose(): Promise<void> {
    if (!this.projectDir) return;
    const dir = await this.projectDir.catch(() => null);
    this.projectDir = null;
    this.runs.clear();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

export function runIdFor(spans: number): string {
  return `run_bench_${spans}_spans`;
}
