import { z } from 'zod';

// The window's Content-Security-Policy forbids evaluating code, which zod's fast path would try.
z.config({ jitless: true });

/** What is wrong with an input, by the field it is in (`"the input"` for the value as a whole). */
export type InputCheck = { ok: true } | { ok: false; field: string; message: string };

type Issue = z.core.$ZodIssue;

const compiled = new WeakMap<object, z.ZodType | null>();

/** The schema as a zod type, made once per schema; null when it cannot be read (the service then decides). */
function zodTypeOf(schema: unknown): z.ZodType | null {
  if (typeof schema !== 'object' || schema === null) return null;
  if (compiled.has(schema)) return compiled.get(schema) ?? null;
  let type: z.ZodType | null;
  try {
    type = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    type = null;
  }
  compiled.set(schema, type);
  return type;
}

/** `a.b[0].c`, or "the input" for the value itself. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || 'the input';
}

/** Of a union's branches, the one that came closest: the fewest issues (a wrong kind fails at once). */
function closestIssue(issue: Issue): { path: PropertyKey[]; issue: Issue } {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = [...issue.errors].sort((a, b) => a.length - b.length)[0];
    const inner = branch?.[0];
    if (inner) {
      const deeper = closestIssue(inner);
      return { path: [...issue.path, ...deeper.path], issue: deeper.issue };
    }
  }
  return { path: [...issue.path], issue };
}

function messageOf(issue: Issue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is required';
  if (issue.code === 'unrecognized_keys')
    return `has no field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  const message = issue.message.replace(/^Invalid input: /, '');
  // Read after the field's name: "model too small: …".
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** Checks a node's input against the JSON Schema it was asked with. */
export function checkInput(schema: unknown, value: unknown): InputCheck {
  const type = zodTypeOf(schema);
  if (!type) return { ok: true };
  const parsed = type.safeParse(value);
  if (parsed.success) return { ok: true };
  const first = parsed.error.issues[0];
  if (!first) return { ok: false, field: 'the input', message: 'does not match the schema' };
  const { path, issue } = closestIssue(first);
  return { ok: false, field: fieldName(path), message: messageOf(issue) };
}
