import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The open project's screen: its agents beside its runs table. */
export class RunsPage {
  readonly root: Locator;
  readonly projectName: Locator;
  readonly agents: Locator;
  readonly runRows: Locator;
  readonly launchButton: Locator;
  readonly refreshButton: Locator;
  /** "N", or "M of N" while a filter hides some. */
  readonly runCount: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('runs-screen');
    this.projectName = page.getByTestId('project-name');
    this.agents = page.getByTestId('agent-item');
    this.runRows = page.getByTestId('run-row');
    this.launchButton = page.getByTestId('runs-launch');
    this.refreshButton = page.getByTestId('runs-refresh');
    this.runCount = page.getByTestId('runs-count');
  }

  /** Loads the window; the server has the project open, so the runs screen comes up. */
  async goto(): Promise<void> {
    await this.page.goto('/');
    await this.root.waitFor();
  }

  /** Shows the runs screen from anywhere through the header. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-runs').click();
    await this.root.waitFor();
  }

  /** Re-reads the runs from disk and returns how many the project has. */
  async refreshedRunCount(): Promise<number> {
    await this.refreshButton.click();
    await expect(this.refreshButton).toHaveText('Refresh');
    await expect(this.refreshButton).toBeEnabled();
    const text = (await this.runCount.textContent()) ?? '';
    const total = text.match(/(\d+)\s*$/)?.[1];
    if (total === undefined) throw new Error(`cannot read the number of runs from "${text}"`);
    return Number(total);
  }

  agent(agentId: string): Locator {
    return this.agents.and(this.page.locator(`[data-agent-id="${agentId}"]`));
  }

  agentLaunchButton(agentId: string): Locator {
    return this.agent(agentId).getByTestId('agent-launch-button');
  }

  agentLoadError(agentId: string): Locator {
    return this.agent(agentId).getByTestId('agent-load-error');
  }

  /** Why an agent could not be loaded, as the list says, or null when it loaded. */
  async loadErrorOf(agentId: string): Promise<string | null> {
    const error = this.agentLoadError(agentId);
    return (await error.count()) > 0 ? await error.innerText() : null;
  }

  runRow(runId: string): Locator {
    return this.runRows.and(this.page.locator(`[data-run-id="${runId}"]`));
  }

  /** The status badge in a run's row; its `data-status` is the run's status. */
  runStatus(runId: string): Locator {
    return this.runRow(runId).getByTestId('run-status');
  }

  async openRun(runId: string): Promise<void> {
    await this.runRow(runId).click();
    await this.page.getByTestId('run-view').waitFor();
  }
}
