import { create } from 'zustand';
import { onProjectSwitch } from './project-store';

/** Replay speeds: times real time, or every recorded moment in turn with no waiting. */
export type ReplaySpeed = 1 | 10 | 100 | 'max';
export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 10, 100, 'max'];

interface ReplayState {
  /** The run being replayed; null when no replay is on. */
  runId: string | null;
  /** The moment every view of the run shows, µs since the epoch. */
  asOfUs: number;
  playing: boolean;
  speed: ReplaySpeed;
  start(runId: string, atUs: number): void;
  stop(): void;
  seek(atUs: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: ReplaySpeed): void;
}

export const useReplayStore = create<ReplayState>()((set) => ({
  runId: null,
  asOfUs: 0,
  playing: false,
  speed: 10,
  start: (runId, atUs) => set({ runId, asOfUs: atUs, playing: false }),
  stop: () => set({ runId: null, playing: false }),
  seek: (asOfUs) => set({ asOfUs }),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speed) => set({ speed }),
}));

// A replayed run belongs to the project it was replayed in.
onProjectSwitch(() => useReplayStore.getState().stop());

/** The moment a view of `runId` should show: a replayed moment, or undefined for "everything". */
export function useReplayAsOf(runId: string): number | undefined {
  return useReplayStore((state) => (state.runId === runId ? state.asOfUs : undefined));
}
