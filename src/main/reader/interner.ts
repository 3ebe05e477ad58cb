/** Strings kept once, referred to by number; 0 stands for "none". */
export class StringInterner {
  private readonly ids = new Map<string, number>();
  readonly values: (string | null)[] = [null];

  id(text: string | null): number {
    if (text === null) return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  /** Takes the strings of a saved index, ids as they were; only into an interner still empty. */
  adopt(values: readonly (string | null)[]): void {
    if (this.values.length !== 1) throw new Error('strings can only be adopted by an empty interner');
    for (let id = 1; id < values.length; id++) {
      const text = values[id] ?? '';
      this.values.push(text);
      this.ids.set(text, id);
    }
  }

  /** The id of a string already seen, or -1 (never adds). */
  find(text: string): number {
    return this.ids.get(text) ?? -1;
  }

  /** A cached `id` for one column: consecutive lines often repeat a value (the trace id, the flow). */
  column(): (text: string | null) => number {
    let lastText: string | null = null;
    let lastId = 0;
    return (text) => {
      if (text === lastText) return lastId;
      lastText = text;
      lastId = this.id(text);
      return lastId;
    };
  }

  text(id: number): string | null {
    return this.values[id] ?? null;
  }

  get size(): number {
    return this.values.length;
  }
}
