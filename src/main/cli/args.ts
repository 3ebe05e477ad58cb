import { parseArgs } from 'node:util';
import { UsageError, type CliCommand, type ParsedArgs } from './command';

/** Parses a command's arguments strictly; `null` means `--help` was asked for. */
export function parseCommandArgs(command: CliCommand, argv: string[]): ParsedArgs | null {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      `${describeParseError(error, command)}; run \`dad ${command.name} --help\` for how to use it`,
    );
  }
  if (parsed.values.help) return null;
  const positionals = parsed.positionals;
  const missing = command.positionals.slice(positionals.length);
  if (missing[0]) {
    throw new UsageError(
      `\`dad ${command.name}\` needs <${missing[0].name}> (${missing[0].description}); ` +
        `run \`dad ${command.name} --help\` for how to use it`,
    );
  }
  if (positionals.length > command.positionals.length) {
    const takes =
      command.positionals.length === 0
        ? 'no arguments'
        : `only ${command.positionals.map((p) => `<${p.name}>`).join(' ')}`;
    const extra = positionals.slice(command.positionals.length).join(' ');
    throw new UsageError(
      `\`dad ${command.name}\` takes ${takes}, not "${extra}"; run \`dad ${command.name} --help\``,
    );
  }
  return { values: parsed.values as ParsedArgs['values'], positionals };
}

function describeParseError(error: unknown, command: CliCommand): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'an option';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option} for \`dad ${command.name}\``;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const spec = command.options[option.replace(/^-+/, '')];
      if (spec?.type !== 'string') return `option ${option} takes no value`;
      return `option ${option} needs a value${spec.valueName ? ` (${option} ${spec.valueName})` : ''}`;
    }
    default:
      return message;
  }
}

/** A string option's value, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
