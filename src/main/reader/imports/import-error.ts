export type TraceImportErrorCode =
  | 'import_too_large'
  | 'import_empty'
  | 'import_not_json'
  | 'import_truncated'
  | 'import_unknown_format'
  | 'import_bad_span'
  | 'import_no_spans'
  | 'import_too_many_traces'
  | 'import_cancelled'
  | 'import_io_error';

/** Where in a source file something was found. */
export interface SourcePlace {
  /** 1-based line of the file; null when the problem is the file as a whole. */
  line: number | null;
  /** JSON path inside the line's value, e.g. `resourceSpans[0].scopeSpans[1].spans[4].spanId`. */
  location: string | null;
}

/**
 * Why a trace file could not be imported. The message names the file and the place; `code`
 * survives the trip to the window as data.
 */
export class TraceImportError extends Error {
  readonly code: TraceImportErrorCode;
  readonly file: string;
  readonly line: number | null;
  readonly location: string | null;

  constructor(code: TraceImportErrorCode, file: string, place: SourcePlace, problem: string) {
    super(`${file}${placeText(place)}: ${problem}`);
    this.name = 'TraceImportError';
    this.code = code;
    this.file = file;
    this.line = place.line;
    this.location = place.location;
  }
}

/** `, line 3, data[0].spans[2]` or nothing. */
export function placeText(place: SourcePlace): string {
  return (
    (place.line === null ? '' : `, line ${place.line}`) +
    (place.location === null ? '' : `, ${place.location}`)
  );
}

export const WHOLE_FILE: SourcePlace = { line: null, location: null };
