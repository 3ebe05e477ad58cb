export { OutcomeRepository, runBranchOf } from './outcome-repository';
export type { OutcomeRepositoryOptions, OutcomeRunBranch } from './outcome-repository';
export { RunWorktree } from './run-worktree';
export type { OutcomeCommit } from './commit-log';
export type { ChangedFile, ChangedFileStatus } from './name-status';
export { isRepositoryRelativePath, assertRepositoryRelativePath } from './repository-path';
export { runCompletionMessage, localIsoSeconds, NODE_TRAILER, RUN_TRAILER } from './commit-message';
export { OUTCOME_COMMITTER } from './repository-git';
