import { create } from 'zustand';
import { onProjectSwitch } from './project-store';
import type { ComparePair } from './view-store';

interface RerunState {
  /** A re-run started from the window: when it ends, its comparison with the original opens. */
  pendingComparison: { runA: string; runB: string } | null;
  expectComparison(pair: { runA: string; runB: string }): void;
  /** Takes the pending comparison for a run that just ended, if it is the one waited for. */
  takeComparisonFor(runId: string): ComparePair | null;
  forget(): void;
}

export const useRerunStore = create<RerunState>()((set, get) => ({
  pendingComparison: null,
  expectComparison: (pair) => set({ pendingComparison: pair }),
  takeComparisonFor: (runId) => {
    const pending = get().pendingComparison;
    if (!pending || pending.runB !== runId) return null;
    set({ pendingComparison: null });
    return pending;
  },
  forget: () => set({ pendingComparison: null }),
}));

// A re-run of the project left behind must not open its comparison in the next one.
onProjectSwitch(() => useRerunStore.getState().forget());
