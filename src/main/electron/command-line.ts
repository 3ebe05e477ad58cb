import { isAbsolute, resolve } from 'node:path';

const PROJECT_ROOT_SWITCH = '--project-root=';

/**
 * The path a start of the app asks to open, resolved against the directory it was started in:
 * `--project-root=<path>`, else the first plain argument; null when there is none.
 *
 * Electron's own arguments are skipped: the executable, Chromium and Node switches (which may come
 * before the app path), and in development the app path itself (`electron .`, `electron out/main`).
 */
export function openPathFromArgv(
  argv: readonly string[],
  cwd: string,
  options: { isPackaged: boolean },
): string | null {
  const args = argv.slice(1);
  const named = args.find((arg) => arg.startsWith(PROJECT_ROOT_SWITCH));
  if (named !== undefined) {
    const path = named.slice(PROJECT_ROOT_SWITCH.length);
    return path === '' ? null : resolveAgainst(cwd, path);
  }
  const endOfSwitches = args.indexOf('--');
  const plain = [
    ...(endOfSwitches === -1 ? args : args.slice(0, endOfSwitches)).filter((arg) => !arg.startsWith('-')),
    ...(endOfSwitches === -1 ? [] : args.slice(endOfSwitches + 1)),
  ];
  const paths = options.isPackaged ? plain : plain.slice(1);
  const first = paths.find((arg) => arg !== '');
  return first === undefined ? null : resolveAgainst(cwd, first);
}

function resolveAgainst(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
