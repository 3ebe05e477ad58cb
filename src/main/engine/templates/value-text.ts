import { TemplateError } from '../errors';
import { quoteTemplate } from './template-quote';
import { kindOf } from './value-semantics';

/**
 * The text a value takes inside a larger string: strings as they are, numbers and booleans as
 * written, null as "null", arrays and objects as compact JSON. undefined (a missing key or an
 * index out of range) has no text and fails, as does anything JSON cannot write.
 */
export function valueAsText(value: unknown, template: string): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      throw new TemplateError(
        `${quoteTemplate(template)} gives undefined (a missing key or an index out of range), which cannot be placed in text`,
        template,
      );
    case 'object':
      return value === null ? 'null' : jsonText(value, template);
    default:
      throw cannotWrite(template, `it gives ${kindOf(value)}`);
  }
}

function jsonText(value: object, template: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw cannotWrite(template, error instanceof Error ? error.message : String(error));
  }
  if (json === undefined) throw cannotWrite(template, `JSON cannot write ${kindOf(value)} of this kind`);
  return json;
}

function cannotWrite(template: string, reason: string): TemplateError {
  return new TemplateError(`${quoteTemplate(template)} cannot be placed in text: ${reason}`, template);
}
