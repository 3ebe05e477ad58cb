import type { PlaceholderValues } from './settings';

/**
 * Replaces `{name}` with the value of `name` when `values` has it. Everything else stays as it is:
 * placeholders with no value, braces around anything that is not a plain name (JSON, code), and
 * doubled braces `{{name}}`, which are left untouched so a prompt can show such text literally.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues | undefined): string {
  if (!values) return text;
  return text.replace(/(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}
