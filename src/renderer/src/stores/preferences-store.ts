import { create } from 'zustand';
import { clampTimelinePercent } from '../features/run-view/pane-size';

export type ThemePreference = 'light' | 'dark' | 'system';

const STORAGE_KEY = 'dad-inspector.preferences';

interface Preferences {
  theme: ThemePreference;
  /** The run view's timeline width, in percent of the timeline and node pane together; null: the default. */
  timelinePercent: number | null;
}

export function parsePreferences(text: string | null): Preferences {
  const fallback: Preferences = { theme: 'system', timelinePercent: null };
  if (!text) return fallback;
  try {
    const value = JSON.parse(text) as { theme?: unknown; timelinePercent?: unknown } | null;
    const theme = value?.theme;
    const percent = value?.timelinePercent;
    return {
      theme: theme === 'light' || theme === 'dark' || theme === 'system' ? theme : fallback.theme,
      timelinePercent:
        typeof percent === 'number' && Number.isFinite(percent) ? clampTimelinePercent(percent) : null,
    };
  } catch {
    return fallback;
  }
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be switched off; preferences then last for the session only.
    return null;
  }
}

interface PreferencesState extends Preferences {
  setTheme(theme: ThemePreference): void;
  /** null goes back to the default width. */
  setTimelinePercent(percent: number | null): void;
}

export const usePreferencesStore = create<PreferencesState>()((set, get) => {
  const update = (change: Partial<Preferences>) => {
    set(change);
    const { theme, timelinePercent } = get();
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify({ theme, timelinePercent }));
    } catch {
      // A full or disabled storage only loses the remembered choice.
    }
  };
  return {
    ...parsePreferences(storage()?.getItem(STORAGE_KEY) ?? null),
    setTheme: (theme) => update({ theme }),
    setTimelinePercent: (percent) =>
      update({ timelinePercent: percent === null ? null : clampTimelinePercent(percent) }),
  };
});

export const THEME_ORDER: readonly ThemePreference[] = ['system', 'light', 'dark'];
