import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { jsonText, writeFileAtomic } from '../engine/io/atomic-write';

const recentSchema = z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.string() }));
export type RecentProject = z.infer<typeof recentSchema>[number];

const KEEP = 10;

/** The projects opened lately, newest first, in a small JSON file of the user's. */
export class RecentProjects {
  constructor(private readonly file: string | null) {}

  async list(): Promise<RecentProject[]> {
    if (!this.file) return [];
    try {
      const parsed = recentSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  async remember(path: string, name: string): Promise<void> {
    if (!this.file) return;
    const others = (await this.list()).filter((entry) => entry.path !== path);
    const next = [{ path, name, openedAt: new Date().toISOString() }, ...others].slice(0, KEEP);
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, jsonText(next));
  }
}
