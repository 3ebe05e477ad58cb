import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ProjectError } from './project-error';
import { DHENARA_DIR } from './project-root';

export const CONFIG_FILE = join(DHENARA_DIR, 'config.yaml');

/** Same rule as the engine's outcome repository name, which the identifier becomes. */
export const PROJECT_IDENTIFIER_PATTERN = /^[a-zA-Z0-9_-]{1,150}$/;

const projectConfigSchema = z.object({
  project: z.object({
    name: z.string().trim().min(1, 'must be a non-empty string'),
    identifier: z
      .string()
      .regex(
        PROJECT_IDENTIFIER_PATTERN,
        'use letters, digits, _ and - only (it names the outcome repository)',
      ),
    description: z.string().nullish(),
    version: z
      .union([z.string(), z.number()])
      .nullish()
      .transform((value) => (value === null || value === undefined ? null : String(value))),
  }),
  /** How the app hosts this project's runs (an agent's own `memoryLimitMb` still wins). */
  runs: z
    .object({
      /** The heap limit of each run's process, in megabytes. */
      memory_limit_mb: z.number().int().min(16).max(1_048_576).optional(),
      /** How long a cancelled run may take to stop before its process is killed. */
      cancel_grace_seconds: z.number().min(0).max(3600).optional(),
    })
    .strict()
    .optional(),
});

export type ProjectConfig = z.output<typeof projectConfigSchema>;

/** Reads and checks `.dhenara/config.yaml`; every problem names the file and the field. */
export async function loadProjectConfig(root: string): Promise<ProjectConfig> {
  const file = join(root, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ProjectError(
      'invalid_config',
      missing
        ? `${file} does not exist: a project needs it, with project: {name, identifier}`
        : `cannot read ${file}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const document = parseDocument(text, { prettyErrors: true });
  const [yamlError] = document.errors;
  if (yamlError) {
    const line = yamlError.linePos?.[0].line ?? null;
    throw new ProjectError(
      'invalid_config',
      `${file}${line ? `:${line}` : ''} is not valid YAML: ${yamlError.message.split('\n')[0]}`,
      { location: { file, line, column: yamlError.linePos?.[0].col ?? null } },
    );
  }
  const parsed = projectConfigSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const detail =
      issue?.code === 'invalid_type' && / received undefined$/.test(issue.message)
        ? ` is missing (expected ${issue.expected})`
        : `: ${issue?.message ?? 'invalid'}`;
    throw new ProjectError('invalid_config', `${file}: field ${field}${detail}`, {
      location: { file, line: null, column: null },
    });
  }
  return parsed.data;
}
