import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** What the timeline showed at one moment. */
export interface TimelineSample {
  /** Span rows drawn (the visible ones: the label column is virtualized). */
  rows: number;
  /** Of those, rows of spans still running. */
  runningRows: number;
  /** The run's status in the top bar. */
  runStatus: string | null;
}

const RED_DOMINANCE = 60;
const RECORDER_SCRIPT = fileURLToPath(new URL('../support/timeline-recorder.js', import.meta.url));
const SAMPLES_ATTRIBUTE = 'data-e2e-timeline-samples';

/** The run's waterfall: one label row per visible span beside the canvas of bars. */
export class TimelinePanel {
  readonly root: Locator;
  readonly rows: Locator;
  readonly canvas: Locator;
  readonly search: Locator;
  /** The number of span rows the run has (at the replayed moment, in a replay), not only those drawn. */
  readonly total: Locator;

  constructor(readonly page: Page) {
    this.total = page.getByTestId('timeline-total');
    this.root = page.getByTestId('timeline');
    this.rows = page.getByTestId('timeline-row');
    this.canvas = page.getByTestId('timeline-canvas');
    this.search = page.getByTestId('timeline-search');
  }

  /** The rows of a node's spans (a node in a loop has one per iteration). */
  rowsOf(nodeId: string): Locator {
    return this.rows.filter({ has: this.page.getByText(nodeId, { exact: true }) });
  }

  async totalRows(): Promise<number> {
    return Number(await this.total.getAttribute('data-total'));
  }

  /** Clicks a node's (first) row and waits for the node pane to show it. */
  async select(nodeId: string): Promise<void> {
    await this.rowsOf(nodeId).first().click();
    await expect(this.page.getByTestId('node-pane-title')).toHaveText(nodeId);
  }

  /**
   * Makes the page record every change of the run view's timeline from its next load on (call it
   * before opening the window); {@link recordedSamples} reads what was recorded.
   */
  static async recordChanges(page: Page): Promise<void> {
    await page.addInitScript({ path: RECORDER_SCRIPT });
  }

  /** The timeline of one run as it changed, in order, since the run view opened. */
  async recordedSamples(runId: string): Promise<TimelineSample[]> {
    const text = await this.page.locator('html').getAttribute(SAMPLES_ATTRIBUTE);
    if (text === null)
      throw new Error('nothing was recorded: call TimelinePanel.recordChanges before loading');
    const samples = JSON.parse(text) as (TimelineSample & { runId: string | null })[];
    return samples
      .filter((sample) => sample.runId === runId)
      .map(({ rows, runningRows, runStatus }) => ({ rows, runningRows, runStatus }));
  }

  /** The colour a row's node name is drawn in, as [red, green, blue]. */
  async nameColourOf(nodeId: string): Promise<[number, number, number]> {
    const colour = await this.rowsOf(nodeId)
      .first()
      .getByText(nodeId, { exact: true })
      .evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).color ?? '');
    const parts = colour.match(/\d+(\.\d+)?/g)?.map(Number) ?? [];
    if (parts.length < 3) throw new Error(`cannot read the colour "${colour}" of the ${nodeId} row's name`);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  }

  /** True when a node's row names it in red (how a failed span is marked beside its bar). */
  async isNamedInRed(nodeId: string): Promise<boolean> {
    const [red, green, blue] = await this.nameColourOf(nodeId);
    return red - Math.max(green, blue) >= RED_DOMINANCE;
  }
  /** The legend of the run's services (shown for a run of more than one). */
  get serviceLegend(): Locator {
    return this.page.getByTestId('service-legend');
  }

  /** The service names the legend lists, in its order. */
  async legendServices(): Promise<string[]> {
    return this.serviceLegend
      .getByTestId('service-legend-item')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-service') ?? ''));
  }

  /** Checks or unchecks a service in the legend: its spans show or hide. */
  async setServiceShown(service: string, shown: boolean): Promise<void> {
    await this.serviceLegend
      .locator(`[data-testid="service-legend-item"][data-service="${service}"]`)
      .getByTestId('service-legend-toggle')
      .setChecked(shown);
  }

  /** The rows drawn of one service's spans. */
  rowsOfService(service: string): Locator {
    return this.page.locator(`[data-testid="timeline-row"][data-service="${service}"]`);
  }

  /** The row of a span, by its name as the label shows it. */
  rowNamed(name: string): Locator {
    return this.rows.filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** Moves the pointer over the middle of a row's bar; the bar spans [startFraction, endFraction] of the canvas. */
  async hoverBar(name: string, fraction: number): Promise<void> {
    const row = await this.rowNamed(name).first().boundingBox();
    const canvas = await this.canvas.boundingBox();
    if (!row || !canvas) throw new Error(`the row of ${name} or the canvas is not on screen`);
    await this.page.mouse.move(canvas.x + canvas.width * fraction, row.y + row.height / 2);
  }
}
