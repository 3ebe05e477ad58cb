import { calls, type CallName, type Result } from '../../shared/contract';
import type { InspectorService, Session } from './inspector-service';
import { runValidatedCall, runValidatedCallAsJson, type SenderVerdict } from './validated-call';

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/**
 * Validates one call from a window against the contract and runs it; every outcome, including a
 * refused sender or a bad payload, comes back as a Result.
 */
export function dispatchCall(
  service: InspectorService,
  session: Session,
  name: CallName,
  args: readonly unknown[],
  sender: SenderVerdict = { trusted: true },
): Promise<Result<unknown>> {
  return runValidatedCall(contractCall(service, session, name, args, sender));
}

/** The same, answered as the Result's JSON text (serialized once), for a transport that sends text. */
export function dispatchCallAsJson(
  service: InspectorService,
  session: Session,
  name: CallName,
  args: readonly unknown[],
  sender: SenderVerdict = { trusted: true },
): Promise<string> {
  return runValidatedCallAsJson(contractCall(service, session, name, args, sender));
}

function contractCall(
  service: InspectorService,
  session: Session,
  name: CallName,
  args: readonly unknown[],
  sender: SenderVerdict,
) {
  const spec = calls[name];
  const handler = service.handlers[name] as (payload: unknown, session: Session) => unknown;
  return {
    channel: spec.channel,
    sender,
    args,
    schema: spec.payload,
    handler: (payload: unknown) => handler(payload, session),
  };
}
