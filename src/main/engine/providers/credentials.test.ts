import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE, resolveProviderConfig } from './credentials';
import { selectProvider } from './selection';
import { startTestServer, type TestServer } from '../../../../test-support/providers/http-test-server';
import { writeOpenAiStream } from '../../../../test-support/providers/openai-wire';
import { writeAnthropicStream } from '../../../../test-support/providers/anthropic-wire';

let projectRoot: string;
let server: TestServer | null = null;
beforeEach(async () => {
  projectRoot = await mkdtemp(join(tmpdir(), 'credentials-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  await rm(projectRoot, { recursive: true, force: true });
});

async function writeCredentials(text: string): Promise<string> {
  const path = join(projectRoot, CREDENTIALS_FILE);
  await mkdir(join(projectRoot, '.dhenara', '.secrets'), { recursive: true });
  await writeFile(path, text);
  return path;
}

describe('resolveProviderConfig', () => {
  it('reads keys and base URLs from the secrets YAML and calls the provider with them', async () => {
    server = await startTestServer((req, res) =>
      req.path.startsWith('/v1/chat')
        ? writeOpenAiStream(res, { model: 'gpt-4o-mini', pieces: ['from file'] })
        : writeAnthropicStream(res, { model: 'claude-haiku-4-5', pieces: ['from file too'] }),
    );
    await writeCredentials(
      [
        'openai:',
        '  api_key: sk-file-SECRET123',
        `  base_url: ${server.url}/v1`,
        'anthropic:',
        '  api_key: sk-ant-file-SECRET456',
        `  base_url: ${server.url}`,
      ].join('\n'),
    );
    const config = await resolveProviderConfig({ projectRoot, env: {} });
    expect(config.openai).toEqual({
      configured: true,
      hasKey: true,
      keySource: 'file',
      baseUrl: `${server.url}/v1`,
    });
    expect(config.anthropic.keySource).toBe('file');

    const signal = new AbortController().signal;
    const request = { prompt: 'hi', systemInstructions: [], context: [], options: {} };
    const openai = config.createProvider('openai', { retry: { maxRetries: 0 } });
    expect((await openai.call({ ...request, model: 'gpt-4o-mini' }, { signal })).text).toBe('from file');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-file-SECRET123');
    const anthropic = config.createProvider('anthropic', { retry: { maxRetries: 0 } });
    expect((await anthropic.call({ ...request, model: 'claude-haiku-4-5' }, { signal })).text).toBe(
      'from file too',
    );
    const sentAnthropic = server.requests[1]?.headers;
    expect(`${sentAnthropic?.['x-api-key'] ?? ''}${sentAnthropic?.authorization ?? ''}`).toContain(
      'sk-ant-file-SECRET456',
    );

    // the config and the providers show no key when serialised or inspected
    for (const shown of [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      JSON.stringify(openai),
      inspect(openai, { depth: 10 }),
    ]) {
      expect(shown).not.toContain('SECRET');
    }
  });

  it('lets each environment variable win over the file', async () => {
    await writeCredentials('openai:\n  api_key: sk-file\n  base_url: http://file.example/v1\n');
    const config = await resolveProviderConfig({
      projectRoot,
      env: { OPENAI_API_KEY: 'sk-env', ANTHROPIC_API_KEY: '  ', ANTHROPIC_BASE_URL: '' },
    });
    expect(config.openai).toEqual({
      configured: true,
      hasKey: true,
      keySource: 'env',
      baseUrl: 'http://file.example/v1',
    });
    expect(config.anthropic).toEqual({ configured: false, hasKey: false, keySource: null, baseUrl: null });
  });

  it('counts an OpenAI base URL without a key as configured (local compatible servers need none)', async () => {
    const config = await resolveProviderConfig({
      projectRoot,
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' },
    });
    expect(config.openai.configured).toBe(true);
    expect(config.openai.hasKey).toBe(false);
  });

  it('refuses to build a provider that has no key, naming the variable to set', async () => {
    const config = await resolveProviderConfig({ projectRoot, env: {} });
    expect(() => config.createProvider('anthropic')).toThrow(
      /ANTHROPIC_API_KEY.*anthropic\.api_key in \.dhenara/,
    );
    expect(config.createProvider('local').name).toBe('local');
  });

  it('names a malformed secrets file without quoting it', async () => {
    const path = await writeCredentials('openai:\n  api_key: "sk-SECRET123\n  base_url: [\n');
    const error = await resolveProviderConfig({ projectRoot, env: {} }).then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain(`credentials ${path} is not valid YAML`);
    expect(error?.message).not.toContain('SECRET123');

    await writeCredentials('openai: [sk-SECRET123]\n');
    await expect(resolveProviderConfig({ projectRoot, env: {} })).rejects.toThrow(/credentials .*: openai: /);
    await expect(resolveProviderConfig({ projectRoot, env: {} })).rejects.not.toThrow(/SECRET123/);
  });
});

describe('selectProvider', () => {
  const none = { configured: false, hasKey: false, keySource: null, baseUrl: null } as const;
  const set = { configured: true, hasKey: true, keySource: 'env', baseUrl: null } as const;

  it('falls back to local, and says so, when auto finds no key at all', () => {
    const selection = selectProvider(
      { openai: none, anthropic: none },
      { provider: 'auto', model: 'gpt-4o' },
    );
    expect(selection).toMatchObject({
      provider: 'local',
      model: 'local-deterministic',
      requestedModel: 'gpt-4o',
    });
    expect(selection.fallbackReason).toContain('no API key is configured');
    expect(selection.fallbackReason).toContain('in place of "gpt-4o"');
  });

  it('picks the provider by model name', () => {
    const both = { openai: set, anthropic: set };
    expect(selectProvider(both, { provider: 'auto', model: 'gpt-4.1' }).provider).toBe('openai');
    expect(selectProvider(both, { provider: 'auto', model: 'o3-mini' }).provider).toBe('openai');
    expect(selectProvider(both, { provider: 'auto', model: 'claude-haiku-4-5' }).provider).toBe('anthropic');
    expect(selectProvider(both, { provider: 'auto', model: 'local-anything' })).toMatchObject({
      provider: 'local',
      model: 'local-deterministic',
      fallbackReason: null,
    });
    expect(selectProvider(both, { provider: 'auto', model: 'llama3.2' }).provider).toBe('openai');
    expect(selectProvider(both, { provider: 'auto' })).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(selectProvider({ openai: none, anthropic: set }, { provider: 'auto' })).toMatchObject({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
  });

  it('lets an explicit provider win, and fails when it has no key', () => {
    expect(
      selectProvider({ openai: set, anthropic: none }, { provider: 'openai', model: 'claude-x' }),
    ).toMatchObject({
      provider: 'openai',
      model: 'claude-x',
    });
    expect(() =>
      selectProvider({ openai: none, anthropic: none }, { provider: 'openai', model: 'gpt-4o' }),
    ).toThrow(/provider "openai" has no API key: set OPENAI_API_KEY/);
    expect(
      selectProvider({ openai: none, anthropic: none }, { provider: 'local', model: 'gpt-4o' }).provider,
    ).toBe('local');
  });

  it('fails when some key is set but not the one the model needs', () => {
    expect(() =>
      selectProvider({ openai: set, anthropic: none }, { provider: 'auto', model: 'claude-haiku-4-5' }),
    ).toThrow(
      /model "claude-haiku-4-5" is served by anthropic, but provider "anthropic" has no API key: set ANTHROPIC_API_KEY/,
    );
    expect(() =>
      selectProvider({ openai: none, anthropic: set }, { provider: 'auto', model: 'mistral' }),
    ).toThrow('cannot tell which provider serves model "mistral"');
  });
});
