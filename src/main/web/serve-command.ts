import { parseArgs } from 'node:util';
import { installLastResortGuard } from './last-resort-guard';
import { isLoopbackHost } from './loopback';
import { hasDisplay, openInBrowser } from './open-browser';
import { serveInspector } from './serve';

export const SERVE_USAGE = `Usage: dad serve [--project-root P] [--port N] [--host H] [--token T | --no-token] [--no-browser]

Serves the inspector's window to a browser, on 127.0.0.1 unless --host says otherwise. Every start
makes a new random token; open the link printed with it (and, with a display, in your browser).
The token rides in the link's #fragment, which no server receives; the window keeps it for this
address only (host and port) and takes it out of the address bar, so reloads need no token.
  --project-root P  the project (or folder of runs) to open at start
  --port N          the port (default 5173; 0 picks a free one)
  --host H          the address to listen on; any non-loopback address requires a token
  --token T         use T as the token (letters, digits, "-", "_", ".", "~"; 16 to 512 of them)
  --no-token        serve without a token, on a loopback address only: any program on this
                    machine can then drive the inspector, including runs that execute commands
  --no-browser      do not open a browser, only print the link
  --no-recent       do not read or write the list of recent projects`;

const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,512}$/;

function usageError(message: string): number {
  console.error(`dad serve: ${message}\n\n${SERVE_USAGE}`);
  return 2;
}

/** `dad serve`: runs until SIGINT or SIGTERM; returns the exit code (2 for a usage error). */
export async function runServeCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'project-root': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        'no-token': { type: 'boolean' },
        'no-browser': { type: 'boolean' },
        'no-recent': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const port = values.port === undefined ? 5173 : Number(values.port);
  if (values.port?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    return usageError('--port must be a whole number from 0 to 65535');
  }
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') return usageError('--host must name an address');
  if (values.token !== undefined && values['no-token'])
    return usageError('--token and --no-token exclude each other');
  if (values.token !== undefined && !TOKEN_PATTERN.test(values.token)) {
    return usageError('--token must be 16 to 512 letters, digits, "-", "_", "." or "~"');
  }
  if (values['no-token'] && !isLoopbackHost(host)) {
    return usageError(`--no-token is refused on ${host}, which is not a loopback address`);
  }

  const uninstallGuard = installLastResortGuard('dad serve');
  let running;
  try {
    running = await serveInspector({
      projectRoot: values['project-root'],
      host,
      port,
      token: values['no-token'] ? null : values.token,
      recentProjectsFile: values['no-recent'] ? null : undefined,
    });
  } catch (error) {
    uninstallGuard();
    console.error(`dad serve: ${(error as Error).message}`);
    return 1;
  }
  if (values['no-token']) {
    console.error(
      'dad serve: WARNING: serving without a token (--no-token): any program or user on this machine ' +
        'can drive the inspector, including starting runs that execute shell commands.',
    );
  }
  console.log(`DAD Run Inspector is serving at ${running.server.url}`);
  if (!values['no-browser'] && hasDisplay()) openInBrowser(running.server.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.stop();
  uninstallGuard();
  return 0;
}
