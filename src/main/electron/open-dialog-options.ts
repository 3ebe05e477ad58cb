import type { OpenDialogOptions } from 'electron';
import type { OpenKind } from '../../shared/contract';

/** The native open dialog for what the window asked to open: a project folder or a trace file. */
export function openDialogOptions(kind: OpenKind): OpenDialogOptions {
  if (kind === 'project') {
    return { title: 'Open Project', buttonLabel: 'Open', properties: ['openDirectory'] };
  }
  return {
    title: 'Open Trace File',
    buttonLabel: 'Open',
    properties: ['openFile'],
    filters: [
      { name: 'Trace files (JSON, JSONL, gzip)', extensions: ['json', 'jsonl', 'ndjson', 'txt', 'gz'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}
