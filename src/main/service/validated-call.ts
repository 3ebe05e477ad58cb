import type { z } from 'zod';
import { CHANNEL_PREFIX } from '../../shared/contract';
import type { CallError as IpcError, ErrorCode as IpcErrorCode, Result } from '../../shared/contract';
import { REPLY_HARD_LIMIT_BYTES } from '../../shared/text-pieces';
import { formatBytes } from '../reader/run-files';

/** Whether the main side may act on a message from this sender, and if not, why. */
export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

export interface ValidatedCall<Schema extends z.ZodType, Value> {
  channel: string;
  sender: SenderVerdict;
  /** The arguments the window sent; a call carries at most one payload argument. */
  args: readonly unknown[];
  schema: Schema;
  handler: (payload: z.output<Schema>) => Value | Promise<Value>;
}

export function isDadChannel(channel: string): boolean {
  return channel.startsWith(CHANNEL_PREFIX) && channel.length > CHANNEL_PREFIX.length;
}

/** For registration: a channel without the prefix is a programming error, not a window's fault. */
export function assertDadChannel(channel: string): void {
  if (!isDadChannel(channel)) {
    throw new Error(`IPC channel "${channel}" must start with "${CHANNEL_PREFIX}"`);
  }
}

export function okResult<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function errorResult(code: IpcErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

const ERROR_CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Turns whatever a handler threw into data; an error's own `code` (e.g. an EngineError's) is kept. */
export function errorResultFromThrown(channel: string, thrown: unknown): { ok: false; error: IpcError } {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const ownCode = thrown instanceof Error && 'code' in thrown ? thrown.code : undefined;
  const code = typeof ownCode === 'string' && ERROR_CODE_PATTERN.test(ownCode) ? ownCode : 'internal_error';
  return errorResult(code, `${channel}: ${message}`);
}

/**
 * Checks a call from the window (channel, sender, payload) and runs its handler; never throws.
 * The checks come first so that a refused call never reaches the handler. A reply heavier than
 * REPLY_HARD_LIMIT_BYTES becomes `reply_too_large`.
 */
export async function runValidatedCall<Schema extends z.ZodType, Value>(
  call: ValidatedCall<Schema, Value>,
): Promise<Result<Value>> {
  const result = await checkedResult(call);
  if (!result.ok) return result;
  const measured = serializedWithinLimit(call.channel, result);
  return typeof measured === 'string' ? result : measured;
}

/**
 * The same call answered as the JSON text of its Result, for a transport that sends text: the
 * reply is serialized once, and that one text is both measured and sent.
 */
export async function runValidatedCallAsJson<Schema extends z.ZodType, Value>(
  call: ValidatedCall<Schema, Value>,
): Promise<string> {
  const result = await checkedResult(call);
  if (!result.ok) return JSON.stringify(result);
  const measured = serializedWithinLimit(call.channel, result);
  return typeof measured === 'string' ? measured : JSON.stringify(measured);
}

async function checkedResult<Schema extends z.ZodType, Value>(
  call: ValidatedCall<Schema, Value>,
): Promise<Result<Value>> {
  const { channel, sender, args, schema, handler } = call;
  if (!isDadChannel(channel)) {
    return errorResult('bad_channel', `channel "${channel}" does not start with "${CHANNEL_PREFIX}"`);
  }
  if (!sender.trusted) {
    return errorResult('untrusted_sender', `${channel}: refused a message from ${sender.reason}`);
  }
  if (args.length > 1) {
    return errorResult('invalid_payload', `${channel}: expected at most one argument, got ${args.length}`);
  }
  const parsed = schema.safeParse(args[0]);
  if (!parsed.success) {
    return errorResult('invalid_payload', `${channel}: ${describeIssues(parsed.error)}`);
  }
  try {
    return okResult(await handler(parsed.data));
  } catch (thrown) {
    return errorResultFromThrown(channel, thrown);
  }
}

const SHOWN_PATH_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SHOWN_ISSUES = 5;

/**
 * What is wrong with a payload, in the schema's words. zod's own report quotes what the client sent
 * (unknown keys, odd key names in paths): here a key is named only when it looks like one of ours.
 */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, SHOWN_ISSUES).map((issue) => {
    const path = issue.path
      .map((key) => (typeof key === 'number' || SHOWN_PATH_KEY.test(String(key)) ? String(key) : '…'))
      .join('.');
    const what =
      issue.code === 'unrecognized_keys'
        ? `${issue.keys.length} unknown field${issue.keys.length === 1 ? '' : 's'}`
        : issue.message;
    return path ? `${what} at ${path}` : what;
  });
  const more = error.issues.length - SHOWN_ISSUES;
  return lines.join('; ') + (more > 0 ? `; and ${more} more problems` : '');
}

/**
 * The last line of defence against a reply nothing paged (a value of unbounded size): a reply that
 * serializes to more than REPLY_HARD_LIMIT_BYTES is replaced by an error naming the call, so no
 * socket or IPC message ever carries it. Answers the serialized text when it fits.
 */
function serializedWithinLimit(channel: string, result: Result<unknown>): string | Result<never> {
  let text: string;
  try {
    text = JSON.stringify(result);
  } catch (thrown) {
    return errorResultFromThrown(channel, thrown);
  }
  const bytes = Buffer.byteLength(text);
  if (bytes <= REPLY_HARD_LIMIT_BYTES) return text;
  return errorResult(
    'reply_too_large',
    `${channel}: the reply would be ${formatBytes(bytes)}, more than the ${formatBytes(REPLY_HARD_LIMIT_BYTES)} one reply may carry`,
  );
}
