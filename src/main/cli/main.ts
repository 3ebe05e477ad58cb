import { readFileSync } from 'node:fs';
import { parseCommandArgs } from './args';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from './command';
import { commandHelp } from './help';
import { processIo, type CliIo } from './io';

/** A command that parses its own arguments (it shares its parser with another entry point). */
type RawCommand = (argv: string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  summary: string;
  /** Loaded only when used, so `dad --help` does not pay for the engine. */
  load?: () => Promise<CliCommand>;
  loadRaw?: () => Promise<RawCommand>;
}

const COMMANDS: Record<string, CommandEntry> = {
  startproject: {
    summary: 'make a new project folder',
    load: async () => (await import('./commands/startproject')).command,
  },
  'agent create': {
    summary: 'add an agent to the project, from a template that runs offline',
    load: async () => (await import('./commands/agent-create')).command,
  },
  'agent list': {
    summary: "list the project's agents",
    load: async () => (await import('./commands/agent-list')).command,
  },
  'agent run': {
    summary: 'run an agent, showing its progress node by node',
    load: async () => (await import('./commands/agent-run')).command,
  },
  'runs list': {
    summary: "list the project's runs",
    load: async () => (await import('./commands/runs-list')).command,
  },
  'runs show': {
    summary: 'show one run: metadata, summary and its node tree',
    load: async () => (await import('./commands/runs-show')).command,
  },
  'runs diff': {
    summary: 'compare two runs: nodes, outcome files, tokens, cost and time',
    loadRaw: async () => {
      const { runRunsDiffCommand } = await import('../compare/runs-diff-command');
      return (argv, io) =>
        runRunsDiffCommand(argv, {
          stdout: { write: (text: string) => io.write(text) },
          stderr: { write: (text: string) => io.warn(text.replace(/\n$/, '')) },
          cwd: io.cwd,
        });
    },
  },
  serve: {
    summary: 'serve the inspector window to a browser (127.0.0.1 unless told otherwise)',
    loadRaw: async () => (await import('../web/serve-command')).runServeCommand,
  },
};

const GROUPS = new Set(['agent', 'runs']);

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 4;
  return [
    'Usage: dad <command> [options]',
    '',
    'Run DAD agents and look at their runs.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}${entry.summary}`),
    '',
    'Run `dad <command> --help` for the options of a command.',
  ].join('\n');
}

function groupHelp(group: string): string {
  return [
    `Usage: dad ${group} <command> [options]`,
    '',
    'Commands:',
    ...Object.entries(COMMANDS)
      .filter(([name]) => name.startsWith(`${group} `))
      .map(([name, entry]) => `  ${name.padEnd(16)}${entry.summary}`),
  ].join('\n');
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Which command the arguments name, and the arguments left for it. */
function pickCommand(argv: string[]): { name: string; rest: string[] } | { help: string } {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help')
    return { help: mainHelp() };
  if (GROUPS.has(first)) {
    if (second === undefined || second === '--help' || second === '-h') return { help: groupHelp(first) };
    const name = `${first} ${second}`;
    if (!COMMANDS[name]) {
      throw new UsageError(
        `\`dad ${first}\` has no command "${second}"; run \`dad ${first} --help\` to see its commands`,
      );
    }
    return { name, rest: argv.slice(2) };
  }
  if (!COMMANDS[first]) {
    throw new UsageError(`unknown command "${first}"; run \`dad --help\` to see the commands`);
  }
  return { name: first, rest: argv.slice(1) };
}

/** Runs `dad` with the arguments after the program name; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    if (argv[0] === '--version' || argv[0] === '-v') {
      io.print(version());
      return EXIT_OK;
    }
    const picked = pickCommand(argv);
    if ('help' in picked) {
      io.print(picked.help);
      return EXIT_OK;
    }
    const entry = COMMANDS[picked.name] as CommandEntry;
    if (entry.loadRaw) return await (await entry.loadRaw())(picked.rest, io);
    const command = await (entry.load as () => Promise<CliCommand>)();
    const args = parseCommandArgs(command, picked.rest);
    if (args === null) {
      io.print(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.warn(`dad: ${error.message}`);
      return EXIT_USAGE;
    }
    io.warn(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DAD_DEBUG && error instanceof Error && error.stack) io.warn(error.stack);
    return EXIT_FAILED;
  }
}
