import { ErrorBanner } from '../../components/ErrorBanner';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';
import { formatBytes, percentDone } from '../../format/byte-size';

/**
 * How an opening from anywhere in the window goes: a trace file's upload with its progress and a
 * Cancel, a refusal or failure (the project picker shows its own), and a note about dropped
 * things left unopened.
 */
export function OpeningStatus() {
  const upload = useProjectStore((state) => state.upload);
  const openError = useProjectStore((state) => state.openError);
  const openNote = useProjectStore((state) => state.openNote);
  const onPicker = useViewStore((state) => state.screen === 'project');
  const showError = openError !== null && !onPicker;
  if (!upload && !showError && !openNote) return null;

  const percent = upload ? percentDone(upload.sentBytes, upload.totalBytes) : 0;
  return (
    <div className="opening-status" data-testid="opening-status">
      {upload ? (
        <div className="upload-progress" data-testid="upload-progress" role="status">
          <div className="upload-progress__head">
            <span className="upload-progress__name">
              {upload.importing ? `Importing ${upload.fileName}…` : `Uploading ${upload.fileName}`}
            </span>
            {/* An import under way cannot be called back: a Cancel then would not hold its word. */}
            {upload.importing ? null : (
              <button
                type="button"
                className="button button--small"
                data-testid="upload-cancel"
                onClick={() => useProjectStore.getState().cancelUpload()}
              >
                Cancel
              </button>
            )}
          </div>
          {upload.importing ? (
            <progress className="upload-progress__bar" aria-label={`Import of ${upload.fileName}`} />
          ) : (
            <progress
              className="upload-progress__bar"
              max={100}
              value={percent}
              aria-label={`Upload of ${upload.fileName}`}
            />
          )}
          <span className="upload-progress__figures" data-testid="upload-progress-figures">
            {upload.importing
              ? `${formatBytes(upload.totalBytes)} uploaded, importing`
              : `${formatBytes(upload.sentBytes)} of ${formatBytes(upload.totalBytes)} (${percent}%)`}
          </span>
        </div>
      ) : null}
      {showError ? (
        <div className="opening-status__error">
          <ErrorBanner
            title="Could not open it"
            error={openError}
            testId="drop-open-error"
            onDismiss={() => useProjectStore.getState().clearOpenError()}
          />
          {openError.code === 'unsupported' ? (
            <button
              type="button"
              className="link-button"
              data-testid="drop-go-to-path"
              onClick={() => {
                useViewStore.getState().showScreen('project');
                // The picker mounts on this render: its path field takes the paste.
                requestAnimationFrame(() => document.getElementById('project-path')?.focus());
              }}
            >
              Go to the path field
            </button>
          ) : null}
        </div>
      ) : null}
      {openNote ? (
        <div className="opening-status__note notice" data-testid="open-note" role="status">
          <span>{openNote}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            data-testid="open-note-dismiss"
            onClick={() => useProjectStore.getState().setOpenNote(null)}
          >
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
