import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { ProjectPage } from '../pages/project-page';
import { RunViewPage } from '../pages/run-view-page';

/** The trace files the tests import, written from the published formats. */
export const TRACE_FIXTURES = fileURLToPath(new URL('../../test-support/fixtures/', import.meta.url));

/** Opens a fixture trace file from the project picker, as a user would, and waits for its run view. */
export async function openTraceFixture(page: Page, file: string): Promise<RunViewPage> {
  const picker = new ProjectPage(page);
  await picker.open();
  await picker.openFolder(join(TRACE_FIXTURES, file));
  const runView = new RunViewPage(page);
  await runView.root.waitFor();
  return runView;
}
