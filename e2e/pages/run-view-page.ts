import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { LogsPanel } from './logs-panel';
import { MetricsPanel } from './metrics-panel';
import { NodePane } from './node-pane';
import { ENDED_STATUSES } from '../../src/shared/run-data';
import { TimelinePanel } from './timeline-panel';

/** One run: the top bar, the timeline beside the selected node, logs and metrics below. */
export class RunViewPage {
  readonly root: Locator;
  readonly runIdHeading: Locator;
  /** The run's status badge in the top bar; `data-status` holds the status. */
  readonly status: Locator;
  readonly error: Locator;
  /** "Cancel run", shown while the run is going. */
  readonly cancelButton: Locator;
  readonly cancelError: Locator;
  readonly timeline: TimelinePanel;
  readonly nodePane: NodePane;
  readonly logs: LogsPanel;
  readonly metrics: MetricsPanel;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('run-view');
    this.runIdHeading = page.getByTestId('run-id');
    this.status = page.getByTestId('run-status-badge');
    this.error = page.getByTestId('run-error');
    this.cancelButton = page.getByTestId('run-cancel');
    this.cancelError = page.getByTestId('run-cancel-error');
    this.timeline = new TimelinePanel(page);
    this.nodePane = new NodePane(page);
    this.logs = new LogsPanel(page);
    this.metrics = new MetricsPanel(page);
  }

  async runId(): Promise<string> {
    const runId = await this.root.getAttribute('data-run-id');
    if (!runId) throw new Error('the run view has no data-run-id');
    return runId;
  }

  /** Waits until the top bar shows an ended status and returns it. */
  async waitForEnd(timeout = 30_000): Promise<string> {
    const ended = ENDED_STATUSES.map((status) => `[data-status="${status}"]`).join(', ');
    await expect(this.status.locator(`:scope:is(${ended})`)).toBeVisible({ timeout });
    return (await this.status.getAttribute('data-status')) ?? '';
  }

  async backToRuns(): Promise<void> {
    await this.page.getByTestId('run-back').click();
    await this.page.getByTestId('runs-screen').waitFor();
  }
}
