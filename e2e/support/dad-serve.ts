import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const PACKAGE_ROOT = resolve(import.meta.dirname, '..', '..');
const DAD_BIN = join(PACKAGE_ROOT, 'bin', 'dad.mjs');
const SERVING = /serving at (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

/** A `dad serve` started by a test as a user would start it, in a process of its own. */
export interface DadServe {
  /** The link it printed, token included. */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `dad serve` with `args` on a free port of 127.0.0.1, its environment given by `env` on
 * top of this one with no API keys, and waits for the link it prints.
 */
export async function startDadServe(args: string[], env: Record<string, string>): Promise<DadServe> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of Object.keys(childEnv)) {
    if (/^(OPENAI|ANTHROPIC)_(API_KEY|BASE_URL)$|^OTEL_EXPORTER_/.test(name)) delete childEnv[name];
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [DAD_BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--no-browser', ...args],
    { cwd: PACKAGE_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((found, failed) => {
    // A server that never prints its link is still a process of ours: end it before failing.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      failed(new Error(`dad serve printed no link in 30 s:\n${output}`));
    }, 30_000);
    const look = () => {
      const match = SERVING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        found(match[1]);
      }
    };
    child.stdout?.on('data', look);
    void exited.then(() => {
      clearTimeout(timer);
      failed(new Error(`dad serve ended before serving:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
