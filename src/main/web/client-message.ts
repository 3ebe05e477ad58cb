import { z } from 'zod';
import type { CallError, CallName } from '../../shared/contract';
import { isCallName } from '../service/session-calls';

/** Deeper than any payload of the contract; bounds every recursive walk done on the payload later. */
export const MAX_MESSAGE_DEPTH = 64;

/** One call from a client, checked: a known call name, a safe id, the payload as sent. */
export type ClientMessage =
  | { ok: true; id: number; call: CallName; args: unknown[] }
  | { ok: false; id: number | null; error: CallError };

const envelope = z
  .object({
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    call: z.string(),
    payload: z.unknown().optional(),
  })
  .strict();

/**
 * Reads one WebSocket message as `{id, call, payload?}`. Whatever is wrong is said in words that
 * describe the client's value by type and size only, never by quoting it.
 */
export function parseClientMessage(data: Buffer, isBinary: boolean): ClientMessage {
  if (isBinary)
    return refused(null, 'invalid_payload', 'binary frames are not accepted: send each call as JSON text');
  let message: unknown;
  try {
    message = JSON.parse(data.toString('utf8'));
  } catch {
    return refused(null, 'invalid_payload', `the message (${data.length} bytes) is not JSON`);
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return refused(
      null,
      'invalid_payload',
      `a message must be a JSON object {id, call, payload}, got ${describeValue(message)}`,
    );
  }
  const rawId = (message as { id?: unknown }).id;
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : null;
  if (nestingDepth(message) > MAX_MESSAGE_DEPTH) {
    return refused(id, 'invalid_payload', `the message nests deeper than ${MAX_MESSAGE_DEPTH} levels`);
  }
  const parsed = envelope.safeParse(message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      return refused(
        id,
        'invalid_payload',
        `a message holds only id, call and payload; this one has ${issue.keys.length} other field(s)`,
      );
    }
    const field = String(issue?.path[0] ?? 'message');
    const value = (message as Record<string, unknown>)[field];
    const expected = field === 'id' ? 'a whole number from 0 to 2^53-1' : 'a call name';
    return refused(
      id,
      field === 'call' ? 'bad_channel' : 'invalid_payload',
      `${field} must be ${expected}, got ${describeValue(value)}`,
    );
  }
  const { call, payload } = parsed.data;
  if (!isCallName(call)) return refused(id, 'bad_channel', `unknown call (${describeValue(call)})`);
  return { ok: true, id: parsed.data.id, call, args: Object.hasOwn(message, 'payload') ? [payload] : [] };
}

/** A value by its type and size, safe to put in an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item(s)`;
  if (typeof value === 'string') return `a string of ${value.length} character(s)`;
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'object') return `an object with ${Object.keys(value).length} field(s)`;
  return `a ${typeof value}`;
}

/** How deep arrays and objects nest, walked without recursion so no depth can overflow the stack. */
function nestingDepth(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_MESSAGE_DEPTH) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function refused(id: number | null, code: string, message: string): ClientMessage {
  return { ok: false, id, error: { code, message } };
}
