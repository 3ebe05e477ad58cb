import { parseArgs } from 'node:util';
import { serveInspector } from './serve';

export const SERVE_USAGE = `Usage: dad serve [--project-root P] [--port N] [--host H] [--token T]

Serves the inspector's window to a browser, on 127.0.0.1 unless --host says otherwise.
  --project-root P  the project (or folder of runs) to open at start
  --port N          the port (default 5173; 0 picks a free one)
  --host H          the address to listen on; any non-loopback address requires a token
  --token T         the token browsers must present (generated when needed and not given)
  --no-recent       do not read or write the list of recent projects`;

/** `dad serve`: runs until interrupted; returns the exit code. */
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
        'no-recent': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const port = values.port === undefined ? 5173 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`);
    return 2;
  }
  let running;
  try {
    running = await serveInspector({
      projectRoot: values['project-root'],
      host: values.host,
      port,
      token: values.token ?? null,
      recentProjectsFile: values['no-recent'] ? null : undefined,
    });
  } catch (error) {
    console.error(`dad serve: ${(error as Error).message}`);
    return 1;
  }
  console.log(`DAD Run Inspector is serving at ${running.server.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.stop();
  return 0;
}
