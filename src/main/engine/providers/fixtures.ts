import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { errorMessage } from '../errors';

export const MODEL_FIXTURES_FILE = join('.dhenara', 'fixtures', 'model-responses.yaml');

export interface ModelFixture {
  /** Where the entry sits in the file (0-based), for messages. */
  index: number;
  matches(prompt: string): boolean;
  /** A string is the answer's text; anything else is a structured answer. */
  response: unknown;
}

const fixtureFileSchema = z.array(
  z.object({
    match: z.string(),
    response: z.unknown().refine((value) => value !== undefined, 'a response is required'),
  }),
);

/**
 * Reads the fixture file, a YAML list tried in order:
 *
 * ```yaml
 * - match: "Summarize"            # a substring of the prompt (case-sensitive; "" matches every prompt)
 *   response: "A short summary."   # a string: the answer's text
 * - match: "/^classify/i"          # /regex/flags
 *   response: { label: positive }  # anything else: a structured answer, its text being its JSON
 * ```
 * Returns null when the file does not exist; a malformed file is an error naming the file and the entry.
 */
export async function loadModelFixtures(path: string): Promise<ModelFixture[] | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read model fixtures ${path}: ${errorMessage(error)}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? [];
  } catch (error) {
    throw new Error(`model fixtures ${path} is not valid YAML: ${errorMessage(error)}`);
  }
  const parsed = fixtureFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `entry ${issue.path.join('.')}` : '(root)';
    throw new Error(
      `model fixtures ${path}: ${where}: ${issue?.message ?? 'invalid'} (expected a list of {match, response})`,
    );
  }
  return parsed.data.map((entry, index) => ({
    index,
    matches: matcherFor(entry.match, path, index),
    response: entry.response,
  }));
}

export function fixturesPathFor(projectRoot: string): string {
  return join(projectRoot, MODEL_FIXTURES_FILE);
}

function matcherFor(match: string, path: string, index: number): (prompt: string) => boolean {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(match);
  if (!regex) return (prompt) => prompt.includes(match);
  let pattern: RegExp;
  try {
    pattern = new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/g|y/g, ''));
  } catch (error) {
    throw new Error(
      `model fixtures ${path}: entry ${index}: bad regular expression ${match}: ${errorMessage(error)}`,
    );
  }
  return (prompt) => pattern.test(prompt);
}
