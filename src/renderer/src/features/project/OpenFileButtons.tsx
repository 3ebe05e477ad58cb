import { useRef } from 'react';
import { useAppInfo } from '../../app-info/useAppInfo';
import { TRACE_FILE_EXTENSIONS } from '../../api/trace-upload';
import { useProjectStore } from '../../stores/project-store';
import { openChosen, openUploaded } from './open-actions';

/**
 * Opening without typing a path: the desktop app's native dialogs; in a browser, a file chooser
 * whose trace file is uploaded (a browser cannot hand over a folder's path, so folders are typed).
 */
export function OpenFileButtons() {
  const appInfo = useAppInfo();
  const opening = useProjectStore((state) => state.opening);
  const fileInput = useRef<HTMLInputElement>(null);
  if (appInfo.status !== 'ready') return null;

  if (appInfo.info.shell === 'desktop') {
    return (
      <div className="open-buttons" data-testid="project-open-buttons" data-shell="desktop">
        <button
          type="button"
          className="button"
          data-testid="project-choose-folder"
          disabled={opening}
          onClick={() => void openChosen('project')}
        >
          Choose folder…
        </button>
        <button
          type="button"
          className="button"
          data-testid="project-choose-trace"
          disabled={opening}
          onClick={() => void openChosen('trace-file')}
        >
          Open trace file…
        </button>
      </div>
    );
  }

  return (
    <div className="open-buttons" data-testid="project-open-buttons" data-shell="browser">
      <button
        type="button"
        className="button"
        data-testid="project-choose-trace"
        disabled={opening}
        onClick={() => fileInput.current?.click()}
      >
        Open trace file…
      </button>
      <input
        ref={fileInput}
        type="file"
        hidden
        accept={TRACE_FILE_EXTENSIONS.join(',')}
        data-testid="project-trace-file-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Emptied so that choosing the same file again is a change too.
          event.target.value = '';
          if (file) void openUploaded(file);
        }}
      />
      <span className="open-buttons__hint">or drop a trace file anywhere on the window</span>
    </div>
  );
}
