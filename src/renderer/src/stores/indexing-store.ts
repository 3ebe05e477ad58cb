import { create } from 'zustand';
import type { RunIndexing } from '../../../shared/contract';

export interface IndexingStoreState {
  /** How far the reading of the open run's files got, while a large run is read. */
  runId: string | null;
  indexing: RunIndexing | null;
  update(runId: string, indexing: RunIndexing): void;
  /** Forgets it (another run was opened). */
  reset(runId: string | null): void;
}

export const useIndexingStore = create<IndexingStoreState>()((set) => ({
  runId: null,
  indexing: null,
  update: (runId, indexing) => set((state) => (state.runId === runId ? { indexing } : {})),
  reset: (runId) => set({ runId, indexing: null }),
}));
