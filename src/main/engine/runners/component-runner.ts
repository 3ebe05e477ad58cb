import { rm } from 'node:fs/promises';
import type { ComponentDefinition } from '../definitions/component';
import { assertPlaceholdersFilled } from '../definitions/unfilled-placeholders';
import { EngineError, errorMessage, RunAbortedError } from '../errors';
import type { NodeTypeRegistry } from '../node-types/registry';
import type { ComponentExecutionResult } from '../results';
import type { RunContext, RunEndStatus } from '../run-context';
import { StaticInputs } from '../static-inputs';
import { builtinNodeTypes } from '../node-types/builtin';
import { Executor } from './executor';
import type { NodeInputHandler } from './input-requests';
import { RerunPlan } from './rerun-plan';

export interface RunnerOptions {
  /** Node types the definition may use; the built-in ones by default. */
  nodeTypes?: NodeTypeRegistry;
  /** Answers `node_input_required`; without it a node waits for `provideNodeInput`. */
  inputHandler?: NodeInputHandler;
  /** Ends the run as `timeout` after this many seconds. */
  timeoutSeconds?: number;
}

/**
 * Shared lifecycle of AgentRunner and FlowRunner: set up the context, check static inputs and the
 * re-run plan before anything runs, execute the root, and always record how the run ended.
 */
export abstract class ComponentRunner {
  protected abstract readonly runnerSpanName: string;
  private executor: Executor | null = null;
  private readonly registry: NodeTypeRegistry;

  constructor(
    readonly definition: ComponentDefinition,
    readonly context: RunContext,
    private readonly options: RunnerOptions = {},
  ) {
    this.registry = options.nodeTypes ?? builtinNodeTypes();
    definition.validate(this.registry);
  }

  /** Sets the run up: directory, outcome work tree, input files, validated static inputs. */
  async setupRun(options: { runIdPrefix?: string } = {}): Promise<{ runId: string; runDir: string }> {
    if (this.executor) return { runId: this.context.runId, runDir: this.context.runDir };
    const rootId = this.context.rootComponentId;
    // Both checks come before the run directory exists: a bad start path or input creates nothing.
    const rerun = RerunPlan.create({
      previousRunId: this.context.previousRunId,
      previousRunDir: this.context.previousRunDir,
      startHierarchyPath: this.context.startHierarchyPath,
      root: this.definition,
      rootId,
    });
    StaticInputs.validate(await this.context.readStaticInputs(), this.definition, rootId, this.registry);

    const setup = await this.context.setupRun(options);
    try {
      // An unfilled PLACEHOLDER fails the run here, before any node runs or any model is paid;
      // DAD finds it only when the component is reached.
      assertPlaceholdersFilled(this.definition, rootId);
      await this.context.copyInputFiles();
      const raw = await this.context.readStaticInputs();
      const staticInputs = StaticInputs.validate(raw, this.definition, rootId, this.registry);
      await this.context.saveStaticInputs(raw);
      this.executor = new Executor({
        context: this.context,
        registry: this.registry,
        staticInputs,
        rerun,
        inputHandler: this.options.inputHandler,
      });
    } catch (error) {
      const end = await this.context.completeRun({
        status: 'failed',
        errorMsg: `run setup failed: ${errorMessage(error)}`,
      });
      // A folder that cannot even say the run failed would read as interrupted: leave none.
      if (!end.recorded) await rm(setup.runDir, { recursive: true, force: true }).catch(() => {});
      throw error;
    }
    return setup;
  }

  /** Executes the root component and records how the run ended; returns the root's result. */
  async run(): Promise<ComponentExecutionResult> {
    if (!this.executor) await this.setupRun();
    const executor = this.executor as Executor;
    const ctx = this.context;
    if (ctx.isCompleted) throw new EngineError('run_setup_failed', `run ${ctx.runId} has already ended`);
    const timer = this.options.timeoutSeconds
      ? setTimeout(
          () => ctx.abort('timeout', `run timed out after ${this.options.timeoutSeconds} s`),
          this.options.timeoutSeconds * 1000,
        )
      : null;
    const span = ctx.observability.startSpan(this.runnerSpanName, {
      'dad.generic.component_id': ctx.rootComponentId,
      'dad.generic.component_type': this.definition.kind,
      'dad.generic.component_hierarchy': ctx.rootComponentId,
    });
    let status: RunEndStatus = 'failed';
    let errorMsg: string | null = null;
    let result: ComponentExecutionResult;
    try {
      result = await executor.executeRoot(this.definition, span);
      status = endStatusOf(result.execution_status);
      errorMsg = result.error;
      span.end(status === 'completed' ? 'OK' : 'ERROR', errorMsg ?? undefined);
    } catch (error) {
      status = error instanceof RunAbortedError ? error.status : 'failed';
      errorMsg = errorMessage(error);
      span.recordException(error);
      span.end('ERROR', errorMsg);
      if (timer) clearTimeout(timer);
      await ctx.completeRun({ status, errorMsg });
      throw error;
    }
    if (timer) clearTimeout(timer);
    const end = await ctx.completeRun({ status, errorMsg });
    // The answer agrees with the record: an end that failed to record (closing commit, full disk)
    // turns the result failed, with the error dad_metadata.json holds.
    if (end.status !== undefined && end.status !== result.execution_status) {
      return {
        ...result,
        execution_status: end.status,
        error: end.error ?? null,
        errors: end.error ? [...(result.errors ?? []), end.error] : result.errors,
      };
    }
    return result;
  }

  /** Cancels the run: the node in flight is abandoned and the run ends `cancelled`. */
  cancel(reason = 'run cancelled'): void {
    this.context.abort('cancelled', reason);
  }

  /** Answers a node waiting for input (validated against its input schema; a bad one throws). */
  provideNodeInput(hierarchyPath: string, input: unknown): void {
    if (!this.executor) throw new EngineError('run_setup_failed', 'the run is not set up yet');
    this.executor.inputRequests.answer(hierarchyPath, input);
  }

  get nodesWaitingForInput(): string[] {
    return this.executor?.inputRequests.waiting ?? [];
  }
}

function endStatusOf(status: string): RunEndStatus {
  return status === 'completed' || status === 'cancelled' || status === 'timeout' ? status : 'failed';
}
