import type { RunNotice } from '../../shared/contract';
import type { RunEvent } from '../../shared/run-events';

const STDERR_HEADING = /;? ?last stderr lines:$/;

/**
 * An error in one line for a notification: its first line, and for a process that died (whose
 * reason ends by quoting its stderr) the last line it wrote there, which usually names the cause.
 */
export function oneLineReason(error: string): string {
  const lines = error.split('\n');
  const first = (lines[0] ?? '').trim();
  let line = first;
  if (STDERR_HEADING.test(first)) {
    const lastWritten = lines
      .slice(1)
      .map((each) => each.trim())
      .filter(Boolean)
      .at(-1);
    line = first.replace(STDERR_HEADING, '') + (lastWritten ? ` (${lastWritten})` : '');
  }
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * What the user is told about `event` of a run this app started: its end (with the reason when it
 * did not complete) or a node waiting for input; null for every other event.
 */
export function noticeFor(
  event: RunEvent,
  started: { agentId: string; projectRoot: string },
): RunNotice | null {
  const { agentId, projectRoot } = started;
  if (event.type === 'run_ended') {
    const reason = event.error ? `: ${oneLineReason(event.error)}` : '';
    const message =
      event.status === 'completed' ? `${agentId} completed` : `${agentId} ${event.status}${reason}`;
    return { runId: event.runId, agentId, projectRoot, kind: 'ended', status: event.status, message };
  }
  if (event.type === 'node_input_required') {
    return {
      runId: event.runId,
      agentId,
      projectRoot,
      kind: 'input-needed',
      status: null,
      message: `${agentId} waits for input at ${event.hierarchyPath}`,
    };
  }
  return null;
}
