import { useAppInfo } from '../../app-info/useAppInfo';
import { useNoticeStore } from '../../stores/notice-store';
import { BackgroundNotifyControl } from './BackgroundNotifyControl';
import { RunToast } from './RunToast';
import { useRunNotices } from './useRunNotices';
import { useRunningTitle } from './useRunningTitle';
import './notices.css';

/**
 * Tells the user when a run started from this app ends or waits for input (toasts, newest on top,
 * and browser notifications for a hidden tab), and keeps the running count in the window's title.
 */
export function NoticeCenter() {
  const appInfo = useAppInfo();
  const shell = appInfo.status === 'ready' ? appInfo.info.shell : null;
  useRunNotices(shell);
  useRunningTitle();
  const toasts = useNoticeStore((state) => state.toasts);
  const hasRunToast = toasts.some((toast) => toast.kind === 'run');
  return (
    <section className="notices" aria-label="Notifications" aria-live="polite" data-testid="notices">
      <ol className="notices__list">
        {toasts.map((toast) => (
          <RunToast key={toast.id} toast={toast} />
        ))}
      </ol>
      {shell === 'browser' && hasRunToast ? <BackgroundNotifyControl /> : null}
    </section>
  );
}
