import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';

const RECORDER = new URL('./notification-recorder.js', import.meta.url);

/** The browser notifications a window creates, as recorded by a script added before its own. */
export class BrowserNotifications {
  constructor(readonly page: Page) {}

  /** Call before the page loads: wraps `window.Notification` to record each one created. */
  async record(): Promise<void> {
    await this.page.addInitScript({ content: await readFile(RECORDER, 'utf8') });
  }

  async created(): Promise<{ title: string; body: string }[]> {
    return (await this.page.evaluate(
      'window.e2eNotifications.map((n) => ({ title: n.title, body: n.body }))',
    )) as { title: string; body: string }[];
  }

  /** Clicks the notification at `index`, as the user clicking it in the system's list would. */
  async click(index = 0): Promise<void> {
    await this.page.evaluate(`window.e2eNotifications[${index}].dispatchEvent(new Event('click'))`);
  }

  /**
   * Makes the page report itself hidden, as when the user switched to another tab. Headless
   * Chromium keeps every tab visible whatever is in front (another tab, a minimized window), so the
   * page's own `document.visibilityState` is made to say so.
   */
  async hideTab(): Promise<void> {
    await this.page.evaluate(`(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    })()`);
  }

  /** Undoes {@link hideTab}: the page reports what the browser says again. */
  async showTab(): Promise<void> {
    await this.page.evaluate(`(() => {
      delete document.visibilityState;
      delete document.hidden;
      document.dispatchEvent(new Event('visibilitychange'));
    })()`);
  }
}
