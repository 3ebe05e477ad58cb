/** The last lines a child wrote to stderr, kept to say why it died (bounded in lines and size). */
export class StderrTail {
  private text = '';

  constructor(
    private readonly maxLines = 12,
    private readonly maxChars = 4000,
  ) {}

  append(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.maxChars * 2);
  }

  lines(): string[] {
    return this.text
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== '')
      .slice(-this.maxLines);
  }

  /** The tail as one string of at most `maxChars` characters. */
  toString(): string {
    return this.lines().join('\n').slice(-this.maxChars);
  }

  get ranOutOfMemory(): boolean {
    return /heap out of memory|Reached heap limit|Allocation failed/i.test(this.text);
  }
}
