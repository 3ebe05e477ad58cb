import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySampleProject, makeTempDir, removeDir } from '../../../test-support/projects';
import {
  outcomeLog,
  readJson,
  resultFiles,
  runDad,
  runIdAndDir,
} from '../../../test-support/cli/dad-process';

let dir: string;
let project: string;

beforeAll(async () => {
  dir = await makeTempDir('dad-sample');
  project = await copySampleProject(join(dir, 'sample project'));
});
afterAll(() => removeDir(dir));

const gitLog = (runId: string) => outcomeLog(project, 'sample_project', runId);

const ARTICLE_NODES = [
  'article_writer/main/assemble',
  'article_writer/main/draft',
  'article_writer/main/length_check/is_true/publish/compose',
  'article_writer/main/length_check/is_true/publish/write_article',
  'article_writer/main/length_check/is_true/summary',
  'article_writer/main/outline',
  'article_writer/main/plan',
  ...[0, 1, 2, 3].flatMap((k) => [
    `article_writer/main/sections/iter_${k}/save_section`,
    `article_writer/main/sections/iter_${k}/write_section`,
  ]),
].sort();

describe('the sample project, run offline through `dad`', () => {
  let first: { runId: string; runDir: string };

  it('article_writer completes, writes a full run directory and commits the article on run/<run_id>', async () => {
    const run = await runDad(['agent', 'run', 'article_writer', '--project-root', project]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    first = runIdAndDir(run.stdout);
    expect(first.runId).toMatch(/^run_\d{8}_\d{6}_[0-9a-f]{6}$/);
    expect(first.runDir).toBe(join(project, 'runs', first.runId));
    expect(run.stdout).toContain('  started    article_writer.main.outline (ai_model_call)');
    expect(run.stdout).toMatch(/ {2}completed {2}article_writer\.main\.outline {2}\d+\.\d+ s {2}\d+ tokens/);
    expect(run.stdout).toMatch(/ {2}completed {2}article_writer\.main\.sections\.iter_3\.write_section /);
    expect(run.stdout).toMatch(/\ncompleted in \d+\.\d+ s: 15 nodes run, [\d,]+ tokens, cost \$0\.0000\n$/);

    expect(await resultFiles(first.runDir)).toEqual(ARTICLE_NODES);
    const metadata = await readJson(join(first.runDir, '.trace', 'dad_metadata.json'));
    expect(metadata).toMatchObject({ run_id: first.runId, status: 'completed', error: null });
    for (const file of ['trace.jsonl', 'logs.jsonl', 'metrics.jsonl']) {
      expect((await readFile(join(first.runDir, '.trace', file), 'utf8')).length).toBeGreaterThan(0);
    }
    expect(existsSync(join(first.runDir, '.trace', 'run.lock'))).toBe(false);
    expect(await readJson(join(first.runDir, 'run_summary.json'))).toMatchObject({
      root_component_id: 'article_writer',
    });
    expect(existsSync(join(first.runDir, 'article_writer', 'main', 'outline', 'state.json'))).toBe(true);

    const log = gitLog(first.runId);
    expect(log).toEqual([
      `[${first.runId}] Run completed at ${log[0]?.slice(-19)}`,
      'Add the article "Herbs on the Windowsill"',
      'Initial commit',
    ]);
    const article = execFileSync(
      'git',
      ['show', `run/${first.runId}:articles/herbs-on-the-windowsill/article.md`],
      {
        cwd: join(project, 'runs', 'outcome', 'sample_project'),
        encoding: 'utf8',
      },
    );
    expect(article).toMatch(/^# Herbs on the Windowsill\n\n> A bright windowsill/);
    expect(article).toContain('## Harvesting little and often');
  });

  it('a continuation from the third node reuses the first two, byte for byte, and says so', async () => {
    const run = await runDad([
      'agent',
      'run',
      'article_writer',
      '--project-root',
      project,
      '--previous-run-id',
      first.runId,
      '--start-hierarchy-path',
      'article_writer.main.plan',
    ]);
    expect(run.code).toBe(0);
    const rerun = runIdAndDir(run.stdout);
    expect(rerun.runId).toMatch(/^rerun_/);
    expect(run.stdout).toContain(`  reused     article_writer.main.outline  reused from ${first.runId}`);
    expect(run.stdout).toContain(`  reused     article_writer.main.draft  reused from ${first.runId}`);
    expect(run.stdout).not.toContain('started    article_writer.main.outline');
    expect(run.stdout).toContain('  started    article_writer.main.plan (callback)');
    expect(run.stdout).toMatch(/completed in .*: 13 nodes run, 2 reused/);
    for (const node of ['outline', 'draft']) {
      const path = join('article_writer', 'main', node, 'result.json');
      expect(await readFile(join(rerun.runDir, path), 'utf8')).toBe(
        await readFile(join(first.runDir, path), 'utf8'),
      );
    }
    expect(await resultFiles(rerun.runDir)).toEqual(ARTICLE_NODES);
    expect(await readJson(join(rerun.runDir, '.trace', 'dad_metadata.json'))).toMatchObject({
      status: 'completed',
      rerun_info: { previous_run_id: first.runId, start_hierarchy_path: 'article_writer.main.plan' },
    });
    // The continuation's branch starts from the first run's last commit.
    expect(gitLog(rerun.runId).slice(-3)).toEqual(gitLog(first.runId));
  });

  it('`runs list --json` and `runs show --json` describe the runs made', async () => {
    const list = await runDad(['runs', 'list', '--json'], { cwd: join(project, 'src') });
    expect(list.code).toBe(0);
    const runs = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(runs).toHaveLength(2);
    const byId = new Map(runs.map((run) => [run.runId, run]));
    expect(byId.get(first.runId)).toMatchObject({
      agent: 'article_writer',
      status: 'completed',
      nodeCount: 15,
      previousRunId: null,
      cost: 0,
    });
    expect((byId.get(first.runId)?.tokens as number) > 0).toBe(true);
    const rerun = runs.find((run) => run.previousRunId === first.runId);
    expect(rerun).toMatchObject({
      agent: 'article_writer',
      status: 'completed',
      startHierarchyPath: 'article_writer.main.plan',
    });

    const show = await runDad(['runs', 'show', String(rerun?.runId), '--json', '--project-root', project]);
    expect(show.code).toBe(0);
    const detail = JSON.parse(show.stdout) as {
      run: { runId: string; status: string };
      metadata: { status: string };
      summary: { root_component_id: string };
      tree: {
        name: string;
        children: {
          name: string;
          children: { name: string; nodeType: string; status: string; reusedFrom: string | null }[];
        }[];
      };
    };
    expect(detail.run).toMatchObject({ runId: rerun?.runId, status: 'completed' });
    expect(detail.metadata.status).toBe('completed');
    expect(detail.summary.root_component_id).toBe('article_writer');
    const main = detail.tree.children[0];
    expect(main?.children.map((node) => [node.name, node.nodeType, node.status, node.reusedFrom])).toEqual([
      ['outline', null, 'completed', first.runId],
      ['draft', null, 'completed', first.runId],
      ['plan', 'callback', 'completed', null],
      ['sections', null, 'completed', null],
      ['assemble', 'callback', 'completed', null],
      ['length_check', null, 'completed', null],
    ]);

    const text = await runDad(['runs', 'show', first.runId, '--project-root', project]);
    expect(text.stdout).toMatch(/^run {7}run_/);
    expect(text.stdout).toMatch(/\n {4}outline +ai_model_call +completed +\d/);
    expect(text.stdout).toMatch(/\n {6}iter_0 +iteration +completed/);
  });
});
