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
  /** Every byte arrived and the service imports it: no longer cancellable. */
  importing: boolean;
}

// Held outside the state: nothing renders from them.
let uploadAbort: AbortController | null = null;
/** The project the user closed: picking up the service's open project must not bring it back. */
let closedRoot: string | null = null;

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
  /** Stops the upload under way; its opening then ends as cancelled. Not once it is importing. */
  cancelUpload(): void;
  /**
   * Leaves the open project (the service keeps it open: no call closes one): the window shows none
   * and its screens are out of reach until a project is opened.
   */
  closeProject(): void;
  /** Shows why something could not be opened without asking the service (a dropped folder). */
  refuseOpening(error: CallError): void;
  setOpenNote(note: string | null): void;
  /** Picks up the project the service already has open (at start-up and after a reconnect). */
  restoreProject(): Promise<void>;
  loadRuns(): Promise<void>;
  applyRunsChanged(runs: readonly RunListEntry[]): void;
  /** The project the service says is open (pushed when any window opens one). */
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
    const progress = (sentBytes: number, importing: boolean) => {
      if (uploadAbort === abort)
        set({ upload: { fileName: file.name, sentBytes, totalBytes: file.size, importing } });
    };
    progress(0, false);
    try {
      return await opening(() =>
        uploadTraceFile(file, {
          signal: abort.signal,
          onProgress: (sentBytes) => progress(sentBytes, false),
          onImporting: () => progress(file.size, true),
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
    if (get().upload?.importing) return;
    uploadAbort?.abort();
    uploadAbort = null;
    set({ upload: null });
  },

  closeProject: () => {
    closedRoot = get().project?.root ?? closedRoot;
    set({ project: null, runs: [], runsError: null, openError: null, openNote: null });
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
    if (result.value && result.value.root !== closedRoot) {
      set({ project: result.value });
      void get().loadRuns();
    } else if (known && !result.value) {
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
  setProject: (project) => {
    if (get().project?.root === project.root) {
      set({ project });
      return;
    }
    // Another project: the runs listed are the last one's until its own list arrives.
    set({ project, runs: [], runsError: null });
    void get().loadRuns();
  },
  clearOpenError: () => set({ openError: null }),
}));

type ProjectSwitchListener = () => void;
const switchListeners = new Set<ProjectSwitchListener>();
/** The project the window's screens were last about; null until one has been open. */
let screensRoot: string | null = null;

/**
 * Calls `forget` each time the window moves from one project to another: what it keeps about the
 * project it left (a run in view, a comparison, a commit) means nothing in the next one. Closing a
 * project is no move (its screens are out of reach until another opens), nor is the first opening
 * (there is nothing to forget). Returns the function that stops it.
 */
export function onProjectSwitch(forget: ProjectSwitchListener): () => void {
  switchListeners.add(forget);
  return () => switchListeners.delete(forget);
}

useProjectStore.subscribe((state) => {
  const root = state.project?.root ?? null;
  if (root === null || root === screensRoot) return;
  const switched = screensRoot !== null;
  screensRoot = root;
  if (switched) for (const forget of switchListeners) forget();
});

/**
 * Every way of opening (a typed path, a dialog, an upload) ends here: the opened project becomes
 * the current one; null from the service (a cancelled dialog) changes nothing.
 */
async function opening(open: () => Promise<Result<ProjectInfo | null>>): Promise<boolean> {
  const store = useProjectStore;
  store.setState({ opening: true, openError: null, openNote: null });
  try {
    const result = await open();
    if (!result.ok) {
      // A cancel is the user's own doing: nothing to report.
      if (result.error.code !== 'cancelled') store.setState({ openError: result.error });
      return false;
    }
    if (!result.value) return false;
    closedRoot = null;
    store.setState({ project: result.value, runs: [] });
    void store.getState().loadRuns();
    void store.getState().loadSuggestions();
    return true;
  } catch (error) {
    // Whatever went wrong on the way, the user is told and can try again.
    const message = error instanceof Error ? error.message : String(error);
    store.setState({ openError: { code: 'open_failed', message } });
    return false;
  } finally {
    store.setState({ opening: false });
  }
}
