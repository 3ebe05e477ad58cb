import { createInterface, type Interface } from 'node:readline';
import type { CliIo } from './io';
import { jsonErrorOffset } from './static-inputs-file';

export interface InputRequestShown {
  nodeId: string;
  nodeType: string;
  hierarchyPath: string;
  inputSchema: unknown;
}

/** Stdin ended before an input was given: the run cannot go on, and waiting would hang. */
export class InputUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputUnavailableError';
  }
}

/**
 * Asks on stdin for the JSON input of a node that needs one (`node_input_required`). A line that
 * is not yet complete JSON continues on the next; bad JSON is reported and asked again. Stdin is
 * not touched until a node asks, so runs that need no input never wait on it.
 */
export class NodeInputPrompter {
  private reader: Interface | null = null;
  private readonly lines: string[] = [];
  private waiter: ((line: string | null) => void) | null = null;
  private ended = false;
  private closed = false;

  constructor(private readonly io: CliIo) {}

  /** The parsed JSON typed for the node, or null when the prompter was closed (the run ended). */
  async ask(request: InputRequestShown, retryReason?: string): Promise<{ value: unknown } | null> {
    const { io } = this;
    if (retryReason) io.warn(`input rejected: ${retryReason}`);
    else {
      io.warn(`node ${request.hierarchyPath} (${request.nodeType}) needs its input, as JSON of this schema:`);
      io.warn(indent(JSON.stringify(request.inputSchema, null, 2)));
    }
    io.warn(`input for ${request.nodeId} (JSON; end with an empty line to start over)>`);
    let buffer = '';
    for (;;) {
      const line = await this.nextLine();
      if (line === null) {
        if (this.closed) return null;
        throw new InputUnavailableError(
          `node ${request.hierarchyPath} needs its input, but stdin ended before a complete JSON value was given` +
            `${this.io.stdinIsTTY ? '' : ' (stdin is not a terminal)'}; ` +
            `give it with --static-inputs FILE holding {"${request.nodeId}": {...}}`,
        );
      }
      if (line.trim() === '') {
        if (buffer !== '') io.warn('(input cleared) >');
        buffer = '';
        continue;
      }
      buffer = buffer === '' ? line : `${buffer}\n${line}`;
      try {
        return { value: JSON.parse(buffer) as unknown };
      } catch (error) {
        const message = (error as Error).message;
        const offset = jsonErrorOffset(message, buffer);
        if (offset !== null && offset >= buffer.length) {
          io.warn('... (the JSON goes on)>');
          continue;
        }
        io.warn(`not valid JSON: ${message}; type it again>`);
        buffer = '';
      }
    }
  }

  /** Stops reading stdin; a pending `ask` resolves to null. */
  close(): void {
    this.closed = true;
    this.reader?.close();
    this.reader = null;
    this.deliver(null);
  }

  private nextLine(): Promise<string | null> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended || this.closed) return Promise.resolve(null);
    this.startReading();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private startReading(): void {
    if (this.reader) return;
    // Not a terminal interface: Ctrl-C stays a signal for the run, not a key for readline.
    this.reader = createInterface({ input: this.io.stdin, terminal: false });
    this.reader.on('line', (line) => {
      if (this.waiter) this.deliver(line);
      else this.lines.push(line);
    });
    this.reader.on('close', () => {
      this.ended = true;
      this.deliver(null);
    });
  }

  private deliver(line: string | null): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(line);
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
