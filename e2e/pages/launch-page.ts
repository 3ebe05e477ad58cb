import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { RunViewPage } from './run-view-page';

/** The launch form: agent, static inputs as JSON (checked as typed), run id prefix, Run. */
export class LaunchPage {
  readonly root: Locator;
  readonly agentSelect: Locator;
  readonly inputs: Locator;
  readonly jsonError: Locator;
  /** The service's verdict on the inputs; `data-state` is checking, valid, invalid or failed. */
  readonly validation: Locator;
  readonly validationErrors: Locator;
  readonly runButton: Locator;
  readonly resetButton: Locator;
  readonly startError: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('launch-screen');
    this.agentSelect = page.getByTestId('launch-agent');
    this.inputs = page.getByTestId('launch-inputs');
    this.jsonError = page.getByTestId('launch-json-error');
    this.validation = page.getByTestId('launch-validation');
    this.validationErrors = page.getByTestId('launch-validation-error');
    this.runButton = page.getByTestId('launch-run');
    this.resetButton = page.getByTestId('launch-reset');
    this.startError = page.getByTestId('launch-error');
  }

  /** Opens the launch form from the header. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-launch').click();
    await this.root.waitFor();
  }

  async chooseAgent(agentId: string): Promise<void> {
    await this.agentSelect.selectOption(agentId, { timeout: 10_000 });
    await expect(this.agentSelect).toHaveValue(agentId);
  }

  /** Replaces the static inputs: a JSON text as typed, or a value written out as JSON. */
  async setInputs(inputs: string | Record<string, unknown>): Promise<void> {
    await this.inputs.fill(typeof inputs === 'string' ? inputs : JSON.stringify(inputs, null, 2));
  }

  /** "Add to inputs" of one node in the list beside the form. */
  addNodeButton(nodeId: string): Locator {
    return this.page.locator(`[data-testid="launch-node-add"][data-node-id="${nodeId}"]`);
  }

  /** The static inputs as the form holds them, read as JSON. */
  async inputsValue(): Promise<unknown> {
    return JSON.parse(await this.inputs.inputValue()) as unknown;
  }

  async expectInputsAccepted(): Promise<void> {
    await expect(this.validation).toHaveAttribute('data-state', 'valid');
    await expect(this.runButton).toBeEnabled();
  }

  /** Presses Run and waits for the run's view; the inputs must have been accepted. */
  async run(): Promise<RunViewPage> {
    await this.expectInputsAccepted();
    await this.runButton.click();
    const runView = new RunViewPage(this.page);
    await runView.root.waitFor();
    return runView;
  }

  /** Launches an agent from the form with the given static inputs. */
  async launch(agentId: string, inputs: string | Record<string, unknown> = {}): Promise<RunViewPage> {
    await this.open();
    await this.chooseAgent(agentId);
    await this.setInputs(inputs);
    return this.run();
  }
}
