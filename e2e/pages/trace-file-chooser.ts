import type { Locator, Page } from '@playwright/test';

/** The project picker's buttons that open without typing: dialogs (desktop) or a file chooser (browser). */
export class TraceFileChooser {
  readonly chooseTraceButton: Locator;
  readonly chooseFolderButton: Locator;
  private readonly fileInput: Locator;

  constructor(readonly page: Page) {
    this.chooseTraceButton = page.getByTestId('project-choose-trace');
    this.chooseFolderButton = page.getByTestId('project-choose-folder');
    this.fileInput = page.getByTestId('project-trace-file-input');
  }

  /** Presses "Open trace file…" and picks `path` in the browser's file chooser. */
  async choose(path: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.chooseTraceButton.click();
    await (await chooser).setFiles(path);
  }

  /** The file input the button opens, for checking what it accepts. */
  accepts(): Promise<string | null> {
    return this.fileInput.getAttribute('accept');
  }
}
