import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The outcome history: the commit graph beside the selected commit, its files, diff and content. */
export class HistoryPage {
  readonly root: Locator;
  readonly count: Locator;
  /** The graph's scroll area; it takes the keyboard (arrows, Home/End, Enter). */
  readonly graph: Locator;
  /** Drawn rows whose commit has been read; `data-sha`, `data-run-id`, `data-node-id`, `aria-selected`. */
  readonly rows: Locator;
  readonly runFilter: Locator;
  readonly runFocus: Locator;
  readonly runChip: Locator;
  readonly runClear: Locator;
  readonly runCount: Locator;
  readonly runNewer: Locator;
  readonly runOlder: Locator;
  readonly runNotice: Locator;
  readonly empty: Locator;
  /** The sentence said in place of the graph when there are no commits to show. */
  readonly emptyText: Locator;
  readonly error: Locator;
  readonly detail: Locator;
  readonly detailSubject: Locator;
  readonly detailSha: Locator;
  readonly detailParents: Locator;
  readonly detailRun: Locator;
  readonly detailNode: Locator;
  readonly files: Locator;
  readonly fileRows: Locator;
  readonly fileView: Locator;
  readonly fileDiff: Locator;
  readonly diffLines: Locator;
  readonly splitRows: Locator;
  readonly fileText: Locator;
  readonly fileTextMessage: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('history-screen');
    this.count = page.getByTestId('history-count');
    this.graph = page.getByTestId('history-graph');
    this.rows = page.getByTestId('history-row');
    this.runFilter = page.getByTestId('history-run-filter');
    this.runFocus = page.getByTestId('history-run-focus');
    this.runChip = page.getByTestId('history-run-chip');
    this.runClear = page.getByTestId('history-run-clear');
    this.runCount = page.getByTestId('history-run-count');
    this.runNewer = page.getByTestId('history-run-newer');
    this.runOlder = page.getByTestId('history-run-older');
    this.runNotice = page.getByTestId('history-run-notice');
    this.empty = page.getByTestId('history-empty');
    this.emptyText = page.getByTestId('history-empty-text');
    this.error = page.getByTestId('history-error');
    this.detail = page.getByTestId('history-detail');
    this.detailSubject = page.getByTestId('history-detail-subject');
    this.detailSha = page.getByTestId('history-detail-sha');
    this.detailParents = page.getByTestId('history-detail-parents');
    this.detailRun = page.getByTestId('history-detail-run');
    this.detailNode = page.getByTestId('history-detail-node');
    this.files = page.getByTestId('history-files');
    this.fileRows = page.getByTestId('history-file');
    this.fileView = page.getByTestId('history-file-view');
    this.fileDiff = page.getByTestId('file-diff');
    this.diffLines = page.getByTestId('diff-line');
    this.splitRows = page.getByTestId('diff-split-row');
    this.fileText = page.getByTestId('history-file-text');
    this.fileTextMessage = page.getByTestId('history-file-content-message');
  }

  /** Opens the history from the header and waits for its first rows. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-history').click();
    await this.root.waitFor();
  }

  async waitForRows(): Promise<void> {
    await expect(this.rows.first()).toBeVisible();
  }

  /** The drawn rows of one run's commits. */
  rowsOfRun(runId: string): Locator {
    return this.rows.and(this.page.locator(`[data-run-id="${runId}"]`));
  }

  /** The drawn row of the commit one node of one run made (commits name the node by its path). */
  rowOf(runId: string, nodeId: string): Locator {
    const run = `[data-run-id="${runId}"]`;
    return this.rows.and(
      this.page.locator(`${run}[data-node-id="${nodeId}"], ${run}[data-node-id$=".${nodeId}"]`),
    );
  }

  get selectedRow(): Locator {
    return this.rows.and(this.page.locator('[aria-selected="true"]'));
  }

  rowAt(index: number): Locator {
    return this.rows.and(this.page.locator(`[data-row="${index}"]`));
  }

  /** Selects a row by clicking its commit id (the run id in a row is a link to the run). */
  async select(row: Locator): Promise<void> {
    await row.getByRole('gridcell').nth(1).click();
  }

  file(path: string): Locator {
    return this.fileRows.and(this.page.locator(`[data-path="${path}"]`));
  }

  /** Shows the diff or the content of the selected file. */
  async show(view: 'diff' | 'content'): Promise<void> {
    await this.page.getByTestId(`history-file-view-kind-${view}`).click();
  }

  async diffLayout(mode: 'unified' | 'side-by-side'): Promise<void> {
    await this.page.getByTestId(`history-diff-mode-${mode}`).click();
  }

  /** Shows only what one run made ("" for every run) through the run picker. */
  async focusRun(runId: string): Promise<void> {
    await this.runFilter.selectOption(runId);
  }

  /** The row index of the selected commit. */
  async selectedIndex(): Promise<number> {
    const row = await this.selectedRow.getAttribute('data-row');
    if (row === null) throw new Error('no commit is selected in the history');
    return Number(row);
  }
}
