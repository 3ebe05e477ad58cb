import { utf8 } from '../utf8-text';
import { isFormatKey } from './format-keys';
import { TraceImportError } from './import-error';

/** A key of an object or an index of an array; the first step is the value's index among the top-level values. */
export type PathStep = string | number;

/** `descend` walks into an object or array; `capture` parses the whole value; `skip` passes over it. */
export type Selection = 'descend' | 'capture' | 'skip';

export interface JsonStreamHandlers {
  select(path: readonly PathStep[]): Selection;
  /** A captured value, parsed; `line` is the 1-based line where it starts. */
  onValue(path: readonly PathStep[], value: unknown, line: number): void;
  /** A string, number, true, false or null where `descend` was chosen (it has nothing to descend into). */
  onLeaf?(path: readonly PathStep[], value: unknown, line: number): void;
}

// Where the scanner is, between bytes.
const TOP = 0;
const OBJECT_START = 1;
const OBJECT_KEY = 2;
const KEY = 3;
const COLON = 4;
const VALUE = 5;
const ARRAY_START = 6;
const AFTER_VALUE = 7;
const SCAN = 8;

const IN_OBJECT = 0;
const IN_ARRAY = 1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON_BYTE = 0x3a;

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const SCALAR = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;
/** A value larger than this cannot be made into one string (V8 caps strings near 512 MB). */
const DEFAULT_MAX_VALUE_BYTES = 256 << 20;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === NEWLINE || byte === 0x0d || byte === 0x09;
}

/**
 * Walks a stream of JSON text (one document, or several one after another as in JSON Lines) fed
 * in chunks, and hands over only the values the handlers ask for, each parsed with `JSON.parse`.
 * Values passed over are only checked for balanced brackets and strings, not parsed, so a file of
 * hundreds of MB is read with memory for one captured value at a time.
 */
export class JsonValueStream {
  private readonly file: string;
  private readonly handlers: JsonStreamHandlers;
  private readonly maxValueBytes: number;
  private state = TOP;
  private readonly containers: number[] = [];
  private readonly nextIndex: number[] = [];
  private readonly path: PathStep[] = [];
  private topValues = 0;
  /** Bytes of a byte-order mark read at the start. */
  private bomBytes = 0;
  private halted = false;
  /** Absolute offset of the current chunk, and of the current line's first byte. */
  private base = 0;
  private lineStart = 0;
  private lineNumber = 1;
  // A key being read.
  private keyParts: Buffer[] = [];
  private keyStart = 0;
  private keyEscape = false;
  private keyEscaped = false;
  // A value being passed over or captured.
  private scanDepth = 0;
  private scanInString = false;
  private scanEscape = false;
  private scanScalar = false;
  private capturing = false;
  private wanted = false;
  private leaf = false;
  private captureStart = 0;
  private captureLine = 1;
  private captureParts: Buffer[] = [];
  private captureBytes = 0;

  constructor(file: string, handlers: JsonStreamHandlers, options: { maxValueBytes?: number } = {}) {
    this.file = file;
    this.handlers = handlers;
    this.maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
  }

  /** The line being read. */
  get line(): number {
    return this.lineNumber;
  }

  /** Top-level values read to their end. */
  get topLevelValues(): number {
    return this.topValues;
  }

  get stopped(): boolean {
    return this.halted;
  }

  /** Ignores the rest of the input (a caller that has seen enough). */
  stop(): void {
    this.halted = true;
  }

  push(chunk: Buffer): void {
    const length = chunk.length;
    let i = 0;
    // A byte-order mark, however the first chunks split it.
    while (
      i < length &&
      this.bomBytes < 3 &&
      this.base + i === this.bomBytes &&
      chunk[i] === UTF8_BOM[this.bomBytes]
    ) {
      this.bomBytes++;
      i++;
    }
    while (i < length && !this.halted) {
      if (this.state === SCAN) {
        i = this.scanValue(chunk, i);
        continue;
      }
      if (this.state === KEY) {
        i = this.readKey(chunk, i);
        continue;
      }
      const byte = chunk[i] as number;
      if (isSpace(byte)) {
        if (byte === NEWLINE) this.newLine(i);
        i++;
        continue;
      }
      i = this.structural(chunk, i, byte);
    }
    if (this.halted) return;
    if (this.state === SCAN && this.capturing) this.keepCapturedPart(chunk, length);
    if (this.state === KEY) this.keyParts.push(Buffer.from(chunk.subarray(this.keyStart, length)));
    this.captureStart = 0;
    this.keyStart = 0;
    this.base += length;
  }

  /** The input is complete: a value still open means the text was cut short. */
  end(): void {
    if (this.halted) return;
    if (this.state === SCAN && this.scanScalar && this.containers.length === 0) {
      this.finishValue(Buffer.alloc(0), 0);
      return;
    }
    if (this.state === TOP) return;
    throw new TraceImportError(
      'import_truncated',
      this.file,
      { line: this.lineNumber, location: pathText(this.path) },
      `the file ends in the middle of ${this.path.length > 1 ? 'this value' : 'a JSON value'} (cut short?)`,
    );
  }

  private structural(chunk: Buffer, i: number, byte: number): number {
    switch (this.state) {
      case TOP:
        this.path.push(this.topValues);
        return this.startValue(chunk, i, byte);
      case VALUE:
        return this.startValue(chunk, i, byte);
      case OBJECT_START:
        if (byte === CLOSE_BRACE) return this.closeContainer(i);
        if (byte === QUOTE) return this.startKey(i);
        throw this.unexpected(i, byte, 'a key or "}"');
      case OBJECT_KEY:
        if (byte === QUOTE) return this.startKey(i);
        throw this.unexpected(i, byte, 'a key');
      case COLON:
        if (byte !== COLON_BYTE) throw this.unexpected(i, byte, '":"');
        this.state = VALUE;
        return i + 1;
      case ARRAY_START:
        if (byte === CLOSE_BRACKET) return this.closeContainer(i);
        this.path.push(this.takeIndex());
        return this.startValue(chunk, i, byte);
      case AFTER_VALUE: {
        const inObject = this.containers[this.containers.length - 1] === IN_OBJECT;
        if (byte === COMMA) {
          if (inObject) this.state = OBJECT_KEY;
          else {
            this.path.push(this.takeIndex());
            this.state = VALUE;
          }
          return i + 1;
        }
        if (byte === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) return this.closeContainer(i);
        throw this.unexpected(i, byte, inObject ? '"," or "}"' : '"," or "]"');
      }
      default:
        throw new Error(`json-value-stream: unknown state ${this.state}`);
    }
  }

  private takeIndex(): number {
    const top = this.nextIndex.length - 1;
    const index = this.nextIndex[top] as number;
    this.nextIndex[top] = index + 1;
    return index;
  }

  private startValue(chunk: Buffer, i: number, byte: number): number {
    const choice = this.handlers.select(this.path);
    const opensContainer = byte === OPEN_BRACE || byte === OPEN_BRACKET;
    if (opensContainer && choice === 'descend') {
      this.containers.push(byte === OPEN_BRACE ? IN_OBJECT : IN_ARRAY);
      this.nextIndex.push(0);
      this.state = byte === OPEN_BRACE ? OBJECT_START : ARRAY_START;
      return i + 1;
    }
    const scalar = !opensContainer && byte !== QUOTE;
    if (
      scalar &&
      byte !== 0x2d &&
      !(byte >= 0x30 && byte <= 0x39) &&
      byte !== 0x74 &&
      byte !== 0x66 &&
      byte !== 0x6e
    ) {
      throw this.unexpected(i, byte, 'a value');
    }
    this.state = SCAN;
    this.scanDepth = opensContainer ? 1 : 0;
    this.scanInString = byte === QUOTE;
    this.scanEscape = false;
    this.scanScalar = scalar;
    // Scalars are short and are checked even when passed over, so their text is always kept.
    this.wanted = choice !== 'skip';
    this.leaf = choice === 'descend';
    this.capturing = this.wanted || scalar;
    this.captureStart = i;
    this.captureLine = this.lineNumber;
    this.captureParts = [];
    this.captureBytes = 0;
    return i + 1;
  }

  private scanValue(chunk: Buffer, from: number): number {
    const length = chunk.length;
    if (this.scanScalar) {
      for (let i = from; i < length; i++) {
        const byte = chunk[i] as number;
        if (isSpace(byte) || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          this.finishValue(chunk, i);
          return i;
        }
      }
      return length;
    }
    let depth = this.scanDepth;
    let inString = this.scanInString;
    let escape = this.scanEscape;
    for (let i = from; i < length; i++) {
      const byte = chunk[i] as number;
      if (inString) {
        if (escape) escape = false;
        else if (byte === BACKSLASH) escape = true;
        else if (byte === QUOTE) {
          inString = false;
          if (depth === 0) {
            this.finishValue(chunk, i + 1);
            return i + 1;
          }
        } else if (byte === NEWLINE) this.newLine(i);
        continue;
      }
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (--depth === 0) {
          this.finishValue(chunk, i + 1);
          return i + 1;
        }
      } else if (byte === NEWLINE) this.newLine(i);
    }
    this.scanDepth = depth;
    this.scanInString = inString;
    this.scanEscape = escape;
    return length;
  }

  private keepCapturedPart(chunk: Buffer, end: number): void {
    const part = chunk.subarray(this.captureStart, end);
    this.captureBytes += part.length;
    if (this.captureBytes > this.maxValueBytes) {
      throw new TraceImportError(
        'import_too_large',
        this.file,
        { line: this.captureLine, location: pathText(this.path) },
        `this value is larger than ${Math.round(this.maxValueBytes / (1 << 20))} MB and cannot be read`,
      );
    }
    // Copied: the chunk's buffer is reused for the next read.
    this.captureParts.push(Buffer.from(part));
  }

  private finishValue(chunk: Buffer, end: number): void {
    if (this.capturing) {
      const text =
        this.captureParts.length === 0
          ? utf8(chunk, this.captureStart, end)
          : Buffer.concat([...this.captureParts, chunk.subarray(this.captureStart, end)]).toString('utf8');
      this.captureParts = [];
      if (this.scanScalar && !SCALAR.test(text)) {
        throw new TraceImportError(
          'import_not_json',
          this.file,
          { line: this.captureLine, location: pathText(this.path) },
          // The file's text is never quoted: the file may be anything the user pointed at.
          'not valid JSON: something other than a value stands here',
        );
      }
      if (this.wanted) {
        let value: unknown;
        try {
          value = JSON.parse(text) as unknown;
        } catch (error) {
          throw new TraceImportError(
            'import_not_json',
            this.file,
            { line: this.captureLine, location: pathText(this.path) },
            // JSON.parse's message quotes the text; the place is enough.
            `not valid JSON (${(error as Error).name})`,
          );
        }
        if (this.leaf) this.handlers.onLeaf?.(this.path, value, this.captureLine);
        else this.handlers.onValue(this.path, value, this.captureLine);
      }
    }
    this.valueDone();
  }

  private startKey(i: number): number {
    this.state = KEY;
    this.keyStart = i + 1;
    this.keyParts = [];
    this.keyEscape = false;
    this.keyEscaped = false;
    return i + 1;
  }

  private readKey(chunk: Buffer, from: number): number {
    const length = chunk.length;
    let escape = this.keyEscape;
    for (let i = from; i < length; i++) {
      const byte = chunk[i] as number;
      if (escape) escape = false;
      else if (byte === BACKSLASH) {
        escape = true;
        this.keyEscaped = true;
      } else if (byte === QUOTE) {
        const raw =
          this.keyParts.length === 0
            ? utf8(chunk, this.keyStart, i)
            : Buffer.concat([...this.keyParts, chunk.subarray(this.keyStart, i)]).toString('utf8');
        let key = raw;
        if (this.keyEscaped) {
          try {
            key = JSON.parse(`"${raw}"`) as string;
          } catch {
            // JSON.parse's message would quote the key: the place is enough.
            throw new TraceImportError(
              'import_not_json',
              this.file,
              { line: this.lineNumber, location: pathText(this.path) },
              'not valid JSON: a key is not a valid string (a bad escape)',
            );
          }
        }
        this.path.push(key);
        this.state = COLON;
        return i + 1;
      }
    }
    this.keyEscape = escape;
    return length;
  }

  private closeContainer(i: number): number {
    this.containers.pop();
    this.nextIndex.pop();
    this.valueDone();
    return i + 1;
  }

  private valueDone(): void {
    this.path.pop();
    if (this.containers.length === 0) {
      this.state = TOP;
      this.topValues++;
    } else this.state = AFTER_VALUE;
  }

  private newLine(i: number): void {
    this.lineNumber++;
    this.lineStart = this.base + i + 1;
  }

  private unexpected(i: number, byte: number, expected: string): TraceImportError {
    const column = this.base + i - this.lineStart + 1;
    return new TraceImportError(
      'import_not_json',
      this.file,
      { line: this.lineNumber, location: pathText(this.path) },
      `not valid JSON at column ${column}: expected ${expected}, found ${byteShape(byte)}`,
    );
  }
}

/**
 * The byte that stands where JSON does not allow it. JSON's own punctuation (and `<`, the start of
 * an HTML page) and control bytes are shown; a letter, digit or any other byte only by its kind, as
 * the text around it may be anything.
 */
function byteShape(byte: number): string {
  if (byte < 0x80 && '{}[]:,"<'.includes(String.fromCharCode(byte))) return `"${String.fromCharCode(byte)}"`;
  if ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)) return 'a letter';
  if (byte >= 0x30 && byte <= 0x39) return 'a digit';
  // A control byte first in a file tells what it is (0x1f: gzip), and says nothing of its text.
  if (byte < 0x20 || byte === 0x7f) return `byte 0x${byte.toString(16).padStart(2, '0')}`;
  if (byte >= 0x80) return 'a non-ASCII byte';
  return 'a punctuation character';
}

/** `resourceSpans[0].scopeSpans[1].spans[4]`: the path inside a top-level value; null at the top. */
export function pathText(path: readonly PathStep[]): string | null {
  let text = '';
  for (let i = 1; i < path.length; i++) {
    const step = path[i] as PathStep;
    const name =
      typeof step === 'number' || isFormatKey(step) ? step : `<a key of ${step.length} characters>`;
    text += typeof name === 'number' ? `[${name}]` : text === '' ? name : `.${name}`;
  }
  return text === '' ? null : text;
}
