import { create } from 'zustand';

export type ThemePreference = 'light' | 'dark' | 'system';

const STORAGE_KEY = 'dad-inspector.preferences';

interface Preferences {
  theme: ThemePreference;
}

export function parsePreferences(text: string | null): Preferences {
  const fallback: Preferences = { theme: 'system' };
  if (!text) return fallback;
  try {
    const value: unknown = JSON.parse(text);
    const theme = (value as { theme?: unknown } | null)?.theme;
    return theme === 'light' || theme === 'dark' || theme === 'system' ? { theme } : fallback;
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
}

export const usePreferencesStore = create<PreferencesState>()((set) => ({
  ...parsePreferences(storage()?.getItem(STORAGE_KEY) ?? null),
  setTheme: (theme) => {
    set({ theme });
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify({ theme }));
    } catch {
      // A full or disabled storage only loses the remembered choice.
    }
  },
}));

export const THEME_ORDER: readonly ThemePreference[] = ['system', 'light', 'dark'];
