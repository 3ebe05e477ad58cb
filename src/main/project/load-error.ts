import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProjectError, type SourceLocation } from './project-error';

/**
 * Turns what the TypeScript loader throws while importing an agent into an error that names the
 * file and line: a syntax error (the loader reports `ParseError: … <file>:<line>:<col>`), a throw
 * while the module runs (the first stack frame inside the project), or an import that resolves to
 * nothing (the line of the import in the file that made it).
 */
export function agentLoadError(
  error: unknown,
  context: { agentId: string; projectRoot: string; runnerFile: string },
): ProjectError {
  const shown = (file: string): string => {
    const rel = relative(context.projectRoot, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
  };
  const at = (location: SourceLocation): string =>
    `${shown(location.file)}${location.line ? `:${location.line}` : ''}${location.column ? `:${location.column}` : ''}`;
  const prefix = `cannot load agent "${context.agentId}"`;
  const err = error instanceof Error ? error : new Error(String(error));

  const parse = /ParseError:\s*([\s\S]*?)\s*\n\s*(\S+?):(\d+):(\d+)\s*$/.exec(err.message);
  if (parse?.[2]) {
    // The parser counts columns from 0; editors and the rest of this message count from 1.
    const location = { file: parse[2], line: Number(parse[3]), column: Number(parse[4]) + 1 };
    return new ProjectError(
      'agent_load_failed',
      `${prefix}: syntax error at ${at(location)}: ${parse[1]?.trim() || 'unexpected token'}${codeFrame(location, true)}`,
      { cause: error, location },
    );
  }

  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    const specifier = /Cannot find (?:module|package) '([^']+)'/.exec(err.message)?.[1];
    const requireStack = (err as { requireStack?: string[] }).requireStack;
    const importer = requireStack?.[0] ?? context.runnerFile;
    const location: SourceLocation = {
      file: importer,
      line: specifier ? lineMentioning(importer, specifier) : null,
      column: null,
    };
    return new ProjectError(
      'agent_load_failed',
      `${prefix}: ${at(location)} imports ${specifier ? `'${specifier}'` : 'a module'}, which cannot be found` +
        (specifier && !specifier.startsWith('.') && !specifier.startsWith('/')
          ? ' (agent files may import the engine as dad-run-inspector/engine, relative files, and packages installed for the project)'
          : ''),
      { cause: error, location },
    );
  }

  const frame = firstProjectFrame(err.stack ?? '', context.projectRoot);
  if (frame) {
    return new ProjectError(
      'agent_load_failed',
      `${prefix}: ${at(frame)} threw while the file was imported: ${err.name}: ${err.message}${codeFrame(frame, false)}`,
      { cause: error, location: frame },
    );
  }
  return new ProjectError(
    'agent_load_failed',
    `${prefix} from ${shown(context.runnerFile)}: ${err.message}`,
    {
      cause: error,
      location: { file: context.runnerFile, line: null, column: null },
    },
  );
}

/** The first `at … (file:line:col)` of the stack that lies in the project and outside node_modules. */
function firstProjectFrame(stack: string, projectRoot: string): SourceLocation | null {
  for (const line of stack.split('\n')) {
    const match = /^\s*at (?:.*?\()?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!match?.[1]) continue;
    const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    const rel = relative(projectRoot, file);
    if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('node_modules')) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return null;
}

function lineMentioning(file: string, specifier: string): number | null {
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex(
      (line) => line.includes(`'${specifier}'`) || line.includes(`"${specifier}"`),
    );
    return index >= 0 ? index + 1 : null;
  } catch {
    return null;
  }
}

/** The offending line, with a caret under the column when the column is exact (syntax errors). */
function codeFrame(location: SourceLocation, caret: boolean): string {
  if (!location.line) return '';
  let text: string | undefined;
  try {
    text = readFileSync(location.file, 'utf8').split('\n')[location.line - 1];
  } catch {
    return '';
  }
  if (text === undefined) return '';
  const gutter = `  ${location.line} | `;
  let frame = `\n${gutter}${text.replace(/\t/g, ' ')}`;
  if (caret && location.column) {
    frame += `\n${' '.repeat(gutter.length - 2)}| ${' '.repeat(location.column - 1)}^`;
  }
  return frame;
}
