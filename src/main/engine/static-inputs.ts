import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ComponentDefinition } from './definitions/component';
import { staticElements } from './definitions/walk';
import { jsonErrorDetail } from '../reader/run-json';
import { EngineError, StaticInputError } from './errors';
import type { NodeTypeRegistry } from './node-types/registry';
import { issuePath } from './node-types/zod-issues';

export const STATIC_INPUTS_FILE = 'static_inputs.json';

export type RawStaticInputs = Record<string, unknown>;

const callbackInputSchema = z.record(z.string(), z.unknown());

/** Reads `static_inputs.json`; a missing file is no inputs, a broken one is an error naming it. */
export async function readStaticInputsFile(path: string): Promise<RawStaticInputs> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new EngineError('invalid_static_input', `cannot read ${path}: ${(error as Error).message}`);
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EngineError('invalid_static_input', `${path} is not valid JSON${jsonErrorDetail(error, text)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EngineError(
      'invalid_static_input',
      `${path} must hold a JSON object keyed by node or component id`,
    );
  }
  return parsed as RawStaticInputs;
}

interface ScopedInput {
  /** Ids of components the node must sit in (outermost first); empty for a plain node-id key. */
  scope: string[];
  nodeId: string;
  input: unknown;
}

/**
 * Static inputs checked against the definition: every key names a node (its input is validated
 * against the node type's input schema) or a component (its value holds inputs for nodes inside).
 */
export class StaticInputs {
  private constructor(
    private readonly entries: ScopedInput[],
    readonly raw: RawStaticInputs,
  ) {}

  static empty(): StaticInputs {
    return new StaticInputs([], {});
  }

  static validate(
    raw: RawStaticInputs,
    root: ComponentDefinition,
    rootId: string,
    registry: NodeTypeRegistry,
  ): StaticInputs {
    const elements = staticElements(root, rootId);
    const schemaFor = new Map<string, z.ZodType>();
    const componentIds = new Set<string>([rootId]);
    for (const { element } of elements) {
      if (!element) continue;
      if (element.kind === 'node') schemaFor.set(element.id, registry.get(element.node.nodeType).inputSchema);
      else if (element.kind === 'callback') schemaFor.set(element.id, callbackInputSchema);
      else componentIds.add(element.id);
    }
    const entries: ScopedInput[] = [];
    const visit = (map: RawStaticInputs, scope: string[]) => {
      for (const [key, value] of Object.entries(map)) {
        const where = [...scope, key].join('.');
        const schema = schemaFor.get(key);
        if (schema && componentIds.has(key)) {
          throw new StaticInputError(
            where,
            '(key)',
            'names both a node and a component; nest it under its component',
          );
        }
        if (schema) {
          const parsed = schema.safeParse(value);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new StaticInputError(
              where,
              issue ? issuePath(issue.path) : '(root)',
              issue?.message ?? 'invalid',
            );
          }
          entries.push({ scope, nodeId: key, input: parsed.data });
        } else if (componentIds.has(key)) {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            throw new StaticInputError(where, '(root)', 'a component key must hold an object of node inputs');
          }
          visit(value as RawStaticInputs, [...scope, key]);
        } else {
          throw new StaticInputError(where, '(key)', `no node or component with id "${key}" in "${rootId}"`);
        }
      }
    };
    visit(raw, []);
    return new StaticInputs(entries, raw);
  }

  /** The input for a node, the most specifically scoped entry first. */
  inputFor(nodeId: string, ancestorIds: readonly string[]): unknown {
    let best: ScopedInput | undefined;
    for (const entry of this.entries) {
      if (entry.nodeId !== nodeId) continue;
      if (!entry.scope.every((id) => ancestorIds.includes(id))) continue;
      if (!best || entry.scope.length > best.scope.length) best = entry;
    }
    return best?.input;
  }

  has(nodeId: string, ancestorIds: readonly string[]): boolean {
    return this.inputFor(nodeId, ancestorIds) !== undefined;
  }
}

/** Merges registered inputs over file inputs (registered ones win, key by key). */
export function mergeStaticInputs(base: RawStaticInputs, override: RawStaticInputs): RawStaticInputs {
  return { ...base, ...override };
}
