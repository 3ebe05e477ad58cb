/**
 * The run reader: reads run directories (this engine's and DAD's), indexes them, and answers
 * windowed queries as plain JSON. Live runs answer the same queries, fed by events.
 */
export { listRuns } from './list-runs';
export { RunIndex, type RunIndexOptions, type IndexingProgress } from './run-index';
export { LiveRunIndex, type LiveRunIndexOptions } from './live-run-index';
export { IndexedRun } from './indexed-run';
export { spanRowsOf, visibleIndexOf, type SpanRowsOptions, type SpanTreeView } from './span-rows';
export { buildSpanTree, type SpanTree } from './span-tree';
export { SpanColumns } from './span-columns';
export { readNodeFiles, hierarchySegments } from './node-files';
export { readRunRecord, type RunRecord } from './run-record';
export { readRunLock, type RunLockState } from './run-lock';
export { readRunStaticInputs } from './run-static-inputs';
export { parsePythonLiteral, type PythonLiteralResult } from './python-literal';
export { structuredValue, normaliseLogAttributes } from './attribute-values';
export { isoToMicros, microsToIso, timestampToMicros } from './iso-micros';
export { ReaderError, type ReaderErrorCode } from './reader-error';
export type * from './types';
