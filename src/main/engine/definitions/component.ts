import { DefinitionError } from '../errors';
import { assertValidId } from '../ids';
import type { NodeTypeRegistry } from '../node-types/registry';
import type { NodeRunContext } from '../node-types/types';
import { componentUse } from './component-use';
import type { NodeDefinition, NodeOptions } from './node';

export type Variables = Record<string, unknown>;

/** A callback element: a function of the project's own code. */
export type CallbackFunction = (
  args: Record<string, unknown>,
  context: NodeRunContext,
) => unknown | Promise<unknown>;

export interface LoopOptions {
  maxIterations?: number;
  itemVar?: string;
  indexVar?: string;
  startIndex?: number;
  /** DAD's `body_variables`: laid over the body's `vars()` defaults in every iteration. */
  bodyVariables?: Variables;
}

export interface ConditionalOptions {
  /** DAD's `true_branch_variables`: laid over the true branch's `vars()` defaults. */
  trueBranchVariables?: Variables;
  /** DAD's `false_branch_variables`: laid over the false branch's `vars()` defaults. */
  falseBranchVariables?: Variables;
}

/** `component`, `trueBranch`, `falseBranch` and `body` are uses with the caller's variables laid in. */
export type Element =
  | { kind: 'node'; id: string; node: NodeDefinition }
  | {
      kind: 'callback';
      id: string;
      fn: CallbackFunction;
      args: Record<string, unknown>;
      options: NodeOptions;
    }
  | { kind: 'component'; id: string; component: ComponentDefinition; variables: Variables }
  | {
      kind: 'conditional';
      id: string;
      statement: string;
      trueBranch: ComponentDefinition;
      falseBranch: ComponentDefinition | null;
      trueBranchVariables: Variables;
      falseBranchVariables: Variables;
    }
  | {
      kind: 'loop';
      id: string;
      statement: string;
      body: ComponentDefinition;
      maxIterations: number | null;
      itemVar: string;
      indexVar: string;
      startIndex: number;
      bodyVariables: Variables;
    };

/** Agents and flows: ordered elements with ids unique within the component, plus variables. */
export abstract class ComponentDefinition {
  abstract readonly kind: 'flow' | 'agent';
  readonly elements: Element[] = [];
  variables: Variables = {};

  /**
   * Component variables, visible to every element inside. These are defaults: variables a caller
   * passes (subflow/flow variables, a loop's item, index and bodyVariables, branch variables)
   * replace them, as DAD's `update_vars` does; they in turn win over an enclosing component's
   * variables of the same name. A PLACEHOLDER value must be filled by every caller.
   */
  vars(variables: Variables): this {
    this.variables = { ...this.variables, ...variables };
    return this;
  }

  conditional(
    id: string,
    statement: string,
    trueBranch: ComponentDefinition,
    falseBranch: ComponentDefinition | null = null,
    options: ConditionalOptions = {},
  ): this {
    const trueBranchVariables = variablesOption(id, 'trueBranchVariables', options.trueBranchVariables);
    const falseBranchVariables = variablesOption(id, 'falseBranchVariables', options.falseBranchVariables);
    if (!falseBranch && Object.keys(falseBranchVariables).length > 0) {
      throw new DefinitionError(`conditional "${id}": falseBranchVariables given without a false branch`);
    }
    return this.add({
      kind: 'conditional',
      id,
      statement: requireStatement(id, statement),
      trueBranch: componentUse(trueBranch, trueBranchVariables),
      falseBranch: falseBranch && componentUse(falseBranch, falseBranchVariables),
      trueBranchVariables,
      falseBranchVariables,
    });
  }

  forEach(id: string, statement: string, body: ComponentDefinition, options: LoopOptions = {}): this {
    const itemVar = options.itemVar ?? 'item';
    const indexVar = options.indexVar ?? 'index';
    assertValidId(itemVar, `loop "${id}" item variable`);
    assertValidId(indexVar, `loop "${id}" index variable`);
    const startIndex = options.startIndex ?? 0;
    if (!Number.isInteger(startIndex) || startIndex < 0) {
      throw new DefinitionError(`loop "${id}": startIndex must be a whole number >= 0, got ${startIndex}`);
    }
    const maxIterations = options.maxIterations ?? null;
    if (maxIterations !== null && (!Number.isInteger(maxIterations) || maxIterations < 0)) {
      throw new DefinitionError(
        `loop "${id}": maxIterations must be a whole number >= 0, got ${maxIterations}`,
      );
    }
    const bodyVariables = variablesOption(id, 'bodyVariables', options.bodyVariables);
    // As DAD's for_each: the loop sets the item and index itself, so body variables may not.
    for (const name of [itemVar, indexVar]) {
      if (Object.hasOwn(bodyVariables, name)) {
        throw new DefinitionError(
          `loop "${id}": bodyVariables may not set "${name}", which the loop sets in each iteration`,
        );
      }
    }
    return this.add({
      kind: 'loop',
      id,
      statement: requireStatement(id, statement),
      body: componentUse(body, bodyVariables, [itemVar, indexVar]),
      maxIterations,
      itemVar,
      indexVar,
      startIndex,
      bodyVariables,
    });
  }

  elementById(id: string): Element | undefined {
    return this.elements.find((element) => element.id === id);
  }

  /** Checks every node's settings against its node type, recursively; throws the first problem. */
  validate(registry: NodeTypeRegistry): void {
    for (const element of this.elements) {
      switch (element.kind) {
        case 'node':
          element.node.validate(element.id, registry);
          break;
        case 'component':
          element.component.validate(registry);
          break;
        case 'conditional':
          element.trueBranch.validate(registry);
          element.falseBranch?.validate(registry);
          break;
        case 'loop':
          element.body.validate(registry);
          break;
        case 'callback':
          break;
      }
    }
  }

  protected add(element: Element): this {
    assertValidId(element.id, `${this.kind} element`);
    if (this.elements.some((existing) => existing.id === element.id)) {
      throw new DefinitionError(
        `duplicate id "${element.id}" in ${this.kind}: ids must be unique within a component`,
      );
    }
    this.elements.push(element);
    return this;
  }
}

function variablesOption(id: string, name: string, value: unknown): Variables {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DefinitionError(`element "${id}": ${name} must be an object of variable names to values`);
  }
  return value as Variables;
}

function requireStatement(id: string, statement: unknown): string {
  if (typeof statement !== 'string' || statement.trim() === '') {
    throw new DefinitionError(`element "${id}": the statement must be a non-empty expression or template`);
  }
  return statement;
}

export class FlowDefinition extends ComponentDefinition {
  readonly kind = 'flow' as const;

  node(id: string, node: NodeDefinition): this {
    return this.add({ kind: 'node', id, node });
  }

  /** `variables` replace the flow's own `vars()` defaults for this use (DAD's `update_vars`). */
  subflow(id: string, flow: FlowDefinition, variables: Variables = {}): this {
    return this.add(componentElement(id, flow, variables));
  }

  callback(
    id: string,
    fn: CallbackFunction,
    args: Record<string, unknown> = {},
    options: NodeOptions = {},
  ): this {
    if (typeof fn !== 'function') throw new DefinitionError(`callback "${id}" needs a function`);
    return this.add({ kind: 'callback', id, fn, args, options });
  }
}

export class AgentDefinition extends ComponentDefinition {
  readonly kind = 'agent' as const;

  /** `variables` replace the flow's own `vars()` defaults for this use (DAD's `update_vars`). */
  flow(id: string, flow: FlowDefinition, variables: Variables = {}): this {
    return this.add(componentElement(id, flow, variables));
  }

  /** `variables` replace the agent's own `vars()` defaults for this use (DAD's `update_vars`). */
  subagent(id: string, agent: AgentDefinition, variables: Variables = {}): this {
    return this.add(componentElement(id, agent, variables));
  }
}

function componentElement(id: string, component: ComponentDefinition, given: unknown): Element {
  const variables = variablesOption(id, 'variables', given);
  return { kind: 'component', id, component: componentUse(component, variables), variables };
}

export function flowDef(): FlowDefinition {
  return new FlowDefinition();
}

export function agentDef(): AgentDefinition {
  return new AgentDefinition();
}
