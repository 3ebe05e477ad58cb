import { z } from 'zod';
import { CHANNEL_PREFIX } from '../../shared/contract';
import type { CallError as IpcError, ErrorCode as IpcErrorCode, Result } from '../../shared/contract';

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
 * The checks come first so that a refused call never reaches the handler.
 */
export async function runValidatedCall<Schema extends z.ZodType, Value>(
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
    return errorResult('invalid_payload', `${channel}: ${z.prettifyError(parsed.error)}`);
  }
  try {
    return okResult(await handler(parsed.data));
  } catch (thrown) {
    return errorResultFromThrown(channel, thrown);
  }
}
