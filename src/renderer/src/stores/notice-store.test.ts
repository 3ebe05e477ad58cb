import { beforeEach, describe, expect, it } from 'vitest';
import type { RunNotice } from '../../../shared/contract';
import { MAX_TOASTS, useNoticeStore } from './notice-store';

function ended(runId: string, status: string): RunNotice {
  return {
    runId,
    agentId: 'writer',
    projectRoot: '/projects/p',
    kind: 'ended',
    status,
    message: `writer ${status}`,
  };
}

const shown = () =>
  useNoticeStore
    .getState()
    .toasts.map((toast) =>
      toast.kind === 'run' ? `${toast.notice.runId}:${toast.notice.status}` : toast.message,
    );

describe('notice store', () => {
  beforeEach(() => useNoticeStore.setState({ toasts: [] }));

  it('shows the newest toast first, and a later word about a run replaces the earlier one', () => {
    const store = useNoticeStore.getState();
    store.notifyRun({
      runId: 'r1',
      agentId: 'writer',
      projectRoot: '/projects/p',
      kind: 'input-needed',
      status: null,
      message: 'waits',
    });
    store.notifyRun(ended('r2', 'completed'));
    store.notifyRun(ended('r1', 'failed'));
    expect(shown()).toEqual(['r1:failed', 'r2:completed']);
  });

  it(`keeps at most ${MAX_TOASTS}, making room by dropping passing toasts before failed ones`, () => {
    const store = useNoticeStore.getState();
    store.notifyRun(ended('f1', 'failed'));
    store.notifyRun(ended('c1', 'completed'));
    store.notifyRun(ended('f2', 'failed'));
    store.inform('a word');
    store.notifyRun(ended('f3', 'interrupted'));
    expect(shown()).toEqual(['f3:interrupted', 'a word', 'f2:failed', 'f1:failed']);
    store.notifyRun(ended('f4', 'failed'));
    expect(shown()).toEqual(['f4:failed', 'f3:interrupted', 'f2:failed', 'f1:failed']);
    store.notifyRun(ended('f5', 'failed'));
    expect(shown()).toEqual(['f5:failed', 'f4:failed', 'f3:interrupted', 'f2:failed']);
  });

  it('never drops a toast to be acted on for a passing word: the word itself gives way', () => {
    const store = useNoticeStore.getState();
    store.notifyRun(ended('f1', 'failed'));
    store.notifyRun({
      runId: 'w1',
      agentId: 'writer',
      projectRoot: '/projects/p',
      kind: 'input-needed',
      status: null,
      message: 'waits',
    });
    store.notifyRun(ended('f2', 'cancelled'));
    store.notifyRun(ended('f3', 'failed'));
    store.inform('Open a project first.');
    expect(shown()).toEqual(['f3:failed', 'f2:cancelled', 'w1:null', 'f1:failed']);
    store.notifyRun(ended('c1', 'completed'));
    expect(shown()).toEqual(['f3:failed', 'f2:cancelled', 'w1:null', 'f1:failed']);
  });

  it('dismisses one toast by its id', () => {
    const store = useNoticeStore.getState();
    store.notifyRun(ended('r1', 'failed'));
    store.notifyRun(ended('r2', 'failed'));
    const [newest] = useNoticeStore.getState().toasts;
    if (!newest) throw new Error('no toast');
    store.dismiss(newest.id);
    expect(shown()).toEqual(['r1:failed']);
  });
});
