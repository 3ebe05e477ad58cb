import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturesPathFor } from './fixtures';
import { createLocalProvider, LOCAL_MODEL_NAME } from './local-provider';
import { ProviderError } from './provider-error';
import type { ModelRequest } from './types';

let projectRoot: string;
beforeEach(async () => {
  projectRoot = await mkdtemp(join(tmpdir(), 'local-provider-'));
});
afterEach(async () => {
  await rm(projectRoot, { recursive: true, force: true });
});

const request: ModelRequest = {
  model: 'local-deterministic',
  prompt: '\n  Summarize the release notes below.\nLine two has more words',
  systemInstructions: ['You are terse.'],
  context: ['first context text', 'second'],
  options: {},
};

async function writeFixtures(yamlText: string): Promise<string> {
  const path = fixturesPathFor(projectRoot);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, yamlText);
  return path;
}

const signal = new AbortController().signal;

describe('local deterministic provider', () => {
  it('says it is the local provider and restates the first line with word and line counts', async () => {
    const response = await createLocalProvider().call(request, { signal });
    expect(response.model).toBe(LOCAL_MODEL_NAME);
    expect(response.provider).toBe('local');
    expect(response.cost).toBe(0);
    expect(response.finishReason).toBe('stop');
    expect(response.text).toBe(
      '[local model] Your prompt has 10 words on 3 lines and begins: "Summarize the release notes below.". ' +
        'It came with 1 system instruction (3 words) and 2 context texts (4 words). ' +
        'This answer was made offline by the local deterministic provider; set OPENAI_API_KEY or ANTHROPIC_API_KEY to call a real model.',
    );
  });

  it('answers the same request the same way every time', async () => {
    const provider = createLocalProvider();
    const first = await provider.call(request, { signal });
    const second = await createLocalProvider().call(request, { signal });
    expect(second).toEqual(first);
    const other = await provider.call({ ...request, prompt: 'Something else' }, { signal });
    expect(other.text).not.toBe(first.text);
  });

  it('counts tokens as ceil(characters / 4) of what a real provider would be sent, and of the answer', async () => {
    const response = await createLocalProvider().call(
      { ...request, prompt: 'abcde', systemInstructions: [], context: [] },
      { signal },
    );
    // prompt side: "" (no system message) + "\n" + "abcde" = 6 characters
    expect(response.usage.promptTokens).toBe(2);
    expect(response.usage.completionTokens).toBe(Math.ceil(response.text.length / 4));
    expect(response.usage.totalTokens).toBe(response.usage.promptTokens + response.usage.completionTokens);
  });

  it('streams the answer in word chunks that add up to the text, and none when not streaming', async () => {
    const deltas: string[] = [];
    const response = await createLocalProvider().call(request, {
      signal,
      onDelta: (text) => deltas.push(text),
    });
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join('')).toBe(response.text);
    const quiet: string[] = [];
    await createLocalProvider().call(
      { ...request, stream: false },
      { signal, onDelta: (text) => quiet.push(text) },
    );
    expect(quiet).toEqual([]);
  });

  it('builds structured output from the schema', async () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        count: { type: 'integer' },
        done: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        mood: { enum: ['happy', 'sad'] },
        owner: { type: 'object', properties: { name: { type: 'string' } } },
      },
    };
    const response = await createLocalProvider().call(
      { ...request, structuredOutput: { schema } },
      { signal },
    );
    const expected = {
      title: 'title',
      count: 0,
      done: false,
      tags: ['tags'],
      mood: 'happy',
      owner: { name: 'name' },
    };
    expect(response.structured).toEqual(expected);
    expect(JSON.parse(response.text)).toEqual(expected);
  });

  it('answers from the first matching fixture: substring, /regex/, structured', async () => {
    const fixturesFile = await writeFixtures(
      [
        '- match: "release notes"',
        '  response: "Notes summarized."',
        '- match: "Summarize"',
        '  response: "never reached: an earlier entry matches first"',
        '- match: "/^classify\\\\s+(this|that)/i"',
        '  response: { label: positive, score: 1 }',
        '- match: ""',
        '  response: "catch-all"',
      ].join('\n'),
    );
    const provider = createLocalProvider({ fixturesFile });
    expect((await provider.call(request, { signal })).text).toBe('Notes summarized.');
    const classified = await provider.call(
      { ...request, prompt: 'CLASSIFY this text', structuredOutput: { schema: { type: 'object' } } },
      { signal },
    );
    expect(classified.structured).toEqual({ label: 'positive', score: 1 });
    expect(classified.text).toBe('{"label":"positive","score":1}');
    expect((await provider.call({ ...request, prompt: 'anything' }, { signal })).text).toBe('catch-all');
  });

  it('falls back to its own answer when no fixture matches or the file is absent', async () => {
    const fixturesFile = await writeFixtures('- match: "zebra"\n  response: "stripes"\n');
    const response = await createLocalProvider({ fixturesFile }).call(request, { signal });
    expect(response.text.startsWith('[local model]')).toBe(true);
    const absent = await createLocalProvider({ fixturesFile: join(projectRoot, 'nope.yaml') }).call(request, {
      signal,
    });
    expect(absent.text).toBe(response.text);
  });

  it('names the file and the entry of a malformed fixture file', async () => {
    const fixturesFile = await writeFixtures('- match: "a"\n  response: "b"\n- response: "no match key"\n');
    await expect(createLocalProvider({ fixturesFile }).call(request, { signal })).rejects.toThrow(
      `model fixtures ${fixturesFile}: entry 1.match:`,
    );
    await writeFile(fixturesFile, '- match: "/(unclosed/"\n  response: x\n');
    await expect(createLocalProvider({ fixturesFile }).call(request, { signal })).rejects.toThrow(
      'entry 0: bad regular expression /(unclosed/',
    );
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const promise = createLocalProvider().call(request, {
      signal: controller.signal,
      onDelta: () => controller.abort(),
    });
    await expect(promise).rejects.toBeInstanceOf(ProviderError);
    await expect(promise).rejects.toThrow('local: the model call was aborted');
  });
});
