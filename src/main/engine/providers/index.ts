export type {
  ModelCallOptions,
  ModelOptions,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelUsage,
  ProviderName,
  RetryPolicy,
  StructuredOutputRequest,
} from './types';
export { DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS } from './types';
export { ProviderError, type ProviderErrorKind } from './provider-error';
export {
  CREDENTIALS_FILE,
  resolveProviderConfig,
  type ProviderConfig,
  type ProviderEndpointInfo,
  type ProviderFactoryOptions,
} from './credentials';
export {
  DEFAULT_MODELS,
  providerForModel,
  selectProvider,
  type ProviderSelection,
  type ProviderSetting,
} from './selection';
export { createOpenAiProvider, OPENAI_DEFAULT_BASE_URL, type OpenAiProviderOptions } from './openai-provider';
export {
  ANTHROPIC_DEFAULT_BASE_URL,
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_IGNORED_OPTIONS,
  createAnthropicProvider,
  type AnthropicProviderOptions,
} from './anthropic-provider';
export { createLocalProvider, LOCAL_MODEL_NAME, type LocalProviderOptions } from './local-provider';
export { fixturesPathFor, loadModelFixtures, MODEL_FIXTURES_FILE } from './fixtures';
export {
  BUILT_IN_PRICES,
  costFor,
  loadModelPrices,
  MODEL_PRICES_FILE,
  priceFor,
  type ModelPrice,
  type PriceTable,
} from './prices';
export { checkStructuredAnswer, validatorForSchema, type StructuredCheck } from './structured-output';
export { exampleForSchema } from './schema-example';
export { composeSystemMessage, composeUserMessage } from './messages';
