import type { IndexLayout } from './protocol';

const LOGS_FILE = '.trace/logs.jsonl';

/**
 * One layout of two builds of a run: `spans` read the trace and metrics, `logs` read the logs
 * (and nothing else). Each part is taken from the build that read it; the problems are the two
 * lists one after the other, the logs' cursor pointing into the second half.
 */
export function mergeLayouts(spans: IndexLayout, logs: IndexLayout): IndexLayout {
  const problems = [...spans.meta.problems, ...logs.meta.problems];
  const logsCursor = logs.meta.cursors.logs;
  const missing =
    logsCursor.missingProblem === null ? null : logsCursor.missingProblem + spans.meta.problems.length;
  const meta = {
    ...spans.meta,
    logCount: logs.meta.logCount,
    problems,
    cursors: { ...spans.meta.cursors, logs: { ...logsCursor, missingProblem: missing } },
    files: spans.meta.files.map((file) =>
      file.file === LOGS_FILE ? (logs.meta.files.find((own) => own.file === LOGS_FILE) ?? file) : file,
    ),
    encodings: { ...spans.meta.encodings, logStrings: logs.meta.encodings.logStrings },
  };
  const sections = [
    ...spans.sections.filter(([name]) => !name.startsWith('logs.')),
    ...logs.sections.filter(([name]) => name.startsWith('logs.')),
  ];
  const writtenOver = [
    ...spans.writtenOver.filter((file) => file !== LOGS_FILE),
    ...logs.writtenOver.filter((file) => file === LOGS_FILE),
  ];
  return { meta, sections, writtenOver };
}
