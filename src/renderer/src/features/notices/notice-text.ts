import type { RunNotice } from '../../../../shared/contract';

/** The headline of a run's notice: what happened, in a few words. */
export function noticeHeadline(notice: RunNotice): string {
  if (notice.kind === 'input-needed') return 'Waiting for input';
  switch (notice.status) {
    case 'completed':
      return 'Run completed';
    case 'failed':
      return 'Run failed';
    case 'cancelled':
      return 'Run cancelled';
    case 'interrupted':
      return 'Run interrupted';
    default:
      return notice.status ? `Run ${notice.status}` : 'Run ended';
  }
}

/** The tone a notice is drawn in: its status, or "input" for a run that waits. */
export function noticeTone(notice: RunNotice): string {
  return notice.kind === 'input-needed' ? 'input' : (notice.status ?? 'ended');
}

/** The window's title with the number of runs going, as a badge: "(2 running) DAD Run Inspector". */
export function titleWithRunning(base: string, running: number): string {
  return running > 0 ? `(${running} running) ${base}` : base;
}
