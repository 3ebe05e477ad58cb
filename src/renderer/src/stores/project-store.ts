import { create } from 'zustand';
import type { CallError } from '../../../shared/contract';
import type { ProjectInfo, ProjectSuggestion, RunListEntry } from '../../../shared/run-data';
import { request } from '../api/api-client';

interface ProjectState {
  suggestions: readonly ProjectSuggestion[];
  suggestionsError: CallError | null;
  project: ProjectInfo | null;
  opening: boolean;
  openError: CallError | null;
  runs: readonly RunListEntry[];
  runsLoading: boolean;
  runsError: CallError | null;
  loadSuggestions(): Promise<void>;
  /** Opens a project folder; true when it opened. */
  openProject(path: string): Promise<boolean>;
  /** Picks up the project the service already has open (at start-up and after a reconnect). */
  restoreProject(): Promise<void>;
  loadRuns(): Promise<void>;
  applyRunsChanged(runs: readonly RunListEntry[]): void;
  setProject(project: ProjectInfo): void;
  clearOpenError(): void;
}

export const useProjectStore = create<ProjectState>()((set, get) => ({
  suggestions: [],
  suggestionsError: null,
  project: null,
  opening: false,
  openError: null,
  runs: [],
  runsLoading: false,
  runsError: null,

  loadSuggestions: async () => {
    const result = await request('projectSuggestions', undefined);
    if (result.ok) set({ suggestions: result.value, suggestionsError: null });
    else set({ suggestionsError: result.error });
  },

  openProject: async (path) => {
    set({ opening: true, openError: null });
    const result = await request('openProject', { path });
    if (!result.ok) {
      set({ opening: false, openError: result.error });
      return false;
    }
    set({ opening: false, project: result.value, runs: [] });
    void get().loadRuns();
    void get().loadSuggestions();
    return true;
  },

  restoreProject: async () => {
    const known = get().project;
    const result = await request('currentProject', undefined);
    if (!result.ok) {
      set({ openError: result.error });
      return;
    }
    if (result.value) {
      set({ project: result.value });
      void get().loadRuns();
    } else if (known) {
      // The service restarted without a project: open the one this window was showing.
      await get().openProject(known.root);
    }
  },

  loadRuns: async () => {
    set({ runsLoading: true });
    const result = await request('listRuns', undefined);
    if (result.ok) set({ runs: result.value, runsLoading: false, runsError: null });
    else set({ runsLoading: false, runsError: result.error });
  },

  // The service sends the whole list each time, so a deleted run leaves the table too.
  applyRunsChanged: (runs) => set({ runs: [...runs] }),
  setProject: (project) => set({ project }),
  clearOpenError: () => set({ openError: null }),
}));
