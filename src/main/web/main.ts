import { runServeCommand } from './serve-command';

/** `npm run serve` and the e2e tests start the browser adapter through this file. */
process.exitCode = await runServeCommand(process.argv.slice(2));
