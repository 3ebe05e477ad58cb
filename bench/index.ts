import { availableParallelism, loadavg } from 'node:os';
import { bareWriteMeasurements } from './bare-writes';
import { engineMeasurements } from './engine-per-node';
import { forcedGc } from './heap';
import { langGraphMeasurements } from './langgraph-flow';
import { measureAll, type Measurement } from './measure';
import { parseBenchArgs, USAGE } from './options';
import { formatReport } from './report';
import { TempRoot } from './temp-root';

/** `npm run bench -- [--quick] [filter]`: progress goes to stderr, the report to stdout. */
async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const loadAverageAtStart = loadavg()[0] ?? NaN;
  const temp = await TempRoot.create();
  const onInterrupt = () => {
    temp.disposeNow();
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const all: Measurement[] = [
      ...engineMeasurements(options.sizes, temp),
      ...bareWriteMeasurements(options.sizes, temp),
      ...langGraphMeasurements(options.sizes),
    ];
    const chosen =
      options.filters.length === 0
        ? all
        : all.filter((m) => options.filters.some((filter) => m.id.includes(filter)));
    if (chosen.length === 0) {
      throw new Error(
        `no measurement id contains ${options.filters.map((f) => JSON.stringify(f)).join(' or ')}; ids: ${all.map((m) => m.id).join(', ')}`,
      );
    }
    const results = await measureAll(chosen, options.sizes.rounds, (line) =>
      process.stderr.write(`${line}\n`),
    );
    process.stdout.write(
      '\n' +
        formatReport(results, {
          quick: options.quick,
          sizes: options.sizes,
          nodeVersion: process.version,
          cpus: availableParallelism(),
          loadAverageAtStart,
          forcedGc,
        }),
    );
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await temp.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
