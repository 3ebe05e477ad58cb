import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test-support/providers/http-test-server';
import { writeOpenAiStream } from '../../../test-support/providers/openai-wire';
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
  dir = await makeTempDir('dad-sample-2');
  project = await copySampleProject(join(dir, 'sample project'));
});
afterAll(() => removeDir(dir));

const gitLog = (runId: string) => outcomeLog(project, 'sample_project', runId);

describe('the sample project: folder_report offline, and article_writer on a served model', () => {
  it('folder_report completes and commits report.md; its continuation from summarize reuses analyze and line_counts', async () => {
    const run = await runDad(['agent', 'run', 'folder_report', '--project-root', project]);
    expect(run.code).toBe(0);
    const report = runIdAndDir(run.stdout);
    expect(run.stdout).toContain('  started    folder_report.line_counts (command)');
    expect(await resultFiles(report.runDir)).toEqual([
      'folder_report/analyze',
      'folder_report/line_counts',
      'folder_report/summarize',
      'folder_report/write_report',
    ]);
    const lines = await readJson(join(report.runDir, 'folder_report', 'line_counts', 'outcome.json'));
    expect(lines).toMatchObject({ all_succeeded: true });
    expect(gitLog(report.runId).slice(1)).toEqual(['Add the report on sample-data', 'Initial commit']);
    const text = execFileSync('git', ['show', `run/${report.runId}:report.md`], {
      cwd: join(project, 'runs', 'outcome', 'sample_project'),
      encoding: 'utf8',
    });
    expect(text).toContain('6 files in 2 folders, 35 lines.');
    expect(text).toMatch(/ {2}35 total\n```\n$/);

    const again = await runDad([
      'agent',
      'run',
      'folder_report',
      '--project-root',
      project,
      '--previous-run-id',
      report.runId,
      '--start-hierarchy-path',
      'summarize',
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`  reused     folder_report.analyze  reused from ${report.runId}`);
    expect(again.stdout).toContain(`  reused     folder_report.line_counts  reused from ${report.runId}`);
    expect(again.stdout).toContain('  started    folder_report.summarize (ai_model_call)');
  });

  it('article_writer sends its calls to the configured OpenAI-compatible server and completes', async () => {
    const server = await startTestServer(async (request, response) => {
      const body = request.body as {
        model: string;
        response_format?: { type: string; json_schema: { strict: boolean } };
      };
      const structured = body.response_format?.type === 'json_schema';
      const text = structured
        ? JSON.stringify({ title: 'Tea at Home', sections: ['Choosing leaves', 'Brewing'] })
        : 'A paragraph written by the served model, long enough to count a few words of prose here.';
      await writeOpenAiStream(response, { model: body.model, pieces: text.match(/\S+\s*/g) ?? [] });
    });
    try {
      const run = await runDad(
        ['agent', 'run', 'article_writer', '--project-root', project, '--run-id-prefix', 'served'],
        {
          env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1` },
        },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('local deterministic provider');
      const { runDir } = runIdAndDir(run.stdout);
      // outline, draft, two sections, no summary (the article is short)
      expect(server.requests).toHaveLength(4);
      const outline = server.requests[0]?.body as {
        model: string;
        response_format: { json_schema: { strict: boolean } };
      };
      expect(outline.model).toBe('gpt-4o-mini');
      expect(outline.response_format.json_schema.strict).toBe(true);
      expect(await readJson(join(runDir, 'article_writer', 'main', 'outline', 'outcome.json'))).toMatchObject(
        {
          structured: { title: 'Tea at Home' },
        },
      );
      expect(
        existsSync(
          join(runDir, 'article_writer', 'main', 'length_check', 'is_false', 'publish', 'write_article'),
        ),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });
});
