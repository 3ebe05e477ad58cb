import type { AgentNodeInfo } from '../../shared/run-data';
import { staticElements } from '../engine/definitions/walk';
import { builtinNodeTypes } from '../engine/node-types/builtin';
import type { RunnerSpec } from '../engine/runner-spec';
import { jsonSchemaOf } from '../engine/runners/input-requests';
import { z } from 'zod';

const callbackInput = z.record(z.string(), z.unknown());

/** The nodes of an agent with the JSON Schema of each one's static input, for the launch form. */
export function describeAgentNodes(spec: RunnerSpec): AgentNodeInfo[] {
  const registry = builtinNodeTypes();
  for (const handler of spec.nodeTypes) registry.register(handler);
  const nodes: AgentNodeInfo[] = [];
  for (const { element, segments } of staticElements(spec.definition, spec.rootComponentId)) {
    if (element?.kind === 'node') {
      nodes.push({
        nodeId: element.id,
        nodeType: element.node.nodeType,
        hierarchyPath: segments.join('.'),
        inputSchema: registry.has(element.node.nodeType)
          ? jsonSchemaOf(registry.get(element.node.nodeType).inputSchema)
          : {},
        inputRequired: element.node.inputRequired,
      });
    } else if (element?.kind === 'callback') {
      nodes.push({
        nodeId: element.id,
        nodeType: 'callback',
        hierarchyPath: segments.join('.'),
        inputSchema: jsonSchemaOf(callbackInput),
        inputRequired: element.options.inputRequired ?? false,
      });
    }
  }
  return nodes;
}
