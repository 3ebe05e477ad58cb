import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What electron.mjs puts before its record. */
const RECORD_MARKER = 'ELECTRON-STAND-IN-RECORD ';
const REGISTER = pathToFileURL(join(import.meta.dirname, 'register.mjs')).href;

export interface BuiltMainRun {
  /** What the stand-in recorded (see electron.mjs for its shape). */
  record: StandInRecord;
  stderr: string;
}

export interface StandInRecord {
  app: string[];
  appEvents: string[];
  ipcMain: { handle: string[]; on: string[] };
  windows: {
    options: { webPreferences: Record<string, unknown> } & Record<string, unknown>;
    url: string | null;
    sent: { channel: string; events: { type: string; command?: unknown }[] }[];
  }[];
  applicationMenu: MenuSummary[] | null;
  dialogs: string[];
  probes: Record<string, Record<string, unknown> | null>;
}
export interface MenuSummary {
  label: string;
  submenu?: MenuSummary[];
}

/**
 * Starts the built main bundle as a real Node process with the recording stand-in for 'electron',
 * and returns what it recorded. Fails with the process's output when no record comes.
 */
export function runBuiltMain(
  mainFile: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; args: string[] },
) {
  return new Promise<BuiltMainRun>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REGISTER, mainFile, ...options.args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RECORD_MARKER));
      if (code !== 0 || !line) {
        reject(new Error(`the main bundle ended with ${signal ?? code} and no record\n${stdout}\n${stderr}`));
        return;
      }
      resolve({ record: JSON.parse(line.slice(RECORD_MARKER.length)) as StandInRecord, stderr });
    });
  });
}
