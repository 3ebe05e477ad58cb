import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';

/**
 * The project's identifier names its outcome repository: `project.identifier` from
 * `.dhenara/config.yaml` when there is one, else the folder's name made safe.
 */
export function projectIdentifierOf(projectRoot: string): string {
  try {
    const config = parse(readFileSync(join(projectRoot, '.dhenara', 'config.yaml'), 'utf8')) as {
      project?: { identifier?: unknown };
    } | null;
    const identifier = config?.project?.identifier;
    if (typeof identifier === 'string' && /^[a-zA-Z0-9_-]{1,150}$/.test(identifier)) return identifier;
  } catch {
    // No readable config: fall back to the folder name.
  }
  return (
    basename(projectRoot)
      .replace(/[^a-zA-Z0-9_-]/g, '_')
      .slice(0, 150) || 'project'
  );
}
