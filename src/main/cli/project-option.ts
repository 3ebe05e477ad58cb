import { resolve } from 'node:path';
import { assertProjectRoot, findProjectRoot } from '../project/project-root';
import type { OptionSpec } from './command';

export const PROJECT_ROOT_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'PATH',
  description: 'the project folder (default: the nearest folder with .dhenara/ at or above this one)',
};

/** `--project-root` when given (it must be a project itself), else the project around `cwd`. */
export function projectRootFrom(option: string | undefined, cwd: string): string {
  return option !== undefined ? assertProjectRoot(resolve(cwd, option)) : findProjectRoot(cwd);
}
