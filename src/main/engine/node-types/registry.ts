import { DefinitionError } from '../errors';
import type { NodeTypeHandler } from './types';

/** The node types a definition may use, by `node_type`. Hosts add their own with `register`. */
export class NodeTypeRegistry {
  private readonly handlers = new Map<string, NodeTypeHandler>();

  constructor(handlers: Iterable<NodeTypeHandler> = []) {
    for (const handler of handlers) this.register(handler);
  }

  register<S, I>(handler: NodeTypeHandler<S, I>): this {
    this.handlers.set(handler.nodeType, handler as unknown as NodeTypeHandler);
    return this;
  }

  has(nodeType: string): boolean {
    return this.handlers.has(nodeType);
  }

  get(nodeType: string): NodeTypeHandler {
    const handler = this.handlers.get(nodeType);
    if (!handler) {
      throw new DefinitionError(
        `unknown node type "${nodeType}"; known types: ${[...this.handlers.keys()].sort().join(', ') || 'none'}`,
      );
    }
    return handler;
  }

  get nodeTypes(): string[] {
    return [...this.handlers.keys()];
  }
}
