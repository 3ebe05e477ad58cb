import { join } from 'node:path';
import { z } from 'zod';
import type { ComponentDefinition, Element } from '../definitions/component';
import { EngineError, errorMessage, RunAbortedError, StaticInputError } from '../errors';
import type { NodeTypeRegistry } from '../node-types/registry';
import type { NodeOutput, NodeRunContext, NodeTypeHandler } from '../node-types/types';
import { describeIssues } from '../node-types/zod-issues';
import type { SpanHandle } from '../observability';
import {
  addUsage,
  aggUsageFields,
  emptyUsage,
  usageOfNodeResult,
  withoutNulls,
  type ComponentExecutionResult,
  type ExecutionStatus,
  type NodeExecutionResult,
  type UsageTotals,
} from '../results';
import type { RunContext } from '../run-context';
import { isoMicros } from '../run-id';
import type { StaticInputs } from '../static-inputs';
import { renderDeep, renderTemplate, hasTemplate } from '../templates';
import { abortErrorOf, raceAbort } from './abort';
import { scopeFor, type Frame } from './frame';
import { HierRegistry } from './hier-registry';
import { InputRequests, jsonSchemaOf, type NodeInputHandler } from './input-requests';
import type { RerunPlan } from './rerun-plan';
import { reusePreviousResult } from './reuse';

/** How one element ended, as its component sees it. */
interface ElementOutcome {
  status: ExecutionStatus;
  error: string | null;
  /** What `$hier{}` returns for the element. */
  result: unknown;
  usage: UsageTotals;
  continueOnError: boolean;
}

const FAILED_STATES: ReadonlySet<ExecutionStatus> = new Set(['failed', 'cancelled', 'timeout']);

export interface ExecutorOptions {
  context: RunContext;
  registry: NodeTypeRegistry;
  staticInputs: StaticInputs;
  rerun: RerunPlan;
  inputHandler?: NodeInputHandler;
}

/** Walks a component tree element by element, writing each result as it ends. */
export class Executor {
  readonly hier = new HierRegistry();
  readonly inputRequests = new InputRequests();
  private readonly ctx: RunContext;
  private readonly registry: NodeTypeRegistry;
  private readonly staticInputs: StaticInputs;
  private readonly rerun: RerunPlan;
  private readonly inputHandler: NodeInputHandler | undefined;
  private runVariablesCache: Record<string, unknown> | null = null;

  constructor(options: ExecutorOptions) {
    this.ctx = options.context;
    this.registry = options.registry;
    this.staticInputs = options.staticInputs;
    this.rerun = options.rerun;
    this.inputHandler = options.inputHandler;
  }

  private get runVariables(): Record<string, unknown> {
    this.runVariablesCache ??= this.ctx.runVariables();
    return this.runVariablesCache;
  }

  /** Executes the root component under the runner's span and returns its result. */
  async executeRoot(root: ComponentDefinition, parentSpan: SpanHandle): Promise<ComponentExecutionResult> {
    const id = this.ctx.rootComponentId;
    const outcome = await this.executeComponent(root, {
      id,
      segments: [id],
      ancestorIds: [],
      inherited: {},
      extraVariables: {},
      parentSpan,
      componentType: root.kind,
    });
    return outcome.result as ComponentExecutionResult;
  }

  private async executeComponent(
    component: ComponentDefinition,
    place: {
      id: string;
      segments: string[];
      ancestorIds: string[];
      inherited: Record<string, unknown>;
      extraVariables: Record<string, unknown>;
      parentSpan: SpanHandle;
      componentType: string;
      parentFrame?: Frame;
    },
  ): Promise<ElementOutcome> {
    const createdAt = new Date();
    const dotted = place.segments.join('.');
    this.rerun.visit(dotted);
    const span = this.ctx.observability.startSpan(
      `${component.kind}.execute`,
      {
        'dad.generic.component_id': place.id,
        'dad.generic.component_type': place.componentType,
        'dad.generic.component_hierarchy': dotted,
        'dad.generic.execution_start_time': createdAt.toISOString(),
      },
      place.parentSpan,
    );
    const results: Record<string, unknown> = {};
    const errors: string[] = [];
    const usage = emptyUsage();
    let status: ExecutionStatus = 'completed';
    let error: string | null = null;

    try {
      const frame: Frame = {
        componentId: place.id,
        kind: component.kind,
        segments: place.segments,
        ancestorIds: [...place.ancestorIds, place.id],
        variables: place.inherited,
        span,
      };
      // Component variables may hold templates; they render in the scope of the component itself.
      frame.variables = {
        ...place.inherited,
        ...place.extraVariables,
        ...this.renderIn(component.variables, frame),
      };
      for (const element of component.elements) {
        if (this.ctx.signal.aborted) throw abortErrorOf(this.ctx.signal);
        const outcome = await this.executeElement(element, frame);
        results[element.id] = summaryOf(outcome);
        addUsage(usage, outcome.usage);
        if (!FAILED_STATES.has(outcome.status)) continue;
        const message = `element "${element.id}" ${outcome.status}: ${outcome.error ?? 'no error message'}`;
        if (outcome.status === 'failed' && outcome.continueOnError) {
          errors.push(message);
          continue;
        }
        status = outcome.status;
        error = message;
        break;
      }
    } catch (caught) {
      status = caught instanceof RunAbortedError ? caught.status : 'failed';
      error = errorMessage(caught);
      span.recordException(caught);
    }

    const completedAt = new Date();
    const result: ComponentExecutionResult = {
      executable_type: component.kind,
      component_id: place.id,
      is_rerun: this.rerun.isRerun,
      start_hierarchy_path: this.ctx.startHierarchyPath,
      execution_status: status,
      execution_results: results,
      error,
      errors: errors.length > 0 ? errors : null,
      metadata: { hierarchy_path: dotted, component_type: place.componentType },
      created_at: isoMicros(createdAt),
      updated_at: isoMicros(completedAt),
      completed_at: isoMicros(completedAt),
      ...aggUsageFields(usage),
    };
    this.ctx.writer.writeJson(join(this.ctx.runDir, ...place.segments, 'component_result.json'), result);
    this.hier.set(dotted, result);
    const durationMs = completedAt.getTime() - createdAt.getTime();
    span.setAttributes({
      'dad.generic.execution_end_time': completedAt.toISOString(),
      'dad.generic.execution_duration_ms': durationMs,
      'dad.generic.execution_status': status,
      ...(error ? { 'dad.generic.error_message': error } : {}),
    });
    span.end(status === 'completed' ? 'OK' : 'ERROR', error ?? undefined);
    this.ctx.observability.recordExecution(component.kind, {
      id: place.id,
      type: place.componentType,
      durationMs,
      success: status === 'completed',
    });
    return { status, error, result, usage, continueOnError: false };
  }

  private async executeElement(element: Element, frame: Frame): Promise<ElementOutcome> {
    const segments = [...frame.segments, element.id];
    switch (element.kind) {
      case 'node': {
        const handler = this.registry.get(element.node.nodeType);
        return this.executeUnit(frame, segments, {
          nodeType: element.node.nodeType,
          executableType: 'flow_node',
          continueOnError: element.node.onError === 'continue',
          inputRequired: element.node.inputRequired,
          handler,
          settings: element.node.settings,
        });
      }
      case 'callback':
        return this.executeUnit(frame, segments, {
          nodeType: 'callback',
          executableType: 'callback',
          continueOnError: element.options.onError === 'continue',
          inputRequired: element.options.inputRequired ?? false,
          handler: callbackHandler(element.fn),
          settings: element.args,
        });
      case 'component':
        return this.executeComponent(element.component, {
          id: element.id,
          segments,
          ancestorIds: frame.ancestorIds,
          inherited: frame.variables,
          extraVariables: this.renderIn(element.variables, frame),
          parentSpan: frame.span,
          componentType: element.component.kind,
        });
      case 'conditional':
        return this.executeConditional(element, frame, segments);
      case 'loop':
        return this.executeLoop(element, frame, segments);
    }
  }

  private async executeConditional(
    element: Extract<Element, { kind: 'conditional' }>,
    frame: Frame,
    segments: string[],
  ): Promise<ElementOutcome> {
    const dotted = segments.join('.');
    this.rerun.visit(dotted);
    const value = this.evaluateStatement(element.statement, frame, segments);
    const branchName = value ? 'is_true' : 'is_false';
    const branch = value ? element.trueBranch : element.falseBranch;
    let outcome: ElementOutcome | null = null;
    if (branch) {
      outcome = await this.executeComponent(branch, {
        id: element.id,
        segments: [...segments, branchName],
        ancestorIds: [...frame.ancestorIds, element.id],
        inherited: frame.variables,
        extraVariables: {},
        parentSpan: frame.span,
        componentType: 'conditional',
      });
    }
    const status = outcome?.status ?? 'completed';
    const result = {
      executable_type: 'conditional',
      component_id: element.id,
      execution_status: status,
      condition_result: Boolean(value),
      branch: branch ? branchName : null,
      result: outcome?.result ?? null,
    };
    this.hier.set(dotted, result);
    return {
      status,
      error: outcome?.error ?? null,
      result,
      usage: outcome?.usage ?? emptyUsage(),
      continueOnError: false,
    };
  }

  private async executeLoop(
    element: Extract<Element, { kind: 'loop' }>,
    frame: Frame,
    segments: string[],
  ): Promise<ElementOutcome> {
    const dotted = segments.join('.');
    this.rerun.visit(dotted);
    const items = this.loopItems(element, frame, segments);
    const end =
      element.maxIterations === null
        ? items.length
        : Math.min(items.length, element.startIndex + element.maxIterations);
    const usage = emptyUsage();
    const iterations: unknown[] = [];
    let status: ExecutionStatus = 'completed';
    let error: string | null = null;
    for (let index = element.startIndex; index < end; index++) {
      if (this.ctx.signal.aborted) {
        const aborted = abortErrorOf(this.ctx.signal);
        status = aborted.status;
        error = aborted.message;
        break;
      }
      const outcome = await this.executeComponent(element.body, {
        id: element.id,
        segments: [...segments, `iter_${index}`],
        ancestorIds: [...frame.ancestorIds, element.id],
        inherited: frame.variables,
        extraVariables: { [element.itemVar]: items[index], [element.indexVar]: index },
        parentSpan: frame.span,
        componentType: 'loop',
      });
      iterations.push(outcome.result);
      addUsage(usage, outcome.usage);
      if (FAILED_STATES.has(outcome.status)) {
        status = outcome.status;
        error = `iteration ${index} ${outcome.status}: ${outcome.error ?? 'no error message'}`;
        break;
      }
    }
    const result = {
      executable_type: 'loop',
      component_id: element.id,
      execution_status: status,
      iterations: iterations.length,
      results: iterations,
    };
    this.hier.set(dotted, result);
    return { status, error, result, usage, continueOnError: false };
  }

  private loopItems(
    element: Extract<Element, { kind: 'loop' }>,
    frame: Frame,
    segments: string[],
  ): unknown[] {
    const value = this.evaluateStatement(element.statement, frame, segments);
    if (Array.isArray(value)) return value;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
      return Array.from({ length: value }, (_, i) => i);
    }
    throw new EngineError(
      'node_failed',
      `loop "${segments.join('.')}": statement ${JSON.stringify(element.statement)} gave ${describeValue(value)}, not a list or a count`,
    );
  }

  /** A statement is a template, or a bare expression (then read as `$expr{...}`). */
  private evaluateStatement(statement: string, frame: Frame, segments: string[]): unknown {
    const text = hasTemplate(statement) ? statement : `$expr{${statement}}`;
    return renderTemplate(text, scopeFor(frame, segments, this.runVariables, this.hier));
  }

  private renderIn(values: Record<string, unknown>, frame: Frame): Record<string, unknown> {
    if (Object.keys(values).length === 0) return values;
    return renderDeep(values, scopeFor(frame, null, this.runVariables, this.hier)) as Record<string, unknown>;
  }

  /** Runs (or, in a continuation before its start path, reuses) one node or callback. */
  private async executeUnit(
    frame: Frame,
    segments: string[],
    unit: {
      nodeType: string;
      executableType: 'flow_node' | 'callback';
      continueOnError: boolean;
      inputRequired: boolean;
      handler: NodeTypeHandler;
      settings: unknown;
    },
  ): Promise<ElementOutcome> {
    const nodeId = segments[segments.length - 1] as string;
    const hierarchyPath = segments.join('.');
    const base = { continueOnError: unit.continueOnError };
    if (this.rerun.shouldReuse(hierarchyPath))
      return { ...(await this.reuse(nodeId, unit.nodeType, segments)), ...base };

    const createdAt = new Date();
    const nodeDir = join(this.ctx.runDir, ...segments);
    const span = this.ctx.observability.startSpan(
      `${unit.nodeType}.execute`,
      {
        'dad.generic.node_id': nodeId,
        'dad.generic.node_type': unit.nodeType,
        'dad.generic.node_hierarchy': hierarchyPath,
        'dad.generic.component_id': frame.componentId,
        'dad.generic.component_hierarchy': frame.segments.join('.'),
        'dad.generic.execution_start_time': createdAt.toISOString(),
      },
      frame.span,
    );
    this.ctx.events.publish({
      type: 'node_started',
      runId: this.ctx.runId,
      nodeId,
      nodeType: unit.nodeType,
      hierarchyPath,
      at: isoMicros(createdAt),
    });

    let status: ExecutionStatus = 'completed';
    let input: unknown;
    let output: NodeOutput | null = null;
    let error: string | null = null;
    let errors: string[] | null = null;
    try {
      input = await this.inputFor(nodeId, unit, frame, hierarchyPath);
      const scope = scopeFor(frame, segments, this.runVariables, this.hier);
      const rendered = renderDeep(unit.settings, scope);
      const parsed = unit.handler.settingsSchema.safeParse(rendered);
      if (!parsed.success) {
        throw new EngineError(
          'node_failed',
          `settings of "${hierarchyPath}" are invalid after rendering: ${describeIssues(parsed.error)}`,
        );
      }
      const nodeContext = this.nodeContext(frame, segments, nodeDir, unit.nodeType, span);
      output = await raceAbort(unit.handler.execute(nodeContext, parsed.data, input), this.ctx.signal);
      if (output.failure) {
        status = 'failed';
        error = output.failure.message;
        errors = output.failure.errors ?? null;
      }
    } catch (caught) {
      status = caught instanceof RunAbortedError ? caught.status : 'failed';
      error = errorMessage(caught);
      span.recordException(caught);
      this.ctx.observability.log('error', `node "${hierarchyPath}" ${status}: ${error}`, {
        attributes: { node_id: nodeId, component_id: frame.componentId },
        span,
        error: caught,
      });
    }

    const usage = output?.usage;
    const result: NodeExecutionResult = withoutNulls({
      executable_type: unit.executableType,
      node_identifier: nodeId,
      execution_status: status,
      input: input ?? null,
      output: output ? { data: output.data } : null,
      outcome: output?.outcome ?? null,
      error,
      errors,
      created_at: isoMicros(createdAt),
      usage_cost: usage?.cost ?? null,
      usage_charge: usage?.charge ?? null,
      usage_prompt_tokens: usage?.promptTokens ?? null,
      usage_completion_tokens: usage?.completionTokens ?? null,
      usage_total_tokens: usage?.totalTokens ?? null,
    });
    this.ctx.writer.writeJson(join(nodeDir, 'result.json'), result);
    this.ctx.writer.writeJson(join(nodeDir, 'outcome.json'), output?.outcome ?? null);
    if (usage) this.ctx.addUsage(usage);

    const completedAt = new Date();
    const durationMs = completedAt.getTime() - createdAt.getTime();
    span.setAttributes({
      ...output?.spanAttributes,
      'dad.generic.execution_end_time': completedAt.toISOString(),
      'dad.generic.execution_duration_ms': durationMs,
      'dad.generic.execution_status': status,
      ...(error ? { 'dad.generic.error_type': status, 'dad.generic.error_message': error } : {}),
    });
    span.end(status === 'completed' ? 'OK' : 'ERROR', error ?? undefined);
    this.ctx.observability.recordExecution(unit.executableType === 'callback' ? 'callback' : 'node', {
      id: nodeId,
      type: unit.nodeType,
      durationMs,
      success: status === 'completed',
    });
    this.hier.set(hierarchyPath, result);
    this.ctx.events.publish({
      type: 'node_completed',
      runId: this.ctx.runId,
      nodeId,
      nodeType: unit.nodeType,
      hierarchyPath,
      result,
      reusedFrom: null,
    });
    return { status, error, result, usage: usageOfNodeResult(result), continueOnError: unit.continueOnError };
  }

  private async reuse(
    nodeId: string,
    nodeType: string,
    segments: string[],
  ): Promise<Omit<ElementOutcome, 'continueOnError'>> {
    const hierarchyPath = segments.join('.');
    const previousRunDir = this.rerun.previousRunDir as string;
    let result: NodeExecutionResult;
    try {
      result = await reusePreviousResult({
        previousRunDir,
        runDir: this.ctx.runDir,
        relativeSegments: segments,
        writer: this.ctx.writer,
      });
    } catch (caught) {
      return { status: 'failed', error: errorMessage(caught), result: null, usage: emptyUsage() };
    }
    this.hier.set(hierarchyPath, result);
    this.ctx.events.publish({
      type: 'node_completed',
      runId: this.ctx.runId,
      nodeId,
      nodeType,
      hierarchyPath,
      result,
      reusedFrom: this.rerun.previousRunId,
    });
    // Reused work cost nothing in this run, so it adds nothing to this run's usage.
    return { status: result.execution_status, error: result.error ?? null, result, usage: emptyUsage() };
  }

  private async inputFor(
    nodeId: string,
    unit: { nodeType: string; inputRequired: boolean; handler: NodeTypeHandler },
    frame: Frame,
    hierarchyPath: string,
  ): Promise<unknown> {
    const staticInput = this.staticInputs.inputFor(nodeId, frame.ancestorIds);
    if (staticInput !== undefined || !unit.inputRequired) return staticInput;
    const request = {
      runId: this.ctx.runId,
      nodeId,
      nodeType: unit.nodeType,
      hierarchyPath,
      inputSchema: jsonSchemaOf(unit.handler.inputSchema),
    };
    this.ctx.events.publish({ type: 'node_input_required', ...request });
    if (this.inputHandler) {
      const answer = await raceAbort(this.inputHandler(request), this.ctx.signal);
      const parsed = unit.handler.inputSchema.safeParse(answer);
      if (!parsed.success)
        throw new StaticInputError(hierarchyPath, '(answer)', describeIssues(parsed.error));
      return parsed.data;
    }
    return raceAbort(this.inputRequests.wait(hierarchyPath, unit.handler.inputSchema), this.ctx.signal);
  }

  private nodeContext(
    frame: Frame,
    segments: string[],
    nodeDir: string,
    nodeType: string,
    span: SpanHandle,
  ): NodeRunContext {
    const ctx = this.ctx;
    const nodeId = segments[segments.length - 1] as string;
    const hierarchyPath = segments.join('.');
    const runVariables = this.runVariables;
    const worktree = ctx.outcomeWorktree;
    return {
      runId: ctx.runId,
      nodeId,
      nodeType,
      hierarchyPath,
      nodeDir,
      runDir: ctx.runDir,
      projectRoot: ctx.projectRoot,
      outcomeRepoDir: worktree?.dir ?? null,
      signal: ctx.signal,
      get variables() {
        return { ...runVariables, ...frame.variables };
      },
      log(level, message, attributes) {
        ctx.observability.log(level, message, {
          attributes: { ...attributes, node_id: nodeId, component_id: frame.componentId },
          span,
        });
      },
      writeNodeFile(fileName, value) {
        if (!/^[a-zA-Z0-9_.-]+$/.test(fileName) || fileName.startsWith('.')) {
          throw new EngineError(
            'io_error',
            `node "${hierarchyPath}" may not write a file named ${JSON.stringify(fileName)}`,
          );
        }
        ctx.writer.writeJson(join(nodeDir, fileName), value);
      },
      async commitOutcome(message) {
        if (!worktree)
          throw new EngineError(
            'outcome_repo_error',
            `node "${hierarchyPath}": the outcome repository is disabled for this run`,
          );
        // The trailer carries the full path: a node id alone is ambiguous across flows.
        const commit = await worktree.commit(message, { nodeId: hierarchyPath });
        if (commit) {
          ctx.events.publish({
            type: 'outcome_commit',
            runId: ctx.runId,
            sha: commit.sha,
            branch: worktree.branch,
            message,
            nodeId,
          });
        }
        return commit;
      },
      publish(event) {
        ctx.events.publish(event);
      },
    };
  }
}

/** What a component keeps of each child in `execution_results`: status, error and usage, not data. */
function summaryOf(outcome: ElementOutcome): unknown {
  const result = outcome.result as Record<string, unknown> | null;
  return withoutNulls({
    executable_type: result?.executable_type ?? null,
    execution_status: outcome.status,
    error: outcome.error,
    ...aggUsageFields(outcome.usage),
  });
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** A callback as a node type: its args (static input laid over them) go to the function. */
function callbackHandler(
  fn: (args: Record<string, unknown>, context: NodeRunContext) => unknown,
): NodeTypeHandler {
  return {
    nodeType: 'callback',
    settingsSchema: anyRecord,
    inputSchema: anyRecord,
    async execute(context, settings, input) {
      const args = {
        ...(settings as Record<string, unknown>),
        ...(input as Record<string, unknown> | undefined),
      };
      const callableResult = await fn(args, context);
      return {
        data: { callable_result: callableResult ?? null },
        outcome: { callable_result: callableResult ?? null },
      };
    },
  };
}

const anyRecord = z.record(z.string(), z.unknown());
