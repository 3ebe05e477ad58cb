// Starts a run's child process from source (dad serve, tests): compiles the TypeScript entry as it
// loads, as bin/dad.mjs does for the command line, with compiled files cached on disk.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url, { fsCache: true });
await jiti.import(new URL('./child-main.ts', import.meta.url).href);
