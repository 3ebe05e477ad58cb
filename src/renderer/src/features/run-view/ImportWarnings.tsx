import type { ImportWarningInfo } from '../../../../shared/run-data';
import { useLiveRunStore } from '../../stores/live-run-store';
import './import-report.css';

const NONE: readonly ImportWarningInfo[] = [];

/** Where in the source file a warning points: `line 4, resourceSpans[0].scopeSpans[0].spans[2]`. */
function placeOf(warning: ImportWarningInfo): string | null {
  if (warning.line === null) return warning.location;
  return warning.location ? `line ${warning.line}, ${warning.location}` : `line ${warning.line}`;
}

/** What the import of a trace file read anyway or left out, listed like the run's broken lines. */
export function ImportWarnings() {
  const warnings = useLiveRunStore((state) => state.summary?.importedFrom?.warnings ?? NONE);
  const unlisted = useLiveRunStore((state) => state.summary?.importedFrom?.unlistedWarnings ?? 0);
  if (warnings.length === 0 && unlisted === 0) return null;
  const total = warnings.length + unlisted;
  return (
    <details
      className="notice run-view__problems run-view__import-warnings"
      data-testid="run-import-warnings"
    >
      <summary>
        {total === 1 ? 'One warning' : `${total} warnings`} from importing the trace file (the rest was read
        as it was)
      </summary>
      <ul>
        {warnings.map((warning, index) => {
          const place = placeOf(warning);
          return (
            <li key={`${warning.line ?? ''}:${index}`} data-testid="run-import-warning">
              {place !== null ? <span className="mono">{place}: </span> : null}
              {warning.message}
            </li>
          );
        })}
        {unlisted > 0 ? (
          <li data-testid="run-import-warnings-unlisted">
            {unlisted} more {unlisted === 1 ? 'warning' : 'warnings'} of this import not listed
          </li>
        ) : null}
      </ul>
    </details>
  );
}
