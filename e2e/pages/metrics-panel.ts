import type { Locator, Page } from '@playwright/test';

/** The run's charts: node durations, tokens (and cost) per node, and usage over time. */
export class MetricsPanel {
  readonly tab: Locator;
  readonly root: Locator;
  readonly durations: Locator;
  readonly usage: Locator;
  readonly overTime: Locator;
  readonly empty: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('run-tab-metrics');
    this.root = page.getByTestId('metrics-tab');
    this.durations = page.getByTestId('chart-durations');
    this.usage = page.getByTestId('chart-usage');
    this.overTime = page.getByTestId('chart-over-time');
    this.empty = page.getByTestId('metrics-empty');
    this.error = page.getByTestId('metrics-error');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.root.waitFor();
  }

  get charts(): Locator[] {
    return [this.durations, this.usage, this.overTime];
  }
}
