import { create } from 'zustand';
import type { CallError, OpenKind, Result } from '../../../shared/contract';
import type { ProjectInfo, ProjectSuggestion, RunListEntry } from '../../../shared/run-data';
import { request } from '../api/api-client';
import { uploadTraceFile, type UploadableFile } from '../api/trace-upload';

/** A trace file on its way to the service (a browser window has no path to give). */
export interface TraceUploadProgress {
  fileName: string;
  sentBytes: number;
  totalBytes: number;
}

// Held outside the state: nothing renders from it.
let uploadAbort: AbortController | null = null;

interface ProjectState {
  suggestions: readonly ProjectSuggestion[];
  suggestionsError: CallError | null;
  project: ProjectInfo | null;
  opening: boolean;
  openError: CallError | null;
  /** Something the user should know about the last opening that is no error (dropped files ignored). */
  openNote: string | null;
  upload: TraceUploadProgress | null;
  runs: readonly RunListEntry[];
  runsLoading: boolean;
  runsError: CallError | null;
  loadSuggestions(): Promise<void>;
  /** Opens a project folder; true when it opened. */
  openProject(path: string): Promise<boolean>;
  /** The desktop app's open dialog, then opens what was chosen; false when cancelled or failed. */
  chooseAndOpen(kind: OpenKind): Promise<boolean>;
  /** Uploads a trace file (from a browser window) and opens it; true when it opened. */
  uploadAndOpen(file: UploadableFile): Promise<boolean>;
  /** Stops the upload under way; its opening then ends as cancelled. */
  cancelUpload(): void;
  /** Shows why something could not be opened without asking the service (a dropped folder). */
  refuseOpening(error: CallError): void;
  setOpenNote(note: string | null): void;
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
  openNote: null,
  upload: null,
  runs: [],
  runsLoading: false,
  runsError: null,

  loadSuggestions: async () => {
    const result = await request('projectSuggestions', undefined);
    if (result.ok) set({ suggestions: result.value, suggestionsError: null });
    else set({ suggestionsError: result.error });
  },

  openProject: (path) => opening(() => request('openProject', { path })),

  chooseAndOpen: (kind) => opening(() => request('chooseAndOpen', { kind })),

  uploadAndOpen: async (file) => {
    uploadAbort?.abort();
    const abort = new AbortController();
    uploadAbort = abort;
    set({ upload: { fileName: file.name, sentBytes: 0, totalBytes: file.size } });
    try {
      return await opening(() =>
        uploadTraceFile(file, {
          signal: abort.signal,
          onProgress: (sentBytes, totalBytes) => {
            if (uploadAbort === abort) set({ upload: { fileName: file.name, sentBytes, totalBytes } });
          },
        }),
      );
    } finally {
      if (uploadAbort === abort) {
        uploadAbort = null;
        set({ upload: null });
      }
    }
  },

  cancelUpload: () => {
    uploadAbort?.abort();
    uploadAbort = null;
    set({ upload: null });
  },

  refuseOpening: (openError) => set({ openError, openNote: null }),
  setOpenNote: (openNote) => set({ openNote }),

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

/**
 * Every way of opening (a typed path, a dialog, an upload) ends here: the opened project becomes
 * the current one; null from the service (a cancelled dialog) changes nothing.
 */
async function opening(open: () => Promise<Result<ProjectInfo | null>>): Promise<boolean> {
  const store = useProjectStore;
  store.setState({ opening: true, openError: null, openNote: null });
  const result = await open();
  if (!result.ok) {
    // A cancel is the user's own doing: nothing to report.
    store.setState({ opening: false, openError: result.error.code === 'cancelled' ? null : result.error });
    return false;
  }
  if (!result.value) {
    store.setState({ opening: false });
    return false;
  }
  store.setState({ opening: false, project: result.value, runs: [] });
  void store.getState().loadRuns();
  void store.getState().loadSuggestions();
  return true;
}
