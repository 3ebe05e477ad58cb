/** The trailer naming the node that made a commit. */
export const NODE_TRAILER = 'Dad-Node';
/** The trailer naming the run that made a commit. */
export const RUN_TRAILER = 'Dad-Run';

/** A node's commit message: its own text, then the trailers that say which run and node made it. */
export function nodeCommitMessage(message: string, runId: string, nodeId: string | null): string {
  const trailers = nodeId === null ? [] : [`${NODE_TRAILER}: ${nodeId}`];
  trailers.push(`${RUN_TRAILER}: ${runId}`);
  return `${message.trimEnd()}\n\n${trailers.join('\n')}\n`;
}

/** The message of a run's last commit, as DAD writes it: `[<run_id>] Run <status> at <local ISO seconds>`. */
export function runCompletionMessage(runId: string, status: string, at: Date): string {
  return `[${runId}] Run ${status} at ${localIsoSeconds(at)}`;
}

/** Local time as `YYYY-MM-DDTHH:MM:SS`, without offset (Python's `datetime.now().isoformat(timespec="seconds")`). */
export function localIsoSeconds(at: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  const year = String(at.getFullYear()).padStart(4, '0');
  return (
    `${year}-${two(at.getMonth() + 1)}-${two(at.getDate())}` +
    `T${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`
  );
}

/** The value of `key` in the message's trailer block (its last paragraph), or null. */
export function trailerValue(message: string, key: string): string | null {
  const paragraphs = message.trimEnd().split(/\n[ \t]*\n/);
  if (paragraphs.length < 2) return null;
  const prefix = `${key.toLowerCase()}:`;
  for (const line of paragraphs.at(-1)!.split('\n')) {
    if (line.toLowerCase().startsWith(prefix)) {
      const value = line.slice(prefix.length).trim();
      if (value !== '') return value;
    }
  }
  return null;
}

/** The run id of a DAD-style subject `[<run_id>] ...`, or null. */
export function runIdOfSubject(subject: string): string | null {
  return /^\[([^\]\s]+)\] /.exec(subject)?.[1] ?? null;
}
