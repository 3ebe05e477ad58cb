import type { Locator, Page } from '@playwright/test';

/** The selected span's node: status, timing, errors, and its input, output and outcome files. */
export class NodePane {
  readonly root: Locator;
  readonly title: Locator;
  /** The span's status badge; `data-status` is OK, ERROR, RUNNING or UNSET. */
  readonly status: Locator;
  readonly path: Locator;
  readonly errors: Locator;
  readonly prompt: Locator;
  readonly input: Locator;
  readonly output: Locator;
  readonly outcome: Locator;
  readonly usage: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('node-pane');
    this.title = page.getByTestId('node-pane-title');
    this.status = page.getByTestId('node-status');
    this.path = page.getByTestId('node-path');
    this.errors = page.getByTestId('node-errors');
    this.prompt = page.getByTestId('node-prompt');
    this.input = page.getByTestId('node-input');
    this.output = page.getByTestId('node-output');
    this.outcome = page.getByTestId('node-outcome');
    this.usage = page.getByTestId('node-usage');
  }
}
