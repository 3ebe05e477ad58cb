import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Result } from '../../shared/contract';
import { assertDadChannel, isDadChannel, runValidatedCall, runValidatedCallAsJson } from './validated-call';
import type { SenderVerdict } from './validated-call';

const trusted: SenderVerdict = { trusted: true };
const greeting = z.object({ name: z.string().min(1) });

function greet(payload: { name: string }): string {
  return `hello ${payload.name}`;
}

describe('channel prefix', () => {
  it('accepts channels that start with dad: and name something', () => {
    expect(isDadChannel('dad:app.info')).toBe(true);
    expect(isDadChannel('dad:')).toBe(false);
    expect(isDadChannel('app.info')).toBe(false);
    expect(isDadChannel('DAD:app.info')).toBe(false);
    expect(isDadChannel('xdad:app.info')).toBe(false);
  });

  it('refuses to register a channel without the prefix, naming it', () => {
    expect(() => assertDadChannel('app.info')).toThrow('IPC channel "app.info" must start with "dad:"');
    expect(() => assertDadChannel('dad:app.info')).not.toThrow();
  });
});

describe('runValidatedCall', () => {
  it('answers ok with the handler value for a trusted sender and a valid payload', async () => {
    const result = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 'Ada' }],
      schema: greeting,
      handler: greet,
    });
    expect(result).toEqual({ ok: true, value: 'hello Ada' });
  });

  it('awaits an async handler', async () => {
    const result = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 'Ada' }],
      schema: greeting,
      handler: async (payload) => greet(payload),
    });
    expect(result).toEqual({ ok: true, value: 'hello Ada' });
  });

  it('accepts a call without payload when the schema wants none', async () => {
    const result = await runValidatedCall({
      channel: 'dad:app.info',
      sender: trusted,
      args: [],
      schema: z.undefined(),
      handler: () => ({ name: 'x' }),
    });
    expect(result).toEqual({ ok: true, value: { name: 'x' } });
  });

  it('refuses a channel without the prefix before running anything', async () => {
    let ran = false;
    const result = await runValidatedCall({
      channel: 'greet',
      sender: trusted,
      args: [{ name: 'Ada' }],
      schema: greeting,
      handler: () => (ran = true),
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad_channel', message: 'channel "greet" does not start with "dad:"' },
    });
    expect(ran).toBe(false);
  });

  it('refuses an untrusted sender, saying which, and does not run the handler', async () => {
    let ran = false;
    const result = await runValidatedCall({
      channel: 'dad:greet',
      sender: { trusted: false, reason: 'a subframe' },
      args: [{ name: 'Ada' }],
      schema: greeting,
      handler: () => (ran = true),
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'untrusted_sender', message: 'dad:greet: refused a message from a subframe' },
    });
    expect(ran).toBe(false);
  });

  it('refuses a payload the schema rejects, naming the channel and the field', async () => {
    let ran = false;
    const result = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 42 }],
      schema: greeting,
      handler: () => (ran = true),
    });
    expect(ran).toBe(false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_payload');
    expect(result.error.message).toMatch(/^dad:greet: /);
    expect(result.error.message).toContain('name');
  });

  it('names what is wrong with a payload without quoting what the client sent', async () => {
    const canary = 'CANARY<script>';
    const schema = z.object({ name: z.string(), tags: z.record(z.string(), z.number()) }).strict();
    const result = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 'Ada', tags: { [`${canary} key`]: 'x' }, [canary]: 1, [`${canary}2`]: 2 }],
      schema,
      handler: greet,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).not.toContain('CANARY');
    expect(result.error.message).toContain('2 unknown fields');
    expect(result.error.message).toMatch(/at tags\.…/);
  });
  it('refuses a call with more than one argument', async () => {
    const result = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 'Ada' }, 'extra'],
      schema: greeting,
      handler: greet,
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message: 'dad:greet: expected at most one argument, got 2' },
    });
  });

  it('turns a thrown error into data and keeps its own code', async () => {
    class NotFound extends Error {
      readonly code = 'previous_run_not_found';
    }
    const result = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 'Ada' }],
      schema: greeting,
      handler: () => {
        throw new NotFound('run "r1" does not exist');
      },
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'previous_run_not_found', message: 'dad:greet: run "r1" does not exist' },
    });
  });

  it('uses internal_error for a rejection without a usable code', async () => {
    const rejected = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 'Ada' }],
      schema: greeting,
      handler: () => Promise.reject(Object.assign(new Error('disk on fire'), { code: 'Not A Code!' })),
    });
    expect(rejected).toEqual({
      ok: false,
      error: { code: 'internal_error', message: 'dad:greet: disk on fire' },
    });

    const thrownString = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 'Ada' }],
      schema: greeting,
      handler: () => {
        throw 'plain string';
      },
    });
    expect(thrownString).toEqual({
      ok: false,
      error: { code: 'internal_error', message: 'dad:greet: plain string' },
    });
  });

  it('returns results that survive structured cloning unchanged', async () => {
    const result = await runValidatedCall({
      channel: 'dad:greet',
      sender: trusted,
      args: [{ name: 42 }],
      schema: greeting,
      handler: greet,
    });
    expect(structuredClone(result)).toEqual(result);
  });

  it('replaces a reply heavier than 4 MiB by a reply_too_large error naming the call, not quoting it', async () => {
    const answer = (text: string) =>
      runValidatedCall({
        channel: 'dad:run.span-detail',
        sender: trusted,
        args: [],
        schema: z.undefined(),
        handler: () => ({ attributes: { big: text } }),
      });
    const tooBig = await answer('ü'.repeat(2.1 * 1024 * 1024));
    expect(tooBig.ok).toBe(false);
    expect(!tooBig.ok && tooBig.error.code).toBe('reply_too_large');
    expect(!tooBig.ok && tooBig.error.message).toMatch(
      /^dad:run\.span-detail: the reply would be 4\.2 MiB, more than the 4\.0 MiB/,
    );
    expect(JSON.stringify(tooBig).length).toBeLessThan(300);

    const justUnder = await answer('u'.repeat(4 * 1024 * 1024 - 100));
    expect(justUnder.ok).toBe(true);
  });

  it('answers a text transport with the reply serialized once, bounded like any other reply', async () => {
    const answer = (text: string) =>
      runValidatedCallAsJson({
        channel: 'dad:run.span-detail',
        sender: trusted,
        args: [],
        schema: z.undefined(),
        handler: () => ({ attributes: { big: text } }),
      });
    expect(JSON.parse(await answer('small'))).toEqual({ ok: true, value: { attributes: { big: 'small' } } });
    const tooBig = JSON.parse(await answer('ü'.repeat(2.1 * 1024 * 1024))) as Result<unknown>;
    expect(!tooBig.ok && tooBig.error.code).toBe('reply_too_large');
    const refused = JSON.parse(
      await runValidatedCallAsJson({
        channel: 'dad:greet',
        sender: trusted,
        args: [{ name: '' }],
        schema: greeting,
        handler: greet,
      }),
    ) as Result<unknown>;
    expect(!refused.ok && refused.error.code).toBe('invalid_payload');
  });
});
