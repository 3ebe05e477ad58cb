export {
  RunObservability,
  type LogLevel,
  type LogOptions,
  type RunObservabilityOptions,
  type SpanHandle,
} from './run-observability';
export {
  MAX_ATTRIBUTE_LENGTH,
  toAttributeValue,
  toAttributes,
  truncateAttributeString,
  type AttributeValue,
} from './attributes';
export type { ExecutionPoint, ExecutionScope } from './execution-metrics';
export type { RerunInfo } from './resource';
