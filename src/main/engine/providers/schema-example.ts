/**
 * A value that fits a JSON Schema, built the same way every time:
 * - `const` gives its value, `enum` its first value, `default` its value;
 * - a string is the name of the property that holds it (`"title"` for `title`; `"item"` at the
 *   root, inside arrays the array's name), padded with "x" to `minLength`, cut to `maxLength`;
 * - a number or integer is 0, or the smallest value `minimum` / `exclusiveMinimum` allow;
 * - a boolean is false; null is null;
 * - an array holds one element (or `minItems` of them);
 * - an object holds every property in `properties`, in order;
 * - `anyOf` / `oneOf` take their first choice, `allOf` merges its object parts; a `type` list takes
 *   its first type other than "null"; `$ref` follows `#/$defs/…` and `#/definitions/…`.
 * `pattern` and `format` are not honoured.
 */
export function exampleForSchema(schema: unknown): unknown {
  return exampleFor(schema, 'item', schema, 0);
}

const MAX_DEPTH = 12;

type Schema = Record<string, unknown>;

function exampleFor(schema: unknown, name: string, root: unknown, depth: number): unknown {
  if (!isSchema(schema) || depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string')
    return exampleFor(resolveRef(schema.$ref, root), name, root, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('default' in schema) return schema.default;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const choices = schema[key];
    if (Array.isArray(choices) && choices.length > 0) {
      const choice = choices.find((option) => !(isSchema(option) && option.type === 'null')) ?? choices[0];
      return exampleFor(choice, name, root, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) return mergeAllOf(schema, name, root, depth);
  switch (typeOf(schema)) {
    case 'string':
      return stringFor(name, schema);
    case 'number':
    case 'integer':
      return numberFor(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      const count = Math.max(1, numberOr(schema.minItems, 1));
      return Array.from({ length: count }, () => exampleFor(schema.items ?? {}, name, root, depth + 1));
    }
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, exampleFor(value, key, root, depth + 1)]),
      );
    }
    default:
      return stringFor(name, schema);
  }
}

function typeOf(schema: Schema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null') ?? schema.type[0];
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function stringFor(name: string, schema: Schema): string {
  const minLength = numberOr(schema.minLength, 0);
  const maxLength = numberOr(schema.maxLength, Number.POSITIVE_INFINITY);
  return name.padEnd(minLength, 'x').slice(0, maxLength);
}

function numberFor(schema: Schema): number {
  const integer = typeOf(schema) === 'integer';
  if (typeof schema.minimum === 'number' && schema.minimum > 0) {
    return integer ? Math.ceil(schema.minimum) : schema.minimum;
  }
  if (typeof schema.exclusiveMinimum === 'number' && schema.exclusiveMinimum >= 0) {
    return integer ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum + 1;
  }
  if (typeof schema.maximum === 'number' && schema.maximum < 0) {
    return integer ? Math.floor(schema.maximum) : schema.maximum;
  }
  return 0;
}

function mergeAllOf(schema: Schema, name: string, root: unknown, depth: number): unknown {
  const parts = (schema.allOf as unknown[]).map((part) => exampleFor(part, name, root, depth + 1));
  if (parts.every((part) => part !== null && typeof part === 'object' && !Array.isArray(part))) {
    return Object.assign({}, ...parts) as unknown;
  }
  return parts[0] ?? null;
}

function resolveRef(ref: string, root: unknown): unknown {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match || !isSchema(root)) return null;
  const defs = root[match[1] ?? ''];
  return isSchema(defs) ? defs[decodeURIComponent(match[2] ?? '')] : null;
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
