import type { AgentDefinition, FlowDefinition } from './definitions/component';
import { DefinitionError } from './errors';
import type { EventBus } from './events';
import { assertValidId } from './ids';
import { builtinNodeTypes } from './node-types/builtin';
import type { NodeTypeHandler } from './node-types/types';
import { RunContext, type RunContextOptions } from './run-context';
import { AgentRunner } from './runners/agent-runner';
import type { ComponentRunner } from './runners/component-runner';
import { FlowRunner } from './runners/flow-runner';
import type { NodeInputHandler } from './runners/input-requests';

/** The longest run timeout: 20 days, within what a timer can wait. */
export const MAX_TIMEOUT_SECONDS = 20 * 24 * 3600;

/**
 * What a project's `src/runners/<id>.ts` exports as `runner`: the definition to run and how. Each
 * launch makes a fresh RunContext and runner from it, with that launch's options.
 */
export interface RunnerSpec {
  readonly definition: AgentDefinition | FlowDefinition;
  readonly rootComponentId: string;
  readonly description: string | null;
  readonly runRootSubpath: string | null;
  readonly enableOutcomeRepo: boolean;
  readonly timeoutSeconds: number | null;
  /** Node types of the project's own, beside the built-in ones. */
  readonly nodeTypes: readonly NodeTypeHandler[];
  /** The heap limit of the process a run of it gets in the inspector; null keeps the inspector's. */
  readonly memoryLimitMb: number | null;
}

export function defineRunner(options: {
  definition: AgentDefinition | FlowDefinition;
  rootComponentId: string;
  description?: string;
  runRootSubpath?: string;
  enableOutcomeRepo?: boolean;
  timeoutSeconds?: number;
  nodeTypes?: NodeTypeHandler[];
  memoryLimitMb?: number;
}): RunnerSpec {
  // Checked by shape, not instanceof: a project's files may load their own copy of this module.
  const kind = (options.definition as { kind?: unknown } | undefined)?.kind;
  if (kind !== 'agent' && kind !== 'flow') {
    throw new DefinitionError('defineRunner needs an agent or flow definition');
  }
  assertValidId(options.rootComponentId, 'root component');
  const memory = options.memoryLimitMb;
  if (memory !== undefined && !(Number.isInteger(memory) && memory >= 16)) {
    throw new DefinitionError(`defineRunner: memoryLimitMb must be a whole number of megabytes, at least 16`);
  }
  const timeout = options.timeoutSeconds;
  // Timers cannot wait longer than 2^31-1 ms (about 24 days): a longer timeout would fire at once.
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0 && timeout <= MAX_TIMEOUT_SECONDS)) {
    throw new DefinitionError(
      `defineRunner: timeoutSeconds must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`,
    );
  }
  return {
    definition: options.definition,
    rootComponentId: options.rootComponentId,
    description: options.description ?? null,
    runRootSubpath: options.runRootSubpath ?? null,
    enableOutcomeRepo: options.enableOutcomeRepo ?? true,
    timeoutSeconds: options.timeoutSeconds ?? null,
    nodeTypes: options.nodeTypes ?? [],
    memoryLimitMb: memory ?? null,
  };
}

export interface LaunchOptions {
  projectRoot: string;
  runRoot?: string;
  previousRunId?: string;
  startHierarchyPath?: string;
  runIdPrefix?: string;
  /** The run's id, decided by the process that owns the run (see RunContextOptions.runId). */
  runId?: string;
  inputSource?: string;
  staticInputs?: Record<string, unknown>;
  events?: EventBus;
  inputHandler?: NodeInputHandler;
  projectIdentifier?: string;
  observability?: RunContextOptions['observability'];
}

/** A fresh context and runner for one launch of a runner spec (nothing is written yet). */
export function prepareRun(
  spec: RunnerSpec,
  launch: LaunchOptions,
): { context: RunContext; runner: ComponentRunner } {
  const context = new RunContext({
    rootComponentId: spec.rootComponentId,
    projectRoot: launch.projectRoot,
    runRoot: launch.runRoot,
    runRootSubpath: spec.runRootSubpath ?? undefined,
    previousRunId: launch.previousRunId,
    startHierarchyPath: launch.startHierarchyPath,
    runIdPrefix: launch.runIdPrefix,
    runId: launch.runId,
    enableOutcomeRepo: spec.enableOutcomeRepo,
    inputSource: launch.inputSource,
    events: launch.events,
    projectIdentifier: launch.projectIdentifier,
    observability: launch.observability,
  });
  for (const [nodeId, input] of Object.entries(launch.staticInputs ?? {})) {
    context.registerNodeStaticInput(nodeId, input);
  }
  const nodeTypes = builtinNodeTypes();
  for (const handler of spec.nodeTypes) nodeTypes.register(handler);
  const options = {
    nodeTypes,
    inputHandler: launch.inputHandler,
    timeoutSeconds: spec.timeoutSeconds ?? undefined,
  };
  const runner =
    spec.definition.kind === 'agent'
      ? new AgentRunner(spec.definition as AgentDefinition, context, options)
      : new FlowRunner(spec.definition as FlowDefinition, context, options);
  return { context, runner };
}
