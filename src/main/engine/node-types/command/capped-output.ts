/** Collects a stream's bytes up to a limit and counts what it had to drop. */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private keptBytes = 0;
  private droppedBytes = 0;

  constructor(private readonly maxBytes: number) {}

  append(chunk: Buffer): void {
    const room = this.maxBytes - this.keptBytes;
    if (room >= chunk.length) {
      this.chunks.push(chunk);
      this.keptBytes += chunk.length;
      return;
    }
    if (room > 0) {
      this.chunks.push(chunk.subarray(0, room));
      this.keptBytes += room;
    }
    this.droppedBytes += chunk.length - Math.max(room, 0);
  }

  get bytesCut(): number {
    return this.droppedBytes;
  }

  toString(): string {
    const text = Buffer.concat(this.chunks, this.keptBytes).toString('utf8');
    if (this.droppedBytes === 0) return text;
    return `${text}\n[output truncated: ${this.droppedBytes} bytes cut after the first ${this.maxBytes} bytes]`;
  }
}
