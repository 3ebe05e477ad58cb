export {
  AI_MODEL_CALL_NODE_TYPE,
  aiModelCallNode,
  createAiModelCallNode,
  type AiModelCallNodeOptions,
} from './ai-model-call-node';
export {
  aiModelCallInputSchema,
  aiModelCallSettingsSchema,
  type AiModelCallInput,
  type AiModelCallSettings,
} from './settings';
export { fillPlaceholders } from './placeholders';
