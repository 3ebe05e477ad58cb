import { useEffect } from 'react';
import { isSticky, useNoticeStore, type Toast } from '../../stores/notice-store';
import { useViewStore } from '../../stores/view-store';
import { noticeHeadline, noticeTone } from './notice-text';
import { openNoticeRun } from './open-notice-run';

/** How long a toast that needs nothing of the user stays. */
const PASSING_TOAST_MS = 8000;

/** One toast: a run's end or its wait for input with "Open run", or a short word; always closable. */
export function RunToast({ toast }: { toast: Toast }) {
  const sticky = isSticky(toast);
  const runId = toast.kind === 'run' ? toast.notice.runId : null;
  const inView = useViewStore((state) => state.screen === 'run' && state.runId === runId);
  useEffect(() => {
    if (sticky) return;
    const timer = setTimeout(() => useNoticeStore.getState().dismiss(toast.id), PASSING_TOAST_MS);
    return () => clearTimeout(timer);
  }, [sticky, toast.id]);

  const dismiss = () => useNoticeStore.getState().dismiss(toast.id);
  const tone = toast.kind === 'run' ? noticeTone(toast.notice) : 'info';
  return (
    <li
      className={`toast toast--${tone}`}
      role="status"
      data-testid="toast"
      data-kind={toast.kind}
      data-tone={tone}
      data-run-id={toast.kind === 'run' ? toast.notice.runId : undefined}
    >
      <div className="toast__text">
        {toast.kind === 'run' ? (
          <>
            <p className="toast__headline">
              {noticeHeadline(toast.notice)} <span className="toast__agent">· {toast.notice.agentId}</span>
            </p>
            <p className="toast__message" data-testid="toast-message">
              {toast.notice.message}
            </p>
            {inView ? null : (
              <button
                type="button"
                className="link-button toast__open"
                data-testid="toast-open-run"
                onClick={() => {
                  void openNoticeRun(toast.notice);
                  dismiss();
                }}
              >
                Open run
              </button>
            )}
          </>
        ) : (
          <p className="toast__message" data-testid="toast-message">
            {toast.message}
          </p>
        )}
      </div>
      <button
        type="button"
        className="icon-button toast__close"
        aria-label="Dismiss"
        data-testid="toast-close"
        onClick={dismiss}
      >
        ×
      </button>
    </li>
  );
}
