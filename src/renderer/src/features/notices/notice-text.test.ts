import { describe, expect, it } from 'vitest';
import { noticeHeadline, titleWithRunning } from './notice-text';

describe('notice text', () => {
  it('says what happened to the run', () => {
    const notice = { runId: 'r', agentId: 'a', projectRoot: '/projects/p', message: 'm' };
    expect(noticeHeadline({ ...notice, kind: 'ended', status: 'failed' })).toBe('Run failed');
    expect(noticeHeadline({ ...notice, kind: 'input-needed', status: null })).toBe('Waiting for input');
  });

  it('puts the running count in front of the title only while runs are going', () => {
    expect(titleWithRunning('DAD Run Inspector', 2)).toBe('(2 running) DAD Run Inspector');
    expect(titleWithRunning('DAD Run Inspector', 0)).toBe('DAD Run Inspector');
  });
});
