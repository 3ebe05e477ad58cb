import { create } from 'zustand';
import type { CallError } from '../../../shared/contract';
import type { RunSummary } from '../../../shared/run-data';
import type { RunEvent } from '../../../shared/run-events';
import type { LiveRunData } from '../live/run-event-reducer';
import { applyRunEvents, initialLiveRun } from '../live/run-event-reducer';
import type { RowWindow } from '../live/rows-model';
import { useViewStore } from './view-store';

export interface LiveRunStoreState {
  run: LiveRunData | null;
  summary: RunSummary | null;
  summaryError: CallError | null;
  open(runId: string): void;
  close(): void;
  setSummary(summary: RunSummary): void;
  setSummaryError(error: CallError | null): void;
  /** Applies one frame's worth of pushed events. */
  applyEvents(events: readonly RunEvent[]): void;
  setRows(rows: RowWindow): void;
  markRowsStale(): void;
  dismissInputRequest(hierarchyPath: string): void;
}

export const useLiveRunStore = create<LiveRunStoreState>()((set) => ({
  run: null,
  summary: null,
  summaryError: null,
  open: (runId) => set({ run: initialLiveRun(runId), summary: null, summaryError: null }),
  close: () => set({ run: null, summary: null, summaryError: null }),
  setSummary: (summary) =>
    set((state) => {
      if (!state.run || state.run.runId !== summary.runId) return {};
      const run = state.run;
      // Events may already have moved the run on from what the summary says.
      const eventsEnded = run.status !== 'unknown' && run.status !== 'running' && !run.live;
      return {
        summary,
        summaryError: null,
        run: {
          ...run,
          status: eventsEnded ? run.status : summary.status,
          live: eventsEnded ? false : summary.live,
          startUs: summary.startUs ?? run.startUs,
          endUs: run.endUs ?? summary.endUs,
          error: run.error ?? summary.error,
        },
      };
    }),
  setSummaryError: (summaryError) => set({ summaryError }),
  applyEvents: (events) =>
    set((state) => {
      if (!state.run) return {};
      return { run: applyRunEvents(state.run, events, useViewStore.getState().collapsed) };
    }),
  setRows: (rows) => set((state) => (state.run ? { run: { ...state.run, rows } } : {})),
  markRowsStale: () =>
    set((state) => (state.run ? { run: { ...state.run, rows: { ...state.run.rows, stale: true } } } : {})),
  dismissInputRequest: (hierarchyPath) =>
    set((state) =>
      state.run
        ? {
            run: {
              ...state.run,
              inputRequests: state.run.inputRequests.filter((r) => r.hierarchyPath !== hierarchyPath),
            },
          }
        : {},
    ),
}));
