import type { RunNotice } from '../../../../shared/contract';
import { noticeHeadline } from './notice-text';

/** Whether this browser can show notifications at all. */
export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/**
 * Shows a browser notification for a notice while the tab is hidden and the user allowed it;
 * clicking it brings the tab forward and opens the run. True when one was shown.
 */
export function notifyInBackground(notice: RunNotice, openRun: (notice: RunNotice) => void): boolean {
  if (!notificationsSupported() || Notification.permission !== 'granted') return false;
  if (document.visibilityState !== 'hidden') return false;
  const notification = new Notification(`${noticeHeadline(notice)}: ${notice.agentId}`, {
    body: notice.message,
    // One notification per run: a later word about the same run replaces the earlier one.
    tag: `dad-run-${notice.runId}`,
  });
  notification.onclick = () => {
    window.focus();
    openRun(notice);
    notification.close();
  };
  return true;
}
