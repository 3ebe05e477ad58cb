import { create } from 'zustand';
import { onProjectSwitch } from './project-store';

/** A node of an ended run to re-run from, asked for by the menu rather than the node pane. */
export interface RerunRequest {
  runId: string;
  agentId: string;
  nodeId: string;
  hierarchyPath: string;
}

interface RerunRequestState {
  request: RerunRequest | null;
  ask(request: RerunRequest): void;
  clear(): void;
}

export const useRerunRequestStore = create<RerunRequestState>()((set) => ({
  request: null,
  ask: (request) => set({ request }),
  clear: () => set({ request: null }),
}));

// The node asked for is a node of the project left behind.
onProjectSwitch(() => useRerunRequestStore.getState().clear());
