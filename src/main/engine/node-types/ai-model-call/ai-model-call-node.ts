import { withoutNulls } from '../../results';
import {
  ANTHROPIC_IGNORED_OPTIONS,
  checkStructuredAnswer,
  loadModelPrices,
  resolveProviderConfig,
  selectProvider,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type ProviderSelection,
  type RetryPolicy,
} from '../../providers';
import type { NodeOutput, NodeRunContext, NodeTypeHandler } from '../types';
import { fillPlaceholders } from './placeholders';
import {
  aiModelCallInputSchema,
  aiModelCallSettingsSchema,
  type AiModelCallInput,
  type AiModelCallSettings,
} from './settings';

export const AI_MODEL_CALL_NODE_TYPE = 'ai_model_call';

export interface AiModelCallNodeOptions {
  /** Supplies the provider for a request, bypassing credential lookup (tests, hosts with their own). */
  providerFor?: (request: ModelRequest) => ModelProvider;
  /** Where credentials are read from; `process.env` at execute time when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Retry policy for the HTTP providers (tests shorten the delays). */
  retry?: Partial<RetryPolicy>;
}

/**
 * The `ai_model_call` node: fills the prompt's and instructions' `{placeholders}`, picks a provider
 * (credentials from the environment or the project's secrets file, the local provider when there
 * are none), writes `state.json`, calls the model streaming its text as `node_output_delta` events,
 * and checks a structured answer against its schema (a mismatch fails the node, usage kept).
 */
export function createAiModelCallNode(
  options: AiModelCallNodeOptions = {},
): NodeTypeHandler<AiModelCallSettings, AiModelCallInput> {
  return {
    nodeType: AI_MODEL_CALL_NODE_TYPE,
    settingsSchema: aiModelCallSettingsSchema,
    inputSchema: aiModelCallInputSchema,
    async execute(context, settings, input) {
      const prompt = fillPlaceholders(settings.prompt, input?.prompt_variables);
      const instructions = (settings.system_instructions ?? []).map((text) =>
        fillPlaceholders(text, input?.instruction_variables),
      );
      const requestedModel = input?.model ?? settings.model ?? null;
      const request: ModelRequest = {
        model: requestedModel ?? '',
        prompt,
        systemInstructions: instructions,
        context: settings.context ?? [],
        options: {
          ...(settings.model_options?.temperature !== undefined
            ? { temperature: settings.model_options.temperature }
            : {}),
          ...(settings.model_options?.max_tokens !== undefined
            ? { maxTokens: settings.model_options.max_tokens }
            : {}),
          ...(settings.model_options?.top_p !== undefined ? { topP: settings.model_options.top_p } : {}),
        },
        ...(settings.structured_output ? { structuredOutput: settings.structured_output } : {}),
        stream: settings.stream,
      };
      const timeoutMs = settings.timeout !== undefined ? settings.timeout * 1000 : undefined;

      const { provider, selection } = await chooseProvider(
        context,
        settings,
        request,
        requestedModel,
        timeoutMs,
        options,
      );
      request.model = selection.model;
      if (selection.fallbackReason) context.log('warn', selection.fallbackReason, { model: selection.model });
      if (provider.name === 'anthropic') {
        const ignored = ANTHROPIC_IGNORED_OPTIONS.filter((key) => request.options[key] !== undefined);
        if (ignored.length > 0) {
          context.log('warn', `the anthropic provider does not send ${ignored.join(', ')}`, {
            model: request.model,
          });
        }
      }

      const host = provider.endpointHost ?? provider.name;
      context.writeNodeFile(
        'state.json',
        withoutNulls({
          ai_model: {
            model_name: selection.model,
            provider: selection.provider,
            requested_model_name: selection.requestedModel,
            fallback_reason: selection.fallbackReason,
          },
          api: { provider: provider.name, host },
          model_call_config: {
            ...settings.model_options,
            structured_output: settings.structured_output ?? null,
            stream: settings.stream,
            timeout_seconds: settings.timeout ?? null,
          },
          prompt,
          context: request.context,
          instructions,
        }),
      );
      context.log(
        'info',
        `calling ${provider.name} model ${request.model || '(provider default)'} at ${host}`,
      );

      const response = await provider.call(request, {
        signal: context.signal,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        onDelta: (text) =>
          context.publish({
            type: 'node_output_delta',
            runId: context.runId,
            nodeId: context.nodeId,
            hierarchyPath: context.hierarchyPath,
            text,
          }),
      });
      return outputFor(response, request, selection, settings);
    },
  };
}

/** The node as the engine registers it: credentials from the project and `process.env`. */
export const aiModelCallNode = createAiModelCallNode();

async function chooseProvider(
  context: NodeRunContext,
  settings: AiModelCallSettings,
  request: ModelRequest,
  requestedModel: string | null,
  timeoutMs: number | undefined,
  options: AiModelCallNodeOptions,
): Promise<{ provider: ModelProvider; selection: ProviderSelection }> {
  if (options.providerFor) {
    const provider = options.providerFor(request);
    return {
      provider,
      selection: { provider: provider.name, model: request.model, requestedModel, fallbackReason: null },
    };
  }
  const config = await resolveProviderConfig({
    projectRoot: context.projectRoot,
    env: options.env ?? process.env,
  });
  const selection = selectProvider(config, { provider: settings.provider, model: requestedModel });
  const prices = selection.provider === 'local' ? undefined : await loadModelPrices(context.projectRoot);
  const provider = config.createProvider(selection.provider, {
    ...(prices ? { prices } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  return { provider, selection };
}

function outputFor(
  response: ModelResponse,
  request: ModelRequest,
  selection: ProviderSelection,
  settings: AiModelCallSettings,
): NodeOutput {
  let structured: unknown = null;
  let failure: NodeOutput['failure'];
  if (settings.structured_output) {
    const checked = checkStructuredAnswer(response.text, settings.structured_output.schema);
    if (checked.ok) {
      structured = checked.value;
    } else {
      const cut = response.finishReason === 'length' || response.finishReason === 'max_tokens';
      failure = {
        message:
          `structured output from ${response.provider} model ${response.model}: ${checked.problem}` +
          (cut
            ? ` (the answer was cut off: finish reason "${response.finishReason}"; raise model_options.max_tokens)`
            : ''),
        errors: checked.errors,
      };
    }
  }
  const tokenUsage = {
    prompt_tokens: response.usage.promptTokens,
    completion_tokens: response.usage.completionTokens,
    total_tokens: response.usage.totalTokens,
  };
  const output: NodeOutput = {
    data: {
      response: {
        model: response.model,
        provider: response.provider,
        text: response.text,
        finish_reason: response.finishReason,
        usage: tokenUsage,
        cost: response.cost,
        ...(response.usageEstimated ? { usage_estimated: true } : {}),
        ...(selection.requestedModel &&
        selection.requestedModel !== response.model &&
        selection.fallbackReason
          ? { requested_model: selection.requestedModel }
          : {}),
        ...(selection.fallbackReason ? { note: selection.fallbackReason } : {}),
      },
    },
    outcome: { text: response.text, structured, files: [] },
    usage: {
      promptTokens: response.usage.promptTokens,
      completionTokens: response.usage.completionTokens,
      totalTokens: response.usage.totalTokens,
      ...(response.cost !== null ? { cost: response.cost } : {}),
    },
    spanAttributes: {
      'dad.node_internal.ai_model_name': response.model,
      'dad.node_internal.ai_model_provider': response.provider,
      'dad.node_internal.final_prompt': request.prompt,
      'dad.node_internal.system_instructions': request.systemInstructions,
      ...(response.cost !== null ? { 'dad.node_internal.cost': response.cost } : {}),
      'dad.result.token_usage': tokenUsage,
      'dad.result.response_text': response.text,
      'dad.result.finish_reason': response.finishReason,
    },
  };
  if (failure) output.failure = failure;
  return output;
}
