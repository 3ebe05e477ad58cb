import type { CliIo } from './io';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help after the option name, for string options: `--project-root PATH`. */
  valueName?: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** One `dad` command: what it takes (for parsing and help) and what it does; returns the exit code. */
export interface CliCommand {
  /** As typed after `dad`: `agent run`. */
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  options: Record<string, OptionSpec>;
  /** Further help text, shown after the options. */
  details?: string;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** A mistake in how a command was called: exit code 2, with a hint of what to do. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
