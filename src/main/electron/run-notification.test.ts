import { describe, expect, it } from 'vitest';
import { openDialogOptions } from './open-dialog-options';
import { runNotificationContent } from './run-notification';

describe('runNotificationContent', () => {
  it('titles a notice with how the run ended, and names the run', () => {
    expect(
      runNotificationContent({
        runId: 'run_20260101_120000_abcdef',
        agentId: 'article_writer',
        projectRoot: '/projects/p',
        kind: 'ended',
        status: 'failed',
        message: 'article_writer failed: model call timed out',
      }),
    ).toEqual({
      title: 'Run failed',
      body: 'article_writer failed: model call timed out\nrun_20260101_120000_abcdef',
    });
  });

  it('says when a run waits for input', () => {
    const content = runNotificationContent({
      runId: 'run_1',
      agentId: 'a',
      projectRoot: '/projects/p',
      kind: 'input-needed',
      status: null,
      message: 'a waits for input at a.main.ask',
    });
    expect(content.title).toBe('A run waits for input');
  });
});

describe('openDialogOptions', () => {
  it('picks a folder for a project and a JSON or JSONL file for a trace', () => {
    expect(openDialogOptions('project').properties).toEqual(['openDirectory']);
    const trace = openDialogOptions('trace-file');
    expect(trace.properties).toEqual(['openFile']);
    expect(trace.filters?.[0]?.extensions).toEqual(['json', 'jsonl', 'ndjson', 'txt', 'gz']);
  });
});
