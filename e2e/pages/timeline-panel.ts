import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { isEndedStatus } from './run-statuses';

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

/** The run's waterfall: one label row per visible span beside the canvas of bars. */
export class TimelinePanel {
  readonly root: Locator;
  readonly rows: Locator;
  readonly canvas: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('timeline');
    this.rows = page.getByTestId('timeline-row');
    this.canvas = page.getByTestId('timeline-canvas');
    this.search = page.getByTestId('timeline-search');
  }

  /** The rows of a node's spans (a node in a loop has one per iteration). */
  rowsOf(nodeId: string): Locator {
    return this.rows.filter({ has: this.page.getByText(nodeId, { exact: true }) });
  }

  /** Clicks a node's (first) row and waits for the node pane to show it. */
  async select(nodeId: string): Promise<void> {
    await this.rowsOf(nodeId).first().click();
    await expect(this.page.getByTestId('node-pane-title')).toHaveText(nodeId);
  }

  /** Reads the rows and the run status in one round trip. */
  async sample(): Promise<TimelineSample> {
    const marks = await this.page
      .locator('[data-testid="timeline-row"], [data-testid="run-status-badge"]')
      .evaluateAll((elements) =>
        elements.map((element) => ({
          testId: element.getAttribute('data-testid'),
          status: element.getAttribute('data-status'),
        })),
      );
    const rows = marks.filter((mark) => mark.testId === 'timeline-row');
    return {
      rows: rows.length,
      runningRows: rows.filter((row) => row.status === 'RUNNING').length,
      runStatus: marks.find((mark) => mark.testId === 'run-status-badge')?.status ?? null,
    };
  }

  /**
   * Samples the timeline as fast as the page answers until the run has ended (and once more after),
   * so a test can tell how it grew.
   */
  async recordUntilRunEnds(timeoutMs = 30_000): Promise<TimelineSample[]> {
    const samples: TimelineSample[] = [];
    const deadline = Date.now() + timeoutMs;
    const ended = (sample: TimelineSample) => isEndedStatus(sample.runStatus);
    while (Date.now() < deadline) {
      const sample = await this.sample();
      samples.push(sample);
      if (ended(sample) && samples.filter(ended).length > 1) break;
      await sleep(ended(sample) ? 400 : 25);
    }
    return samples;
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
}
