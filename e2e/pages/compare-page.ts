import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The compare screen: two run pickers, both runs' facts, the summary, outcome files and nodes. */
export class ComparePage {
  readonly root: Locator;
  readonly pickA: Locator;
  readonly pickB: Locator;
  readonly swapButton: Locator;
  readonly result: Locator;
  readonly summary: Locator;
  readonly copyButton: Locator;
  readonly copyState: Locator;
  readonly error: Locator;
  readonly runA: Locator;
  readonly runB: Locator;
  readonly filesTab: Locator;
  readonly nodesTab: Locator;
  readonly files: Locator;
  readonly noFiles: Locator;
  readonly fileDiff: Locator;
  readonly diffMessage: Locator;
  readonly unifiedLines: Locator;
  readonly splitRows: Locator;
  readonly nodes: Locator;
  readonly onlyDiffering: Locator;
  readonly nodeDetail: Locator;
  /** Says why nothing is compared yet (no runs, or none picked). */
  readonly empty: Locator;
  /** Asks for run A when run B is not a re-run. */
  readonly chooseA: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('compare-screen');
    this.pickA = page.getByTestId('compare-pick-a');
    this.pickB = page.getByTestId('compare-pick-b');
    this.swapButton = page.getByTestId('compare-swap');
    this.result = page.getByTestId('compare-result');
    this.summary = page.getByTestId('compare-summary');
    this.copyButton = page.getByTestId('compare-summary-copy');
    this.copyState = page.getByTestId('compare-summary-copy-state');
    this.error = page.getByTestId('compare-error');
    this.runA = page.getByTestId('compare-run-a');
    this.runB = page.getByTestId('compare-run-b');
    this.filesTab = page.getByTestId('compare-tab-files');
    this.nodesTab = page.getByTestId('compare-tab-nodes');
    this.files = page.getByTestId('compare-file');
    this.noFiles = page.getByTestId('compare-files-none');
    this.fileDiff = page.getByTestId('file-diff');
    this.diffMessage = page.getByTestId('file-diff-message');
    this.unifiedLines = page.getByTestId('diff-line');
    this.splitRows = page.getByTestId('diff-split-row');
    this.nodes = page.getByTestId('compare-node');
    this.onlyDiffering = page.getByTestId('compare-only-differing');
    this.nodeDetail = page.getByTestId('compare-node-detail');
    this.empty = page.getByTestId('compare-empty');
    this.chooseA = page.getByTestId('compare-choose-a');
  }

  /** Opens the screen from the header. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-compare').click();
    await this.root.waitFor();
  }

  /** Picks run A (before) and run B (after) and waits for their comparison. */
  async pick(runA: string, runB: string): Promise<void> {
    await this.pickB.selectOption(runB);
    await this.pickA.selectOption(runA);
    await this.expectComparing(runA, runB);
  }

  /** Waits until the comparison on screen is of these two runs, A then B. */
  async expectComparing(runA: string, runB: string): Promise<void> {
    await expect(this.pickA).toHaveValue(runA);
    await expect(this.pickB).toHaveValue(runB);
    await expect(this.runA.getByTestId('compare-run-id')).toHaveText(runA);
    await expect(this.runB.getByTestId('compare-run-id')).toHaveText(runB);
    await expect(this.summary).toContainText(`${runA} vs ${runB}`);
  }

  file(path: string): Locator {
    return this.files.and(this.page.locator(`[data-path="${path}"]`));
  }

  node(hierarchyPath: string): Locator {
    return this.nodes.and(this.page.locator(`[data-path="${hierarchyPath}"]`));
  }

  async showDiffAs(mode: 'unified' | 'side-by-side'): Promise<void> {
    await this.page.getByTestId(`compare-diff-mode-${mode}`).click();
    await expect(this.fileDiff).toHaveAttribute('data-mode', mode);
  }

  /** The JSON changes listed for the selected node's output or outcome. */
  changes(of: 'output' | 'outcome'): Locator {
    return this.nodeDetail.getByTestId(`compare-${of}-changes`).getByTestId('compare-json-change');
  }
}
