import { usePreferencesStore } from '../../stores/preferences-store';
import type { ThemePreference } from '../../stores/preferences-store';

const OPTIONS: readonly { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Light, dark, or the system's theme; remembered across sessions. */
export function ThemeToggle() {
  const theme = usePreferencesStore((state) => state.theme);
  return (
    <div className="segmented" role="radiogroup" aria-label="Theme" data-testid="theme-toggle">
      {OPTIONS.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={theme === option.value}
          className={theme === option.value ? 'segmented__item segmented__item--on' : 'segmented__item'}
          data-testid={`theme-${option.value}`}
          onClick={() => usePreferencesStore.getState().setTheme(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
