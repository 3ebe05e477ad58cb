import { useEffect, useRef } from 'react';
import { currentApi } from '../../api/api-client';
import { useNoticeStore } from '../../stores/notice-store';
import { notifyInBackground } from './background-notification';
import { openNoticeRun } from './open-notice-run';

/**
 * Turns every pushed run notice into a toast, and in a browser tab that is hidden also into a
 * browser notification (the desktop app's main process shows its own OS notifications).
 */
export function useRunNotices(shell: 'desktop' | 'browser' | null): void {
  const shellRef = useRef(shell);
  shellRef.current = shell;
  useEffect(
    () =>
      currentApi().onEvents((batch) => {
        for (const event of batch.events) {
          if (event.type !== 'run.notice') continue;
          useNoticeStore.getState().notifyRun(event.notice);
          if (shellRef.current === 'browser')
            notifyInBackground(event.notice, (notice) => void openNoticeRun(notice));
        }
      }),
    [],
  );
}
