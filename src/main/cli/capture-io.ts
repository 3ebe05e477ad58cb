import { Readable } from 'node:stream';
import type { CliIo } from './io';

/** Test helper: a CliIo whose output is collected in strings. */
export function captureIo(
  cwd: string,
  stdinText = '',
): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    print: (line) => (out += `${line}\n`),
    write: (text) => (out += text),
    warn: (line) => (err += `${line}\n`),
    stdin: Readable.from([stdinText]),
    stdinIsTTY: false,
    cwd,
    onInterrupt: () => () => {},
    exitNow: (code) => {
      throw new Error(`exit ${code}`);
    },
    stdout: () => out,
    stderr: () => err,
  };
}
