import { create } from 'zustand';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { useReplayStore } from '../../stores/replay-store';
import { useViewStore } from '../../stores/view-store';

/** A span to select as soon as its row is held: its place among the rows when it was asked for. */
export interface RevealTarget {
  runId: string;
  spanId: string;
  index: number;
}

interface RevealState {
  target: RevealTarget | null;
  /** Bumped by every reveal, so the same span asked for twice is scrolled to twice. */
  sequence: number;
  done(target: RevealTarget): void;
}

export const useSpanReveal = create<RevealState>()((set) => ({
  target: null,
  sequence: 0,
  done: (target) => set((state) => (state.target === target ? { target: null } : {})),
}));

/**
 * Selects a span of the run wherever its row is: the service expands the collapsed spans above it
 * and says where its row is; the timeline scrolls there, and selects it once the row is fetched.
 */
export async function revealSpan(
  runId: string,
  spanId: string,
): Promise<{ found: boolean } | { error: CallError }> {
  const view = useViewStore.getState();
  const replay = useReplayStore.getState();
  // In a replay the rows are those of the replayed moment.
  const asOf = replay.runId === runId ? replay.asOfUs : undefined;
  const result = await request('spanRowIndex', { runId, spanId, collapsed: [...view.collapsed], asOf });
  if (!result.ok) return { error: result.error };
  if (result.value.index < 0) return { found: false };
  const keep = new Set(result.value.collapsed);
  for (const id of view.collapsed) if (!keep.has(id)) useViewStore.getState().setCollapsed(id, false);
  useSpanReveal.setState((state) => ({
    target: { runId, spanId, index: result.value.index },
    sequence: state.sequence + 1,
  }));
  return { found: true };
}
