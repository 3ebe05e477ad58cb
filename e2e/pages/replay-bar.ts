import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

const MOMENT_RECORDER = fileURLToPath(new URL('../support/moment-recorder.js', import.meta.url));

/** The replay controls of a run view and the outcome files tab that follows them. */
export class ReplayBar {
  readonly toggle: Locator;
  readonly root: Locator;
  readonly play: Locator;
  readonly next: Locator;
  readonly previous: Locator;
  readonly slider: Locator;
  readonly offset: Locator;
  readonly note: Locator;
  readonly interrupted: Locator;
  readonly exit: Locator;

  constructor(readonly page: Page) {
    this.toggle = page.getByTestId('run-replay');
    this.root = page.getByTestId('replay-bar');
    this.play = page.getByTestId('replay-play');
    this.next = page.getByTestId('replay-next');
    this.previous = page.getByTestId('replay-previous');
    this.slider = page.getByTestId('replay-slider');
    this.offset = page.getByTestId('replay-offset');
    this.note = page.getByTestId('replay-note');
    this.interrupted = page.getByTestId('replay-interrupted');
    this.exit = page.getByTestId('replay-exit');
  }

  async start(): Promise<void> {
    await this.toggle.click();
    await this.root.waitFor();
  }

  speed(speed: '1' | '10' | '100' | 'max'): Locator {
    return this.page.getByTestId(`replay-speed-${speed}`);
  }

  /** The replayed moment, µs since the epoch. */
  async moment(): Promise<number> {
    return Number(await this.offset.getAttribute('data-as-of'));
  }

  /** Steps to the next recorded moment and waits until the bar shows a later one. */
  async stepForward(): Promise<number> {
    const before = await this.moment();
    await this.next.click();
    await expect.poll(() => this.moment()).toBeGreaterThan(before);
    return this.moment();
  }

  /** Moves the slider to its end with the keyboard, as a user can. */
  async seekToEnd(): Promise<void> {
    await this.slider.focus();
    await this.slider.press('End');
  }

  async seekToStart(): Promise<void> {
    await this.slider.focus();
    await this.slider.press('Home');
  }

  /**
   * From now on, the page notes (on its own clock) each moment the bar shows and each press of
   * Play, so the speed of a replay can be measured without the test's round trips in the figures.
   */
  async recordMoments(): Promise<void> {
    await this.page.evaluate(await readFile(MOMENT_RECORDER, 'utf8'));
  }

  /** Stops recording and returns what {@link recordMoments} noted, in order. */
  async recordedMoments(): Promise<MomentEvent[]> {
    return (await this.page.evaluate('window.e2eMoments.finish()')) as MomentEvent[];
  }
}

/** One thing the page noted during a replay: a press of Play, or a new moment shown. */
export interface MomentEvent {
  kind: 'play' | 'moment';
  /** The page's performance.now(), ms. */
  atMs: number;
  /** The moment the bar showed then, µs since the epoch. */
  momentUs: number;
}

/** The run's outcome files, as of the replayed moment or at the run's end. */
export class OutcomePanel {
  readonly tab: Locator;
  readonly root: Locator;
  readonly summary: Locator;
  readonly files: Locator;
  readonly content: Locator;
  readonly unavailable: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('run-tab-outcome');
    this.root = page.getByTestId('outcome-tab');
    this.summary = page.getByTestId('outcome-summary');
    this.files = page.getByTestId('outcome-file');
    this.content = page.getByTestId('outcome-file-text');
    this.unavailable = page.getByTestId('outcome-unavailable');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.root.waitFor();
  }

  file(path: string): Locator {
    return this.files.and(this.page.locator(`[data-path="${path}"]`));
  }
}
