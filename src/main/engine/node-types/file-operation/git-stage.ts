import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Stages every change under `directory` (additions, edits, deletions) in the git work tree holding it. */
export async function stageDirectory(directory: string): Promise<void> {
  try {
    await execFileAsync('git', ['add', '--all', '--', '.'], { cwd: directory });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`stage: git add in ${directory} failed: ${stderr || (error as Error).message}`, {
      cause: error,
    });
  }
}
