import type { Locator, Page } from '@playwright/test';

/** The form a run view shows for a node that waits for its input (`node_input_required`). */
export class NodeInputForm {
  readonly forms: Locator;

  constructor(readonly page: Page) {
    this.forms = page.getByTestId('node-input-form');
  }

  /** The form of one node, by its dotted hierarchy path. */
  of(hierarchyPath: string): NodeInputFormOf {
    return new NodeInputFormOf(this.forms.and(this.page.locator(`[data-hierarchy-path="${hierarchyPath}"]`)));
  }
}

export class NodeInputFormOf {
  readonly text: Locator;
  readonly submit: Locator;
  readonly jsonError: Locator;
  /** Why the form refuses to send what is typed; `data-field` names the field that is wrong. */
  readonly invalid: Locator;
  /** Why the service refused what was sent. */
  readonly rejected: Locator;
  readonly schema: Locator;

  constructor(readonly root: Locator) {
    this.text = root.getByTestId('node-input-text');
    this.submit = root.getByTestId('node-input-submit');
    this.jsonError = root.getByTestId('node-input-json-error');
    this.invalid = root.getByTestId('node-input-invalid');
    this.rejected = root.getByTestId('node-input-error');
    this.schema = root.getByTestId('node-input-schema');
  }

  /** Replaces the answer with this value written out as JSON, or a text as typed. */
  async fill(input: string | Record<string, unknown>): Promise<void> {
    await this.text.fill(typeof input === 'string' ? input : JSON.stringify(input, null, 2));
  }

  /** Fills the answer in and sends it (the form must accept it). */
  async answer(input: string | Record<string, unknown>): Promise<void> {
    await this.fill(input);
    await this.submit.click();
  }
}
