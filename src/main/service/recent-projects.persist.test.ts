import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/contract';
import { makeTempDir, removeDir, writeProject } from '../../../test-support/projects';
import { InspectorService } from './inspector-service';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

function serviceWith(recentProjectsFile: string): InspectorService {
  return new InspectorService({
    appInfo: { name: 'test', version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile,
  });
}

async function suggestionsOf(service: InspectorService): Promise<ResultOf<'projectSuggestions'>> {
  const session = service.connect(() => {});
  try {
    return (await service.handlers.projectSuggestions(undefined, session)) as ResultOf<'projectSuggestions'>;
  } finally {
    service.disconnect(session);
  }
}

describe('recent projects across restarts of the service', () => {
  it('a second service on the same recent-projects file offers the projects the first one opened', async () => {
    const home = await makeTempDir('dad-recent');
    dirs.push(home);
    const recentFile = join(home, 'config', 'recent-projects.json');
    const older = await writeProject(
      join(home, 'older'),
      {},
      'project:\n  name: Older project\n  identifier: x\n',
    );
    const newer = await writeProject(
      join(home, 'newer'),
      {},
      'project:\n  name: Newer project\n  identifier: x\n',
    );
    await mkdir(join(older, 'runs'));
    await mkdir(join(newer, 'runs'));

    const first = serviceWith(recentFile);
    await first.openProject(older);
    await first.openProject(newer);
    await first.shutdown();

    const second = serviceWith(recentFile);
    try {
      const recent = (await suggestionsOf(second)).filter((entry) => entry.kind === 'recent');
      expect(recent.map(({ name, path }) => ({ name, path }))).toEqual([
        { name: 'Newer project', path: newer },
        { name: 'Older project', path: older },
      ]);
      for (const entry of recent) expect(Number.isNaN(Date.parse(entry.openedAt ?? ''))).toBe(false);
    } finally {
      await second.shutdown();
    }
  });

  it('a project opened again moves to the top once, not listed twice', async () => {
    const home = await makeTempDir('dad-recent');
    dirs.push(home);
    const recentFile = join(home, 'recent-projects.json');
    const a = await writeProject(join(home, 'a'), {}, 'project:\n  name: Project A\n  identifier: x\n');
    const b = await writeProject(join(home, 'b'), {}, 'project:\n  name: Project B\n  identifier: x\n');

    const first = serviceWith(recentFile);
    await first.openProject(a);
    await first.openProject(b);
    await first.shutdown();
    const second = serviceWith(recentFile);
    await second.openProject(a);
    await second.shutdown();

    const third = serviceWith(recentFile);
    try {
      const recent = (await suggestionsOf(third)).filter((entry) => entry.kind === 'recent');
      expect(recent.map((entry) => entry.name)).toEqual(['Project A', 'Project B']);
    } finally {
      await third.shutdown();
    }
  });
});
