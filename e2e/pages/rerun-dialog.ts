import type { Locator, Page } from '@playwright/test';

/** "Re-run from here": the selected node's static input, checked, and the start button. */
export class RerunDialog {
  readonly openButton: Locator;
  readonly root: Locator;
  readonly input: Locator;
  readonly jsonError: Locator;
  readonly validation: Locator;
  readonly start: Locator;
  readonly cancel: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.getByTestId('node-rerun');
    this.root = page.getByTestId('rerun-dialog');
    this.input = page.getByTestId('rerun-input');
    this.jsonError = page.getByTestId('rerun-json-error');
    this.validation = this.root.getByTestId('launch-validation');
    this.start = page.getByTestId('rerun-start');
    this.cancel = page.getByTestId('rerun-cancel');
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await this.root.waitFor();
  }
}
