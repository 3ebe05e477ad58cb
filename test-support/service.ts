import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventBatch } from '../src/shared/contract';
import { InspectorService } from '../src/main/service/inspector-service';

/** A service for tests, with one window connected; `dir` opens as its project when given. */
export async function openTestService(
  dir: string | null,
  options: { importsDir?: string | null; send?: (batch: EventBatch) => void } = {},
) {
  const service = new InspectorService({
    appInfo: { name: 'test', version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile: null,
    importsDir: options.importsDir ?? null,
    eventBatchMs: options.send ? 5 : undefined,
  });
  if (dir !== null) {
    await mkdir(join(dir, 'runs'), { recursive: true });
    await service.openProject(dir);
  }
  return { service, session: service.connect(options.send ?? (() => {})) };
}
