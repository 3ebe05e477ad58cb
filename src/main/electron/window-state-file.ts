import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { describeSchemaIssue } from '../run-host/protocol';
import { savedWindowStateSchema, type SavedWindowState } from './window-state';

/** A window state is a few numbers: anything larger is not ours. */
const MAX_STATE_BYTES = 4096;

/**
 * The remembered window state, or null: none yet, or a file that is unreadable, too large, not
 * JSON or not in our shape (someone else's, an older version), which `warn` is told of; the
 * window then opens with its defaults.
 */
export function readWindowState(file: string, warn: (message: string) => void): SavedWindowState | null {
  let text: string;
  try {
    if (statSync(file).size > MAX_STATE_BYTES) {
      warn(`Ignored the window state ${file}: larger than ${MAX_STATE_BYTES} bytes`);
      return null;
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      warn(`Ignored the window state ${file}: ${(error as Error).message}`);
    }
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    warn(`Ignored the window state ${file}: it is not JSON`);
    return null;
  }
  const parsed = savedWindowStateSchema.safeParse(json);
  if (!parsed.success) {
    warn(`Ignored the window state ${file}: ${describeSchemaIssue(parsed.error)}`);
    return null;
  }
  return parsed.data;
}

/**
 * Replaces the file in one step, so a crash leaves the old state or the new one. Synchronous: it
 * runs as the window closes, when the app may quit before an asynchronous write lands.
 */
export function writeWindowState(file: string, state: SavedWindowState): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(state) + '\n');
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
