import type { Locator, Page } from '@playwright/test';

/** The toasts in the window's corner: runs that ended or wait for input, and short words. */
export class NoticesPanel {
  readonly root: Locator;
  readonly toasts: Locator;
  /** "Notify me in the background", shown in a browser tab until the user answered. */
  readonly askPermission: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('notices');
    this.toasts = this.root.getByTestId('toast');
    this.askPermission = this.root.getByTestId('notices-ask-permission');
  }

  /** The toast about one run. */
  ofRun(runId: string): RunToast {
    return new RunToast(this.toasts.and(this.page.locator(`[data-run-id="${runId}"]`)));
  }

  /** Short words (not about a run), such as a command that does not apply. */
  words(): Locator {
    return this.toasts.and(this.page.locator('[data-kind="info"]'));
  }
}

export class RunToast {
  readonly message: Locator;
  readonly openRun: Locator;
  readonly close: Locator;

  constructor(readonly root: Locator) {
    this.message = root.getByTestId('toast-message');
    this.openRun = root.getByTestId('toast-open-run');
    this.close = root.getByTestId('toast-close');
  }
}
