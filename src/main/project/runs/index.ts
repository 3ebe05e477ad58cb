/** Reading run directories for the command line: the list of runs and one run's node tree. */
export { listRuns, readRunEntry, findRunDir, findRunDirs } from './run-list';
export { readRunDetail } from './run-tree';
export type { RunDetail, RunTreeNode, RunTreeKind } from './run-tree';
