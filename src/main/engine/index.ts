/** The run system: definitions, the run context, runners, node types and the event bus. */
export {
  AgentDefinition,
  FlowDefinition,
  ComponentDefinition,
  agentDef,
  flowDef,
} from './definitions/component';
export type {
  CallbackFunction,
  ConditionalOptions,
  Element,
  LoopOptions,
  Variables,
} from './definitions/component';
export { NodeDefinition, nodeDef } from './definitions/node';
export { PLACEHOLDER } from './definitions/placeholder';
export type { NodeOptions } from './definitions/node';
export {
  EngineError,
  DefinitionError,
  TemplateError,
  StaticInputError,
  OutcomeRepositoryError,
  RunAbortedError,
} from './errors';
export type { EngineErrorCode } from './errors';
export { EventBus } from './events';
export type {
  RunEvent,
  RunEventType,
  RunEventListener,
  SpanRecord,
  LogRecordLine,
  MetricsExportLine,
} from './events';
export { RunContext, readMetadata } from './run-context';
export type { RunContextOptions, RunEndRecord, RunEndStatus } from './run-context';
export { AgentRunner } from './runners/agent-runner';
export { FlowRunner } from './runners/flow-runner';
export type { RunnerOptions } from './runners/component-runner';
export type { NodeInputHandler, NodeInputRequest } from './runners/input-requests';
export { NodeTypeRegistry } from './node-types/registry';
export { builtinNodeTypes } from './node-types/builtin';
export type { NodeTypeHandler, NodeRunContext, NodeOutput, LogLevel } from './node-types/types';
export type { NodeExecutionResult, ComponentExecutionResult, ExecutionStatus } from './results';
export { OutcomeRepository } from './outcome';
export { renderTemplate } from './templates';
export { defineRunner, prepareRun } from './runner-spec';
export type { RunnerSpec, LaunchOptions } from './runner-spec';
export type { ComponentRunner } from './runners/component-runner';
