import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { SAMPLE_PROJECT_NAME } from '../support/sample-answers';

/** The project picker: suggestions (the sample, recent projects) and a folder path to open. */
export class ProjectPage {
  readonly root: Locator;
  readonly pathInput: Locator;
  readonly openButton: Locator;
  readonly suggestions: Locator;
  readonly openError: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('project-picker');
    this.pathInput = page.getByTestId('project-path-input');
    this.openButton = page.getByTestId('project-open-button');
    this.suggestions = page.getByTestId('project-suggestion');
    this.openError = page.getByTestId('project-open-error');
  }

  /** Opens the picker from the header (the button names the open project). */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-project').click();
    await this.root.waitFor();
  }

  /** The bundled sample project's suggestion. */
  sampleSuggestion(): Locator {
    return this.suggestions.and(this.page.locator('[data-kind="sample"]'));
  }

  /** Opens the sample project again: the other browser tests expect the server on it. */
  async reopenSample(): Promise<void> {
    await this.open();
    await this.sampleSuggestion().click();
    await expect(this.page.getByTestId('project-name')).toHaveText(SAMPLE_PROJECT_NAME);
  }

  /** Opens a folder or file from the picker and waits until the header names the project it opened. */
  async openAs(path: string, projectName: string): Promise<void> {
    await this.open();
    await this.openFolder(path);
    await expect(this.page.getByTestId('nav-project')).toHaveText(projectName);
  }

  async openFolder(path: string): Promise<void> {
    await this.pathInput.fill(path);
    await this.openButton.click();
  }
}
