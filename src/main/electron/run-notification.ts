import type { RunNotice } from '../../shared/contract';

/** The title and text of the OS notification for a run's notice. */
export function runNotificationContent(notice: RunNotice): { title: string; body: string } {
  const title = notice.kind === 'input-needed' ? 'A run waits for input' : `Run ${notice.status ?? 'ended'}`;
  return { title, body: `${notice.message}\n${notice.runId}` };
}
