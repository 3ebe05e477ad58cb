import { create } from 'zustand';
import type { ConnectionStatus } from '../api/ws-client';

interface ConnectionState {
  kind: 'desktop' | 'browser' | null;
  status: ConnectionStatus;
  /** Counts successful connections; views re-subscribe and re-fetch when it changes. */
  generation: number;
  setKind(kind: 'desktop' | 'browser'): void;
  setStatus(status: ConnectionStatus): void;
}

export const useConnectionStore = create<ConnectionState>()((set) => ({
  kind: null,
  status: { state: 'connecting', attempt: 0 },
  generation: 0,
  setKind: (kind) => set({ kind }),
  setStatus: (status) =>
    set((state) => ({
      status,
      generation: status.state === 'open' ? status.generation : state.generation,
    })),
}));
