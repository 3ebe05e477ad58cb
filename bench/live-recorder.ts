import type { EventBatch } from '../src/shared/contract';
import type { RunEvent } from '../src/shared/run-events';
import { EMIT_HIERARCHY_PATH, type EmitResult } from './live-project';

export interface RunEnd {
  status: string;
  error: string | null;
}

/**
 * What the client saw of one run: for each emitted delta (by its sequence number) the delay from
 * its publish to the arrival of the message that carried it, plus how the events were batched.
 */
export class DeltaRecorder {
  /** Delay in ms by sequence number; NaN until received. */
  readonly delays: Float64Array;
  received = 0;
  duplicates = 0;
  outOfOrder = 0;
  /** Deltas of the emitting node whose text is not "<sequence> <time>" or whose sequence is too big. */
  malformed = 0;
  /** Messages pushed to this client, and those that carried at least one delta. */
  batches = 0;
  batchesWithDeltas = 0;
  readonly deltasPerBatch: number[] = [];
  firstDeltaAt = NaN;
  lastDeltaAt = NaN;
  /** The callback's own count, from its node_completed event. */
  emitResult: EmitResult | null = null;
  readonly runEnded: Promise<RunEnd>;

  private runId: string | null = null;
  private lastSequence = -1;
  private resolveRunEnded: (end: RunEnd) => void = () => {};

  constructor(readonly expected: number) {
    this.delays = new Float64Array(expected).fill(NaN);
    this.runEnded = new Promise((resolve) => (this.resolveRunEnded = resolve));
  }

  watch(runId: string): void {
    this.runId = runId;
  }

  onBatch(batch: EventBatch, receivedAt: number): void {
    this.batches++;
    let deltas = 0;
    for (const pushed of batch.events) {
      if (pushed.type !== 'run.events' || pushed.runId !== this.runId) continue;
      for (const event of pushed.events) {
        if (event.type === 'node_output_delta' && event.hierarchyPath === EMIT_HIERARCHY_PATH) {
          deltas++;
          this.recordDelta(event.text, receivedAt);
        } else this.recordOther(event);
      }
    }
    if (deltas === 0) return;
    this.batchesWithDeltas++;
    this.deltasPerBatch.push(deltas);
    if (Number.isNaN(this.firstDeltaAt)) this.firstDeltaAt = receivedAt;
    this.lastDeltaAt = receivedAt;
  }

  private recordDelta(text: string, receivedAt: number): void {
    const [sequenceText, emittedAtText] = text.split(' ');
    const sequence = Number(sequenceText);
    const emittedAt = Number(emittedAtText);
    if (
      !Number.isInteger(sequence) ||
      sequence < 0 ||
      sequence >= this.expected ||
      !Number.isFinite(emittedAt)
    ) {
      this.malformed++;
      return;
    }
    if (!Number.isNaN(this.delays[sequence] as number)) {
      this.duplicates++;
      return;
    }
    if (sequence < this.lastSequence) this.outOfOrder++;
    this.lastSequence = Math.max(this.lastSequence, sequence);
    this.delays[sequence] = receivedAt - emittedAt;
    this.received++;
  }

  private recordOther(event: RunEvent): void {
    if (event.type === 'node_completed' && event.hierarchyPath === EMIT_HIERARCHY_PATH) {
      const outcome = event.result.outcome as { callable_result?: EmitResult } | undefined;
      this.emitResult = outcome?.callable_result ?? null;
    } else if (event.type === 'run_ended') {
      this.resolveRunEnded({ status: event.status, error: event.error });
    }
  }
}
