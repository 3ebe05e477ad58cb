import type { OutcomeFileStatus } from '../../../../shared/compare-data';
import type { OutcomeCommitAtTime } from '../../../../shared/replay-data';

/** One outcome file as it stands at a moment of the run. */
export interface OutcomeFileAtMoment {
  path: string;
  /** What the run did to it by then: added, changed, removed (renames read as added here, removed there). */
  status: OutcomeFileStatus;
  /** True when the file came from before the run (an earlier run it continues, or the repository's start). */
  inherited: boolean;
  /** The last commit that touched it by then. */
  lastCommit: OutcomeCommitAtTime;
}

export interface OutcomeAtMoment {
  /** The newest commit in force (its tree is the outcome at the moment); null before any. */
  inForce: OutcomeCommitAtTime | null;
  files: OutcomeFileAtMoment[];
  /** The run's own commits already made, and still to come. */
  made: number;
  toCome: number;
}

/**
 * The outcome files as of `asOfUs` (undefined: the run's end), from the run's commits placed in its
 * time (oldest first). Files the run never touched but inherited are listed once, as inherited.
 */
export function outcomeAsOf(
  commits: readonly OutcomeCommitAtTime[],
  asOfUs: number | undefined,
): OutcomeAtMoment {
  const files = new Map<string, OutcomeFileAtMoment>();
  let inForce: OutcomeCommitAtTime | null = null;
  let made = 0;
  let toCome = 0;
  for (const commit of commits) {
    const applied = commit.inherited || asOfUs === undefined || commit.timeUs <= asOfUs;
    if (!applied) {
      toCome++;
      continue;
    }
    if (!commit.inherited) made++;
    inForce = commit;
    for (const file of commit.files) {
      if (file.status === 'renamed' && file.oldPath) {
        files.set(file.oldPath, { ...fileOf(file.oldPath, 'removed', commit), inherited: false });
        files.set(file.path, fileOf(file.path, 'added', commit));
        continue;
      }
      const before = files.get(file.path);
      // A file the run made and then changed is still one the run added.
      const status =
        file.status === 'changed' && before && !before.inherited && before.status === 'added'
          ? 'added'
          : file.status;
      files.set(file.path, fileOf(file.path, status, commit));
    }
  }
  return {
    inForce,
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    made,
    toCome,
  };
}

function fileOf(path: string, status: OutcomeFileStatus, commit: OutcomeCommitAtTime): OutcomeFileAtMoment {
  return { path, status, inherited: commit.inherited, lastCommit: commit };
}
