import type { CallName, DadApi, PayloadOf, Result, ResultOf } from '../../../shared/contract';

let installed: DadApi | null = null;

/** Sets the API every store and view calls through (once, at start-up; tests install their own). */
export function installApi(api: DadApi): void {
  installed = api;
}

export function currentApi(): DadApi {
  if (!installed) throw new Error('the window API was used before start-up installed it');
  return installed;
}

/** Calls the service; a transport that throws still answers with an error as data. */
export async function request<N extends CallName>(
  name: N,
  payload: PayloadOf<N>,
): Promise<Result<ResultOf<N>>> {
  try {
    // DadApi maps each name to its own signature; indexing by a generic name loses that link.
    const call = currentApi()[name] as unknown as (payload: PayloadOf<N>) => Promise<Result<ResultOf<N>>>;
    return await call(payload);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'ipc_failed', message: `${name}: ${message}` } };
  }
}
