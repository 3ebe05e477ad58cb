// Starts an index worker from source (dad serve, tests): compiles the TypeScript entry as it
// loads, as the run host's child bootstrap does, with compiled files cached on disk.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url, { fsCache: true });
await jiti.import(new URL('./worker-main.ts', import.meta.url).href);
