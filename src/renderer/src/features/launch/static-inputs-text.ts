import { parseStaticInputs } from './json-input';
import { startingValueFromSchema } from './schema-template';

/** The static inputs the launch form starts from: none, so each node that asks for input asks during the run. */
export const NO_STATIC_INPUTS = '{}';

/**
 * The inputs text with an entry for `nodeId` added from its schema's starting value, or null when
 * the text is not a JSON object yet or already has that node.
 */
export function withNodeEntry(text: string, nodeId: string, inputSchema: unknown): string | null {
  const parsed = parseStaticInputs(text);
  if (!parsed.ok) return null;
  const inputs = parsed.value;
  if (Object.hasOwn(inputs, nodeId)) return null;
  const { value } = startingValueFromSchema(inputSchema);
  return JSON.stringify({ ...inputs, [nodeId]: value === undefined ? {} : value }, null, 2);
}
