import type { Locator, Page } from '@playwright/test';

/** The bar between the run view's timeline and its node pane. */
export class PaneDivider {
  readonly root: Locator;
  readonly timelinePane: Locator;
  readonly detailPane: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('pane-divider');
    this.timelinePane = page.getByTestId('run-view-timeline-pane');
    this.detailPane = page.getByTestId('run-view-detail-pane');
  }

  /** The timeline's share as the divider announces it (aria-valuenow), in percent. */
  async percent(): Promise<number> {
    return Number(await this.root.getAttribute('aria-valuenow'));
  }

  async timelineWidth(): Promise<number> {
    const box = await this.timelinePane.boundingBox();
    if (!box) throw new Error('the timeline pane is not on screen');
    return box.width;
  }

  /** Drags the divider by `dx` pixels with the mouse. */
  async dragBy(dx: number): Promise<void> {
    const box = await this.root.boundingBox();
    if (!box) throw new Error('the pane divider is not on screen');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y, { steps: 4 });
    await this.page.mouse.move(x + dx, y, { steps: 4 });
    await this.page.mouse.up();
  }
}
