import { parentPort } from 'node:worker_threads';
import { PROGRESS_EVERY_MS, RunIndex, runFileSizes } from '../run-index';
import { snapshotToFile } from '../saved-index/run-index-snapshot';
import type { TypedColumn } from '../typed-columns';
import type { BuildRequest, IndexLayout, WorkerMessage } from './protocol';

/** Columns at least this large are handed over; smaller ones are copied (a pooled buffer cannot move). */
const HAND_OVER_BYTES = 64 << 10;

/**
 * An index worker: builds the index of the run folder it is asked for, telling how far it got,
 * sending the spans read so far at a few sizes, then the whole index, whose columns are handed
 * over, not copied.
 */
function main(): void {
  const port = parentPort;
  if (!port) throw new Error('the index worker must be started as a worker thread');
  const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.once('message', (request: BuildRequest) => {
    let building: RunIndex | null = null;
    const ticker = setInterval(() => {
      if (building) send({ type: 'progress', progress: building.readProgress() });
    }, PROGRESS_EVERY_MS);
    const options = { chunkBytes: request.chunkBytes, maxProblemsPerFile: request.maxProblemsPerFile };
    runFileSizes(request.runDir)
      .then((sizes) =>
        RunIndex.build(request.runDir, options, sizes, {
          files: request.files,
          previewAtBytes: request.previewAtBytes,
          onOpened: (index) => (building = index),
          onStage: async (index) => {
            // Copied: this thread goes on adding to these columns.
            const { layout, transfer } = await layoutOf(index, request.realRunDir, 'copy');
            send({ type: 'progress', progress: index.readProgress() });
            send({ type: 'preview', layout }, transfer);
          },
        }),
      )
      .then(async (index) => {
        clearInterval(ticker);
        const { layout, transfer } = await layoutOf(index, request.realRunDir, 'hand-over');
        send({ type: 'done', layout }, transfer);
      })
      .catch((error: unknown) => {
        clearInterval(ticker);
        const code = (error as { code?: unknown } | null)?.code;
        send({
          type: 'failed',
          code: typeof code === 'string' ? code : null,
          message: error instanceof Error ? error.message : String(error),
        });
      });
  });
}

/** The index as a saved file's header and sections, and the buffers to move with them. */
async function layoutOf(
  index: RunIndex,
  realRunDir: string,
  mode: 'copy' | 'hand-over',
): Promise<{ layout: IndexLayout; transfer: ArrayBuffer[] }> {
  const { snapshot, writtenOver } = await index.snapshotForHandOver(realRunDir);
  const { meta, sections } = await snapshotToFile(snapshot);
  const transfer = new Set<ArrayBuffer>();
  const entries: [string, TypedColumn][] = [];
  for (const [name, column] of sections) {
    const moved = mode === 'copy' || column.byteLength < HAND_OVER_BYTES ? column.slice() : column;
    transfer.add(moved.buffer as ArrayBuffer);
    entries.push([name, moved]);
  }
  return { layout: { meta, sections: entries, writtenOver }, transfer: [...transfer] };
}

main();
