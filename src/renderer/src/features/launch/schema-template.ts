import type { AgentInfo } from '../../../../shared/run-data';

type Schema = Record<string, unknown>;

function asSchema(value: unknown): Schema | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : null;
}

function firstType(schema: Schema): string | null {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => t !== 'null') as string | undefined) ?? null;
  if (schema.properties) return 'object';
  return null;
}

/** A value of the schema's shape to start editing from: defaults and examples where given, else empty values. */
export function exampleFromSchema(schemaValue: unknown, depth = 0): unknown {
  const schema = asSchema(schemaValue);
  if (!schema || depth > 6) return null;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variants = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(variants) && variants.length > 0) {
    const nonNull = variants.find((variant) => asSchema(variant)?.type !== 'null');
    return exampleFromSchema(nonNull ?? variants[0], depth + 1);
  }
  switch (firstType(schema)) {
    case 'object': {
      const properties = asSchema(schema.properties) ?? {};
      const result: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties))
        result[name] = exampleFromSchema(property, depth + 1);
      return result;
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Static inputs to start from for an agent: one entry per node that needs input, from its schema. */
export function staticInputsTemplate(agent: AgentInfo): Record<string, unknown> {
  const template: Record<string, unknown> = {};
  for (const node of agent.nodes) {
    if (!node.inputRequired) continue;
    template[node.nodeId] = exampleFromSchema(node.inputSchema) ?? {};
  }
  return template;
}
