import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FormatReader } from './format-reader';
import { TraceImportError, WHOLE_FILE } from './import-error';
import type { TraceFormat } from './import-record';
import { ImportStaging, type ImportedRun } from './import-staging';
import { ImportWarnings, type ImportWarning } from './import-warnings';
import { jaegerReader } from './jaeger-trace';
import { JsonValueStream } from './json-value-stream';
import { otlpReader } from './otlp-trace';
import { NOT_REGULAR, streamJsonFile } from './stream-file';
import { detectTraceFormat } from './trace-format';
import { zipkinReader } from './zipkin-trace';

export interface ImportTraceOptions {
  /** Larger files are refused; 1 GiB by default. */
  maxBytes?: number;
  /** Files with more traces are refused (each trace becomes a run); 1,000 by default. */
  maxTraces?: number;
  /** The format, when the caller knows it; detected from the file otherwise. */
  format?: TraceFormat;
  /** Bytes read at a time; 1 MB by default. */
  chunkBytes?: number;
  /** Stops the import between chunks; nothing is left written. */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  /** The file is read twice: once for resources and processes, once for the spans. */
  phase: 'scanning' | 'converting';
  bytesRead: number;
  totalBytes: number;
}

export interface ImportedTrace {
  format: TraceFormat;
  /** Absolute path of the file read. */
  sourceFile: string;
  /** One run per trace in the file, in the order their first spans appear. */
  runs: ImportedRun[];
  /** What was read anyway or left out (at most 200; `unlistedWarnings` counts the rest). */
  warnings: ImportWarning[];
  unlistedWarnings: number;
}

const READERS: Record<TraceFormat, (file: string, warnings: ImportWarnings) => FormatReader> = {
  'otlp-json': otlpReader,
  'jaeger-json': jaegerReader,
  'zipkin-json': zipkinReader,
};

export const DEFAULT_MAX_IMPORT_BYTES = 1 << 30;
export const DEFAULT_MAX_IMPORT_TRACES = 1000;

/**
 * Reads an OpenTelemetry OTLP/JSON trace export, a Jaeger JSON trace or a Zipkin v2 JSON trace
 * (plain or gzip-compressed, whatever the file's name) and writes one run
 * directory per trace under `runsDir`: `.trace/trace.jsonl` in the reader's span shape and
 * `.trace/import.json` saying where it came from and what such a file does not carry. The file is
 * streamed (read twice, never held whole); all runs appear at once when the whole file has been
 * read, or none do. Throws a `TraceImportError` naming the file and the place for bad input.
 */
export async function importTraceFile(
  sourcePath: string,
  runsDir: string,
  options: ImportTraceOptions = {},
): Promise<ImportedTrace> {
  const sourceFile = resolve(sourcePath);
  const sourceBytes = await sizeOf(sourceFile);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (sourceBytes > maxBytes) {
    throw new TraceImportError(
      'import_too_large',
      sourceFile,
      WHOLE_FILE,
      `the file is ${megabytes(sourceBytes)}, more than the ${megabytes(maxBytes)} that can be imported`,
    );
  }
  if (sourceBytes === 0)
    throw new TraceImportError('import_empty', sourceFile, WHOLE_FILE, 'the file is empty');
  const format = options.format ?? (await detectTraceFormat(sourceFile, { chunkBytes: options.chunkBytes }));
  const warnings = new ImportWarnings();
  const reader: FormatReader = READERS[format](sourceFile, warnings);
  const progress = (phase: ImportProgress['phase']) => (bytesRead: number) =>
    options.onProgress?.({ phase, bytesRead, totalBytes: sourceBytes });

  const contextStream: JsonValueStream = new JsonValueStream(
    sourceFile,
    reader.contextHandlers(() => contextStream.line),
  );
  await streamJsonFile(sourceFile, contextStream, {
    chunkBytes: options.chunkBytes,
    signal: options.signal,
    afterChunk: progress('scanning'),
  });

  const staging = await ImportStaging.create(runsDir, {
    file: sourceFile,
    maxTraces: options.maxTraces ?? DEFAULT_MAX_IMPORT_TRACES,
    warnings,
  });
  try {
    const toProgress = progress('converting');
    const spanStream = new JsonValueStream(
      sourceFile,
      reader.spanHandlers((span, place) => staging.add(span, place)),
    );
    await streamJsonFile(sourceFile, spanStream, {
      chunkBytes: options.chunkBytes,
      signal: options.signal,
      afterChunk: async (bytesRead) => {
        toProgress(bytesRead);
        await staging.flushIfFull();
      },
    });
    if (staging.spanCount === 0) {
      throw new TraceImportError(
        'import_no_spans',
        sourceFile,
        WHOLE_FILE,
        format === 'otlp-json'
          ? 'the export holds no spans (its resourceSpans hold none)'
          : 'the file holds no spans (its traces hold none)',
      );
    }
    await staging.finish({ format, sourceFile, sourceBytes });
    if (options.signal?.aborted)
      throw new TraceImportError('import_cancelled', sourceFile, WHOLE_FILE, 'the import was cancelled');
    const runs = await staging.commit(sourceFile);
    return { format, sourceFile, runs, warnings: warnings.listed, unlistedWarnings: warnings.unlisted };
  } finally {
    await staging.discard();
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      // Opening a FIFO would wait for a writer; a device may never end.
      throw new TraceImportError('import_io_error', file, WHOLE_FILE, NOT_REGULAR);
    }
    return info.size;
  } catch (error) {
    if (error instanceof TraceImportError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new TraceImportError(
      'import_io_error',
      file,
      WHOLE_FILE,
      missing ? 'the file does not exist' : `cannot read: ${(error as Error).message}`,
    );
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(bytes < 10 << 20 ? 1 : 0)} MB`;
}
