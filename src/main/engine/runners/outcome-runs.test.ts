import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentDefinition, FlowDefinition } from '../definitions/component';
import { NodeDefinition } from '../definitions/node';
import { RunContext } from '../run-context';
import { readJson, testNodeTypes, withTempDir } from '../../../../test-support/engine/test-node-types';
import { AgentRunner } from './agent-runner';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** An agent that writes `<name>.md` into its outcome work tree and commits it. */
function writerAgent(name: string, content: string, extend: (flow: FlowDefinition) => void = () => {}) {
  const flow = new FlowDefinition().node(
    'write',
    new NodeDefinition('file_operation', {
      base_directory: '$var{outcome_repo_dir}',
      operations: [{ type: 'create_file', path: `${name}.md`, content, overwrite: true }],
      commit: true,
      commit_message: `write ${name}`,
    }),
  );
  extend(flow);
  return new AgentDefinition().flow('main', flow);
}

function context(projectRoot: string, extra: Partial<ConstructorParameters<typeof RunContext>[0]> = {}) {
  return new RunContext({
    rootComponentId: 'writer',
    projectRoot,
    projectIdentifier: 'demo_project',
    ...extra,
  });
}

describe('runs and the outcome repository', () => {
  it('commits what a run produced on run/<run_id>, with the completion message', async () => {
    await withTempDir(async (dir) => {
      const ctx = context(dir);
      const result = await new AgentRunner(writerAgent('report', '# Report'), ctx, {
        nodeTypes: testNodeTypes(),
      }).run();
      expect(result.execution_status).toBe('completed');
      const repo = join(dir, 'runs', 'outcome', 'demo_project');
      const log = git(repo, 'log', '--format=%s', `run/${ctx.runId}`).split('\n');
      expect(log[0]).toMatch(
        new RegExp(`^\\[${ctx.runId}\\] Run completed at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d$`),
      );
      expect(log.slice(1)).toEqual(['write report', 'Initial commit']);
      expect(git(repo, 'show', `run/${ctx.runId}:report.md`)).toBe('# Report');
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata.outcome).toEqual({
        branch: `run/${ctx.runId}`,
        final_commit: git(repo, 'rev-parse', `run/${ctx.runId}`),
      });
      expect(git(repo, 'log', '-1', '--format=%B', `run/${ctx.runId}~1`)).toContain(
        'Dad-Node: writer.main.write',
      );
      // The run artifacts never go into the outcome repository.
      expect(git(repo, 'ls-tree', '-r', '--name-only', `run/${ctx.runId}`).split('\n').sort()).toEqual([
        'README.md',
        'report.md',
      ]);
    });
  });

  it('runs two agents at once in one project without either disturbing the other', async () => {
    await withTempDir(async (dir) => {
      const first = context(dir);
      const second = context(dir);
      const [a, b] = await Promise.all([
        new AgentRunner(writerAgent('alpha', 'A'), first, { nodeTypes: testNodeTypes() }).run(),
        new AgentRunner(writerAgent('beta', 'B'), second, { nodeTypes: testNodeTypes() }).run(),
      ]);
      expect([a.execution_status, b.execution_status]).toEqual(['completed', 'completed']);
      const repo = join(dir, 'runs', 'outcome', 'demo_project');
      const filesOf = (runId: string) =>
        git(repo, 'ls-tree', '-r', '--name-only', `run/${runId}`).split('\n').sort();
      expect(filesOf(first.runId)).toEqual(['README.md', 'alpha.md']);
      expect(filesOf(second.runId)).toEqual(['README.md', 'beta.md']);
      expect(git(repo, 'branch', '--show-current')).toBe('main');
    });
  });

  it('starts a continuation branch from the previous run’s last commit', async () => {
    await withTempDir(async (dir) => {
      const original = context(dir);
      await new AgentRunner(writerAgent('first', '1'), original, { nodeTypes: testNodeTypes() }).run();
      const rerun = context(dir, { previousRunId: original.runId });
      await new AgentRunner(writerAgent('second', '2'), rerun, { nodeTypes: testNodeTypes() }).run();
      const repo = join(dir, 'runs', 'outcome', 'demo_project');
      const files = git(repo, 'ls-tree', '-r', '--name-only', `run/${rerun.runId}`).split('\n').sort();
      expect(files).toEqual(['README.md', 'first.md', 'second.md']);
      expect(git(repo, 'merge-base', '--is-ancestor', `run/${original.runId}`, `run/${rerun.runId}`)).toBe(
        '',
      );
    });
  });

  it('leaves a user’s uncommitted change in the repository folder untouched', async () => {
    await withTempDir(async (dir) => {
      await new AgentRunner(writerAgent('one', '1'), context(dir), { nodeTypes: testNodeTypes() }).run();
      const repo = join(dir, 'runs', 'outcome', 'demo_project');
      await writeFile(join(repo, 'README.md'), 'edited by hand\n');
      const ctx = context(dir);
      const result = await new AgentRunner(writerAgent('two', '2'), ctx, {
        nodeTypes: testNodeTypes(),
      }).run();
      expect(result.execution_status).toBe('completed');
      expect(git(repo, 'status', '--porcelain')).toBe('M README.md');
    });
  });

  it('fails a run whose outcome work tree is locked at completion, naming the lock, and keeps the files', async () => {
    await withTempDir(async (dir) => {
      // Another git process holding the run's index when the run ends (simulated by its lock file).
      const holdLock = async (_args: Record<string, unknown>, node: { outcomeRepoDir: string | null }) => {
        const gitFile = await readFile(join(node.outcomeRepoDir as string, '.git'), 'utf8');
        await writeFile(join(gitFile.replace(/^gitdir: /, '').trim(), 'index.lock'), '');
      };
      const agent = writerAgent('kept', 'K', (flow) => flow.callback('lock', holdLock));
      const ctx = context(dir);
      const result = await new AgentRunner(agent, ctx, { nodeTypes: testNodeTypes() }).run();
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata.status).toBe('failed');
      expect(String(metadata.error)).toMatch(/outcome repository commit failed: .*index\.lock/);
      // What run() answers is what the run folder records.
      expect(result.execution_status).toBe('failed');
      expect(result.error).toBe(metadata.error);
      // Nothing is lost: the work tree with the run's files stays for the user to commit.
      expect(
        existsSync(join(dir, 'runs', 'outcome', '.worktrees', 'demo_project', ctx.runId, 'kept.md')),
      ).toBe(true);
    });
  });
});
