import type { CliCommand } from './command';

/** `dad <command> --help`. */
export function commandHelp(command: CliCommand): string {
  const positionals = command.positionals.map((p) => ` <${p.name}>`).join('');
  const lines = [
    `Usage: dad ${command.name}${positionals}${Object.keys(command.options).length > 0 ? ' [options]' : ''}`,
    '',
  ];
  lines.push(command.summary, '');
  if (command.positionals.length > 0) {
    lines.push('Arguments:');
    for (const p of command.positionals) lines.push(row(`<${p.name}>`, p.description));
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, spec] of Object.entries(command.options)) {
    lines.push(row(`--${name}${spec.valueName ? ` ${spec.valueName}` : ''}`, spec.description));
  }
  lines.push(row('-h, --help', 'show this help'));
  if (command.details) lines.push('', command.details);
  return lines.join('\n');
}

function row(left: string, right: string): string {
  const width = 28;
  return left.length >= width - 2
    ? `  ${left}\n  ${' '.repeat(width)}${right}`
    : `  ${left.padEnd(width)}${right}`;
}
