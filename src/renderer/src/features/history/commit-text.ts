/** A commit id as the history lists it. */
export function shortSha(sha: string): string {
  return sha.slice(0, 8);
}

/**
 * A run's own commits say `[<run_id>] Run completed at …`: beside a run column that already names
 * the run, the row shows the rest.
 */
export function subjectBesideRun(subject: string, runId: string | null): string {
  if (runId === null) return subject;
  const prefix = `[${runId}] `;
  return subject.startsWith(prefix) && subject.length > prefix.length
    ? subject.slice(prefix.length)
    : subject;
}

/** A node's own id from the dotted path a commit names it by (`agent.main.publish.write_article`). */
export function nodeIdOfPath(nodePath: string): string {
  const last = nodePath.slice(nodePath.lastIndexOf('.') + 1);
  return last === '' ? nodePath : last;
}

const RUN_BRANCH = 'run/';
/** Run ids end in what tells them apart (a time and a random suffix): a run branch's tag keeps that. */
const KEPT_RUN_ID_END = 6;

/** A ref as its tag reads: a run's branch `run/run_20260101_101500_a1b2c3` becomes `run/…a1b2c3`. */
export function refLabel(name: string): string {
  if (!name.startsWith(RUN_BRANCH) || name.length <= RUN_BRANCH.length + KEPT_RUN_ID_END + 4) return name;
  return `${RUN_BRANCH}…${name.slice(-KEPT_RUN_ID_END)}`;
}
