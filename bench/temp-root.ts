import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One temp folder for the whole bench; every run gets its own folder inside and removes it. */
export class TempRoot {
  private constructor(readonly path: string) {}

  static async create(): Promise<TempRoot> {
    return new TempRoot(await mkdtemp(join(tmpdir(), 'dad-bench-')));
  }

  newDir(prefix: string): Promise<string> {
    return mkdtemp(join(this.path, prefix));
  }

  async remove(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }

  /** For an interrupted bench, where there is no time left to await anything. */
  disposeNow(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
