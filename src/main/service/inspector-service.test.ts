import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/contract';
import { FlowDefinition } from '../engine/definitions/component';
import { RunContext } from '../engine/run-context';
import { FlowRunner } from '../engine/runners/flow-runner';
import { testNodeTypes, withTempDir } from '../../../test-support/engine/test-node-types';
import { InspectorService } from './inspector-service';

describe('InspectorService reading runs made by another process', () => {
  it('shows the spans a still-running run appends after the window first read it', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'runs'));
      const service = new InspectorService({
        appInfo: { name: 'test', version: '0', platform: process.platform },
        sampleProjectPath: null,
        recentProjectsFile: null,
      });
      await service.openProject(dir);
      const session = service.connect(() => {});

      // The run is driven here, outside the service, as the CLI would drive it.
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const firstDone = new Promise<void>((resolve) => {
        const flow = new FlowDefinition()
          .callback('first', () => resolve())
          .callback('wait', () => gate)
          .callback('last', () => 'done');
        const context = new RunContext({
          rootComponentId: 'outside',
          projectRoot: dir,
          enableOutcomeRepo: false,
        });
        void new FlowRunner(flow, context, { nodeTypes: testNodeTypes() }).run();
      });
      await firstDone;
      await new Promise((resolve) => setTimeout(resolve, 100)); // the first span line reaches the file

      const runs = (await service.handlers.listRuns(undefined, session)) as ResultOf<'listRuns'>;
      expect(runs).toHaveLength(1);
      expect(runs[0]?.status).toBe('running');
      const runId = runs[0]?.runId as string;
      const names = async () =>
        (
          (await service.handlers.spanRows(
            { runId, collapsed: [], offset: 0, limit: 50 },
            session,
          )) as ResultOf<'spanRows'>
        ).rows
          .filter((row) => row.end !== null)
          .map((row) => row.name);
      expect(await names()).toEqual(['callback.execute']);

      release();
      for (
        let i = 0;
        i < 100 && (await service.handlers.listRuns(undefined, session))[0]?.status !== 'completed';
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await names()).filter((name) => name === 'callback.execute')).toHaveLength(3);
      service.disconnect(session);
      await service.shutdown();
    });
  });
});
