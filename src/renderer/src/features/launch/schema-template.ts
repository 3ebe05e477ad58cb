type Schema = Record<string, unknown>;

/** What a form starts from: `complete` says whether it passes the schema with nothing added by the user. */
export interface StartingValue {
  /** Undefined when nothing can stand in for the user's answer (a required text without a default). */
  value: unknown;
  complete: boolean;
}

const MAX_DEPTH = 8;
const LEFT_TO_THE_USER: StartingValue = { value: undefined, complete: false };

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

function numberIn(schema: Schema): StartingValue {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : null;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : null;
  // Exclusive bounds and multiples are rare in node inputs: the user picks the number then.
  if ('exclusiveMinimum' in schema || 'exclusiveMaximum' in schema || 'multipleOf' in schema)
    return LEFT_TO_THE_USER;
  const value = Math.max(0, minimum ?? 0);
  if (maximum !== null && value > maximum) return LEFT_TO_THE_USER;
  if (schema.type === 'integer' && !Number.isInteger(value)) return LEFT_TO_THE_USER;
  return { value, complete: true };
}

function objectOf(schema: Schema, depth: number): StartingValue {
  const properties = asSchema(schema.properties) ?? {};
  const required = Array.isArray(schema.required) ? schema.required.filter((n) => typeof n === 'string') : [];
  const value: Record<string, unknown> = {};
  let complete = true;
  // Optional properties are left out: the node's own settings or defaults stand for them.
  for (const name of required) {
    const property = startingValueFromSchema(properties[name], depth + 1);
    if (property.value !== undefined) value[name] = property.value;
    complete &&= property.complete;
  }
  return { value, complete };
}

function arrayOf(schema: Schema, depth: number): StartingValue {
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  if (minItems === 0) return { value: [], complete: true };
  const item = startingValueFromSchema(schema.items, depth + 1);
  if (!item.complete) return { value: [], complete: false };
  return { value: Array.from({ length: minItems }, () => item.value), complete: true };
}

/**
 * The value a form for this schema starts from: what passes it without the user's help (defaults,
 * constants, the first of an enum, required properties only), leaving out what the user must give.
 * A required text without a default is never filled with "" (it would pass nothing or mean nothing).
 */
export function startingValueFromSchema(schemaValue: unknown, depth = 0): StartingValue {
  if (schemaValue === true) return { value: {}, complete: true };
  const schema = asSchema(schemaValue);
  if (!schema || depth > MAX_DEPTH) return LEFT_TO_THE_USER;
  if ('default' in schema) return { value: schema.default, complete: true };
  if ('const' in schema) return { value: schema.const, complete: true };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return { value: schema.enum[0], complete: true };
  if (Array.isArray(schema.examples) && schema.examples.length > 0)
    return { value: schema.examples[0], complete: true };
  const variants = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(variants) && variants.length > 0) {
    const starts = variants.map((variant) => startingValueFromSchema(variant, depth + 1));
    return (
      starts.find((start) => start.complete && start.value !== null) ??
      starts.find((start) => start.complete) ??
      starts[0] ??
      LEFT_TO_THE_USER
    );
  }
  switch (firstType(schema)) {
    case 'object':
      return objectOf(schema, depth);
    case 'array':
      return arrayOf(schema, depth);
    case 'integer':
    case 'number':
      return numberIn(schema);
    case 'boolean':
      return { value: false, complete: true };
    case 'null':
      return { value: null, complete: true };
    case 'string':
      return LEFT_TO_THE_USER;
    default:
      // No type at all accepts anything: an empty object is as good a start as any.
      return Object.keys(schema).filter((key) => !key.startsWith('$')).length === 0
        ? { value: {}, complete: true }
        : LEFT_TO_THE_USER;
  }
}

/**
 * The JSON text a node's input starts from in a form: its starting value, or `{}` where the schema
 * gives nothing to start from.
 */
export function startingInputText(schema: unknown): string {
  const { value } = startingValueFromSchema(schema);
  return JSON.stringify(value === undefined ? {} : value, null, 2);
}
