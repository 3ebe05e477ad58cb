import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

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
