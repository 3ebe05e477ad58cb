/**
 * What the replay screen is told of a finished run: the next recorded moment from a time, and when
 * each of the run's outcome commits took effect.
 */
import type { CommitFileEntry } from './compare-data';

/** Something the run recorded at one instant: a span starting or ending, or a log line. */
export interface ReplayMoment {
  /** µs since the epoch. */
  timeUs: number;
  kind: 'span_started' | 'span_ended' | 'log';
  /** The node id or span name; for a log line, its node when it has one. */
  label: string;
}

export interface OutcomeCommitAtTime {
  sha: string;
  subject: string;
  /** The `Dad-Node` trailer: the hierarchy path of the node that made the commit. */
  nodeId: string | null;
  /**
   * When the commit took effect in the run's time, µs: the end of the node that made it (so the
   * outcome and the timeline agree); the run's closing commit at the run's end; else the commit's
   * author date (second precision).
   */
  timeUs: number;
  timeSource: 'node_end' | 'run_end' | 'commit_date';
  /** Made by an earlier run this one continues (or the repository's first commit): in force from the start. */
  inherited: boolean;
  files: CommitFileEntry[];
}

export interface RunOutcomeTimeline {
  runId: string;
  available: boolean;
  /** Why there are no commits to show (no outcome repository, the run's branch is gone). */
  reason: string | null;
  /** Oldest first. */
  commits: OutcomeCommitAtTime[];
}
