import type { OutcomeCommitAtTime, RunOutcomeTimeline } from '../../shared/replay-data';
import { errorMessage } from '../engine/errors';
import type { OutcomeRepository } from '../engine/outcome';
import { isoToMicros } from '../reader/iso-micros';
import type { RunQueries } from './run-queries';

/**
 * When each commit on a run's branch took effect in the run's own time, oldest first, with the
 * files it changed: what a replay needs to show the outcome files as of any moment. A commit made
 * by a node is placed at that node's end, so the outcome and the timeline agree.
 */
export async function runOutcomeTimeline(
  runId: string,
  repository: OutcomeRepository | null,
  queries: RunQueries,
): Promise<RunOutcomeTimeline> {
  if (!repository) {
    return { runId, available: false, reason: 'the project has no outcome repository yet', commits: [] };
  }
  let history;
  try {
    history = await repository.runHistory(runId, { withFiles: true });
  } catch (error) {
    return { runId, available: false, reason: errorMessage(error), commits: [] };
  }
  const own = history.filter((commit) => commit.runId === runId);
  const nodeEnds = queries.nodeEndTimes(
    own.map((commit) => commit.nodeId).filter((path): path is string => path !== null),
  );
  const runEndUs = (await queries.summary()).endUs;
  const commits = history.reverse().map((commit): OutcomeCommitAtTime => {
    const inherited = commit.runId !== runId;
    const nodeEnd = commit.nodeId !== null ? nodeEnds.get(commit.nodeId) : undefined;
    const placed: Pick<OutcomeCommitAtTime, 'timeUs' | 'timeSource'> =
      !inherited && nodeEnd !== undefined
        ? { timeUs: nodeEnd, timeSource: 'node_end' }
        : // The engine's closing commit (no node) is made as the run ends.
          !inherited && commit.nodeId === null && runEndUs !== null
          ? { timeUs: runEndUs, timeSource: 'run_end' }
          : { timeUs: dateMicros(commit.authoredAt), timeSource: 'commit_date' };
    return {
      sha: commit.sha,
      subject: commit.subject,
      nodeId: commit.nodeId,
      inherited,
      ...placed,
      files: commit.files ?? [],
    };
  });
  return { runId, available: true, reason: null, commits };
}

function dateMicros(iso: string): number {
  const micros = isoToMicros(iso);
  return Number.isNaN(micros) ? 0 : micros;
}
