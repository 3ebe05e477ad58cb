import { describe, expect, it } from 'vitest';
import { nodeIdOfPath, refLabel, subjectBesideRun } from './commit-text';

describe('subjectBesideRun', () => {
  it('drops the run id a run’s own commit starts with, and only that', () => {
    expect(subjectBesideRun('[run_1] Run completed at 2026-01-01T10:00:00', 'run_1')).toBe(
      'Run completed at 2026-01-01T10:00:00',
    );
    expect(subjectBesideRun('[run_1] Run completed', 'run_2')).toBe('[run_1] Run completed');
    expect(subjectBesideRun('Add the article', 'run_1')).toBe('Add the article');
    expect(subjectBesideRun('[run_1] ', 'run_1')).toBe('[run_1] ');
    expect(subjectBesideRun('[run_1] Run failed', null)).toBe('[run_1] Run failed');
  });
});

describe('nodeIdOfPath', () => {
  it('takes the last part of a node’s path', () => {
    expect(nodeIdOfPath('article_writer.main.length_check.is_true.publish.write_article')).toBe(
      'write_article',
    );
    expect(nodeIdOfPath('write_report')).toBe('write_report');
    expect(nodeIdOfPath('odd.')).toBe('odd.');
  });
});

describe('refLabel', () => {
  it('keeps the end of a run branch’s id and leaves other refs alone', () => {
    expect(refLabel('run/run_20260101_101500_a1b2c3')).toBe('run/…a1b2c3');
    expect(refLabel('run/short_id')).toBe('run/short_id');
    expect(refLabel('main')).toBe('main');
    expect(refLabel('tags/release_20260101_with_a_long_name')).toBe('tags/release_20260101_with_a_long_name');
  });
});
