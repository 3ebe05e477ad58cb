import type { ProviderConfig } from './credentials';
import { notConfiguredMessage } from './credentials';
import { LOCAL_MODEL_NAME } from './local-provider';
import { ProviderError } from './provider-error';
import type { ProviderName } from './types';

export type ProviderSetting = 'auto' | ProviderName;

/** Sent when a node names no model. */
export const DEFAULT_MODELS: Record<ProviderName, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  local: LOCAL_MODEL_NAME,
};

export interface ProviderSelection {
  provider: ProviderName;
  /** The model the request goes out with. */
  model: string;
  /** The model the node asked for, if any (differs from `model` after a fallback to local). */
  requestedModel: string | null;
  /** Set when the local provider answers because no key is configured: says why. */
  fallbackReason: string | null;
}

/** The provider a model name belongs to: `gpt-*`, `chatgpt-*`, `o<digit>*` → openai; `claude-*` → anthropic; `local*` → local. */
export function providerForModel(model: string): ProviderName | null {
  if (/^(gpt-|chatgpt-|o\d)/.test(model)) return 'openai';
  if (model.startsWith('claude-')) return 'anthropic';
  if (model.startsWith('local')) return 'local';
  return null;
}

/**
 * Picks the provider and model for a call:
 * - an explicit provider is used as set; `openai`/`anthropic` without a key is an error naming the
 *   variable to set; `local` always answers as `local-deterministic`;
 * - `auto` goes by the model name (`providerForModel`); a name of no known family goes to OpenAI
 *   when it is configured (a local OpenAI-compatible server serves `llama3.2`, `qwen2.5`, ...);
 *   without a model, to the first configured of openai, anthropic;
 * - `auto` with no provider configured at all falls back to local, and says so in
 *   `fallbackReason`; with some provider configured but not the one the model needs, it is an error.
 */
export function selectProvider(
  config: Pick<ProviderConfig, 'openai' | 'anthropic'>,
  wanted: { provider: ProviderSetting; model?: string | null },
): ProviderSelection {
  const requestedModel = wanted.model?.trim() || null;
  const isConfigured = (name: ProviderName): boolean => name === 'local' || config[name].configured;
  const chosen = (provider: ProviderName): ProviderSelection => ({
    provider,
    model: provider === 'local' ? LOCAL_MODEL_NAME : (requestedModel ?? DEFAULT_MODELS[provider]),
    requestedModel,
    fallbackReason: null,
  });

  if (wanted.provider !== 'auto') {
    if (!isConfigured(wanted.provider) && wanted.provider !== 'local') {
      throw new ProviderError(wanted.provider, 'config', notConfiguredMessage(wanted.provider));
    }
    return chosen(wanted.provider);
  }

  const family = requestedModel ? providerForModel(requestedModel) : null;
  if (family === 'local') return chosen('local');
  if (!config.openai.configured && !config.anthropic.configured) {
    return {
      ...chosen('local'),
      fallbackReason:
        `no API key is configured (OPENAI_API_KEY, ANTHROPIC_API_KEY or .dhenara/.secrets/.credentials.yaml), ` +
        `so the local deterministic provider answered` +
        (requestedModel ? ` in place of "${requestedModel}"` : ''),
    };
  }
  if (family === 'openai' || family === 'anthropic') {
    if (!isConfigured(family)) {
      throw new ProviderError(
        family,
        'config',
        `model "${requestedModel}" is served by ${family}, but ${notConfiguredMessage(family)}`,
      );
    }
    return chosen(family);
  }
  if (requestedModel === null) return chosen(config.openai.configured ? 'openai' : 'anthropic');
  if (config.openai.configured) return chosen('openai');
  throw new ProviderError(
    'anthropic',
    'config',
    `cannot tell which provider serves model "${requestedModel}": set provider to "openai" (with OPENAI_BASE_URL ` +
      `for a compatible server), "anthropic" or "local"`,
  );
}
