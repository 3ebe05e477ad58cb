export type ReaderErrorCode = 'not_found' | 'invalid_path' | 'invalid_argument' | 'io_error' | 'cancelled';

/** An error of the run reader; its `code` survives the trip to the window as data. */
export class ReaderError extends Error {
  readonly code: ReaderErrorCode;

  constructor(code: ReaderErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'ReaderError';
  }
}
