import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Gives a test file an empty home folder, so its git commands see no global identity or settings,
 * as on a fresh machine. Returns the folder and a function that restores the environment.
 */
export async function useEmptyHome(): Promise<{ home: string; restore: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'outcome-home-'));
  const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  return {
    home,
    restore: async () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Runs git directly (not through the code under test) to check what is on disk. */
export function gitOutput(cwd: string, args: string[], input?: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], {
    cwd,
    env,
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function gitLines(cwd: string, args: string[]): string[] {
  return gitOutput(cwd, args)
    .split('\n')
    .filter((line) => line !== '');
}
