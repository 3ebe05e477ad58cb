import { useEffect, useState } from 'react';
import { currentApi } from '../../api/api-client';
import { OpeningStatus } from './OpeningStatus';
import { droppedItems, openDropped } from './open-dropped';
import './drop.css';

/** Only drags carrying files concern the window: dragged text or links keep their usual behaviour. */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Opens a folder or trace file dropped anywhere on the window: while one is dragged over, a
 * full-window overlay says what a drop will do; the upload's progress and any refusal show below.
 */
export function WindowDropTarget() {
  const [dragging, setDragging] = useState(false);
  // The desktop app's preload knows dropped files' paths: it opens folders too.
  const [knowsPaths] = useState(() => typeof currentApi().pathForDroppedFile === 'function');

  useEffect(() => {
    // Enter and leave fire for every element crossed: the drag has left the window when they even out.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser refuses the drop (or navigates to the file).
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      void openDropped(droppedItems(event.dataTransfer));
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      depth = 0;
      setDragging(false);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('keydown', escape);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('keydown', escape);
    };
  }, []);

  return (
    <>
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay" role="status" aria-live="polite">
          <div className="drop-overlay__box">
            <p className="drop-overlay__title">
              Drop a trace file (OTLP or Jaeger JSON) or a project folder to open it
            </p>
            <p className="drop-overlay__detail">
              {knowsPaths
                ? 'It opens as if its path were typed in the project picker.'
                : 'A trace file is uploaded to the server and opened. A browser cannot upload a folder: paste its path in the project picker instead.'}
            </p>
          </div>
        </div>
      ) : null}
      <OpeningStatus />
    </>
  );
}
