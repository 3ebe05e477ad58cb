/** Opening traces others wrote (OTLP/JSON, Jaeger JSON) as run directories the reader can open. */
export {
  importTraceFile,
  DEFAULT_MAX_IMPORT_BYTES,
  DEFAULT_MAX_IMPORT_TRACES,
  type ImportTraceOptions,
  type ImportProgress,
  type ImportedTrace,
} from './import-trace-file';
export type { ImportedRun } from './import-staging';
export { detectTraceFormat } from './trace-format';
export {
  readImportRecord,
  IMPORT_RECORD_FILE,
  NOT_CARRIED,
  type ImportRecord,
  type ImportRecordRead,
  type NotCarried,
  type RunFromFile,
  type TraceFormat,
} from './import-record';
export type { ImportWarning } from './import-warnings';
export { TraceImportError, type TraceImportErrorCode, type SourcePlace } from './import-error';
