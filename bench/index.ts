import { availableParallelism, loadavg } from 'node:os';
import { bareWriteMeasurements } from './bare-writes';
import { GeneratedRuns } from './browser-runs';
import { engineMeasurements } from './engine-per-node';
import { forcedGc } from './heap';
import { historyAndCompareSuites } from './history-compare';
import { indexingFairnessSuite } from './indexing-fairness';
import { langGraphMeasurements } from './langgraph-flow';
import { liveSuite } from './live-events';
import { measureAll, type Measurement } from './measure';
import { parseBenchArgs, USAGE, type BenchOptions } from './options';
import { readerSuites } from './reader-scale';
import { replaySuite } from './replay-seek';
import { rendererMemorySuite } from './renderer-memory';
import { formatReport, machineLine } from './report';
import { chooseScaleSuites, type ScaleSuite } from './scale-suite';
import { TempRoot } from './temp-root';
import { framesSuite } from './timeline-frames';

const progress = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `npm run bench -- [--quick] [filter]`: progress goes to stderr, the report to stdout, section by
 * section as each is measured.
 */
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
  // The window and replay suites share their generated runs; removed when the bench ends.
  const generatedRuns = new GeneratedRuns(temp);
  try {
    const engineAll: Measurement[] = [
      ...engineMeasurements(options.sizes, temp),
      ...bareWriteMeasurements(options.sizes, temp),
      ...langGraphMeasurements(options.sizes),
    ];
    // The named-only suites are too long for a quick bench.
    const scaleAll = [
      ...readerSuites(options.scale, temp),
      ...historyAndCompareSuites(options.scale),
      liveSuite(options.scale, temp),
      framesSuite(options.scale, generatedRuns, temp),
      rendererMemorySuite(options.scale, generatedRuns, temp),
      replaySuite(options.scale, generatedRuns),
      (await import('./big-values')).bigValuesSuite(temp),
      indexingFairnessSuite(temp),
      (await import('./busy-agent-calls')).busyAgentSuite(temp),
      (await import('./diff-layout')).diffLayoutSuite(),
      (await import('./reopen')).reopenSuite(temp),
      (await import('./runs-list')).runsListSuite(temp),
    ].filter((suite) => !(options.quick && suite.onlyWhenNamed));
    const engineChosen =
      options.filters.length === 0
        ? engineAll
        : engineAll.filter((m) => options.filters.some((filter) => m.id.includes(filter)));
    const scaleChosen = chooseScaleSuites(scaleAll, options.filters);
    if (engineChosen.length === 0 && scaleChosen.length === 0) {
      throw new Error(
        `no measurement id contains ${options.filters.map((f) => JSON.stringify(f)).join(' or ')}; ids: ` +
          [...engineAll.map((m) => m.id), ...scaleAll.map((s) => s.id)].join(', ') +
          (options.quick ? ' (reader-1m runs only without --quick)' : ''),
      );
    }

    const context = {
      quick: options.quick,
      sizes: options.sizes,
      nodeVersion: process.version,
      cpus: availableParallelism(),
      loadAverageAtStart,
      forcedGc,
    };
    if (engineChosen.length > 0) {
      const results = await measureAll(engineChosen, options.sizes.rounds, progress);
      process.stdout.write('\n' + formatReport(results, context));
    } else {
      process.stdout.write(
        `\nScale benchmarks (${options.quick ? 'quick' : 'full'})\n${machineLine(context)}\n`,
      );
    }
    await runScaleSuites(scaleChosen, options);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await generatedRuns.dispose();
    await temp.dispose();
  }
}

/** Each suite prints its section when done; one that fails is reported and the others still run. */
async function runScaleSuites(suites: readonly ScaleSuite[], options: BenchOptions): Promise<void> {
  for (const suite of suites) {
    let lines: string[];
    try {
      lines = await suite.run(progress);
    } catch (error) {
      lines = [
        `${suite.id} (${options.quick ? 'quick' : 'full'}): FAILED: ${error instanceof Error ? error.message : String(error)}`,
      ];
      process.exitCode = 1;
    }
    process.stdout.write('\n' + lines.join('\n') + '\n');
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
