import type { CDPSession, Locator, Page } from '@playwright/test';

/** Chromium's own drag-and-drop input: files on disk dragged onto the page, as from a file manager. */
type DragEventType = 'dragEnter' | 'dragOver' | 'drop' | 'dragCancel';
const COPY = 1;

/**
 * The whole window as a drop target: files and folders from disk are dragged in through Chromium's
 * input pipeline (DevTools `Input.dispatchDragEvent`), so the page gets real `File`s and, for a
 * folder, a real directory entry. The overlay, upload progress and opening messages are read here.
 */
export class DropTarget {
  readonly overlay: Locator;
  readonly progress: Locator;
  readonly progressFigures: Locator;
  readonly cancelUpload: Locator;
  /** A refusal or failure, shown where the project picker is not. */
  readonly error: Locator;
  readonly goToPathField: Locator;
  readonly note: Locator;
  private session: CDPSession | null = null;

  constructor(readonly page: Page) {
    this.overlay = page.getByTestId('drop-overlay');
    this.progress = page.getByTestId('upload-progress');
    this.progressFigures = page.getByTestId('upload-progress-figures');
    this.cancelUpload = page.getByTestId('upload-cancel');
    this.error = page.getByTestId('drop-open-error');
    this.goToPathField = page.getByTestId('drop-go-to-path');
    this.note = page.getByTestId('open-note');
  }

  /** Drags `paths` into the middle of the window and holds them there. */
  async dragOver(paths: readonly string[]): Promise<void> {
    await this.dispatch('dragEnter', paths);
    await this.dispatch('dragOver', paths);
  }

  /** The drag leaves the window, and is then given up. */
  async dragOut(paths: readonly string[]): Promise<void> {
    await this.dispatch('dragOver', paths, { x: -20, y: -20 });
    await this.dispatch('dragCancel', paths);
  }

  /** Drags `paths` in and lets go. */
  async drop(paths: readonly string[]): Promise<void> {
    await this.dragOver(paths);
    await this.dispatch('drop', paths);
  }

  /** At `point`, or the middle of the window. */
  private async dispatch(
    type: DragEventType,
    files: readonly string[],
    point?: { x: number; y: number },
  ): Promise<void> {
    this.session ??= await this.page.context().newCDPSession(this.page);
    const size = this.page.viewportSize() ?? { width: 1280, height: 800 };
    const { x, y } = point ?? { x: Math.round(size.width / 2), y: Math.round(size.height / 2) };
    await this.session.send('Input.dispatchDragEvent', {
      type,
      x,
      y,
      data: { items: [], files: [...files], dragOperationsMask: COPY },
    });
  }
}
