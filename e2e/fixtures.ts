import { test as base, expect } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';

/** What went wrong inside a window while a test ran: console errors and uncaught exceptions. */
export interface WindowProblems {
  readonly messages: readonly string[];
}

function describeConsoleError(message: ConsoleMessage): string {
  const { url, lineNumber, columnNumber } = message.location();
  const where = url ? ` (${url}:${lineNumber + 1}:${columnNumber + 1})` : '';
  return `console.error: ${message.text()}${where}`;
}

/**
 * Starts collecting the window's console errors and uncaught exceptions, printing each into the
 * test output as it happens so a failure shows what the window said.
 */
export function watchWindowProblems(page: Page, windowName = 'window'): WindowProblems {
  const messages: string[] = [];
  const report = (text: string) => {
    messages.push(text);
    console.log(`[${windowName}] ${text}`);
  };
  page.on('console', (message) => {
    if (message.type() === 'error') report(describeConsoleError(message));
  });
  page.on('pageerror', (error) => report(`uncaught ${error.stack ?? `${error.name}: ${error.message}`}`));
  return { messages };
}

/** Fails the test when the window logged an error or threw, attaching what it said. */
export async function expectNoWindowProblems(
  problems: WindowProblems,
  attach: (name: string, body: string) => Promise<void>,
): Promise<void> {
  if (problems.messages.length > 0) await attach('window errors', problems.messages.join('\n\n'));
  expect(problems.messages, 'the window logged console errors or threw uncaught errors').toEqual([]);
}

/**
 * The browser tests' `test`: every page holds the server's token (kept by the window for this
 * address), and every page's console errors and uncaught errors are forwarded into the test
 * output; any one of them fails the test.
 */
export const test = base.extend<{ windowProblems: WindowProblems }>({
  // Every context is signed in as a user is: the printed link opened once, after which the window
  // has kept the token for this address and every load of the bare address connects.
  context: async ({ context, baseURL }, use) => {
    const token = process.env.E2E_TOKEN;
    if (!token) throw new Error('E2E_TOKEN is not set: run the browser tests through playwright.config.ts');
    const signIn = await context.newPage();
    await signIn.goto(`${baseURL}/#token=${token}`);
    await expect(signIn, 'the window should keep the token and take it out of the address').toHaveURL(
      `${baseURL}/`,
    );
    await signIn.close();
    await use(context);
  },
  windowProblems: [
    async ({ page }, use, testInfo) => {
      const problems = watchWindowProblems(page);
      await use(problems);
      await expectNoWindowProblems(problems, (name, body) =>
        testInfo.attach(name, { body, contentType: 'text/plain' }),
      );
    },
    { auto: true },
  ],
});

export { expect };
