#!/usr/bin/env node
// The `dad` command: loads the TypeScript command line through jiti (compiled files are cached on
// disk, so later starts skip the compile) and runs it with the process's arguments.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url, { fsCache: true });
const { main } = await jiti.import(new URL('../src/main/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
