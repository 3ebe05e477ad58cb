import { DefinitionError } from '../errors';
import type { NodeTypeRegistry } from '../node-types/registry';
import type { NodeTypeHandler } from '../node-types/types';
import { issuePath, valueAtPath } from '../node-types/zod-issues';
import { hasTemplate } from '../templates';

export interface NodeOptions {
  /** `continue` lets the component go on when this node fails; the default stops it. */
  onError?: 'fail' | 'continue';
  /** The node asks for its input (`node_input_required`) before it runs, unless a static input exists. */
  inputRequired?: boolean;
}

/** One unit of work of a node type, with its settings. Ids are given where it is placed in a flow. */
export class NodeDefinition<Settings = unknown> {
  readonly onError: 'fail' | 'continue';
  readonly inputRequired: boolean;

  constructor(
    readonly nodeType: string,
    readonly settings: Settings,
    options: NodeOptions = {},
  ) {
    if (typeof nodeType !== 'string' || nodeType.length === 0) {
      throw new DefinitionError('a node definition needs a node type');
    }
    this.onError = options.onError ?? 'fail';
    this.inputRequired = options.inputRequired ?? false;
  }

  /**
   * Checks the settings against the node type's schema. A field that fails only because it still
   * holds a template (rendered just before the node runs) is left for the run-time check.
   */
  validate(nodeId: string, registry: NodeTypeRegistry): void {
    let handler: NodeTypeHandler;
    try {
      handler = registry.get(this.nodeType);
    } catch (error) {
      throw new DefinitionError(`node "${nodeId}": ${(error as Error).message}`);
    }
    const parsed = handler.settingsSchema.safeParse(this.settings);
    if (parsed.success) return;
    const real = parsed.error.issues.filter(
      (issue) => !holdsTemplate(valueAtPath(this.settings, issue.path)),
    );
    if (real.length > 0) {
      const fields = real.map((issue) => `${issuePath(issue.path)}: ${issue.message}`).join('; ');
      throw new DefinitionError(`node "${nodeId}" (${this.nodeType}) has invalid settings: ${fields}`);
    }
  }
}

function holdsTemplate(value: unknown): boolean {
  return typeof value === 'string' && hasTemplate(value);
}

export function nodeDef<Settings>(nodeType: string, settings: Settings, options?: NodeOptions) {
  return new NodeDefinition(nodeType, settings, options);
}
