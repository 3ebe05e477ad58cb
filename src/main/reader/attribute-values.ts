import { parsePythonLiteral } from './python-literal';

/**
 * An attribute value as the window should see it: JSON text and Python reprs of dicts, lists and
 * tuples become the structure they spell; the exact words `True`, `False` and `None` (how Python
 * prints those values) become JSON's; everything else stays as it is. A value cut at 4,096
 * characters no longer parses and stays text.
 */
export function structuredValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value === 'True') return true;
  if (value === 'False') return false;
  if (value === 'None') return null;
  const first = firstNonSpace(value);
  if (first !== '{' && first !== '[' && first !== '(') return value;
  if (first !== '(') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      // Not JSON: perhaps a Python repr.
    }
  }
  const literal = parsePythonLiteral(value);
  return literal.ok ? literal.value : value;
}

/** Every value of an attribute map through {@link structuredValue}; a missing map is empty. */
export function structuredAttributes(attributes: unknown): Record<string, unknown> {
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = structuredValue(value);
  return out;
}

/** Older OpenTelemetry Python logging keys and the names current versions use. */
const RENAMED_LOG_KEYS: Record<string, string> = {
  'code.filepath': 'code.file.path',
  'code.lineno': 'code.line.number',
  'code.function': 'code.function.name',
};

/** Log attributes with older key names moved to the current ones (the current one wins when both exist). */
export function normaliseLogAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    const renamed = RENAMED_LOG_KEYS[key];
    if (renamed === undefined) out[key] = value;
    else if (!(renamed in attributes)) out[renamed] = value;
  }
  return out;
}

/**
 * Total tokens of a `dad.result.token_usage` value: JSON text, a Python repr, an object, or the
 * `str()` of a pydantic model (`prompt_tokens=3 completion_tokens=4 total_tokens=7`); NaN when absent.
 */
export function totalTokensOf(value: unknown): number {
  const usage = structuredValue(value);
  if (typeof usage === 'number') return usage;
  if (typeof usage === 'string') return tokensInText(usage);
  if (usage === null || typeof usage !== 'object') return Number.NaN;
  const record = usage as Record<string, unknown>;
  const total = numberOf(record.total_tokens);
  if (!Number.isNaN(total)) return total;
  const prompt = numberOf(record.prompt_tokens ?? record.input_tokens);
  const completion = numberOf(record.completion_tokens ?? record.output_tokens);
  if (Number.isNaN(prompt) && Number.isNaN(completion)) return Number.NaN;
  return (Number.isNaN(prompt) ? 0 : prompt) + (Number.isNaN(completion) ? 0 : completion);
}

function tokensInText(text: string): number {
  const field = (name: string) => {
    const match = new RegExp(`\\b${name}\\s*[=:]\\s*(\\d+)`).exec(text);
    return match ? Number(match[1]) : Number.NaN;
  };
  const total = field('total_tokens');
  if (!Number.isNaN(total)) return total;
  const prompt = field('prompt_tokens');
  const completion = field('completion_tokens');
  if (Number.isNaN(prompt) && Number.isNaN(completion)) return Number.NaN;
  return (Number.isNaN(prompt) ? 0 : prompt) + (Number.isNaN(completion) ? 0 : completion);
}

/** A finite number from a number or numeric text; NaN otherwise. */
export function numberOf(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : Number.NaN;
  }
  return Number.NaN;
}

function firstNonSpace(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== ' ' && char !== '\n' && char !== '\t' && char !== '\r') return char;
  }
  return undefined;
}
