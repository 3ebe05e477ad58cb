/** Longest string kept in an attribute; longer ones are cut and say how much was cut. */
export const MAX_ATTRIBUTE_LENGTH = 4096;

export type AttributeScalar = string | number | boolean;
export type AttributeValue = AttributeScalar | string[] | number[] | boolean[];
export type AttributeMap = Record<string, AttributeValue>;

const numberFormat = new Intl.NumberFormat('en-US');

/** Cuts a string to {@link MAX_ATTRIBUTE_LENGTH} characters with a marker naming how many were cut. */
export function truncateAttributeString(text: string): string {
  if (text.length <= MAX_ATTRIBUTE_LENGTH) return text;
  let keep = MAX_ATTRIBUTE_LENGTH;
  // Never split a surrogate pair: half a character is not valid UTF-16 text.
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep--;
  return `${text.slice(0, keep)}…[truncated ${numberFormat.format(text.length - keep)} chars]`;
}

/**
 * Converts any value to something OpenTelemetry accepts as an attribute, the way DAD writes them:
 * strings, numbers and booleans stay, arrays of one primitive type stay arrays, everything else
 * becomes its JSON text. Strings (including that JSON) are cut at 4,096 characters.
 * `null` and `undefined` give `undefined`: the attribute is left out.
 */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  switch (typeof value) {
    case 'string':
      return truncateAttributeString(value);
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return undefined;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    const primitiveArray = toPrimitiveArray(value);
    if (primitiveArray) return primitiveArray;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (value instanceof Error) {
    return truncateAttributeString(`${value.name}: ${value.message}`);
  }
  return truncateAttributeString(toJsonText(value));
}

/** Converts every value of a record, leaving out those that convert to nothing. */
export function toAttributes(values: Record<string, unknown> | undefined): AttributeMap {
  const attributes: AttributeMap = {};
  if (!values) return attributes;
  for (const key in values) {
    const converted = toAttributeValue(values[key]);
    if (converted !== undefined) attributes[key] = converted;
  }
  return attributes;
}

/** The `exception.*` attributes OpenTelemetry records for an error. */
export function exceptionAttributes(error: unknown): AttributeMap {
  if (error instanceof Error) {
    return {
      'exception.type': error.name || error.constructor.name || 'Error',
      'exception.message': truncateAttributeString(error.message),
      'exception.stacktrace': truncateAttributeString(error.stack ?? `${error.name}: ${error.message}`),
    };
  }
  const message = typeof error === 'string' ? error : toJsonText(error);
  return {
    'exception.type': error === null ? 'null' : typeof error,
    'exception.message': truncateAttributeString(message),
    'exception.stacktrace': '',
  };
}

function toPrimitiveArray(values: unknown[]): string[] | number[] | boolean[] | undefined {
  if (values.length === 0) return [];
  const kind = typeof values[0];
  if (kind !== 'string' && kind !== 'number' && kind !== 'boolean') return undefined;
  for (const item of values) {
    if (typeof item !== kind) return undefined;
  }
  if (kind === 'string') return (values as string[]).map(truncateAttributeString);
  return values as number[] | boolean[];
}

function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Cycles and bigints make the plain call throw; the slower replacer handles both.
    return JSON.stringify(value, cycleSafeReplacer()) ?? String(value);
  }
}

function cycleSafeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(value)) return '[Circular]';
    ancestors.push(value);
    return value;
  };
}
