import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InspectorService } from '../src/main/service/inspector-service';

/** A service for tests, with one window connected; `dir` opens as its project when given. */
export async function openTestService(dir: string | null, options: { importsDir?: string | null } = {}) {
  const service = new InspectorService({
    appInfo: { name: 'test', version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile: null,
    importsDir: options.importsDir ?? null,
  });
  if (dir !== null) {
    await mkdir(join(dir, 'runs'), { recursive: true });
    await service.openProject(dir);
  }
  return { service, session: service.connect(() => {}) };
}
