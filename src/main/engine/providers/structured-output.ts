import { z } from 'zod';
import { errorMessage } from '../errors';

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Parses a model's answer as JSON. Models (local ones especially) often wrap JSON in a Markdown
 * code fence despite being told not to, so one surrounding fence is removed first.
 */
export function parseJsonAnswer(text: string): JsonParseResult {
  const fenced = /^\s*```[a-zA-Z]*\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  const body = (fenced ? fenced[1] : text).trim();
  if (body === '') return { ok: false, problem: 'the answer is empty, not JSON' };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, problem: `the answer is not valid JSON (${errorMessage(error)})` };
  }
}

/** The parsed value, or null when the answer is not JSON. */
export function structuredValueOf(text: string): unknown | null {
  const parsed = parseJsonAnswer(text);
  return parsed.ok ? parsed.value : null;
}

/** Builds a validator from a JSON Schema; throws with the reason when the schema uses what is not supported. */
export function validatorForSchema(schema: Record<string, unknown>): z.ZodType {
  // The JSON Schema type zod expects is wider than a plain record; the value is checked as it converts.
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
}

export type StructuredCheck = { ok: true; value: unknown } | { ok: false; problem: string; errors: string[] };

/** Parses the answer as JSON and checks it against the schema, naming each mismatch by its path. */
export function checkStructuredAnswer(text: string, schema: Record<string, unknown>): StructuredCheck {
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, errors: [parsed.problem] };
  let validator: z.ZodType;
  try {
    validator = validatorForSchema(schema);
  } catch (error) {
    const problem = `the structured_output schema cannot be used: ${errorMessage(error)}`;
    return { ok: false, problem, errors: [problem] };
  }
  const result = validator.safeParse(parsed.value);
  if (result.success) return { ok: true, value: parsed.value };
  const errors = result.error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  );
  return { ok: false, problem: `the answer does not match the schema: ${errors.join('; ')}`, errors };
}

/** A schema name the APIs accept (`^[a-zA-Z0-9_-]{1,64}$`). */
export function schemaNameFor(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned || 'structured_output';
}
