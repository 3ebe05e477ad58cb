import type { CallError } from '../../../../shared/contract';

/**
 * What the history shows when the graph could not be read: `none_yet` when the project simply has
 * no outcome repository (no run kept outcomes), a notice in words rather than an alarm;
 * `broken` when the folder is there but is not a usable repository; `failed` for anything else.
 */
export interface GraphFailure {
  kind: 'none_yet' | 'broken' | 'failed';
  title: string;
}

const OUTCOME_ERROR = 'outcome_repo_error';

export function describeGraphFailure(error: CallError): GraphFailure {
  if (error.code === OUTCOME_ERROR && /outcome repository \S+ does not exist/.test(error.message)) {
    return { kind: 'none_yet', title: 'No outcome history yet' };
  }
  if (error.code === OUTCOME_ERROR) {
    return { kind: 'broken', title: 'The outcome repository could not be read' };
  }
  return { kind: 'failed', title: 'Could not load the outcome history' };
}

/**
 * What the history says in place of a graph when the project has no outcome repository: a project
 * that can run agents just has not kept outcomes yet; a folder of runs never will.
 */
export function noHistoryText(isDadProject: boolean): string {
  return isDadProject
    ? 'No run of this project has committed outcome files yet: when a run’s nodes write files to the outcome repository, its commits appear here.'
    : 'This folder has no outcome repository, so it has no outcome history to show.';
}
