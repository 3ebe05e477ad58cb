import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatSpanId, parseSpanId, SpanIdTable, type SpanIdParts } from '../span-id';
import type { SourcePlace } from './import-error';
import type { ImportWarnings } from './import-warnings';
import { spanLineText, type ImportedSpan } from './imported-span';
import { findParentLoops, type ParentLoop } from './parent-loops';
import { Uint32List } from './uint32-list';

/** Parents not in the file, and parent loops: a few of each are listed per trace, the rest counted in one line. */
const LISTED_PER_KIND = 20;

/**
 * One trace's run directory while it is being written (under a temporary name): its span lines,
 * buffered and appended in large writes, and what is needed to check its spans at the end (ids,
 * parents, the line each span came from).
 */
export class StagedTrace {
  readonly traceId: string;
  readonly dir: string;
  spanCount = 0;
  /** µs; Infinity / -Infinity until a span has one. */
  startUs = Number.POSITIVE_INFINITY;
  endUs = Number.NEGATIVE_INFINITY;
  readonly services = new Set<string>();
  private readonly ids = new SpanIdTable(1024);
  private readonly spanLines = new Uint32List();
  /** Each span's id halves, by row (to name the spans of a parent loop). */
  private readonly rowHi = new Uint32List();
  private readonly rowLo = new Uint32List();
  /** Per span with a parent: its id's halves, its line, and the parent id's halves. */
  private readonly childHi = new Uint32List();
  private readonly childLo = new Uint32List();
  private readonly childLine = new Uint32List();
  private readonly parentHi = new Uint32List();
  private readonly parentLo = new Uint32List();
  private pending: string[] = [];
  private pendingChars = 0;
  private created = false;
  private readonly parts: SpanIdParts = { hi: 0, lo: 0 };

  constructor(traceId: string, dir: string) {
    this.traceId = traceId;
    this.dir = dir;
  }

  get tracePath(): string {
    return join(this.dir, '.trace', 'trace.jsonl');
  }

  /** Adds the span's line; returns the characters buffered, 0 when the span was left out (a repeated id). */
  add(span: ImportedSpan, place: SourcePlace, warnings: ImportWarnings): number {
    const parts = this.parts;
    parseSpanId(span.spanId, parts);
    const row = this.spanCount;
    const existing = this.ids.add(parts.hi, parts.lo, row);
    if (existing !== row) {
      warnings.add({
        traceId: this.traceId,
        ...place,
        message: `span id 0x${span.spanId} appears twice (first on line ${this.spanLines.at(existing)}): this one is left out`,
      });
      return 0;
    }
    this.spanLines.push(place.line ?? 0);
    this.rowHi.push(parts.hi);
    this.rowLo.push(parts.lo);
    const spanHi = parts.hi;
    const spanLo = parts.lo;
    if (span.parentId !== null && parseSpanId(span.parentId, parts)) {
      this.childHi.push(spanHi);
      this.childLo.push(spanLo);
      this.childLine.push(place.line ?? 0);
      this.parentHi.push(parts.hi);
      this.parentLo.push(parts.lo);
    }
    this.spanCount++;
    if (span.startUs < this.startUs) this.startUs = span.startUs;
    const end = span.endUs ?? span.startUs;
    if (end > this.endUs) this.endUs = end;
    if (span.serviceName !== null) this.services.add(span.serviceName);
    const line = spanLineText(span);
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    return line.length + 1;
  }

  get bufferedChars(): number {
    return this.pendingChars;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    if (!this.created) {
      await mkdir(join(this.dir, '.trace'), { recursive: true });
      this.created = true;
    }
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.pendingChars = 0;
    await appendFile(this.tracePath, text, 'utf8');
  }

  /**
   * Warns of spans whose parent is not in the trace (they are kept, and the reader draws a
   * placeholder parent), of spans that name themselves as parent, and of parent loops (the reader
   * breaks each at one span, shown as a root).
   */
  checkParents(warnings: ImportWarnings): void {
    const parentRow = new Int32Array(this.spanCount).fill(-1);
    let missing = 0;
    for (let i = 0; i < this.childHi.length; i++) {
      const hi = this.parentHi.at(i);
      const lo = this.parentLo.at(i);
      const parent = this.ids.get(hi, lo);
      if (parent >= 0) {
        parentRow[this.ids.get(this.childHi.at(i), this.childLo.at(i))] = parent;
        continue;
      }
      missing++;
      if (missing > LISTED_PER_KIND) continue;
      warnings.add({
        traceId: this.traceId,
        line: this.childLine.at(i) || null,
        location: null,
        message: `span ${formatSpanId(this.childHi.at(i), this.childLo.at(i))} names parent ${formatSpanId(hi, lo)}, which is not in the file: the span is kept, under a placeholder for the missing parent`,
      });
    }
    if (missing > LISTED_PER_KIND) {
      warnings.add({
        traceId: this.traceId,
        line: null,
        location: null,
        message: `${missing - LISTED_PER_KIND} more spans of trace 0x${this.traceId} have a parent that is not in the file`,
      });
    }
    this.warnLoops(findParentLoops(parentRow), warnings);
  }

  private warnLoops(loops: ParentLoop[], warnings: ImportWarnings): void {
    for (const loop of loops.slice(0, LISTED_PER_KIND)) {
      const line = this.spanLines.at(loop.cutAt) || null;
      const cut = this.spanIdOf(loop.cutAt);
      const others = loop.members.slice(1);
      warnings.add({
        traceId: this.traceId,
        line,
        location: null,
        message:
          others.length === 0
            ? `span ${cut} names itself as its parent: it is shown as a root`
            : `spans ${[cut, ...others.slice(0, 3).map((row) => this.spanIdOf(row))].join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''} name each other as parents in a cycle: the cycle is broken at span ${cut}, shown as a root`,
      });
    }
    if (loops.length > LISTED_PER_KIND) {
      warnings.add({
        traceId: this.traceId,
        line: null,
        location: null,
        message: `${loops.length - LISTED_PER_KIND} more parent cycles in trace 0x${this.traceId}, each broken at one span`,
      });
    }
  }

  /** `0x` + 16 hex digits of the span on a row. */
  private spanIdOf(row: number): string {
    return formatSpanId(this.rowHi.at(row), this.rowLo.at(row));
  }
}
