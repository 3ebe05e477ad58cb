import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The labels of the minimum-level choices, as the window shows them. */
export type LevelChoice = 'All levels' | 'Debug and up' | 'Info and up' | 'Warnings and up' | 'Errors only';

/** The run's log table: level, time, node and message, filtered by level, node and text. */
export class LogsPanel {
  readonly tab: Locator;
  readonly root: Locator;
  readonly level: Locator;
  readonly followSelection: Locator;
  readonly nodeFilter: Locator;
  readonly textFilter: Locator;
  /** "N lines", with "· loading…" while a page is on its way. */
  readonly count: Locator;
  readonly rows: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('run-tab-logs');
    this.root = page.getByTestId('logs-tab');
    this.level = page.getByTestId('logs-level');
    this.followSelection = page.getByTestId('logs-follow-selection');
    this.nodeFilter = page.getByTestId('logs-node');
    this.textFilter = page.getByTestId('logs-text');
    this.count = page.getByTestId('logs-count');
    this.rows = page.getByTestId('log-row');
    this.empty = page.getByTestId('logs-empty');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.root.waitFor();
  }

  /** The number of matching lines, or null while a page of them is on its way. */
  async lineCount(): Promise<number | null> {
    const text = (await this.count.textContent()) ?? '';
    if (!/^[\d,]+ lines?$/.test(text.trim())) return null;
    return Number(text.replace(/[^\d]/g, ''));
  }

  /**
   * Waits until the table has settled on a line count `accept` takes, with its rows drawn, and
   * returns it. (Right after a filter changes, the old count or an empty table may show briefly.)
   */
  async settleOn(accept: (count: number) => boolean, timeout = 10_000): Promise<number> {
    let settled = -1;
    await expect
      .poll(
        async () => {
          const count = await this.lineCount();
          if (count === null || !accept(count)) return false;
          if (count > 0 && (await this.rows.count()) === 0) return false;
          settled = count;
          return true;
        },
        { timeout, message: 'the log table did not settle on the expected number of lines' },
      )
      .toBe(true);
    return settled;
  }

  async showLevels(choice: LevelChoice): Promise<void> {
    await this.level.selectOption({ label: choice });
  }

  async filterText(text: string): Promise<void> {
    await this.textFilter.fill(text);
  }

  /** One cell of every drawn row: 0 level, 1 time, 2 node, 3 message. */
  async column(cell: 0 | 1 | 2 | 3): Promise<string[]> {
    return this.rows.locator(`[role="cell"]:nth-child(${cell + 1})`).allInnerTexts();
  }
}
