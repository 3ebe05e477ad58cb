import { TemplateError } from '../errors';
import { VARIABLE_NAME } from './names';
import { renderTemplate } from './render';
import type { TemplateScope } from './scope';
import { isPlainObject } from './value-semantics';

/**
 * Renders every string in plain objects and arrays, returning new ones; keys and every other value
 * (numbers, class instances, the values templates give) stay as they are. An error names the field.
 */
export function renderDeep<T>(value: T, scope: TemplateScope): unknown {
  return renderAt(value, scope, []);
}

/** `fieldPath` holds the keys and indexes down to `value`; it becomes text only for an error. */
function renderAt(value: unknown, scope: TemplateScope, fieldPath: (string | number)[]): unknown {
  if (typeof value === 'string') {
    try {
      return renderTemplate(value, scope);
    } catch (error) {
      if (!(error instanceof TemplateError) || fieldPath.length === 0) throw error;
      const field = fieldPathText(fieldPath);
      throw new TemplateError(`at field ${field}: ${error.message}`, error.template, error.missingName);
    }
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => renderChild(item, index, scope, fieldPath));
  }
  if (isPlainObject(value)) {
    // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary key.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderChild(item, key, scope, fieldPath)]),
    );
  }
  return value;
}

function renderChild(
  value: unknown,
  key: string | number,
  scope: TemplateScope,
  fieldPath: (string | number)[],
): unknown {
  fieldPath.push(key);
  try {
    return renderAt(value, scope, fieldPath);
  } finally {
    fieldPath.pop();
  }
}

function fieldPathText(fieldPath: readonly (string | number)[]): string {
  let text = '';
  for (const key of fieldPath) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (VARIABLE_NAME.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}
