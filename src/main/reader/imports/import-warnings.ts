import type { SourcePlace } from './import-error';

/** Something in a source file that was read anyway, or left out, and is worth telling. */
export interface ImportWarning extends SourcePlace {
  /** The trace it concerns (`0x` + 32 hex digits); null for the file as a whole. */
  traceId: string | null;
  message: string;
}

const DEFAULT_LIMIT = 200;

/** The warnings of one import: the first `limit` are kept, the rest counted. */
export class ImportWarnings {
  readonly listed: ImportWarning[] = [];
  unlisted = 0;
  private readonly limit: number;

  constructor(limit = DEFAULT_LIMIT) {
    this.limit = limit;
  }

  /** `traceId` may be bare hex, as the importer holds it. */
  add(warning: ImportWarning): void {
    if (this.listed.length >= this.limit) {
      this.unlisted++;
      return;
    }
    const { traceId } = warning;
    this.listed.push(
      traceId === null || traceId.startsWith('0x') ? warning : { ...warning, traceId: `0x${traceId}` },
    );
  }

  /** Those that concern one trace (given as bare hex), and those of the whole file. */
  of(traceId: string): ImportWarning[] {
    return this.listed.filter((warning) => warning.traceId === null || warning.traceId === `0x${traceId}`);
  }
}
