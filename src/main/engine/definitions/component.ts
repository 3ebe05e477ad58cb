import { DefinitionError } from '../errors';
import { assertValidId } from '../ids';
import type { NodeTypeRegistry } from '../node-types/registry';
import type { NodeRunContext } from '../node-types/types';
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
}

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
    };

/** Agents and flows: ordered elements with ids unique within the component, plus variables. */
export abstract class ComponentDefinition {
  abstract readonly kind: 'flow' | 'agent';
  readonly elements: Element[] = [];
  variables: Variables = {};

  /** Component variables, visible to every element inside (inner definitions win). */
  vars(variables: Variables): this {
    this.variables = { ...this.variables, ...variables };
    return this;
  }

  conditional(
    id: string,
    statement: string,
    trueBranch: ComponentDefinition,
    falseBranch: ComponentDefinition | null = null,
  ): this {
    return this.add({
      kind: 'conditional',
      id,
      statement: requireStatement(id, statement),
      trueBranch,
      falseBranch,
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
    return this.add({
      kind: 'loop',
      id,
      statement: requireStatement(id, statement),
      body,
      maxIterations,
      itemVar,
      indexVar,
      startIndex,
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

  subflow(id: string, flow: FlowDefinition, variables: Variables = {}): this {
    return this.add({ kind: 'component', id, component: flow, variables });
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

  flow(id: string, flow: FlowDefinition, variables: Variables = {}): this {
    return this.add({ kind: 'component', id, component: flow, variables });
  }

  subagent(id: string, agent: AgentDefinition, variables: Variables = {}): this {
    return this.add({ kind: 'component', id, component: agent, variables });
  }
}

export function flowDef(): FlowDefinition {
  return new FlowDefinition();
}

export function agentDef(): AgentDefinition {
  return new AgentDefinition();
}
