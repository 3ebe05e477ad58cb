import { useSyncExternalStore } from 'react';
import { usePreferencesStore } from '../stores/preferences-store';
import type { ThemePreference } from '../stores/preferences-store';

const DARK_QUERY = '(prefers-color-scheme: dark)';

let darkQuery: MediaQueryList | null = null;

/** One query list for the window: asking matchMedia on every render is not free. */
function darkMedia(): MediaQueryList {
  darkQuery ??= window.matchMedia(DARK_QUERY);
  return darkQuery;
}

function subscribeToSystemTheme(onChange: () => void): () => void {
  const media = darkMedia();
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

function systemIsDark(): boolean {
  return darkMedia().matches;
}

function resolve(preference: ThemePreference, systemDark: boolean): 'light' | 'dark' {
  if (preference === 'system') return systemDark ? 'dark' : 'light';
  return preference;
}

/** The theme in use: the user's choice, or the system's when they chose "system". */
export function useResolvedTheme(): 'light' | 'dark' {
  const preference = usePreferencesStore((state) => state.theme);
  const systemDark = useSyncExternalStore(subscribeToSystemTheme, systemIsDark);
  return resolve(preference, systemDark);
}

/**
 * Keeps `<html data-theme>` on the theme in use, which switches the CSS variables. Subscribed
 * before any component, so the attribute changes before components re-render and read colours.
 */
export function startThemeSync(): () => void {
  const apply = () => {
    document.documentElement.dataset.theme = resolve(usePreferencesStore.getState().theme, systemIsDark());
  };
  apply();
  const stopStore = usePreferencesStore.subscribe(apply);
  const stopSystem = subscribeToSystemTheme(apply);
  return () => {
    stopStore();
    stopSystem();
  };
}

/** CSS variables of the theme in use, read again when the theme changes (for canvas and SVG charts). */
export function useThemeColors<Name extends string>(names: readonly Name[]): Record<Name, string> {
  const theme = useResolvedTheme();
  const style = getComputedStyle(document.documentElement);
  const colors = {} as Record<Name, string>;
  for (const name of names) colors[name] = style.getPropertyValue(`--${name}`).trim();
  void theme;
  return colors;
}
