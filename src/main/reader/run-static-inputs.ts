import { ReaderError } from './reader-error';
import { jsonObjectOf, readJsonInside } from './run-json';

export const STATIC_INPUTS_PATH = 'static_inputs/static_inputs.json';

/**
 * A run's `static_inputs/static_inputs.json`, read the guarded way (no links, no FIFOs, a size
 * bound): `{}` when the run has none; a `ReaderError` naming the file, never quoting it, when it
 * cannot be used.
 */
export async function readRunStaticInputs(runDir: string): Promise<Record<string, unknown>> {
  const read = await readJsonInside(runDir, STATIC_INPUTS_PATH);
  if (read.kind === 'missing') return {};
  if (read.kind === 'bad') {
    // An empty file is how a run without inputs may look.
    if (read.reason === 'empty') return {};
    throw new ReaderError(read.reason === 'refused' ? 'invalid_path' : 'io_error', read.message);
  }
  const inputs = jsonObjectOf(read.value);
  if (inputs === null) {
    throw new ReaderError(
      'io_error',
      `${STATIC_INPUTS_PATH} must hold a JSON object keyed by node or component id`,
    );
  }
  return inputs;
}
