import { useState } from 'react';
import { notificationsSupported } from './background-notification';

/**
 * "Notify me in the background": asks the browser for permission to show notifications, which it
 * grants only from a click. Shown until the user answered the browser's question.
 */
export function BackgroundNotifyControl() {
  const [permission, setPermission] = useState<NotificationPermission | null>(() =>
    notificationsSupported() ? Notification.permission : null,
  );
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      className="link-button notices__ask"
      data-testid="notices-ask-permission"
      title="Show a browser notification when a run ends or waits for input while this tab is in the background"
      onClick={() => {
        void Notification.requestPermission().then(setPermission);
      }}
    >
      Notify me in the background
    </button>
  );
}
