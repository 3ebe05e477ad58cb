import { create } from 'zustand';
import type { RunNotice } from '../../../shared/contract';

/** One toast: a run that ended or waits for input, or a short word about a command. */
export type Toast =
  | { id: number; kind: 'run'; notice: RunNotice }
  | { id: number; kind: 'info'; message: string };

/** How many toasts stay on screen at once; older ones make room for newer. */
export const MAX_TOASTS = 4;

/** A toast that the user must see and dismiss: a run that did not complete, or waits for input. */
export function isSticky(toast: Toast): boolean {
  if (toast.kind === 'info') return false;
  return toast.notice.kind === 'input-needed' || toast.notice.status !== 'completed';
}

interface NoticeState {
  /** Newest first. */
  toasts: readonly Toast[];
  notifyRun(notice: RunNotice): void;
  inform(message: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

function withNewest(toasts: readonly Toast[], toast: Toast): Toast[] {
  // A newer word about the same run replaces the older one (input answered, then the run ended).
  const others =
    toast.kind === 'run'
      ? toasts.filter((old) => old.kind !== 'run' || old.notice.runId !== toast.notice.runId)
      : toasts;
  const next = [toast, ...others];
  if (next.length <= MAX_TOASTS) return next;
  // Room is made by dropping the oldest passing toast (the new one itself when it is the only one):
  // a toast the user must act on never leaves for a passing word. Only a new sticky toast, among
  // nothing but sticky ones, pushes out the oldest.
  const oldestPassing = next.findLastIndex((old) => !isSticky(old));
  next.splice(oldestPassing >= 0 ? oldestPassing : next.length - 1, 1);
  return next;
}

export const useNoticeStore = create<NoticeState>()((set) => ({
  toasts: [],
  notifyRun: (notice) =>
    set((state) => ({ toasts: withNewest(state.toasts, { id: nextId++, kind: 'run', notice }) })),
  inform: (message) =>
    set((state) => ({ toasts: withNewest(state.toasts, { id: nextId++, kind: 'info', message }) })),
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}));
