import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { errorMessage } from '../errors';
import { createAnthropicProvider } from './anthropic-provider';
import { fixturesPathFor } from './fixtures';
import { createLocalProvider } from './local-provider';
import { createOpenAiProvider } from './openai-provider';
import { BUILT_IN_PRICES, type PriceTable } from './prices';
import { ProviderError } from './provider-error';
import type { ModelProvider, ProviderName, RetryPolicy } from './types';

export const CREDENTIALS_FILE = join('.dhenara', '.secrets', '.credentials.yaml');

/** What is known about one provider's credentials, without the key itself. */
export interface ProviderEndpointInfo {
  /** A key is set, or (OpenAI only) a base URL of a server that may need none. */
  readonly configured: boolean;
  readonly hasKey: boolean;
  readonly keySource: 'env' | 'file' | null;
  readonly baseUrl: string | null;
}

export interface ProviderFactoryOptions {
  prices?: PriceTable;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

/**
 * Resolved credentials. The keys live only in the closure behind `createProvider` and in the
 * providers it makes: serialising, logging or inspecting this object shows no key.
 */
export interface ProviderConfig {
  readonly projectRoot: string;
  readonly credentialsFile: string;
  readonly openai: ProviderEndpointInfo;
  readonly anthropic: ProviderEndpointInfo;
  /** Throws when asked for `openai` or `anthropic` and that provider is not configured. */
  createProvider(name: ProviderName, options?: ProviderFactoryOptions): ModelProvider;
}

const endpointSchema = z.object({ api_key: z.string().nullish(), base_url: z.string().nullish() }).nullish();
const credentialsFileSchema = z.object({ openai: endpointSchema, anthropic: endpointSchema }).nullish();

/**
 * Reads credentials, field by field: the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`,
 * `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`) first, else `<projectRoot>/.dhenara/.secrets/.credentials.yaml`:
 *
 * ```yaml
 * openai:
 *   api_key: sk-...
 *   base_url: http://localhost:11434/v1   # optional: Ollama, vLLM, llama.cpp, LM Studio, a proxy
 * anthropic:
 *   api_key: sk-ant-...
 *   base_url: https://...                 # optional
 * ```
 * Empty values count as unset. OpenAI with a base URL and no key is configured (local servers need
 * none). A missing file is fine; a malformed one is an error naming the file, never its contents.
 */
export async function resolveProviderConfig(options: {
  projectRoot: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<ProviderConfig> {
  const credentialsFile = join(options.projectRoot, CREDENTIALS_FILE);
  const file = await readCredentialsFile(credentialsFile);
  const pick = (
    envName: string,
    fileValue: string | null | undefined,
  ): { value: string | null; source: 'env' | 'file' | null } => {
    const fromEnv = options.env[envName]?.trim();
    if (fromEnv) return { value: fromEnv, source: 'env' };
    const fromFile = fileValue?.trim();
    return fromFile ? { value: fromFile, source: 'file' } : { value: null, source: null };
  };
  const openaiKey = pick('OPENAI_API_KEY', file?.openai?.api_key);
  const openaiUrl = pick('OPENAI_BASE_URL', file?.openai?.base_url);
  const anthropicKey = pick('ANTHROPIC_API_KEY', file?.anthropic?.api_key);
  const anthropicUrl = pick('ANTHROPIC_BASE_URL', file?.anthropic?.base_url);
  for (const [name, url] of [
    ['OPENAI_BASE_URL / openai.base_url', openaiUrl.value],
    ['ANTHROPIC_BASE_URL / anthropic.base_url', anthropicUrl.value],
  ] as const) {
    if (url !== null && !URL.canParse(url)) throw new Error(`${name} is not a URL`);
  }

  const openai: ProviderEndpointInfo = {
    configured: openaiKey.value !== null || openaiUrl.value !== null,
    hasKey: openaiKey.value !== null,
    keySource: openaiKey.source,
    baseUrl: openaiUrl.value,
  };
  const anthropic: ProviderEndpointInfo = {
    configured: anthropicKey.value !== null,
    hasKey: anthropicKey.value !== null,
    keySource: anthropicKey.source,
    baseUrl: anthropicUrl.value,
  };

  return {
    projectRoot: options.projectRoot,
    credentialsFile,
    openai,
    anthropic,
    createProvider(name, factoryOptions = {}) {
      const common = {
        prices: factoryOptions.prices ?? BUILT_IN_PRICES,
        ...(factoryOptions.retry ? { retry: factoryOptions.retry } : {}),
        ...(factoryOptions.timeoutMs !== undefined ? { timeoutMs: factoryOptions.timeoutMs } : {}),
      };
      if (name === 'local')
        return createLocalProvider({ fixturesFile: fixturesPathFor(options.projectRoot) });
      if (name === 'openai') {
        if (!openai.configured) throw new ProviderError('openai', 'config', notConfiguredMessage('openai'));
        return createOpenAiProvider({ apiKey: openaiKey.value, baseUrl: openaiUrl.value, ...common });
      }
      if (anthropicKey.value === null)
        throw new ProviderError('anthropic', 'config', notConfiguredMessage('anthropic'));
      return createAnthropicProvider({ apiKey: anthropicKey.value, baseUrl: anthropicUrl.value, ...common });
    },
  };
}

export function notConfiguredMessage(provider: 'openai' | 'anthropic'): string {
  const variable = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
  return (
    `provider "${provider}" has no API key: set ${variable} in the environment or ${provider}.api_key in ` +
    `${CREDENTIALS_FILE}` +
    (provider === 'openai' ? ' (or OPENAI_BASE_URL for a local OpenAI-compatible server)' : '')
  );
}

type CredentialsFile = z.infer<typeof credentialsFileSchema>;

async function readCredentialsFile(path: string): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read credentials ${path}: ${errorMessage(error)}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    // The parser's message quotes the offending line, which may hold a key: name only the position.
    const position = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new Error(
      `credentials ${path} is not valid YAML${position ? ` (line ${position.line}, column ${position.col})` : ''}`,
    );
  }
  const parsed = credentialsFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `credentials ${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` +
        ' (expected openai: {api_key, base_url} and anthropic: {api_key, base_url})',
    );
  }
  return parsed.data;
}
